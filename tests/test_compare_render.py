"""The comparison as a reader gets it: JSON (newsprism/comparison@1), Markdown, one
self-contained HTML page and the terminal summary — with hostile article text kept inert."""

from __future__ import annotations

import html
import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from rich.console import Console

from newsprism.analyze import analyze_articles
from newsprism.compare import compare_articles
from newsprism.model import Article, Comparison, LeftOut, Source, article_id
from newsprism.render.comparison_json import comparison_document
from newsprism.render.html import comparison_html
from newsprism.render.labels import separate_stories_note
from newsprism.render.markdown import comparison_markdown
from newsprism.render.terminal_comparison import print_comparison

HOSTILE_TEXT = (
    "The council approved the <script>alert('x')</script> budget of 4 million euros on Tuesday.\n\n"
    'Critics said the vote <img src=x onerror="alert(1)"> was rushed and [click](javascript:alert(2)) unfair.\n\n'
    "“We did everything by the book,” the mayor said after the vote."
)
CALM_TEXT = (
    "On Tuesday the council approved a budget worth 4 million euros.\n\n"
    "“We did everything by the book,” the mayor said.\n\n"
    "The opposition will appeal to the regional court, its leader said on Wednesday."
)


def _article(text: str, outlet: str, url: str | None, title: str) -> Article:
    return Article(
        id=article_id(text), text=text, source=Source(f"{outlet}.html"), outlet=outlet, url=url, title=title,
        published="2024-03-05", language="en",
    )


@pytest.fixture(scope="module")
def comparison(minilm) -> Comparison:
    hostile = _article(HOSTILE_TEXT, "<b>Evil</b> Times", "javascript:alert(3)", 'Budget "<svg onload=alert(4)>"')
    calm = _article(CALM_TEXT, "Calm Courier", "https://courier.example/budget?a=1&b=2", "Budget passes")
    return compare_articles(tuple(analyze_articles([hostile, calm])), encoder=minilm)


def test_json_document_follows_the_comparison_schema(comparison):
    doc = json.loads(json.dumps(comparison_document(comparison)))
    assert doc["schema"] == "newsprism/comparison@1"
    assert [a["outlet"] for a in doc["articles"]] == ["<b>Evil</b> Times", "Calm Courier"]
    assert set(doc["articles"][0]) >= {"id", "outlet", "source", "title", "published"}
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    for group in doc["groups"]:
        assert group["status"] in ("shared", "exclusive")
        assert set(group) >= {"id", "status", "outlets", "omitted_by", "claims"}
        for claim in group["claims"]:
            start, end = claim["span"]
            assert texts[claim["article"]][start:end] == claim["text"]
    shared = [g for g in doc["groups"] if g["status"] == "shared"]
    assert shared and all(len(g["outlets"]) == 2 for g in shared)
    assert doc["quotes"] and doc["quotes"][0]["versions"][0]["wording"] == "We did everything by the book"
    assert set(doc["sourcing"]) == {"outlets", "groups"}
    assert doc["summary"]["groups"] == len(doc["groups"])


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_html_escapes_every_hostile_string_and_fetches_nothing(comparison):
    page = comparison_html(comparison)
    parsed = _Collect()
    parsed.feed(page)
    tags = [t for t, _ in parsed.tags]
    assert tags.count("script") == 1  # only the page's own script
    assert "img" not in tags and "svg" not in tags and "b" not in tags
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), attrs
        assert "src" not in attrs
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#") or href.startswith("https://"), href
    assert "javascript:" not in "".join(a.get("href", "") for _, a in parsed.tags)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Evil&lt;/b&gt; Times" in page
    assert "alert(1)" not in parsed.scripts[0]
    # nothing external: no remote stylesheet, script, font or image
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page.replace("https://courier.example", ""))
    policy = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert policy.startswith("default-src 'none'") and "script-src 'sha256-" in policy


def test_articles_left_out_of_a_big_story_are_listed_in_every_report_and_escaped(comparison):
    extra = _article("A third report.", "<i>Third</i> Post", None, "<img src=x onerror=alert(5)>")
    with_left_out = replace(comparison, left_out=(LeftOut(extra, "the story has 3 articles and a comparison takes 2"),))
    page = comparison_html(with_left_out)
    parsed = _Collect()
    parsed.feed(page)
    assert "img" not in [t for t, _ in parsed.tags] and "i" not in [t for t, _ in parsed.tags]
    assert "1 more article not compared: the story has 3 articles" in page
    assert "&lt;i&gt;Third&lt;/i&gt; Post" in page
    report = comparison_markdown(with_left_out)
    assert "1 more article not compared" in report and "<img" not in report
    left_out = comparison_document(with_left_out)["left_out"]
    assert [(item["id"], item["outlet"]) for item in left_out] == [(extra.id, "<i>Third</i> Post")]
    out = io.StringIO()
    print_comparison(Console(file=out, width=200), with_left_out)
    assert "1 more article not compared" in out.getvalue()


def test_a_comparison_of_separate_stories_says_so_in_every_report(comparison):
    first, second = (a.id for a in comparison.articles)
    split = replace(comparison, separate_stories=((first,), (second,)))
    note = "These 2 articles look like 2 separate stories by newsprism's story grouping: #1 / #2."
    assert note in html.unescape(comparison_html(split)) and note in comparison_markdown(split)
    assert comparison_document(split)["separate_stories"] == [[first], [second]]
    assert comparison_document(comparison)["separate_stories"] == []
    out = io.StringIO()
    print_comparison(Console(file=out, width=300), split)
    assert note in out.getvalue()
    assert "separate stories" not in comparison_html(comparison)


def test_the_separate_stories_note_stays_short_for_hundreds_of_articles(comparison):
    template = comparison.articles[0]
    articles = tuple(replace(template, article=replace(template.article, id=f"a{n}")) for n in range(1, 201))
    # 20 stories: the first of articles 1-100, then ten of 10 and nine of one each
    stories = [tuple(f"a{n}" for n in range(1, 101))]
    stories += [tuple(f"a{n}" for n in range(k, k + 10)) for k in range(101, 201, 10)][:10]
    stories += [(f"x{n}",) for n in range(9)]  # ids of no compared article are not numbered
    note = separate_stories_note(replace(comparison, articles=articles, separate_stories=tuple(stories)))
    assert note.startswith("These 200 articles look like 20 separate stories")
    assert "#1–#100 / #101–#110 / #111–#120" in note
    assert note.count("#") < 40 and "12 more stories (listed in the JSON)" in note


def test_html_links_every_claim_in_the_matrix_to_its_place_in_the_text(comparison):
    page = comparison_html(comparison)
    ids = set(re.findall(r'id="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets and targets <= ids
    claim_count = sum(len(g.claims) for g in comparison.groups)
    assert len({i for i in ids if re.fullmatch(r"a\d+-\d+", i)}) == claim_count
    shared = next(g for g in comparison.groups if g.status == "shared")
    colours = set(re.findall(rf'data-group="{shared.id}"\s+style="--c: ([^"]+)"', page))
    assert len(colours) == 1  # one colour for the group, in every column


def test_html_marks_exclusives_and_omissions(comparison):
    page = comparison_html(comparison)
    assert 'class="claim exclusive"' in page
    assert 'class="no"' in page  # an outlet that leaves a fact out, in the matrix


def test_markdown_report_keeps_article_markup_inert(comparison):
    report = comparison_markdown(comparison)
    assert report.startswith("# Comparison of 2 reports")
    assert "<script>" not in report and "<img" not in report
    assert "[click](javascript" not in report and "\\[click\\](javascript" in report  # link syntax broken
    for heading in ("## Shared facts", "## Claims × outlets", "## Conflicts", "## Quote threads", "## Sourcing"):
        assert heading in report


def test_terminal_summary_prints_brackets_from_articles_literally(comparison):
    out = io.StringIO()
    print_comparison(Console(file=out, width=140, color_system=None), comparison)
    text = out.getvalue()
    assert "shared facts" in text and "Calm Courier" in text
    assert "<b>Evil</b> Times" in text  # shown as written, not interpreted
    assert "[click](javascript:alert(2))" in text or "Only <b>Evil</b> Times" in text


LONG_HEADLINE = (
    "Council passes the budget after a night of debate in which the opposition walked out twice and the "
    "mayor promised a second vote on the harbour works before the end of the summer recess"
)
FOLDER = "/data/press-cuttings/2024/march/council-budget-vote/collected-by-the-night-desk"


@pytest.fixture(scope="module")
def many_files(minilm) -> Comparison:
    """Eight files without an outlet, with long paths: each is called by its number and file name."""
    articles = []
    for n in range(8):
        text = CALM_TEXT.replace("4 million", f"{4 + n} million") + f"\n\nReport number {n} was filed late on Tuesday."
        if n == 0:  # the first leaves out the mayor's words
            text = text.replace("“We did everything by the book,” the mayor said.\n\n", "")
        articles.append(
            Article(id=article_id(text), text=text, source=Source(f"{FOLDER}/report_{n:02d}_council_budget.txt"),
                    outlet=None, language="en", title=LONG_HEADLINE if n == 1 else None)
        )
    return compare_articles(tuple(analyze_articles(articles)), encoder=minilm)


def test_terminal_summary_of_many_unnamed_files_fits_an_80_column_terminal(many_files):
    out = io.StringIO()
    print_comparison(Console(file=out, width=80, color_system=None), many_files)
    text = out.getvalue()
    sourcing = text[text.index("Whom each outlet"):]
    rows = [line for line in sourcing.splitlines() if line.startswith("│")]
    assert len(rows) == 8  # one line per outlet: no row wraps
    assert all(f"#{n + 1} report_{n:02d}" in row for n, row in enumerate(rows))
    left_out = [line for line in text.splitlines() if "left out by" in line]
    assert left_out and not any(FOLDER in line for line in left_out)  # names, not paths


def test_terminal_articles_table_cuts_a_long_headline_short(many_files):
    out = io.StringIO()
    print_comparison(Console(file=out, width=160, color_system=None), many_files)
    table = out.getvalue().split("shared facts")[0]
    assert "Council passes the budget" in table and "…" in table
    assert "summer recess" not in table  # the reports show the whole headline


def test_html_matrix_heads_name_unnamed_outlets_by_number_and_file(many_files):
    page = comparison_html(many_files)
    matrix = page[page.index('<h2 id="matrix">'):page.index('<h2 id="conflicts">')]
    heads = re.findall(r'<th title="([^"]*)">([^<]*)</th>', matrix)
    assert len(heads) == 8
    for n, (_, short) in enumerate(heads):  # number, then the file name's two ends
        assert short.startswith(f"#{n + 1} report_{n:02d}") and short.endswith("budget.txt") and len(short) <= 24
    assert all(FOLDER in full for full, _ in heads)  # the whole path on hover


@pytest.fixture(scope="module")
def one_against_four(minilm) -> Comparison:
    """One outlet's damage figure against four others': four conflicting pairs of one fact."""
    articles = []
    for n, amount in enumerate(["$5 million", "$1 million", "$1 million", "$1 million", "$1 million"]):
        text = (f"The fire caused damage estimated at {amount} to the Wasilla Bible Church, the fire chief said.\n\n"
                f"Report {n} of the evening desk.")
        articles.append(Article(id=article_id(text), text=text, source=Source(f"o{n}.txt"), outlet=f"Outlet {n}",
                                language="en"))
    return compare_articles(tuple(analyze_articles(articles)), encoder=minilm)


def test_many_pairs_of_one_disagreement_are_shown_once_with_the_rest_folded(one_against_four):
    assert [c.type for c in one_against_four.conflicts] == ["number"] * 4  # the JSON keeps every pair
    page = comparison_html(one_against_four)
    section = page[page.index('<h2 id="conflicts">'):page.index('<h2 id="quotes">')]
    assert "4 conflicting pairs among 5 articles" in section
    assert section.count('<div class="item">') == 4 and section.count("<details>") == 1
    assert "1 more number conflicts about this fact" in section
    out = io.StringIO()
    print_comparison(Console(file=out, width=140, color_system=None), one_against_four)
    text = out.getvalue()
    assert text.count("[number]") == 3 and "… and 1 more number conflicts about" in text


def test_a_quote_no_outlet_credits_by_name_is_not_called_same_speaker(comparison):
    # both outlets credit "the mayor": nobody is named, so there is no speaker to compare
    (thread,) = comparison.quotes
    assert not thread.wording_differs and not thread.speaker_differs
    markdown = comparison_markdown(comparison)
    assert f"### {thread.id} — same wording\n" in markdown
    assert "same wording and speaker" not in markdown
    assert "same wording and speaker" not in comparison_html(comparison)
