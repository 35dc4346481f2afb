"""`newsprism export`: the corpus as open tables, and an exported Parquet dataset read back."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.config import Config
from newsprism.errors import NewsprismError
from newsprism.export import export_store
from newsprism.export_tables import SCHEMAS, TABLES
from newsprism.ingest import ingest_paths
from newsprism.store import open_store

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir, ecbplus_records) -> Path:
    """A store with the seeds and six articles of one ECB+ dev topic."""
    dev = [r for r in ecbplus_records if r["split"] == "dev"]
    topic = sorted({r["topic"] for r in dev})[0]
    folder = tmp_path_factory.mktemp("export-corpus")
    feed = folder / "feed.jsonl"
    chosen = [r for r in dev if r["topic"] == topic][:6]
    feed.write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
    db = folder / "corpus.duckdb"
    from newsprism.engines.local import ingest_paths_into_store

    ingest_paths_into_store([str(seeds_dir), str(feed)], db, Config(quiet=True))
    return db


@pytest.fixture(scope="module")
def exported(corpus, tmp_path_factory) -> dict[str, tuple[Path, dict[str, int]]]:
    root = tmp_path_factory.mktemp("exports")
    return {fmt: (root / fmt, export_store(corpus, root / fmt, fmt)) for fmt in ("parquet", "jsonl")}


def _parquet(folder: Path, table: str) -> str:
    return str(folder / table / "*.parquet")


def test_every_table_reads_the_same_in_duckdb_pandas_and_polars(exported):
    polars = pytest.importorskip("polars")
    folder, counts = exported["parquet"]
    assert list(counts) == list(TABLES)
    for table in TABLES:
        in_duckdb = duckdb.sql(f"SELECT count(*) FROM read_parquet('{_parquet(folder, table)}')").fetchall()[0][0]
        in_pandas = pd.read_parquet(folder / table)
        in_polars = polars.read_parquet(_parquet(folder, table))
        assert in_duckdb == len(in_pandas) == in_polars.height == counts[table], table
        assert list(in_pandas.columns) == SCHEMAS[table].names
    assert counts["articles"] == 8 and counts["stories"] >= 1
    assert counts["attributions"] > 0 and counts["claims"] > 0 and counts["claim_groups"] > 0


def test_export_command_writes_every_table_and_refuses_a_folder_in_use(corpus, tmp_path):
    out = tmp_path / "tables"
    result = runner.invoke(app, ["export", str(out), "--format", "jsonl", "--db", str(corpus)])
    assert result.exit_code == 0, result.output
    for table in TABLES:
        assert list((out / table).glob("*.jsonl")), table
    assert "8 articles" in result.output
    again = runner.invoke(app, ["export", str(out), "--db", str(corpus)])
    assert again.exit_code != 0
    assert isinstance(again.exception, NewsprismError) and "not an empty folder" in str(again.exception)
    assert list((out / "articles").glob("*.jsonl"))  # the earlier export is untouched


def test_exported_articles_match_the_store_with_their_stories(corpus, exported):
    folder, _ = exported["parquet"]
    rows = pq.read_table(folder / "articles").to_pylist()
    with open_store(corpus, read_only=True) as store:
        stored = store.articles()
        story_of = {a: s for s, ids in store.story_members().items() for a in ids}
    assert [r["id"] for r in rows] == [a.id for a in stored]
    for row, article in zip(rows, stored):
        assert row["text"] == article.text and row["outlet"] == article.outlet
        assert dict(row["metadata"]) == article.metadata
        assert row["story_id"] == story_of[article.id]
        assert row["analyzed"] is True


def test_every_exported_offset_points_at_the_text_it_names(exported):
    folder, _ = exported["parquet"]
    text = {r["id"]: r["text"] for r in pq.read_table(folder / "articles").to_pylist()}
    for row in pq.read_table(folder / "attributions").to_pylist():
        assert text[row["article_id"]][row["content_start"] : row["content_end"]] == row["content_text"]
        if row["source_start"] is not None:
            assert text[row["article_id"]][row["source_start"] : row["source_end"]] == row["source_text"]
    claims = pq.read_table(folder / "claims").to_pylist()
    for row in claims:
        assert text[row["article_id"]][row["start"] : row["end"]] == row["text"]
    groups = pq.read_table(folder / "claim_groups").to_pylist()
    per_group = {}
    for row in claims:
        per_group[(row["story_id"], row["group_id"])] = per_group.get((row["story_id"], row["group_id"]), 0) + 1
    assert per_group == {(g["story_id"], g["group_id"]): g["claim_count"] for g in groups}
    stories = pq.read_table(folder / "stories").to_pylist()
    assert sorted(i for s in stories for i in s["article_ids"]) == sorted(text)


def test_jsonl_export_holds_the_same_rows_as_parquet(exported):
    parquet_folder, parquet_counts = exported["parquet"]
    jsonl_folder, jsonl_counts = exported["jsonl"]
    assert jsonl_counts == parquet_counts
    for table in ("articles", "claims", "stories"):
        from_jsonl = [json.loads(line) for part in sorted((jsonl_folder / table).glob("*.jsonl"))
                      for line in part.read_text(encoding="utf-8").splitlines()]
        from_parquet = pq.read_table(parquet_folder / table).to_pylist()
        if table == "articles":  # a Parquet map reads back as (key, value) pairs
            for row in from_parquet:
                row["metadata"] = dict(row["metadata"])
        assert from_jsonl == from_parquet, table


def test_an_exported_dataset_ingests_back_with_identical_ids(corpus, exported, tmp_path):
    folder, _ = exported["parquet"]
    db = tmp_path / "again.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open_store(corpus, read_only=True) as store:
        before = {a.id: a for a in store.articles()}
    with open_store(db, read_only=True) as store:
        after = {a.id: a for a in store.articles()}
    assert sorted(after) == sorted(before)
    for article_id, article in before.items():
        again = after[article_id]
        assert (again.text, again.title, again.outlet, again.published, again.language, again.external_id,
                again.metadata, again.extra) == (article.text, article.title, article.outlet, article.published,
                                                  article.language, article.external_id, article.metadata, article.extra)
        assert again.also_seen_at[0] == article.source  # where it was first read is kept


def test_any_parquet_file_with_a_text_column_is_read_like_json_records(tmp_path):
    table = pa.table({
        "id": ["a-1", "a-2"],
        "title": ["Bridge closed", None],
        "published": pa.array([pd.Timestamp("2024-03-01T09:30:00Z"), None], type=pa.timestamp("s", tz="UTC")),
        "text": ["The council said the bridge would close on Monday.", "Officials said the road reopened."],
        "section": ["local", "local"],
    })
    path = tmp_path / "feed.parquet"
    pq.write_table(table, path)
    result = ingest_paths([str(path)], Config(quiet=True))
    first, second = result.articles
    assert (first.external_id, first.title, first.published[:10], first.extra) == ("a-1", "Bridge closed", "2024-03-01", {"section": "local"})
    assert first.source.line == 1 and second.source.line == 2 and second.published is None


def test_a_parquet_file_without_text_or_a_broken_one_is_skipped_with_a_reason(tmp_path):
    no_text = tmp_path / "no_text.parquet"
    pq.write_table(pa.table({"body": ["words"]}), no_text)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    result = ingest_paths([str(no_text), str(broken)], Config(quiet=True))
    reasons = {s.source.path: s.reason for s in result.skipped}
    assert "no 'text' column (columns: body)" in reasons[str(no_text)]
    assert "not a readable Parquet file" in reasons[str(broken)]
    assert not result.articles


def test_export_refuses_to_overwrite_a_folder_that_is_not_empty(corpus, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(NewsprismError, match="not an empty folder"):
        export_store(corpus, target, "parquet")
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not list(tmp_path.glob(".taken.partial-*"))
