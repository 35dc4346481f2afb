"""JSON Lines (one object a line) and JSON (an array of objects, or one object)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsprism.config import Config
from newsprism.ingest.build import Item
from newsprism.ingest.decode import BinaryInput, decode_text
from newsprism.ingest.records import read_record, type_name
from newsprism.model import Skipped, Source, Warning_


def _decode(data: bytes, source: Source, what: str) -> Iterator[Item | str]:
    """Yield a Skipped or warnings, then the decoded text last."""
    try:
        decoded = decode_text(data)
    except BinaryInput as err:
        yield Skipped(source, f"{err}; expected a UTF-8 {what} file")
        return
    if decoded.warning:
        yield Warning_(source, decoded.warning)
    yield decoded.text


def _loads(line: str) -> Any:
    # Python's json accepts NaN/Infinity, which are not JSON; refusing them keeps
    # `extra` serialisable for the store and the renderers.
    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not valid JSON")

    return json.loads(line, parse_constant=refuse)


def _jsonl_records(text: str, path: str, config: Config) -> Iterator[Item]:
    # Split on "\n" only: str.splitlines() would also split on U+2028 and other separators
    # that JSON allows unescaped inside strings, and would shift the line numbers.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        source = Source(path, number)
        try:
            record = _loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(
                source,
                f"line is not valid JSON ({err.msg} at column {err.colno}): fix or remove the line",
            )
            continue
        except (ValueError, RecursionError) as err:
            yield Skipped(source, f"line is not valid JSON ({err}): fix or remove the line")
            continue
        if not isinstance(record, dict):
            yield Skipped(
                source,
                f"line holds {type_name(record)}, not a JSON object: each line must be one object",
            )
            continue
        yield from read_record(record, source, config)


def read_jsonl(data: bytes, path: str, config: Config) -> Iterator[Item]:
    for item in _decode(data, Source(path), "JSON Lines"):
        if isinstance(item, str):
            yield from _jsonl_records(item, path, config)
        else:
            yield item


def _looks_like_json_lines(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0].strip()
    try:
        return isinstance(_loads(first), dict) and text.strip() != first
    except (ValueError, RecursionError):
        return False


def _json_document(text: str, path: str, config: Config) -> Iterator[Item]:
    source = Source(path)
    if not text.strip():
        yield Skipped(source, "file has only whitespace: nothing to read")
        return
    try:
        document = _loads(text)
    except (ValueError, RecursionError) as err:
        if _looks_like_json_lines(text):
            yield Warning_(
                source, "holds one JSON object per line; read it as JSON Lines (name it .jsonl)"
            )
            yield from _jsonl_records(text, path, config)
            return
        where = (
            f" at line {err.lineno}, column {err.colno}"
            if isinstance(err, json.JSONDecodeError)
            else ""
        )
        message = err.msg if isinstance(err, json.JSONDecodeError) else str(err)
        yield Skipped(source, f"not valid JSON ({message}{where}): fix the file or export it again")
        return
    if isinstance(document, dict):
        yield from read_record(document, source, config)
        return
    if not isinstance(document, list):
        yield Skipped(
            source, f"JSON holds {type_name(document)}: expected an object or an array of objects"
        )
        return
    if not document:
        yield Skipped(source, "JSON array is empty: no articles to read")
        return
    for index, record in enumerate(document, start=1):
        record_source = Source(path, index)
        if not isinstance(record, dict):
            yield Skipped(
                record_source,
                f"record {index} is {type_name(record)}, not an object: "
                "each record must be an object",
            )
            continue
        yield from read_record(record, record_source, config)


def read_json(data: bytes, path: str, config: Config) -> Iterator[Item]:
    for item in _decode(data, Source(path), "JSON"):
        if isinstance(item, str):
            yield from _json_document(item, path, config)
        else:
            yield item


def read_json_objects(data: bytes, path: str, config: Config) -> Iterator[Item]:
    """Unnamed input that starts with '{': JSON Lines, or one (possibly pretty-printed) object."""
    for item in _decode(data, Source(path), "JSON"):
        if not isinstance(item, str):
            yield item
            continue
        try:
            document = _loads(item)
        except (ValueError, RecursionError):
            yield from _jsonl_records(item, path, config)
            continue
        if isinstance(document, dict):
            yield from read_record(document, Source(path), config)
        else:
            yield from _jsonl_records(item, path, config)
