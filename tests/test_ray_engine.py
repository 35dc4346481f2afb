"""`newsprism ingest --engine ray` on a real two-node Ray cluster on loopback.

Run these alone with `pytest -m ray`. The cluster (a head node and a worker node, one CPU
each, dashboard and usage reporting off, all files under a temporary folder) starts once for
the module; everything it started is stopped at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from newsprism.config import Config
from newsprism.ingest import ingest_paths
from newsprism.render import json as render_json
from newsprism.store import open_store

pytestmark = [pytest.mark.ray, pytest.mark.slow]

# Env for everything Ray here: no usage report, nodes on loopback, files under our folder.
RAY_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
BATCH = 8
# CPU seconds after which a compute actor has loaded spaCy and the encoder (about 2 s here)
# and is analysing.
WORKING_CPU_SECONDS = 3.0


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _home_ray_entries() -> set[str]:
    home = Path.home()
    return {p.name for p in home.iterdir() if "ray" in p.name.lower()} if home.is_dir() else set()


@pytest.fixture(scope="module")
def cluster():
    home_before = _home_ray_entries()
    # Short, because Ray puts Unix sockets under it (a socket path has at most 107 bytes).
    root = Path(tempfile.mkdtemp(prefix="nray", dir="/tmp"))
    (root / "ray").mkdir()
    saved = {k: os.environ.get(k) for k in (*RAY_ENV, "RAY_TMPDIR")}
    os.environ.update(RAY_ENV, RAY_TMPDIR=str(root))
    import ray
    from ray.cluster_utils import Cluster

    started = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    try:
        started.add_node(num_cpus=1)
        started.wait_for_nodes()
        ray.init(address=started.address, log_to_driver=False)
        yield started
    finally:
        ray.shutdown()
        started.shutdown()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(root, ignore_errors=True)
    assert _home_ray_entries() <= home_before, "Ray left files in the home directory"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds_dir, ecbplus_records) -> list[str]:
    """The seeds, every article of two ECB+ dev topics and one text twice (60 articles)."""
    dev = [r for r in ecbplus_records if r["split"] == "dev"]
    topics = sorted({r["topic"] for r in dev})[:2]
    folder = tmp_path_factory.mktemp("ray-inputs")
    feed = write_jsonl(folder / "feed.jsonl", [r for r in dev if r["topic"] in topics])
    # One text under two titles: the engines must both keep the first (story features read
    # the title).
    text = "The harbour authority said the ferry would resume sailing on Friday after repairs."
    twins = write_jsonl(folder / "twins.jsonl", [{"title": "Ferry to sail again", "text": text},
                                                 {"title": "Repairs done, ferry back on Friday", "text": text}])
    return [str(seeds_dir), str(feed), str(twins)]


def _config() -> Config:
    return Config(quiet=True, ingest_batch_size=BATCH)


@pytest.fixture(scope="module")
def local_store(inputs, tmp_path_factory) -> Path:
    from newsprism.engines.local import ingest_paths_into_store

    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    ingest_paths_into_store(inputs, db, _config(), analyze=True)
    return db


def _documents(db: Path, comparisons: bool = True) -> dict[str, str]:
    """The analysis and stories JSON of a store, and the comparison JSON of two of its
    stories, as the CLI would write them; the story features as stored, byte for byte."""
    with open_store(db, read_only=True) as store:
        articles = store.articles()
        analyses = store.analyses(articles)
        stories = store.stories()
        features = store.con.execute("SELECT article_id, data FROM features ORDER BY article_id").fetchall()
        # Two small stories keep the comparison affordable on two shared cores.
        small = [s for s in stories if 2 <= len(s.article_ids) <= 8][:2]
        compared = {s.id: store.analyzed_story(s.id) for s in small} if comparisons else {}
    docs = {
        "analysis": render_json.dumps(render_json.analysis_document([analyses[a.id] for a in articles])),
        "stories": render_json.dumps(render_json.stories_document(stories, {a.id: a for a in articles})),
        "features": repr([(k, bytes(v)) for k, v in features]),
    }
    from newsprism.compare import compare_articles
    from newsprism.render.comparison_json import comparison_document

    for story_id, analysed in compared.items():
        if len(analysed) >= 2:
            docs[f"comparison {story_id}"] = render_json.dumps(comparison_document(compare_articles(analysed)))
    return docs


def test_ray_and_local_engines_give_byte_identical_json(cluster, inputs, local_store, tmp_path):
    from newsprism.engines.ray import ingest_paths_into_store

    db = tmp_path / "ray.duckdb"
    report = ingest_paths_into_store(inputs, db, _config(), analyze=True, address=cluster.address)
    assert report.added == 60 and report.analysed == 60
    local, remote = _documents(local_store), _documents(db)
    assert sorted(remote) == sorted(local)
    for name in local:
        assert remote[name] == local[name], f"{name} differs between the engines"
    assert json.loads(remote["stories"])["stories"], "no stories to compare"
    assert any(name.startswith("comparison") for name in local), "no comparison JSON compared"


def _article_workers() -> list:
    import psutil

    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if command.startswith("ray::") and "ArticleWorker" in command:
            found.append(process)
    return found


def _cpu_seconds(process) -> float:
    import psutil

    try:
        times = process.cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system


def _committed(db: Path) -> int:
    import duckdb

    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except Exception:  # not created yet, or locked by a commit in progress
        return 0


def test_killing_a_ray_worker_midway_still_stores_every_article_exactly_once(cluster, inputs, local_store, tmp_path):
    db = tmp_path / "killed.duckdb"
    command = [sys.executable, "-m", "newsprism.cli", "ingest", *inputs, "--engine", "ray", "--address",
               cluster.address, "--analyze", "--batch-size", str(BATCH), "--db", str(db), "--quiet"]
    env = {**os.environ, **RAY_ENV}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    killed = None
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None and killed is None:
            time.sleep(0.2)
            # Mid-job: a batch is committed, or a worker is past loading its models and
            # analysing (the workers may run well ahead of the driver's commits).
            busy = [w for w in _article_workers() if _cpu_seconds(w) >= WORKING_CPU_SECONDS]
            if busy or (_article_workers() and _committed(db) >= BATCH):
                victim = (busy or _article_workers())[0]
                committed_at_kill = _committed(db)
                killed = victim.pid
                os.kill(killed, signal.SIGKILL)
        assert killed is not None, "the ingest finished (or stalled) before a worker could be killed"
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stderr
    expected = sorted({a.id for a in ingest_paths(inputs, Config(quiet=True)).articles})
    with open_store(db, read_only=True) as store:
        rows = [r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()]
        unassigned = store.con.execute(
            "SELECT count(*) FROM articles a LEFT JOIN story_members m ON m.article_id = a.id WHERE m.story_id IS NULL"
        ).fetchone()[0]
        analysed = store.con.execute("SELECT count(*) FROM analyses").fetchone()[0]
    assert committed_at_kill < len(expected)
    assert sorted(rows) == expected  # every article, each exactly once
    assert unassigned == 0 and analysed == len(expected)
    # The run that lost a worker still gives exactly the local engine's answers.
    assert _documents(db, comparisons=False) == _documents(local_store, comparisons=False)


def test_out_writes_the_same_parquet_tables_as_a_local_export(cluster, ecbplus_records, tmp_path):
    """`ingest --engine ray --out DIR`: analysis and the comparisons behind the claims tables
    run on the cluster; the tables equal those `newsprism export` writes from the same store."""
    import pyarrow.parquet as pq

    from newsprism.export_tables import TABLES

    event = sorted({(r["topic"], r["event"]) for r in ecbplus_records if r["split"] == "dev"})[0]
    feed = write_jsonl(tmp_path / "event.jsonl", [r for r in ecbplus_records if (r["topic"], r["event"]) == event][:3])
    db = tmp_path / "out.duckdb"
    env = {**os.environ, **RAY_ENV}
    cli = [sys.executable, "-m", "newsprism.cli"]
    ingest = subprocess.run(cli + ["ingest", str(feed), "--engine", "ray", "--address", cluster.address,
                                   "--db", str(db), "--out", str(tmp_path / "dataset")],
                            env=env, capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr
    assert "3 new article(s)" in ingest.stdout and "Parquet dataset" in ingest.stderr
    export = subprocess.run(cli + ["export", str(tmp_path / "local"), "--format", "parquet", "--db", str(db)],
                            env=env, capture_output=True, text=True, timeout=600)
    assert export.returncode == 0, export.stderr
    assert pq.read_table(tmp_path / "dataset" / "articles").num_rows == 3
    assert pq.read_table(tmp_path / "dataset" / "claims").num_rows > 0
    for table in TABLES:
        assert pq.read_table(tmp_path / "dataset" / table).equals(pq.read_table(tmp_path / "local" / table)), table
