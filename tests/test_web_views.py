"""The web app's building blocks that need no model: text markup, link safety, quote diffs,
file names, story rows and the store gate."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from hypothesis import given
from hypothesis import strategies as st

from newsprism.model import Attribution, CopyGroup, QuoteThread, QuoteVersion, Span, Story
from newsprism.store import open_store
from newsprism.web.access import StoreGate
from newsprism.web.queries import ArticleMeta, opening_words, search_terms
from newsprism.web.security import safe_href
from newsprism.web.textmarkup import ClaimMark, claim_anchor, mark_up
from newsprism.web.uploads import clean_file_name
from newsprism.web.views import quote_view, sort_rows, story_row

from .test_web_corpus import build_web_corpus


def spans(length: int):
    return st.tuples(st.integers(0, length), st.integers(0, length)).map(lambda p: Span(min(p), max(p)))


@st.composite
def marked_text(draw):
    text = draw(st.text(alphabet="ab <>&\"'\n.", min_size=0, max_size=60))
    n = len(text)
    attributions = [
        Attribution(None, draw(st.sampled_from(["named_person", "document"])), "indirect", "said",
                    draw(st.none() | spans(n)), draw(st.none() | spans(n)), draw(spans(n)))
        for _ in range(draw(st.integers(0, 4)))
    ]
    claims = [(s, ClaimMark(claim_anchor(s), "shared", None, None)) for s in draw(st.lists(spans(n), max_size=4))]
    return text, attributions, claims


@given(marked_text())
def test_marked_up_text_reads_exactly_as_the_article_and_every_claim_keeps_its_anchor(case):
    text, attributions, claims = case
    regions = mark_up(text, attributions, claims)
    assert "".join(p.text for r in regions for p in r.pieces) == text
    anchors = [r.claim.anchor for r in regions if r.claim]
    assert sorted(anchors) == sorted(m.anchor for _, m in claims)


def test_an_attribution_is_split_where_a_claim_ends_but_keeps_its_colour():
    text = "Officials said the bridge will close. It reopens in May, they added."
    said = Attribution("officials", "anonymous_official", "indirect", "said", Span(0, 9), Span(10, 14), Span(15, 68))
    regions = mark_up(text, [said], [(Span(0, 37), ClaimMark("claim-0-37", "shared", None, None))])
    coloured = [p.text for r in regions for p in r.pieces if "k-anonymous_official" in p.classes and "say" in p.classes]
    assert len(text) == 68 and "".join(coloured) == text[15:68]
    assert regions[0].claim and regions[0].claim.anchor == "claim-0-37"


def test_only_absolute_web_addresses_become_links():
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_href("http://example.org") == "http://example.org"
    for bad in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x", "data:text/html,x",
                "//evil.example/x", "/local/path", "vbscript:x", "http:/x", "https://exa mple.org", None, ""]:
        assert safe_href(bad) is None, bad


def _thread(*versions: tuple[str, str, str], wording_differs: bool) -> QuoteThread:
    """A thread whose speakers differ, one version per outlet: (wording, speaker, kind)."""
    return QuoteThread(
        "q1",
        tuple(
            QuoteVersion(chr(97 + n), f"Outlet {chr(65 + n)}", Span(0, 10), wording, speaker, kind)
            for n, (wording, speaker, kind) in enumerate(versions)
        ),
        wording_differs=wording_differs,
        speaker_differs=True,
    )


def test_quote_versions_mark_only_the_words_that_differ_and_the_odd_speaker():
    thread = _thread(
        ("We do not want war", "Sergei Lavrov", "named_person"),
        ("We don’t want a war", "Sergei Lavrov", "named_person"),
        ("We do not want war", "Vladimir Putin", "named_person"),
        wording_differs=True,
    )
    view = quote_view(thread)
    marked = [{t.text for t in v.tokens if t.differs} for v in view.versions]
    assert marked[1] >= {"don’t", "a"} and "want" not in marked[1]
    assert "war" not in set().union(*marked)
    assert [v.speaker_differs for v in view.versions] == [False, False, True]


def test_a_description_or_a_short_name_is_never_the_odd_speaker():
    thread = _thread(
        ("We are thrilled", "Craig Zadan", "named_person"),
        ("We are thrilled", "Zadan", "named_person"),
        ("We are thrilled", "the producers", "anonymous_official"),
        ("We are thrilled", "Paul Lee", "named_person"),
        wording_differs=False,
    )
    assert [v.speaker_differs for v in quote_view(thread).versions] == [False, False, False, True]


def test_uploaded_file_names_lose_their_folders():
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name("C:\\Users\\me\\news.html") == "news.html"
    assert clean_file_name("..") == "upload"
    assert clean_file_name("a\x00b\n.txt") == "ab.txt"
    assert clean_file_name(None) == "upload"


def test_search_keeps_quoted_phrases_together():
    assert search_terms('Putin "Security  Guarantees" NATO') == ["putin", "security guarantees", "nato"]


def test_an_untitled_article_is_named_by_its_first_sentence_not_an_abbreviation():
    text = "The U.S. and NATO replied on Wednesday to Russia's demands. Talks continue."
    assert opening_words(text) == "The U.S. and NATO replied on Wednesday to Russia's demands."


def meta(i: str, outlet: str | None, published: str | None) -> ArticleMeta:
    return ArticleMeta(i, outlet, f"title {i}", published, int(i[1:]), "f.txt", "")


def test_copies_count_once_and_outlet_bars_leave_them_out():
    story = Story("s", "T", ("a1", "a2", "a3"), "2024-01-01", "2024-01-02", ("A", "B"),
                  (CopyGroup("a1", ("a1", "a2"), "syndicated"),))
    row = story_row(story, {"a1": meta("a1", "A", None), "a2": meta("a2", "B", None), "a3": meta("a3", "B", None)})
    assert (row.article_count, row.copy_count, row.voices) == (3, 1, 2)
    assert {(s.label, s.count) for s in row.outlets} == {("A", 1), ("B", 1)}


def test_sorting_by_time_puts_undated_stories_last():
    rows = [
        story_row(Story(f"s{i}", None, (f"a{i}",), d, d, ()), {f"a{i}": meta(f"a{i}", None, d)})
        for i, d in enumerate([None, "2024-01-02", "2023-05-01"])
    ]
    assert [r.id for r in sort_rows(rows, "newest")] == ["s1", "s2", "s0"]
    assert [r.id for r in sort_rows(rows, "oldest")] == ["s2", "s1", "s0"]


def test_the_gate_lets_another_process_write_as_soon_as_reads_end(tmp_path):
    corpus = build_web_corpus(tmp_path, None, None)
    gate = StoreGate(corpus.db)
    writer = "import duckdb, sys; duckdb.connect(sys.argv[1]).close(); print('wrote')"
    with gate.reading() as store:
        assert store.count_articles() > 0
        held = subprocess.run([sys.executable, "-c", writer, str(corpus.db)], capture_output=True, text=True)
    free = subprocess.run([sys.executable, "-c", writer, str(corpus.db)], capture_output=True, text=True)
    assert "lock" in held.stderr.lower()  # read-only while reading...
    assert free.stdout.strip() == "wrote"  # ...and released the moment the read ended


def test_a_writer_in_the_app_waits_for_reads_in_flight(tmp_path):
    corpus = build_web_corpus(tmp_path, None, None)
    gate = StoreGate(corpus.db)
    events: list[str] = []
    reading = threading.Event()

    def reader() -> None:
        with gate.reading():
            reading.set()
            time.sleep(0.3)
            events.append("read done")

    thread = threading.Thread(target=reader)
    thread.start()
    reading.wait()
    with gate.writing() as store:
        events.append("writing")
        assert not store.read_only
    thread.join()
    assert events == ["read done", "writing"]
    with open_store(corpus.db, read_only=True) as store:
        assert store.count_articles() == 4
