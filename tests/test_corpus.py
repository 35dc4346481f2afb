"""The corpus as a user builds it with `newsprism ingest` and reads it with `newsprism stories`."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.config import Config
from newsprism.ingest import ingest_paths
from newsprism.corpus import decode_index
from newsprism.store import open_store
from newsprism.stories import StoryConfig


runner = CliRunner()


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def two_topics(ecbplus_records) -> list[dict]:
    """All articles of two ECB+ dev topics (four gold events)."""
    dev = [r for r in ecbplus_records if r["split"] == "dev"]
    topics = sorted({r["topic"] for r in dev})[:2]
    return [r for r in dev if r["topic"] in topics]


def test_reingesting_the_same_files_adds_nothing(tmp_path, seeds_dir, two_topics):
    db = tmp_path / "news.duckdb"
    feed = write_jsonl(tmp_path / "feed.jsonl", two_topics)
    first = runner.invoke(app, ["ingest", str(seeds_dir), str(feed), "--db", str(db), "--quiet"])
    assert first.exit_code == 0, first.output
    with open_store(db, read_only=True) as store:
        count = store.count_articles()
        members = store.story_members()
    assert count == len(two_topics) + 2
    again = runner.invoke(app, ["ingest", str(seeds_dir), str(feed), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "0 new article(s)" in again.output
    with open_store(db, read_only=True) as store:
        assert store.count_articles() == count
        assert store.story_members() == members


def test_a_new_file_adds_only_its_new_articles(tmp_path, two_topics):
    db = tmp_path / "news.duckdb"
    half = len(two_topics) // 2
    runner.invoke(app, ["ingest", str(write_jsonl(tmp_path / "a.jsonl", two_topics[:half])), "--db", str(db), "-q"])
    result = runner.invoke(app, ["ingest", str(write_jsonl(tmp_path / "b.jsonl", two_topics)), "--db", str(db)])
    assert result.exit_code == 0
    assert f"{len(two_topics) - half} new article(s), {half} already stored" in result.output


def test_stories_json_lists_every_article_once_with_its_external_id(tmp_path, two_topics):
    db = tmp_path / "news.duckdb"
    feed = write_jsonl(tmp_path / "feed.jsonl", two_topics)
    runner.invoke(app, ["ingest", str(feed), "--db", str(db), "-q"])
    out = tmp_path / "stories.json"
    result = runner.invoke(app, ["stories", "--db", str(db), "--json", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["schema"] == "newsprism/stories@1"
    seen = [a["external_id"] for s in document["stories"] for a in s["articles"]]
    assert sorted(seen) == sorted(r["id"] for r in two_topics)
    with open_store(db, read_only=True) as store:
        index = decode_index(store.story_index(), StoryConfig())
    # Stories the index merged away must not linger in the store.
    assert {s["id"] for s in document["stories"]} == set(index.story_ids)
    for story in document["stories"]:
        ids = {a["id"] for a in story["articles"]}
        for group in story["copies"]:
            assert group["original"] in group["members"] and set(group["members"]) <= ids


def test_the_database_path_can_come_from_the_environment(tmp_path, monkeypatch):
    db = tmp_path / "env.duckdb"
    article = tmp_path / "a.txt"
    article.write_text("The council said the bridge would reopen on Monday.", encoding="utf-8")
    monkeypatch.setenv("NEWSPRISM_DB", str(db))
    assert runner.invoke(app, ["ingest", str(article), "-q"]).exit_code == 0
    with open_store(db, read_only=True) as store:
        assert store.count_articles() == 1


def test_a_corrupt_store_is_reported_in_one_line_and_not_overwritten(tmp_path):
    db = tmp_path / "bad.duckdb"
    db.write_bytes(b"\x00garbage" * 100)
    article = tmp_path / "a.txt"
    article.write_text("Officials said the road was closed.", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "newsprism.cli", "ingest", str(article), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "not a newsprism store" in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == b"\x00garbage" * 100


def test_killing_an_ingest_midway_keeps_every_committed_article_whole(tmp_path, ecbplus_records):
    """A real subprocess is killed with SIGKILL after its first committed batch; the store
    opens cleanly, every stored article has its story, and a rerun completes the corpus."""
    records = ecbplus_records  # ~22 batches of 32: the cheap tier commits one every ~1 s
    feed = write_jsonl(tmp_path / "part.jsonl", records)
    db = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "newsprism.cli", "ingest", str(feed), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(cmd + ["--batch-size", "32"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        committed = 0
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            committed = _committed_articles(db)
            if committed >= 32:
                break
        assert proc.poll() is None, "ingest finished before it could be killed; use a larger corpus"
        assert committed >= 32
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with open_store(db, read_only=True) as store:
        stored = store.count_articles()
        orphans = store.con.execute(
            "SELECT count(*) FROM articles a LEFT JOIN story_members m ON m.article_id = a.id WHERE m.story_id IS NULL"
        ).fetchone()[0]
    assert 32 <= stored < len(records)
    assert stored % 32 == 0  # only whole batches
    assert orphans == 0
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    expected = {a.id for a in ingest_paths([str(feed)], Config(quiet=True)).articles}
    with open_store(db, read_only=True) as store:
        stored_ids = [r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()]
        stored_stories = {a: s for s, ids in store.story_members().items() for a in ids}
    assert sorted(stored_ids) == sorted(expected)
    # The killed run never checkpointed its story index; the rerun rebuilt it from the
    # logged batches, so the stories are those of one uninterrupted pass.
    from newsprism.corpus import StoryService
    from newsprism.stories.cluster import StoryIndex

    articles = ingest_paths([str(feed)], Config(quiet=True)).articles
    features = StoryService(Config(quiet=True)).features(articles)
    one_pass = StoryIndex(StoryConfig()).assign([features[a.id] for a in articles])
    assert stored_stories == {a.id: s for a, s in zip(articles, one_pass)}


def _committed_articles(db: Path) -> int:
    """Count committed rows from outside, as a second process would (read-only, no waiting)."""
    if not db.exists():
        return 0
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return 0  # the writer holds the lock right now
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except duckdb.Error:
        return 0
    finally:
        con.close()


def test_a_stored_story_compares_like_its_files_and_embeds_each_sentence_once(tmp_path, seeds_dir):
    db = tmp_path / "seeds.duckdb"
    assert runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db), "-q"]).exit_code == 0
    listed = runner.invoke(app, ["stories", "--db", str(db), "--json", "-"])
    (story,) = json.loads(listed.stdout)["stories"]  # the two reports of one call: one story
    from_files = json.loads(runner.invoke(app, ["compare", str(seeds_dir), "--json", "-", "-q"]).stdout)
    first = runner.invoke(app, ["compare", "--story", story["id"], "--db", str(db), "--json", "-", "-q"])
    assert first.exit_code == 0, first.output
    from_store = json.loads(first.stdout)
    assert from_store["schema"] == "newsprism/comparison@1"

    def facts(document):
        return sorted(sorted(c["text"] for c in g["claims"]) for g in document["groups"])

    assert facts(from_store) == facts(from_files)
    with open_store(db, read_only=True) as store:
        vectors = store.con.execute("SELECT count(*) FROM text_vectors").fetchone()[0]
    again = runner.invoke(app, ["compare", "--story", story["id"], "--db", str(db), "--json", "-", "-q"])
    assert json.loads(again.stdout) == from_store
    with open_store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM text_vectors").fetchone()[0] == vectors > 0
    unknown = runner.invoke(app, ["compare", "--story", "s-nope", "--db", str(db)])
    assert unknown.exit_code != 0 and "no story" in str(unknown.exception)


def test_stories_in_the_store_are_the_same_however_the_ingest_was_batched(tmp_path, ecbplus_records):
    """Re-clustering may move earlier articles between stories; the store must follow every
    move, so small batches end exactly where one pass over the same articles ends."""
    from newsprism.corpus import StoryService
    from newsprism.stories.cluster import StoryIndex

    dev = [r for r in ecbplus_records if r["split"] == "dev"]
    feed = write_jsonl(tmp_path / "dev.jsonl", dev)
    db = tmp_path / "batched.duckdb"
    result = runner.invoke(app, ["ingest", str(feed), "--db", str(db), "--batch-size", "16", "-q"])
    assert result.exit_code == 0, result.output
    articles = ingest_paths([str(feed)], Config(quiet=True)).articles
    features = StoryService(Config(quiet=True)).features(articles)
    one_pass = StoryIndex(StoryConfig()).assign([features[a.id] for a in articles])
    with open_store(db, read_only=True) as store:
        stored = {a: s for s, ids in store.story_members().items() for a in ids}
        groups = store.copy_groups()
    assert stored == {a.id: s for a, s in zip(articles, one_pass)}
    for story_id, story_groups in groups.items():
        for group in story_groups:
            assert {stored[m] for m in group.members} == {story_id}


def test_an_ingest_cut_off_before_its_checkpoint_leaves_a_story_index_that_replays_exactly(tmp_path, two_topics):
    """Batches only log their ids; a new process rebuilds the index from the last checkpoint
    plus the log, and a finished ingest writes a checkpoint and clears the log."""
    from newsprism.engines import IngestReport
    from newsprism.engines.local import BatchIngester
    from newsprism.model import Article, Source, article_id

    db = tmp_path / "log.duckdb"
    articles = [
        Article(id=article_id(r["text"]), text=r["text"], source=Source("feed", i + 1), published=r.get("published"))
        for i, r in enumerate(two_topics)
    ]
    writer = BatchIngester(db, Config(quiet=True))
    third = len(articles) // 3
    for start in range(0, len(articles), third):
        writer.commit(articles[start : start + third], [], IngestReport())
    with open_store(db, read_only=True) as store:
        assert store.story_index() == {}  # no checkpoint yet: a small corpus only logs
        assert sum(len(ids) for ids in store.story_batch_log()) == len(articles)
    in_memory = writer.stories._index.to_state()
    reader = BatchIngester(db, Config(quiet=True))
    with open_store(db, read_only=False) as store:
        replayed = reader.stories._load(store).to_state()
    assert _same_state(replayed, in_memory)
    reader.finish()
    with open_store(db, read_only=True) as store:
        assert store.story_batch_log() == []
        checkpoint = decode_index(store.story_index(), StoryConfig()).to_state()
    assert _same_state(checkpoint, in_memory)


def _same_state(a: dict, b: dict) -> bool:
    import numpy as np

    if a.keys() != b.keys():
        return False
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if not np.array_equal(np.asarray(x), np.asarray(y), equal_nan=np.asarray(x).dtype.kind == "f"):
                return False
        elif x != y:
            return False
    return True


def test_worker_processes_do_not_change_what_is_stored(tmp_path, two_topics):
    """Features computed in worker processes ahead of the commits are byte for byte those of
    an ingest that computes everything in one process; so are the stories."""
    feed = write_jsonl(tmp_path / "feed.jsonl", two_topics)
    stored = []
    for workers in ("0", "2"):
        db = tmp_path / f"workers{workers}.duckdb"
        args = ["ingest", str(feed), "--db", str(db), "--batch-size", "8", "--workers", workers, "-q"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        with open_store(db, read_only=True) as store:
            features = dict(store.con.execute("SELECT article_id, data FROM features").fetchall())
            stored.append((store.story_members(), {k: bytes(v) for k, v in features.items()}))
    assert stored[0] == stored[1]
    assert len(stored[0][1]) == len({r["text"] for r in two_topics})
