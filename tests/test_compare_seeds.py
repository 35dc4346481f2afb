"""Comparing the two seed reports of the Putin–Macron call: the facts both carry are grouped,
including paraphrases, and the facts only one carries stay exclusive (issue 3, item 7)."""

from __future__ import annotations

import json

import pytest

from newsprism.analyze import analyze_articles
from newsprism.compare import compare_articles
from newsprism.config import Config
from newsprism.ingest import ingest_paths
from newsprism.model import Comparison, outlet_label
from newsprism.render.comparison_json import comparison_document

from .conftest import MEHR_SEED, OTHER_SEED


@pytest.fixture(scope="module")
def seed_comparison(seeds_dir, minilm) -> Comparison:
    articles = ingest_paths([str(MEHR_SEED), str(OTHER_SEED)], Config()).articles
    return compare_articles(tuple(analyze_articles(articles)), encoder=minilm)


def _article_of(comparison: Comparison, seed) -> str:
    return next(a.id for a in comparison.articles if a.article.source.path == str(seed))


def _group_with(comparison: Comparison, seed, words: str):
    article = _article_of(comparison, seed)
    for group in comparison.groups:
        for claim in group.claims:
            if claim.article_id == article and words in claim.text:
                return group
    raise AssertionError(f"no claim of {seed.name} contains {words!r}")


SAME_FACT = [
    ("did not take into consideration", "failed to take into account"),
    # the same fact restated by the Kremlin readout earlier in the Mehr report
    ("did not take into account Russia", "failed to take into account"),
    ("carefully study", "study the western responses"),
    ("does not want war", "didn’t want war"),
    pytest.param(
        "security integrity",
        "without hurting defence concerns",
        marks=pytest.mark.xfail(
            strict=True,
            reason="known gap: the pair model scores this paraphrase 0.24, under the strongest-link bar "
            "(0.32) and its resemblance to 'first public comment on the responses' (0.30); see the "
            "report on issue 3",
        ),
    ),
    ("banned from joining NATO", "ban on Kiev ever joining"),
]


@pytest.mark.parametrize(("mehr_words", "other_words"), SAME_FACT)
def test_paraphrased_facts_of_both_outlets_share_one_group(seed_comparison, mehr_words, other_words):
    mehr = _group_with(seed_comparison, MEHR_SEED, mehr_words)
    other = _group_with(seed_comparison, OTHER_SEED, other_words)
    assert mehr.id == other.id
    assert mehr.status == "shared"
    assert mehr.omitted_by == ()


@pytest.mark.parametrize(
    ("seed", "words"),
    [
        (OTHER_SEED, "Bruno Kahl"),
        (OTHER_SEED, "Antony Blinken"),
        (MEHR_SEED, "we don’t need this panic"),
        (MEHR_SEED, "moving U.S. troops to Eastern Europe"),
        (MEHR_SEED, "refused to send any form of military assistance"),
    ],
)
def test_facts_only_one_outlet_reports_are_exclusive_and_omitted_by_the_other(seed_comparison, seed, words):
    group = _group_with(seed_comparison, seed, words)
    assert group.status == "exclusive"
    assert {c.article_id for c in group.claims} == {_article_of(seed_comparison, seed)}
    other = next(a for a in seed_comparison.articles if a.article.source.path != str(seed))
    assert group.omitted_by == (outlet_label(other.article),)


def test_two_reports_of_one_call_are_not_taken_for_two_stories(seed_comparison):
    assert seed_comparison.separate_stories == ()


def test_the_unnamed_outlet_is_shown_by_its_file(seed_comparison):
    outlets = {outlet_label(a.article) for a in seed_comparison.articles}
    assert "Mehr News Agency" in outlets
    assert f"unknown outlet ({OTHER_SEED})" in outlets


def test_every_claim_span_points_at_its_text_and_no_licence_line_is_a_claim(seed_comparison):
    texts = {a.id: a.article.text for a in seed_comparison.articles}
    for group in seed_comparison.groups:
        for claim in group.claims:
            assert texts[claim.article_id][claim.span.start : claim.span.end] == claim.text
            assert "licensed under" not in claim.text


def test_claims_carry_the_speaker_the_analysis_credits(seed_comparison):
    kahl = _group_with(seed_comparison, OTHER_SEED, "Bruno Kahl").claims[0]
    assert kahl.attribution is not None and kahl.attribution.speaker == "Bruno Kahl"


def test_sourcing_is_profiled_per_outlet_and_credited_per_group(seed_comparison):
    outlets = seed_comparison.sourcing["outlets"]
    assert set(outlets) == {outlet_label(a.article) for a in seed_comparison.articles}
    for entry in outlets.values():
        assert abs(sum(entry["claims"]["shares"].values()) - 1.0) < 0.01
        assert entry["claims"]["counts"]["unattributed"] > 0  # outlets also speak in their own voice
    war = _group_with(seed_comparison, OTHER_SEED, "didn’t want war")
    credits = seed_comparison.sourcing["groups"][war.id]
    assert len(credits) == 2  # both outlets carry it ...
    for entries in credits.values():  # ... and both credit Lavrov
        assert "Sergey Lavrov" in {c["speaker"] for c in entries}


def test_the_same_input_gives_byte_identical_json(seed_comparison, minilm):
    articles = ingest_paths([str(MEHR_SEED), str(OTHER_SEED)], Config()).articles
    again = compare_articles(tuple(analyze_articles(articles)), encoder=minilm)
    first = json.dumps(comparison_document(seed_comparison), sort_keys=True)
    assert json.dumps(comparison_document(again), sort_keys=True) == first


def test_the_macron_quote_is_threaded_with_its_trimmed_version(seed_comparison):
    threads = [
        t for t in seed_comparison.quotes if any("demanding dialogue" == v.wording for v in t.versions)
    ]
    assert len(threads) == 1
    versions = threads[0].versions
    assert {v.speaker for v in versions} == {"Emmanuel Macron"}
    assert threads[0].wording_differs and not threads[0].speaker_differs
