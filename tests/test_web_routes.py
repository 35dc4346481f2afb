"""The web app's pages and JSON API, through FastAPI's test client, on a real store with the
seeds, a few ECB+ articles and a hostile article (tests/test_web_corpus.py)."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

from newsprism.errors import StoreError
from newsprism.render import json as render_json
from newsprism.store import open_store
from newsprism.web import create_app
from newsprism.web.settings import WebSettings

from .test_web_corpus import PWNED, build_web_corpus

pytestmark = pytest.mark.slow

# Long enough for every comparison in this corpus, so pages come back complete.
SETTINGS = WebSettings(page_wait_seconds=300, api_wait_seconds=300)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir, ecbplus_records):
    return build_web_corpus(tmp_path_factory.mktemp("web"), seeds_dir, ecbplus_records, events=1, per_event=3)


@pytest.fixture(scope="module")
def client(corpus):
    with TestClient(create_app(corpus.db, settings=SETTINGS)) as client:
        yield client


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


# ---- stories --------------------------------------------------------------------------------


def test_stories_page_lists_every_story_with_its_size_and_copies_counted_once(client, corpus):
    html = client.get("/").text
    for story_id in corpus.stories:
        assert f'href="/stories/{story_id}"' in html
    flood = html[html.index('href="/stories/story-flood"') :]
    flood = flood[: flood.index("</li>")]
    assert "2 articles" in flood and "+ 1 copy" in flood  # three members, one a syndicated copy
    assert "3 outlets" in flood
    assert "1 article not in a story yet" in html


def test_an_untitled_story_is_named_by_its_opening_words(client, corpus):
    html = client.get("/").text
    seeds = html[html.index('href="/stories/story-seeds"') :]
    title = re.search(r">([^<]+)</a>", seeds).group(1)
    assert title != "(untitled story)" and len(title) > 20


def test_search_by_outlet_entity_and_words_narrows_the_stories(client):
    by_outlet = client.get("/", params={"q": "harbour gazette", "field": "outlet"}).text
    assert 'href="/stories/story-flood"' in by_outlet and 'href="/stories/story-seeds"' not in by_outlet
    by_words = client.get("/", params={"q": '"flood barrier"'}).text
    assert 'href="/stories/story-flood"' in by_words and 'href="/stories/story-seeds"' not in by_words
    nothing = client.get("/", params={"q": "zyzzyva"}).text
    assert "No story matches" in nothing
    by_entity = client.get("/", params={"q": "Macron", "field": "entity"}).text
    assert 'href="/stories/story-seeds"' in by_entity and 'href="/stories/story-flood"' not in by_entity


def test_sorting_by_time_puts_the_newest_dated_story_first(client):
    html = client.get("/", params={"sort": "newest"}).text
    order = re.findall(r'href="/stories/([^"]+)"', html)
    assert order[0] == "story-flood"  # 2024 beats the seeds' 2022; undated ECB+ stories come last
    assert order.index("story-seeds") < order.index(next(s for s in order if s.startswith("story-") and "ecb" in s))


# ---- story and article pages ----------------------------------------------------------------


def test_story_lists_its_articles_in_time_order(client, corpus):
    html = client.get("/stories/story-flood").text
    table = html[html.index('id="articles"') : html.index('id="claims"')]
    order = re.findall(r'href="/articles/([0-9a-f]+)"', table)
    assert order.index(corpus.wire_id) == 2  # published a day after the other two
    assert "syndicated copy of Harbour Gazette" in table


def test_every_matrix_cell_links_to_a_claim_that_exists_on_the_article_page(client, corpus):
    html = client.get("/stories/story-flood").text
    matrix = html[html.index('class="matrix"') : html.index('id="conflicts"')]
    links = set(re.findall(r'href="/articles/([0-9a-f]+)#(claim-\d+-\d+)"', matrix))
    assert {a for a, _ in links} == set(corpus.stories["story-flood"])
    assert "cell shared" in matrix and "cell omitted" in matrix
    pages = {a: ids_in(client.get(f"/articles/{a}").text) for a, _ in links}
    for article, anchor in links:
        assert anchor in pages[article], (article, anchor)


def test_claims_on_an_article_link_back_to_their_row_in_the_story(client, corpus):
    article = client.get(f"/articles/{corpus.calm_id}").text
    story = ids_in(client.get("/stories/story-flood").text)
    rows = set(re.findall(r'href="/stories/story-flood#(group-[^"]+)"', article))
    assert rows and rows <= story


def test_story_page_shows_sourcing_per_outlet_as_a_bar_of_speaker_kinds(client):
    html = client.get("/stories/story-seeds").text
    sourcing = html[html.index('id="sourcing"') : html.index('id="copies"')]
    assert "Mehr News Agency" in sourcing
    assert re.search(r'<rect [^>]*class="k-named_person"', sourcing)


def test_quote_threads_mark_the_words_that_differ(client):
    html = client.get("/stories/story-seeds").text
    quotes = html[html.index('id="quotes"') : html.index('id="sourcing"')]
    if "wording differs" in quotes:
        assert '<mark class="diff">' in quotes
    assert "Quote threads" in quotes


def test_article_page_colours_attributions_by_speaker_kind(client, corpus):
    html = client.get(f"/articles/{corpus.seed_ids[0]}").text
    kinds = set(re.findall(r'class="say k-([a-z_]+)"', html))
    assert kinds and kinds <= {
        "named_person", "named_organization", "anonymous_official", "vague_collective", "document", "unattributed"
    }
    assert 'class="speaker k-' in html and 'class="cue"' in html


def test_article_page_shows_what_it_copied_and_its_copies(client, corpus):
    wire = client.get(f"/articles/{corpus.wire_id}").text
    assert "This article copies" in wire and f'href="/articles/{corpus.calm_id}"' in wire
    original = client.get(f"/articles/{corpus.calm_id}").text
    assert "original of 1 copy" in original and f'href="/articles/{corpus.wire_id}"' in original


def test_an_article_in_no_story_still_has_a_page(client, corpus):
    html = client.get(f"/articles/{corpus.unassigned_id}").text
    assert "lighthouse keeper" in html
    assert f'href="/articles/{corpus.unassigned_id}"' in client.get("/unassigned").text


# ---- security ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["/", "/stories/story-flood", "hostile", "/?q=council"])
def test_hostile_title_outlet_text_and_url_come_out_escaped(client, corpus, page):
    html = client.get(f"/articles/{corpus.hostile_id}" if page == "hostile" else page).text
    assert "&lt;script&gt;window." + PWNED in html  # shown as text...
    assert "<script>window." not in html and "<img src=x" not in html  # ...never as markup
    assert 'href="javascript:' not in html.lower()
    assert 'onerror="window' not in html
    if page == "hostile":
        assert "&lt;img src=x onerror=" in html  # outlet and text payloads visible as text
        assert "not a web address; not linked" in html


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/stories/story-flood")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert all('src="/static/' in tag for tag in re.findall(r"<script[^>]*>", response.text))
    assert " style=" not in response.text  # inline styles would be blocked by the policy


def test_no_asset_is_loaded_from_another_host(client):
    for page in ("/", "/stories/story-flood", "/api"):
        html = client.get(page).text
        assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="https://gazette.example', ""))


def test_requests_for_another_host_name_are_refused(client):
    # DNS rebinding: a page on evil.example that resolves to 127.0.0.1 must not read the corpus.
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/stories/nope", "/articles/0000000000000000", "/no/such/page", "/articles/%3Cscript%3E", "/static/../store.py",
     "/stories/x%27%20OR%201=1--"],
)
def test_wrong_ids_and_paths_give_a_404_page_not_a_trace(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.text and 'File "' not in response.text
    assert "Not found" in response.text and "<html" in response.text


def test_api_errors_are_json(client):
    response = client.get("/api/stories/nope")
    assert response.status_code == 404 and response.json()["error"] == "Not found"


# ---- JSON API ---------------------------------------------------------------------------------


def test_api_stories_is_the_document_the_cli_writes(client, corpus):
    expected = read_store(
        corpus.db, lambda store: render_json.stories_document(store.stories(), {a.id: a for a in store.articles()})
    )
    assert client.get("/api/stories").json() == expected
    one = client.get("/api/stories/story-flood").json()
    assert one["schema"] == "newsprism/stories@1" and [s["id"] for s in one["stories"]] == ["story-flood"]


def test_api_article_gives_its_analysis_document(client, corpus):
    document = client.get(f"/api/articles/{corpus.calm_id}").json()
    assert document["schema"] == "newsprism/analysis@1"
    (article,) = document["articles"]
    assert article["id"] == corpus.calm_id and article["analyzed"] and article["attributions"]


def test_api_comparison_is_the_document_compare_writes_for_the_story(client, corpus):
    import json

    from newsprism.compare import compare_articles
    from newsprism.config import Config
    from newsprism.render.comparison_json import comparison_document

    document = client.get("/api/stories/story-flood/comparison").json()
    analyzed = read_store(corpus.db, lambda store: store.analyzed_story("story-flood"))
    expected = json.loads(json.dumps(comparison_document(compare_articles(analyzed, Config(quiet=True)))))
    assert document["schema"] == "newsprism/comparison@1"
    assert document == expected  # what `newsprism compare --story story-flood --json -` prints


def test_openapi_description_lists_the_api(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/comparison",
            "/api/articles/{article_id}"} <= set(schema["paths"])
    assert not any(not p.startswith("/api/") for p in schema["paths"])  # pages stay out of it
    assert "/api/stories/{story_id}/comparison" in client.get("/api").text


# ---- computing and storing ----------------------------------------------------------------


def read_store(db, read, seconds: float = 30):
    """`read(store)` on the store opened read-only, retried while the app (same process)
    has it open read-write to save analyses: DuckDB refuses both in one process."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with open_store(db, read_only=True) as store:
                return read(store)
        except StoreError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_analyses_computed_for_a_page_are_kept_in_the_store(client, corpus):
    client.get("/stories/story-flood")
    deadline = time.monotonic() + 30
    stored: dict = {}
    while len(stored) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
        stored = read_store(corpus.db, lambda store: store.analyses(store.articles(corpus.stories["story-flood"])))
    assert set(stored) == set(corpus.stories["story-flood"])


def test_a_story_not_ready_yet_shows_progress_and_refreshes_itself(corpus, tmp_path):
    with TestClient(create_app(corpus.db, settings=WebSettings(page_wait_seconds=0))) as fresh:
        html = fresh.get(f"/stories/{next(s for s in corpus.stories if 'ecb' in s)}").text
    assert '<meta http-equiv="refresh"' in html and "Working on this story" in html
    assert 'id="articles"' in html  # the articles are listed meanwhile


def test_a_story_bigger_than_the_compare_limit_names_what_it_leaves_out(corpus):
    settings = WebSettings(page_wait_seconds=300, api_wait_seconds=300, compare_max_articles=2)
    with TestClient(create_app(corpus.db, settings=settings)) as small:
        html = small.get("/stories/story-flood").text
        document = small.get("/api/stories/story-flood/comparison").json()
    assert "1 article of this story is not compared: the story has 3 articles" in html
    assert len(document["articles"]) == 2 and len(document["left_out"]) == 1
