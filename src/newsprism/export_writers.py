"""Writing one exported table as numbered part files: `<table>/part-00000.parquet` (or
`.jsonl`), the folder-of-parts layout Spark, DuckDB, pandas (pyarrow) and polars all read
as one table.

Rows are written as they come, a row group at a time, so an export never holds a whole table
in memory. A part is closed when it reaches `MAX_PART_ROWS` rows or `MAX_PART_BYTES` of
string data, which keeps each part file well under newsprism's default 20 MB input limit:
an exported dataset can be ingested again, part by part, in parallel on a cluster.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsprism.export_tables import EXPORT_SCHEMA

ROW_GROUP_ROWS = 2_000
MAX_PART_ROWS = 50_000
# Uncompressed string bytes per part; Snappy brings news text to about a third of this.
MAX_PART_BYTES = 24 * 1024 * 1024
FORMATS = ("parquet", "jsonl")


def _row_bytes(row: dict[str, Any]) -> int:
    return sum(len(v) for v in row.values() if isinstance(v, str))


class TableWriter:
    """Streams rows of one table into part files under `folder`."""

    def __init__(self, folder: Path, table: str, schema: pa.Schema, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}: use parquet or jsonl")
        self.folder = folder / table
        self.folder.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self.schema = schema.with_metadata({"newsprism.schema": EXPORT_SCHEMA, "newsprism.table": table})
        self.rows_written = 0
        self._pending: list[dict[str, Any]] = []
        self._part = -1
        self._part_rows = 0
        self._part_bytes = 0
        self._handle: Any = None

    def write(self, row: dict[str, Any]) -> None:
        if self._handle is None or self._part_rows >= MAX_PART_ROWS or self._part_bytes >= MAX_PART_BYTES:
            self._flush()
            self._open_next_part()
        self._pending.append(row)
        self._part_rows += 1
        self._part_bytes += _row_bytes(row)
        self.rows_written += 1
        if len(self._pending) >= ROW_GROUP_ROWS:
            self._flush()

    def close(self) -> int:
        if self._handle is None:  # an empty table still gets one (empty) part with its schema
            self._open_next_part()
        self._flush()
        self._handle.close()
        self._handle = None
        return self.rows_written

    def _open_next_part(self) -> None:
        if self._handle is not None:
            self._handle.close()
        self._part += 1
        self._part_rows = 0
        self._part_bytes = 0
        path = self.folder / f"part-{self._part:05d}.{self.fmt}"
        if self.fmt == "parquet":
            self._handle = pq.ParquetWriter(str(path), self.schema, compression="snappy")
        else:
            self._handle = path.open("w", encoding="utf-8")

    def _flush(self) -> None:
        if not self._pending or self._handle is None:
            return
        if self.fmt == "parquet":
            self._handle.write_table(pa.Table.from_pylist(self._pending, schema=self.schema))
        else:
            for row in self._pending:
                self._handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._pending = []
