"""The web app in a real headless Chromium (Debian's `chromium`, driven by Playwright): the
stories page, a story, a claim followed from the matrix to its sentence, an article, and a
hostile article whose payloads must not run. Screenshots go to screenshots/e2e/ (git-ignored).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time

import pytest

from ..conftest import REPO
from ..test_web_corpus import PWNED, build_web_corpus

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"),
]
SHOTS = REPO / "screenshots" / "e2e"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir, ecbplus_records):
    return build_web_corpus(tmp_path_factory.mktemp("e2e"), seeds_dir, ecbplus_records, events=1, per_event=3)


@pytest.fixture(scope="module")
def base_url(corpus):
    """The real server (uvicorn) on a free loopback port, in a thread of this process."""
    import uvicorn

    from newsprism.web.server import settings_for_host
    from newsprism.web.app import create_app
    from dataclasses import replace

    settings = replace(settings_for_host("127.0.0.1"), page_wait_seconds=300)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(corpus.db, allow_ingest=True, settings=settings), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class Watch:
    """What a page did that it should not: dialogs, requests to other hosts, CSP violations."""

    def __init__(self, page, base_url: str) -> None:
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: None if r.url.startswith(base_url) else self.foreign.append(r.url))
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)

    def assert_clean(self) -> None:
        assert self.dialogs == []
        assert self.foreign == []
        assert not [e for e in self.console_errors if "Content Security Policy" in e or "Refused" in e]


def payload_ran(page) -> bool:
    return page.evaluate(f"() => typeof window.{PWNED} !== 'undefined'")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_reader_goes_from_the_stories_to_a_claim_and_no_payload_runs(browser, base_url, corpus):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(180_000)  # the first story page waits for its comparison
    watch = Watch(page, base_url)

    page.goto(base_url + "/")
    assert page.locator("li.story-row").count() == len(corpus.stories)
    assert "<script>" in page.locator("a.story-title", has_text="approves").inner_text()  # shown, not run
    shot(page, "1-stories")
    assert not payload_ran(page)

    page.locator("a.story-title", has_text="approves").click()
    page.wait_for_selector("table.matrix")
    shot(page, "2-story")
    assert not payload_ran(page)

    # Follow the hostile outlet's claim from the matrix to its sentence in the article.
    cell = page.locator(f"table.matrix td.cell a[href^='/articles/{corpus.hostile_id}#claim-']").first
    href = cell.get_attribute("href")
    claim_text = cell.get_attribute("title")
    cell.click()
    page.wait_for_url(f"**{href}")
    anchor = href.split("#", 1)[1]
    target = page.locator(":target")
    assert target.get_attribute("id") == anchor
    assert target.is_visible()
    assert " ".join(claim_text.split())[:40] in " ".join(target.inner_text().split())
    shot(page, "3-article-hostile")

    assert not payload_ran(page)
    assert page.locator("main .text img, main .text script, main a[href^='javascript']").count() == 0
    assert page.locator("dd.outlet").inner_text().startswith('"><img')  # the hostile outlet, as text
    watch.assert_clean()
    page.close()


def test_a_long_story_and_an_analysed_article_render_in_the_browser(browser, base_url, corpus):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(180_000)
    watch = Watch(page, base_url)
    page.goto(f"{base_url}/stories/story-seeds")
    page.wait_for_selector("table.matrix")
    assert page.locator("table.matrix tbody tr").count() > 10
    assert page.locator("svg.bar.kinds rect").count() > 0
    shot(page, "4-story-seeds")
    page.goto(f"{base_url}/articles/{corpus.seed_ids[0]}")
    assert page.locator(".text .say").count() > 0  # attributions coloured by speaker kind
    shot(page, "5-article-seed")
    page.goto(f"{base_url}/?q=Macron&field=entity")
    shot(page, "6-search")
    page.goto(f"{base_url}/articles/does-not-exist")
    assert "Not found" in page.content()
    shot(page, "7-not-found")
    watch.assert_clean()
    page.close()


def test_a_file_uploaded_from_the_browser_is_added_with_its_progress_shown(browser, base_url, tmp_path):
    upload = tmp_path / "ferry.txt"
    upload.write_text("The island ferry resumed service on Tuesday after storms, the operator said.\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(180_000)
    watch = Watch(page, base_url)
    page.goto(base_url + "/add")
    page.set_input_files("input[type=file]", str(upload))
    page.click("button[type=submit]")  # app.js posts it and shows a progress bar
    page.wait_for_url("**/add/*")
    page.wait_for_selector(".job.done, .job.bad")
    shot(page, "8-upload-done")
    assert page.locator(".job.done").count() == 1
    assert "1 new" in page.locator("dl.meta").inner_text()
    page.locator("ul.articles a").first.click()
    assert "island ferry resumed service" in page.locator("#text").inner_text()
    watch.assert_clean()
    page.close()
