"""The web app and a writer in another process share the store: pages keep answering (200, or
503 "busy" while a commit holds the file), the writer is never starved, nothing is corrupted."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading

import pytest
from fastapi.testclient import TestClient

import newsprism.store as store_module
from newsprism.store import open_store
from newsprism.web import create_app
from newsprism.web.settings import WebSettings

from .test_web_corpus import build_web_corpus

# A writer as `newsprism ingest` behaves: per batch, open the store read-write, commit one
# transaction (articles and their story), close it. Each commit holds the file a little while.
WRITER = textwrap.dedent(
    """
    import sys, time
    from newsprism.model import Article, Source, article_id
    from newsprism.store import open_store

    db, batches, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for b in range(batches):
        texts = [f"Batch {b}, report {i}: the river rose by {i + 1} centimetres overnight." for i in range(size)]
        articles = [
            Article(id=article_id(t), text=t, source=Source("feed.jsonl", b * size + i + 1),
                    outlet=f"Outlet {i % 4}", title=f"River report {b}.{i}", language="en")
            for i, t in enumerate(texts)
        ]
        with open_store(db) as store:
            with store.transaction():
                store.add_articles(articles)
                store.set_story_members({a.id: f"story-batch-{b:03d}" for a in articles})
                time.sleep(0.05)
        print("committed", b, flush=True)
        time.sleep(0.02)
    """
)
BATCHES, SIZE = 15, 8


@pytest.fixture()
def corpus(tmp_path):
    return build_web_corpus(tmp_path, None, None)


def test_pages_keep_answering_while_another_process_commits_batches(corpus):
    app = create_app(corpus.db, settings=WebSettings(page_wait_seconds=0.2))
    statuses: list[int] = []
    busy_bodies: list[str] = []
    errors: list[str] = []  # what a request raised (the test client re-raises server errors)
    stop = threading.Event()
    paths = ["/", "/stories/story-flood", f"/articles/{corpus.calm_id}", "/api/stories", "/?q=river"]

    def reader(client: TestClient, offset: int) -> None:
        i = offset
        while not stop.is_set():
            try:
                response = client.get(paths[i % len(paths)])
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(f"{paths[i % len(paths)]}: {exc!r}")
                i += 1
                continue
            statuses.append(response.status_code)
            if response.status_code == 503:
                busy_bodies.append(response.text)
            i += 1

    with TestClient(app) as client:
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(corpus.db), str(BATCHES), str(SIZE)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        readers = [threading.Thread(target=reader, args=(client, n)) for n in range(6)]
        for thread in readers:
            thread.start()
        try:
            out, err = writer.communicate(timeout=120)
        finally:
            stop.set()
            for thread in readers:
                thread.join()
        final = client.get("/")

    assert writer.returncode == 0, err  # the writer always got the file (never starved)
    assert out.count("committed") == BATCHES
    assert not errors, errors[:3]
    assert set(statuses) <= {200, 503}, sorted(set(statuses))  # no 500, no trace
    assert statuses.count(200) >= 20
    assert all("The store is busy" in body for body in busy_bodies)
    assert f"story-batch-{BATCHES - 1:03d}" in final.text
    with open_store(corpus.db, read_only=True) as store:
        members = store.story_members()
        assert store.count_articles() == len([a for ids in corpus.stories.values() for a in ids]) + 1 + BATCHES * SIZE
    assert all(len(members[f"story-batch-{b:03d}"]) == SIZE for b in range(BATCHES))  # whole batches only


def test_pages_keep_answering_while_newsprism_ingest_runs_beside_them(corpus, tmp_path):
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for i in range(30):
            text = f"Report {i}: the river rose by {i + 1} centimetres overnight in town {i % 7}, officials said."
            fh.write(json.dumps({"id": f"r{i}", "title": f"River report {i}", "outlet": f"Outlet {i % 4}", "text": text}) + "\n")
    statuses: list[int] = []
    errors: list[str] = []
    stop = threading.Event()

    def reader(client: TestClient, path: str) -> None:
        while not stop.is_set():
            try:
                statuses.append(client.get(path).status_code)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(f"{path}: {exc!r}")

    with TestClient(create_app(corpus.db, settings=WebSettings(page_wait_seconds=0.2))) as client:
        ingest = subprocess.Popen(
            [sys.executable, "-m", "newsprism.cli", "ingest", str(feed), "--db", str(corpus.db), "--batch-size", "5", "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        readers = [
            threading.Thread(target=reader, args=(client, path))
            for path in ("/", "/?q=river", f"/articles/{corpus.calm_id}", "/api/stories")
        ]
        for thread in readers:
            thread.start()
        try:
            out, err = ingest.communicate(timeout=300)
        finally:
            stop.set()
            for thread in readers:
                thread.join()
        final = client.get("/").text

    assert ingest.returncode == 0, err
    assert not errors, errors[:3]
    assert set(statuses) <= {200, 503} and statuses.count(200) >= 10
    with open_store(corpus.db, read_only=True) as store:
        ids = [a.id for a in store.articles() if a.source.path == str(feed)]
        assert len(ids) == 30 and all(store.story_of(i) for i in ids)
        total = store.count_articles()
    assert f"{total} articles" in final


def test_a_store_held_by_another_process_gives_a_busy_page_then_recovers(corpus, monkeypatch):
    monkeypatch.setattr(store_module, "LOCK_WAIT_SECONDS", 0.3)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys; c = duckdb.connect({str(corpus.db)!r}); print('held', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with TestClient(create_app(corpus.db)) as client:
            page = client.get("/stories/story-flood")
            api = client.get("/api/stories")
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=10)
            after = client.get("/stories/story-flood")
    finally:
        holder.kill()
        holder.wait()
    assert page.status_code == 503 and page.headers["retry-after"] == "2"
    assert "The store is busy" in page.text and "Traceback" not in page.text
    assert api.status_code == 503 and api.json()["error"] == "The store is busy"
    assert after.status_code == 200
