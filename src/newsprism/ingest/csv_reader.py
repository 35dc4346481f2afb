"""CSV (and TSV) files: a header row naming the fields, then one article a row.

Rows are read with the stdlib csv module in strict mode, so a broken row (a stray quote,
an unterminated field) is reported as `file:line` and the rows after it are still read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from newsprism.config import Config
from newsprism.ingest.build import Item
from newsprism.ingest.decode import BinaryInput, decode_text
from newsprism.ingest.records import read_record
from newsprism.model import Skipped, Source, Warning_

# Semicolons are what spreadsheet programs write in locales with a decimal comma.
_OTHER_DELIMITERS = (";", "\t", "|")


def _allow_long_fields(config: Config) -> None:
    # The csv module refuses fields over 128 KiB by default; an article may be longer.
    # The limit is process-wide, so it is only ever raised, never lowered.
    if csv.field_size_limit() < config.max_file_bytes:
        csv.field_size_limit(config.max_file_bytes)


def _header_names(first_line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([first_line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _choose_delimiter(text: str, default: str) -> str:
    """The default delimiter, unless only another one gives a header with a `text` column."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]

    def has_text_column(delimiter: str) -> bool:
        return any(name.strip().lower() == "text" for name in _header_names(first_line, delimiter))

    if has_text_column(default):
        return default
    return next((d for d in _OTHER_DELIMITERS if d != default and has_text_column(d)), default)


def _rows(text: str, path: str, delimiter: str) -> Iterator[tuple[int, list[str]] | Skipped]:
    """(first physical line of the row, fields) for each non-blank row, or a Skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last_line = 0
    while True:
        start = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield Skipped(
                Source(path, start), f"row is not valid CSV ({err}): fix the quoting of this row"
            )
            if reader.line_num <= last_line:
                return  # the reader cannot move past this point
            last_line = reader.line_num
            continue
        last_line = reader.line_num
        if row and any(cell.strip() for cell in row):
            yield start, row


def read_csv(data: bytes, path: str, config: Config, delimiter: str = ",") -> Iterator[Item]:
    source = Source(path)
    try:
        decoded = decode_text(data)
    except BinaryInput as err:
        yield Skipped(source, f"{err}; expected a UTF-8 CSV file")
        return
    if decoded.warning:
        yield Warning_(source, decoded.warning)
    _allow_long_fields(config)
    delimiter = _choose_delimiter(decoded.text, delimiter)

    header: list[str] | None = None
    for item in _rows(decoded.text, path, delimiter):
        if isinstance(item, Skipped):
            yield item
            continue
        line, row = item
        if header is None:
            header = [name.strip() for name in row]
            if not any(name.lower() == "text" for name in header):
                names = ", ".join(name for name in header if name) or "none"
                yield Skipped(
                    Source(path, line),
                    f"CSV header has no 'text' column (columns: {names}): "
                    "the first row must name the "
                    "columns, one of them 'text'",
                )
                return
            continue
        if len(row) > len(header):
            yield Skipped(
                Source(path, line),
                f"row has {len(row)} fields but the header names {len(header)}: "
                f"quote fields that contain '{delimiter}'",
            )
            continue
        record = {name: value for name, value in zip(header, row, strict=False) if name}
        # Empty cells are absent values, not empty strings.
        record = {
            name: value for name, value in record.items() if value.strip() or name.lower() == "text"
        }
        yield from read_record(record, Source(path, line), config)
    if header is None:
        yield Skipped(source, "CSV file has no rows: expected a header row and one row per article")


def read_tsv(data: bytes, path: str, config: Config) -> Iterator[Item]:
    yield from read_csv(data, path, config, delimiter="\t")
