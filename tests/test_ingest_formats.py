"""Every input format, through the public API, with small hand-written fixtures."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.config import Config
from newsprism.ingest import ingest_paths, iter_records, read_bytes
from newsprism.model import Article, Skipped, Source, Warning_, article_id

CONFIG = Config()
STORM = "A large storm hit the coast on Tuesday, officials said. Thousands of homes lost power."
BRIDGE = "The city council voted on Monday to close the old bridge for repairs until next spring."
FIRE = "Firefighters put out a blaze at a warehouse near the port late on Friday night."

PAGE = """<!doctype html>
<html><head>
<title>Storm hits the coast | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta property="og:title" content="Storm hits the coast">
<link rel="canonical" href="https://www.dailyplanet.example.com/news/storm">
<meta property="article:published_time" content="2023-05-04T10:00:00+02:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article>
<h1>Storm hits the coast</h1>
<p>A large storm hit the coast on Tuesday, officials said. Thousands of homes lost power as
winds reached 120 kilometres an hour and waves flooded the harbour road.</p>
<p>The mayor said schools would stay closed on Wednesday while crews cleared fallen trees
and repaired the lines. Residents were asked to avoid the seafront until further notice.</p>
</article>
<footer>Contact us | Privacy</footer>
</body></html>
"""


def articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def one_article(path: Path) -> Article:
    result = ingest_paths([str(path)], CONFIG)
    assert result.skipped == (), result.skipped
    (article,) = result.articles
    assert article.id == article_id(article.text)
    return article


# ---- plain text ---------------------------------------------------------------------------


def test_text_file_metadata_lines_fill_fields_and_leave_the_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Title: Storm hits the coast\nURL: https://www.dailyplanet.example.com/news/storm\n"
        "Author: Jo Reporter\nPublished: 4 May 2023\n\n" + STORM + "\n",
        encoding="utf-8",
    )
    article = one_article(path)
    assert article.text == STORM
    assert article.title == "Storm hits the coast"
    assert article.url == "https://www.dailyplanet.example.com/news/storm"
    assert article.outlet == "dailyplanet.example.com"  # from the URL, www. dropped
    assert article.published == "2023-05-04"
    assert article.metadata["author"] == "Jo Reporter"
    assert article.source == Source(str(path))


def test_date_prefix_on_the_first_line_is_cut_and_the_sentence_kept(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text(" date 2023-05-04T10:30:00+02:00 " + STORM + "\n\n" + BRIDGE, encoding="utf-8")
    article = one_article(path)
    assert article.published == "2023-05-04T10:30:00+02:00"
    assert article.text == STORM + "\n\n" + BRIDGE


def test_a_sentence_starting_with_the_word_date_is_not_metadata(tmp_path):
    path = tmp_path / "c.txt"
    text = "Date palms along the river were damaged by the storm, farmers said."
    path.write_text(text, encoding="utf-8")
    article = one_article(path)
    assert article.text == text
    assert article.published is None and article.metadata == {}


def test_outlet_header_wins_over_the_url_domain(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(
        "outlet: The Daily Planet\nurl: https://dailyplanet.example.com/x\n\n" + STORM,
        encoding="utf-8",
    )
    assert one_article(path).outlet == "The Daily Planet"


@pytest.mark.parametrize(
    ("ending", "outlet"),
    [
        ("\n\n© 2023 The Daily Planet, Inc. All rights reserved.", "The Daily Planet"),
        ("\nCopyright 2023 Harbour Times. All rights reserved.", "Harbour Times"),
        (" This article originally appeared on The Coastal Review.", "The Coastal Review"),
        ("\nSource: Northern Wire Service", "Northern Wire Service"),
        (
            " All content by Port City Radio is licensed under a Creative Commons licence.",
            "Port City Radio",
        ),
    ],
)
def test_credit_line_at_the_end_names_the_outlet_and_leaves_the_text(tmp_path, ending, outlet):
    path = tmp_path / "e.txt"
    path.write_text(STORM + ending, encoding="utf-8")
    article = one_article(path)
    assert article.text == STORM
    assert article.outlet == outlet
    assert article.metadata["credit"] == ending.strip()


@pytest.mark.parametrize(
    "text",
    [
        BRIDGE + " Source: officials at the port said the storm was the worst in years.",
        "Source: officials at the port said the storm was the worst in years.\n\n" + BRIDGE,
        "\u00a9 2023 Harbour Times. All rights reserved. " + BRIDGE,
        BRIDGE + "\nCopyright law was not changed by the vote, officials said.",
        BRIDGE + " The report was published by Amnesty International.",
    ],
)
def test_credit_like_words_that_are_reporting_are_left_in_the_text(tmp_path, text):
    path = tmp_path / "f.txt"
    path.write_text(text, encoding="utf-8")
    article = one_article(path)
    assert article.text == text
    assert article.outlet is None and article.metadata == {}


def test_windows_line_endings_in_metadata_lines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(("Title: Storm\r\nDate: 2023-05-04\r\n\r\n" + STORM + "\r\n").encode("utf-8"))
    article = one_article(path)
    assert (article.title, article.published, article.text) == ("Storm", "2023-05-04", STORM)


def test_inner_whitespace_is_never_rewritten(tmp_path):
    path = tmp_path / "g.txt"
    body = "First  paragraph,\twith odd   spacing.\r\n\r\n\r\nSecond paragraph."
    path.write_bytes(("\n\n  " + body + "  \n\n").encode("utf-8"))
    assert one_article(path).text == body


# ---- HTML -----------------------------------------------------------------------------


def test_html_page_gives_main_text_title_date_and_site_name(tmp_path):
    path = tmp_path / "storm.html"
    path.write_text(PAGE, encoding="utf-8")
    article = one_article(path)
    assert article.title == "Storm hits the coast"
    assert article.outlet == "Daily Planet"
    assert article.url == "https://www.dailyplanet.example.com/news/storm"
    assert article.published == "2023-05-04"
    assert article.text.startswith("A large storm hit the coast on Tuesday")
    assert "Privacy" not in article.text and "Home" not in article.text
    assert "\n\nThe mayor said" in article.text  # paragraphs separated by a blank line
    assert article.language == "en"


def test_html_outlet_falls_back_to_the_canonical_url_domain(tmp_path):
    page = PAGE.replace('<meta property="og:site_name" content="Daily Planet">', "").replace(
        " | Daily Planet", ""
    )
    path = tmp_path / "storm.htm"
    path.write_text(page, encoding="utf-8")
    assert one_article(path).outlet == "dailyplanet.example.com"


def test_tiny_html_fragment_is_read(tmp_path):
    path = tmp_path / "tiny.html"
    path.write_text("<p>" + BRIDGE + "</p>", encoding="utf-8")
    result = ingest_paths([str(path)], CONFIG)
    assert [a.text for a in result.articles] == [BRIDGE]


def test_page_whose_main_text_cannot_be_isolated_is_read_whole_with_a_warning(tmp_path):
    path = tmp_path / "odd.html"
    # trafilatura drops blocks it takes for comments; with nothing else on the page the
    # visible text is used instead of losing the article.
    path.write_text(f'<html><body><div class="comments">{BRIDGE}</div></body></html>')
    result = ingest_paths([str(path)], CONFIG)
    assert [a.text for a in result.articles] == [BRIDGE]
    (warning,) = result.warnings
    assert "used all visible text" in warning.message


def test_html_declared_charset_is_used_for_non_utf8_bytes(tmp_path):
    path = tmp_path / "latin.html"
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body>'
        "<p>Caf\u00e9 owners in the old town said " + STORM + "</p></body></html>"
    )
    path.write_bytes(page.encode("latin-1"))
    result = ingest_paths([str(path)], CONFIG)
    assert "Caf\u00e9 owners" in result.articles[0].text
    assert result.warnings == ()  # the page said which encoding it uses


# ---- JSON Lines, JSON, CSV ------------------------------------------------------------


def test_jsonl_fields_map_onto_the_article_and_others_go_to_extra(tmp_path):
    path = tmp_path / "a.jsonl"
    rows = [
        {
            "id": 7,
            "title": "Storm",
            "url": "https://www.planet.example.org/s",
            "published": "2023-05-04 10:00",
            "text": STORM,
            "section": "weather",
            "tags": ["storm"],
        },
        {
            "id": "b-2",
            "outlet": "Harbour Times",
            "date": "May 5, 2023",
            "text": BRIDGE,
            "language": "en-GB",
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = ingest_paths([str(path)], CONFIG)
    first, second = result.articles
    assert (first.external_id, first.title, first.outlet) == ("7", "Storm", "planet.example.org")
    assert first.published == "2023-05-04T10:00:00"
    assert first.extra == {"section": "weather", "tags": ["storm"]}
    assert first.source == Source(str(path), 1)
    assert (second.external_id, second.outlet, second.published, second.language) == (
        "b-2",
        "Harbour Times",
        "2023-05-05",
        "en",
    )
    assert second.source == Source(str(path), 2)


def test_jsonl_source_line_counts_blank_lines(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text(
        "\n" + json.dumps({"text": STORM}) + "\n\n" + json.dumps({"text": BRIDGE}) + "\n",
        encoding="utf-8",
    )
    assert [a.source.line for a in ingest_paths([str(path)], CONFIG).articles] == [2, 4]


def test_json_array_source_is_the_record_index(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps([{"text": STORM, "title": "Storm"}, {"text": BRIDGE}], indent=2),
        encoding="utf-8",
    )
    result = ingest_paths([str(path)], CONFIG)
    assert [(a.source.line, a.title) for a in result.articles] == [(1, "Storm"), (2, None)]


def test_json_single_object_is_one_article(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": FIRE, "outlet": "Port Radio"}, indent=2), encoding="utf-8")
    article = one_article(path)
    assert (article.text, article.outlet, article.source) == (FIRE, "Port Radio", Source(str(path)))


def test_json_file_holding_json_lines_is_read_with_a_warning(tmp_path):
    path = tmp_path / "lines.json"
    path.write_text(
        json.dumps({"text": STORM}) + "\n" + json.dumps({"text": BRIDGE}) + "\n", encoding="utf-8"
    )
    result = ingest_paths([str(path)], CONFIG)
    assert len(result.articles) == 2
    assert "JSON Lines" in result.warnings[0].message


def test_csv_rows_with_quoted_multiline_text_keep_their_starting_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        "id,Title,text,published,section\n"
        f'1,Storm,"{STORM}\n\nSecond paragraph of the storm story.",2023-05-04,weather\n'
        f'2,,"{BRIDGE}",,\n',
        encoding="utf-8",
    )
    first, second = ingest_paths([str(path)], CONFIG).articles
    assert first.source.line == 2 and second.source.line == 5
    assert first.text.endswith("\n\nSecond paragraph of the storm story.")
    assert (first.external_id, first.title, first.published, first.extra) == (
        "1",
        "Storm",
        "2023-05-04",
        {"section": "weather"},
    )
    assert (second.title, second.published, second.extra) == (None, None, {})


def test_semicolon_csv_and_tsv_are_read(tmp_path):
    semi = tmp_path / "semi.csv"
    semi.write_text(f"text;outlet\n{STORM};Harbour Times\n", encoding="utf-8")
    tsv = tmp_path / "tabs.tsv"
    tsv.write_text(f"outlet\ttext\nPort Radio\t{BRIDGE}\n", encoding="utf-8")
    result = ingest_paths([str(semi), str(tsv)], CONFIG)
    assert [(a.outlet, a.text) for a in result.articles] == [
        ("Harbour Times", STORM),
        ("Port Radio", BRIDGE),
    ]


# ---- WARC -----------------------------------------------------------------------------


def _warc(records: list[tuple[str, str, str, bytes]], compress: bool) -> bytes:
    """(uri, status line, content type, body) per response record, after a warcinfo record."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "newsprism tests"}))
    for uri, status, content_type, body in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
        )
    return out.getvalue()


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_articles_numbered_by_record(tmp_path, name):
    page_without_site = (
        "<html><body><article><p>" + (BRIDGE + " ") * 4 + "</p></article></body></html>"
    )
    data = _warc(
        [
            (
                "https://www.dailyplanet.example.com/news/storm",
                "200 OK",
                "text/html; charset=utf-8",
                PAGE.encode(),
            ),
            ("https://www.dailyplanet.example.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
            (
                "https://www.harbourtimes.example.net/bridge",
                "200 OK",
                "text/html",
                page_without_site.encode(),
            ),
            (
                "https://www.harbourtimes.example.net/gone",
                "404 Not Found",
                "text/html",
                b"<p>Not found</p>",
            ),
        ],
        compress=name.endswith(".gz"),
    )
    path = tmp_path / name
    path.write_bytes(data)
    result = ingest_paths([str(path)], CONFIG)
    assert result.skipped == ()
    storm, bridge = result.articles
    assert storm.source == Source(str(path), 2) and bridge.source == Source(str(path), 4)
    assert storm.outlet == "Daily Planet"
    assert bridge.outlet == "harbourtimes.example.net"
    assert bridge.url == "https://www.harbourtimes.example.net/bridge"
    assert bridge.text.startswith(BRIDGE)


def test_warc_without_html_responses_is_reported(tmp_path):
    path = tmp_path / "images.warc.gz"
    path.write_bytes(
        _warc([("https://x.example.com/a.png", "200 OK", "image/png", b"\x89PNG")], compress=True)
    )
    (skip,) = ingest_paths([str(path)], CONFIG).skipped
    assert "no HTML responses" in skip.reason


def test_truncated_warc_keeps_the_records_before_the_break(tmp_path):
    data = _warc(
        [
            ("https://a.example.com/1", "200 OK", "text/html", PAGE.encode()),
            (
                "https://b.example.com/2",
                "200 OK",
                "text/html",
                PAGE.replace("storm", "gale").encode(),
            ),
        ],
        compress=True,
    )
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 200])
    result = ingest_paths([str(path)], CONFIG)
    assert len(result.articles) == 1
    (skip,) = result.skipped
    assert skip.source == Source(str(path), 3) and "ends inside this record" in skip.reason


# ---- folders, stdin, duplicates, language ------------------------------------------------


def test_folders_are_walked_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "1.txt").write_text(FIRE, encoding="utf-8")
    (tmp_path / "a" / "2.txt").write_text(BRIDGE, encoding="utf-8")
    (tmp_path / "0.txt").write_text(STORM, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(
        "A hidden draft that should not be read.", encoding="utf-8"
    )
    result = ingest_paths([str(tmp_path)], CONFIG)
    assert [a.text for a in result.articles] == [STORM, BRIDGE, FIRE]
    assert result.skipped == ()


@pytest.mark.parametrize(
    ("payload", "expected_texts"),
    [
        (
            (json.dumps({"text": STORM}) + "\n" + json.dumps({"text": BRIDGE})).encode(),
            [STORM, BRIDGE],
        ),
        (json.dumps({"text": STORM}, indent=2).encode(), [STORM]),
        (json.dumps([{"text": STORM}, {"text": FIRE}]).encode(), [STORM, FIRE]),
        (("<html><body><p>" + BRIDGE + "</p></body></html>").encode(), [BRIDGE]),
        ((" date 2023-05-04 " + FIRE).encode(), [FIRE]),
    ],
)
def test_stdin_format_is_guessed_from_its_content(payload, expected_texts):
    result = ingest_paths(["-"], CONFIG, stdin=io.BytesIO(payload))
    assert [a.text for a in result.articles] == expected_texts
    assert all(a.source.path == "-" for a in result.articles)


def test_stdin_warc_is_recognised_by_its_magic_bytes():
    data = _warc(
        [("https://www.dailyplanet.example.com/news/storm", "200 OK", "text/html", PAGE.encode())],
        compress=True,
    )
    (article,) = ingest_paths(["-"], CONFIG, stdin=io.BytesIO(data)).articles
    assert article.outlet == "Daily Planet" and article.source == Source("-", 2)


def test_exact_duplicates_are_reported_once_with_every_source(tmp_path):
    (tmp_path / "a.txt").write_text(STORM, encoding="utf-8")
    # Same text with different spacing and a header: still the same article.
    (tmp_path / "b.txt").write_text(
        "title: Storm\n\n" + STORM.replace(" ", "  ", 2) + "\n", encoding="utf-8"
    )
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": BRIDGE}) + "\n" + json.dumps({"text": STORM}) + "\n", encoding="utf-8"
    )
    result = ingest_paths([str(tmp_path)], CONFIG)
    storm = next(a for a in result.articles if a.text == STORM)
    assert storm.source == Source(str(tmp_path / "a.txt"))
    assert storm.also_seen_at == (
        Source(str(tmp_path / "b.txt")),
        Source(str(tmp_path / "c.jsonl"), 2),
    )
    assert len(result.articles) == 2
    # The stream itself still yields every occurrence.
    streamed = articles(iter_records([str(tmp_path)], CONFIG))
    assert [a.id for a in streamed] == [storm.id, storm.id, article_id(BRIDGE), storm.id]


def test_non_english_article_is_ingested_and_marked_with_its_language(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(
        "Ein schwerer Sturm hat am Dienstag die Küste getroffen. "
        "Tausende Haushalte waren ohne Strom, "
        "teilten die Behörden mit.",
        encoding="utf-8",
    )
    article = one_article(path)
    assert article.language == "de" and not article.is_english


def test_language_field_in_a_record_wins_over_detection(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": STORM, "language": "French"}) + "\n", encoding="utf-8")
    assert one_article(path).language == "fr"


def test_pathlib_paths_are_accepted(tmp_path):
    (tmp_path / "a.txt").write_text(STORM, encoding="utf-8")
    assert [a.text for a in ingest_paths([tmp_path], CONFIG).articles] == [STORM]


def test_read_bytes_dispatches_by_extension():
    items = list(read_bytes(json.dumps([{"text": STORM}]).encode(), "upload.JSON", CONFIG))
    assert [a.text for a in articles(items)] == [STORM]
    items = list(read_bytes(gzip.compress(b"not a warc"), "upload.warc.gz", CONFIG))
    assert all(isinstance(i, (Skipped, Warning_)) for i in items) and items
