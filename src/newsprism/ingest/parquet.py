"""Parquet: a newsprism export's `articles` table read back exactly, or any Parquet file
with a `text` column read like JSON records.

A part of an exported `articles` table (it carries `newsprism.table = articles` in its
metadata) becomes the very Article that was exported: same text, hence the same id, and the
same outlet, title, url, date, language, external id, metadata and extra — nothing is
re-derived, since the text was already cleaned when first ingested. The place it was first
read is kept in `also_seen_at`. The other tables of an export hold no articles; they are
passed over with a warning, so `newsprism ingest EXPORT_DIR` reads just the articles.

Any other Parquet file is read a row at a time with the record rules of JSON Lines
(`text` required; `id`, `title`, `url`, `outlet`, `published`/`date`, `language` optional).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

from newsprism.config import Config
from newsprism.ingest.build import Item
from newsprism.ingest.records import read_record
from newsprism.model import Article, Skipped, Source, Warning_, article_id

PARQUET_MAGIC = b"PAR1"
ROWS_PER_READ = 1_000


def read_parquet(data: bytes, path: str, config: Config) -> Iterator[Item]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = Source(path)
    try:
        parquet = pq.ParquetFile(io.BytesIO(data))
        schema = parquet.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as err:
        yield Skipped(source, f"not a readable Parquet file ({str(err).splitlines()[0]}): export it again")
        return
    metadata = {k.decode(): v.decode() for k, v in (schema.metadata or {}).items() if k.startswith(b"newsprism.")}
    table = metadata.get("newsprism.table")
    if table is not None and table != "articles":
        yield Warning_(source, f"newsprism export table {table!r} holds no articles; passed over (its articles/ table is read)")
        return
    if "text" not in schema.names:
        columns = ", ".join(schema.names) or "none"
        yield Skipped(source, f"Parquet file has no 'text' column (columns: {columns}): put the article text in 'text'")
        return
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=ROWS_PER_READ):
            for row in batch.to_pylist():
                number += 1
                row_source = Source(path, number)
                if table == "articles":
                    yield from _exported_article(row, row_source)
                else:
                    yield from read_record({k: _plain(v) for k, v in row.items()}, row_source, config)
    except (pa.ArrowException, OSError, ValueError) as err:
        yield Skipped(Source(path, number + 1), f"Parquet data could not be decoded ({str(err).splitlines()[0]}): export it again")


def _plain(value: Any) -> Any:
    """Dates and times as ISO 8601 text, as a JSON record would carry them."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _exported_article(row: dict[str, Any], source: Source) -> Iterator[Item]:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        yield Skipped(source, "exported article has no text: nothing to analyse")
        return
    ident = article_id(text)
    if row.get("id") and row["id"] != ident:
        yield Warning_(source, f"id {row['id']} does not match the text (edited after export?); the text's id {ident} is used")
    first_read = Source(row["source_path"], row.get("source_line")) if row.get("source_path") else None
    earlier = tuple(Source(s["path"], s.get("line")) for s in row.get("also_seen_at") or ())
    try:
        extra = json.loads(row.get("extra") or "{}")
    except json.JSONDecodeError:
        yield Warning_(source, "column 'extra' is not valid JSON; left empty")
        extra = {}
    yield Article(
        id=ident,
        text=text,
        source=source,
        outlet=row.get("outlet"),
        url=row.get("url"),
        title=row.get("title"),
        published=row.get("published"),
        language=row.get("language"),
        external_id=row.get("external_id"),
        metadata=dict(row.get("metadata") or {}),
        extra=extra if isinstance(extra, dict) else {},
        also_seen_at=((first_read,) if first_read else ()) + earlier,
    )
