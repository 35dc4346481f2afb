"""Ingestion: files, folders and stdin -> Articles, with a clear reason for whatever is skipped.

Formats (docs/input-formats.md): plain text, HTML, JSON Lines, JSON, CSV/TSV and WARC. Bad
input never raises out of `iter_records`: it becomes a `Skipped` with a one-line reason, and
the other inputs are still read.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from newsprism.config import Config
from newsprism.ingest.build import Item
from newsprism.ingest.files import STDIN, Input, find_files, read_file, read_stdin
from newsprism.ingest.formats import SUPPORTED, reader_for_name, sniff_reader
from newsprism.model import Article, IngestResult, Skipped, Source, Warning_

__all__ = ["SUPPORTED", "ingest_paths", "iter_records", "read_bytes"]


def read_bytes(data: bytes, path: str, config: Config) -> Iterator[Item]:
    """Articles in one file's bytes; the format comes from the extension of `path` ('-' means
    unnamed input, whose format is guessed from its first bytes)."""
    source = Source(path)
    reader = sniff_reader(data) if path == STDIN else reader_for_name(path)
    if reader is None:
        name = os.path.basename(path)
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else "none"
        yield Skipped(
            source, f"unknown file type (extension {suffix}): newsprism reads {SUPPORTED}"
        )
        return
    if len(data) > config.max_file_bytes:
        yield Skipped(
            source,
            f"input is {len(data):,} bytes, over the {config.max_file_bytes:,}-byte limit "
            "(max_file_bytes)",
        )
        return
    if not data.strip():
        yield Skipped(
            source,
            "file is empty (0 bytes): nothing to read"
            if not data
            else "file has only whitespace: nothing to read",
        )
        return
    try:
        yield from reader(data, path, config)
    except Exception as err:  # noqa: BLE001 - one bad file must not stop the others
        # Reaching this is a bug in newsprism, not in the input; say so plainly.
        yield Skipped(
            source,
            f"internal error while reading ({type(err).__name__}: {err}); please report this file",
        )


def iter_records(
    paths: Sequence[str], config: Config, stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """Stream Articles, Skipped inputs and Warnings from files, folders and '-' (stdin)."""
    for found in find_files(tuple(paths)):
        if isinstance(found, Skipped):
            yield found
            continue
        loaded: Input | Skipped = (
            read_stdin(stdin, config) if found == STDIN else read_file(found, config)
        )
        if isinstance(loaded, Skipped):
            yield loaded
            continue
        yield from read_bytes(loaded.data, loaded.path, config)


def ingest_paths(
    paths: Sequence[str], config: Config, stdin: BinaryIO | None = None
) -> IngestResult:
    """All of `iter_records`, with exact duplicates (same id) kept once: the first occurrence
    stays and the later places it was seen are added to its `also_seen_at`."""
    articles: dict[str, Article] = {}
    skipped: list[Skipped] = []
    warnings: list[Warning_] = []
    for item in iter_records(paths, config, stdin):
        if isinstance(item, Article):
            first = articles.get(item.id)
            if first is None:
                articles[item.id] = item
            else:
                seen = first.also_seen_at + (item.source,) + item.also_seen_at
                articles[item.id] = dataclasses.replace(first, also_seen_at=seen)
        elif isinstance(item, Skipped):
            skipped.append(item)
        else:
            warnings.append(item)
    return IngestResult(tuple(articles.values()), tuple(skipped), tuple(warnings))
