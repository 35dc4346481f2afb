"""Ingestion of the real inputs beside the repository: the two seeds and the ECB+ articles."""

from __future__ import annotations

from collections import Counter

from newsprism.config import Config
from newsprism.ingest import ingest_paths
from newsprism.model import Skipped, article_id

from .conftest import ECBPLUS, MEHR_SEED, OTHER_SEED


def test_seed_folder_gives_both_articles_and_skips_the_readme(seeds_dir):
    result = ingest_paths([str(seeds_dir)], Config())
    assert [a.source.path for a in result.articles] == [str(MEHR_SEED), str(OTHER_SEED)]
    assert [s.source.path for s in result.skipped] == [str(seeds_dir / "README.md")]
    assert "unknown file type" in result.skipped[0].reason


def test_mehr_seed_outlet_comes_from_its_licence_sentence_which_leaves_the_text(seeds_dir):
    (article,) = ingest_paths([str(MEHR_SEED)], Config()).articles
    assert article.outlet == "Mehr News Agency"
    assert "licensed under" not in article.text
    assert "Mehr News Agency" not in article.text
    assert article.metadata["credit"].startswith("All Content by Mehr News Agency is licensed")
    assert article.text.endswith("nor desired.")
    assert article.language == "en"
    assert article.id == article_id(article.text)


def test_second_seed_date_prefix_becomes_published_and_leaves_the_text(seeds_dir):
    (article,) = ingest_paths([str(OTHER_SEED)], Config()).articles
    assert article.published == "2022-01-28"
    assert article.text.startswith("Nato and US")
    assert "date 2022-01-28" not in article.text
    assert article.metadata == {"date": "2022-01-28"}
    assert article.outlet is None  # the text does not name it, and the file name is not used
    assert article.id == article_id(article.text)


def test_seed_text_is_the_file_minus_metadata_with_inner_text_untouched(seeds_dir):
    raw = OTHER_SEED.read_text(encoding="utf-8")
    (article,) = ingest_paths([str(OTHER_SEED)], Config()).articles
    assert raw.rstrip().endswith(article.text)
    assert raw.index(article.text) < 20


def test_all_720_ecbplus_records_are_ingested_with_duplicates_reported(ecbplus_records):
    result = ingest_paths([str(ECBPLUS)], Config())
    assert result.skipped == ()
    seen = len(result.articles) + sum(len(a.also_seen_at) for a in result.articles)
    assert seen == len(ecbplus_records) == 720
    # Duplicates are exactly the records whose texts normalise to the same id.
    ids = Counter(article_id(r["text"].strip()) for r in ecbplus_records)
    assert len(result.articles) == len(ids)
    by_id = {a.id: a for a in result.articles}
    for record_id, count in ids.items():
        assert len(by_id[record_id].also_seen_at) == count - 1
    lines = sorted(a.source.line for a in result.articles)
    assert lines[0] == 1 and all(isinstance(n, int) for n in lines)
    assert all(a.external_id for a in result.articles)
    first = result.articles[0]
    assert first.external_id == ecbplus_records[0]["id"]
    assert first.title == ecbplus_records[0]["title"]
    assert first.text == ecbplus_records[0]["text"].strip()  # the title is not prepended
    assert first.extra == {
        "topic": ecbplus_records[0]["topic"],
        "event": ecbplus_records[0]["event"],
        "split": ecbplus_records[0]["split"],
    }
    assert not any(isinstance(s, Skipped) for s in result.skipped)
