"""Which reader handles which input: by file extension, or by content for stdin."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from newsprism.config import Config
from newsprism.ingest.build import Item
from newsprism.ingest.csv_reader import read_csv, read_tsv
from newsprism.ingest.decode import bom_encoding
from newsprism.ingest.html import read_html
from newsprism.ingest.jsonl import read_json, read_json_objects, read_jsonl
from newsprism.ingest.parquet import PARQUET_MAGIC, read_parquet
from newsprism.ingest.text import read_text
from newsprism.ingest.warc import GZIP_MAGIC, WARC_MAGIC, read_warc

Reader = Callable[[bytes, str, Config], Iterator[Item]]

# Longest suffix first, so ".warc.gz" is seen before any shorter one.
READERS: tuple[tuple[str, Reader], ...] = (
    (".warc.gz", read_warc),
    (".warc", read_warc),
    (".txt", read_text),
    (".text", read_text),
    (".html", read_html),
    (".htm", read_html),
    (".xhtml", read_html),
    (".jsonl", read_jsonl),
    (".ndjson", read_jsonl),
    (".json", read_json),
    (".csv", read_csv),
    (".tsv", read_tsv),
    (".parquet", read_parquet),
)
SUPPORTED = ", ".join(suffix for suffix, _ in READERS)


def reader_for_name(name: str) -> Reader | None:
    lower = name.lower()
    return next((reader for suffix, reader in READERS if lower.endswith(suffix)), None)


def sniff_reader(data: bytes) -> Reader:
    """Guess the format of unnamed input (stdin) from its first bytes."""
    if data.startswith(WARC_MAGIC) or data.startswith(GZIP_MAGIC):
        return read_warc
    if data.startswith(PARQUET_MAGIC):
        return read_parquet
    head = data[:64]
    encoding = bom_encoding(head)
    if encoding:
        try:
            head = data[:256].decode(encoding, errors="ignore").encode("utf-8")
        except LookupError:  # pragma: no cover - every BOM maps to a known codec
            pass
    start = head.lstrip()[:1]
    if start == b"{":
        return read_json_objects
    if start == b"[":
        return read_json
    if start == b"<":
        return read_html
    return read_text
