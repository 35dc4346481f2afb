"""Adding articles from the browser: only with --allow-ingest, bounded, never written anywhere
but the store, with its progress on a page."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsprism.store import open_store
from newsprism.web import create_app
from newsprism.web.settings import WebSettings

from .test_web_corpus import build_web_corpus

LIMITS = WebSettings(
    page_wait_seconds=300, max_upload_files=3, max_upload_file_bytes=4000, max_upload_request_bytes=64_000
)
STORY = (
    "The regional rail operator cancelled all night trains on Friday after a signal failure, "
    "a spokeswoman said. Engineers expect repairs to take three days."
)


@pytest.fixture()
def corpus(tmp_path):
    return build_web_corpus(tmp_path, None, None)


def token_of(client: TestClient) -> str:
    html = client.get("/add").text
    return html.split('name="token" value="', 1)[1].split('"', 1)[0]


def wait_for(client: TestClient, job_href: str, seconds: float = 300) -> dict:
    job_id = job_href.rsplit("/", 1)[-1]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(f"/api/uploads/{job_id}").json()
        if status["finished"]:
            return status
        time.sleep(0.2)
    raise AssertionError(f"upload {job_id} did not finish")


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_adding_is_refused_unless_the_server_allows_it(corpus):
    with TestClient(create_app(corpus.db)) as client:
        assert client.get("/add").status_code == 403
        response = client.post("/add", files={"files": ("a.txt", STORY.encode())})
        assert response.status_code == 403 and "--allow-ingest" in response.text
    with open_store(corpus.db, read_only=True) as store:
        assert STORY not in {a.text for a in store.articles()}


def test_an_upload_without_the_form_token_is_refused(corpus):
    with TestClient(create_app(corpus.db, allow_ingest=True, settings=LIMITS)) as client:
        assert client.post("/add", files={"files": ("a.txt", STORY.encode())}).status_code == 403
        forged = client.post("/add", data={"token": "guess"}, files={"files": ("a.txt", STORY.encode())})
        assert forged.status_code == 403
        cross = client.post(
            "/add", data={"token": token_of(client)}, files={"files": ("a.txt", STORY.encode())},
            headers={"sec-fetch-site": "cross-site"},
        )
        assert cross.status_code == 403


def test_too_big_too_many_and_unknown_files_are_reported_and_not_read(corpus):
    with TestClient(create_app(corpus.db, allow_ingest=True, settings=LIMITS)) as client:
        token = token_of(client)
        files = [
            ("files", ("big.txt", b"word " * 2000)),  # over 4000 bytes
            ("files", ("tool.exe", b"MZ\x90\x00")),
            ("files", ("one.txt", b"First short story about a bridge that opened.")),
            ("files", ("two.txt", b"Second short story about a ferry that sank.")),  # the 4th file
        ]
        response = client.post("/add", data={"token": token}, files=files, headers={"accept": "application/json"})
        assert response.status_code == 202
        status = wait_for(client, response.json()["href"])
        too_large = client.post(
            "/add", data={"token": token}, files={"files": ("huge.txt", b"x" * 70_000)},
            headers={"accept": "application/json"},
        )
    reasons = {s["source"]: s["reason"] for s in status["skipped"]}
    assert "per file" in reasons["upload:big.txt"]
    assert "not a format" in reasons["upload:tool.exe"]
    assert "more than 3 files" in reasons["upload:two.txt"]
    assert status["articles_read"] == 1 and status["error"] is None
    assert too_large.status_code == 413 and "MB in total" in too_large.json()["detail"]


def test_uploaded_articles_are_stored_and_shown_and_nothing_else_is_written(corpus, tmp_path):
    before = files_under(tmp_path)
    cwd_before = set(os.listdir("."))
    feed = "\n".join(
        json.dumps({"id": f"r{i}", "title": f"Rail strike day {i}", "outlet": "Rail News", "text": f"{STORY} Day {i} of the strike."})
        for i in range(3)
    ).encode()
    with TestClient(create_app(corpus.db, allow_ingest=True, settings=LIMITS)) as client:
        response = client.post(
            "/add", data={"token": token_of(client)},
            files=[("files", ("../../escape/evil.txt", STORY.encode())), ("files", ("feed.jsonl", feed))],
        )
        assert response.status_code == 200 and "/add/" in str(response.url)  # redirected to the job page
        status = wait_for(client, str(response.url))
        page = client.get(str(response.url)).text
        stories = client.get("/").text
    assert status["error"] is None and status["added"] == 4, status
    assert "4 new" in page and "done" in page
    with open_store(corpus.db, read_only=True) as store:
        added = store.articles(status["article_ids"])
        assert {a.source.path for a in added} == {"upload:evil.txt", "upload:feed.jsonl"}
        assert all(store.story_of(a.id) for a in added)  # the ingest pipeline assigned stories
    assert "Rail strike day" in stories or "regional rail operator" in stories
    # Only the store changed: no uploaded file was written beside it or in the working folder.
    assert files_under(tmp_path) - before <= {"web.duckdb.wal"}
    assert set(os.listdir(".")) == cwd_before


def test_uploading_into_a_new_store_creates_it(tmp_path):
    db = tmp_path / "fresh.duckdb"
    with TestClient(create_app(db, allow_ingest=True, settings=LIMITS)) as client:
        assert "The store is empty" in client.get("/").text
        response = client.post(
            "/add", data={"token": token_of(client)}, files={"files": ("a.txt", STORY.encode())},
            headers={"accept": "application/json"},
        )
        status = wait_for(client, response.json()["href"])
    assert status["added"] == 1, status
    with open_store(db, read_only=True) as store:
        assert store.count_articles() == 1
