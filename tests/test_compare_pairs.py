"""Pair probabilities are computed a block of rows at a time and only the candidate links are
kept, so a story of hundreds of articles fits in memory; that must give the same links as the
whole matrices."""

from __future__ import annotations

import numpy as np

from newsprism.analyze import analyze_article
from newsprism.compare import features
from newsprism.compare.claims import extract_claims
from newsprism.compare.pipeline import embed_claims
from newsprism.compare.settings import CompareConfig
from newsprism.model import Article, Source, article_id

REPORTS = (
    "Russia has massed about 100,000 troops near the border with Ukraine, officials said on Monday. "
    "The two governments agreed to hold new talks in Geneva next month. "
    "Western intelligence agencies say Moscow is planning an invasion early next year. "
    "Tanks and artillery were seen moving north of Kharkiv over the weekend. "
    "The European Union warned of severe sanctions if Russian forces cross the border. "
    "Grain prices rose sharply in Chicago as traders worried about exports from the Black Sea.",
    "About 130,000 Russian troops are near Ukraine's border, officials said on Monday. "
    "Talks in Geneva will go ahead next month, the two governments agreed. "
    "The Kremlin denied that Moscow is planning an invasion of Ukraine. "
    "Brussels said sanctions would follow any crossing of the border by Russian troops. "
    "Satellite pictures showed new field hospitals close to the frontier.",
    "President Volodymyr Zelenskiy said Ukraine would defend every inch of its land. "
    "Officials said on Monday that Russia had moved more tanks towards the border. "
    "Diplomats expect the Geneva talks to open in the second week of next month. "
    "Ukraine asked its allies for more air defence systems and anti-tank weapons.",
)


def test_links_computed_in_blocks_equal_those_of_the_whole_matrix(nlp, minilm, monkeypatch):
    settings = CompareConfig()
    facts = []
    for index, text in enumerate(REPORTS):
        article = Article(id=article_id(text), text=text, source=Source(f"{index}.txt"), language="en")
        facts.extend(extract_claims(analyze_article(article), nlp(text), index, settings))
    core, full = embed_claims(facts, minilm)
    whole = features.pair_features(facts, core, settings.margin_k, full)
    expected = features.pair_probability(whole, settings.pair_weights)
    expected[~whole.cross_article] = 0.0
    expected = features.keep_top_links(expected, [f.article_index for f in facts], settings.link_top_k)
    expected[expected < settings.candidate_floor] = 0.0

    monkeypatch.setattr(features, "BLOCK_ROWS", 2)  # several blocks, one of them short
    linked = features.linked_probabilities(
        facts, core, settings.margin_k, settings.pair_weights, full, settings.link_top_k, settings.candidate_floor
    )

    assert len(facts) >= 12
    np.testing.assert_allclose(linked.toarray(), expected, atol=1e-5)
    assert (expected > 0.5).any()  # the story's shared facts are found at all
    assert (expected == 0).sum() > len(facts)  # and the top-k filter and floor cut some pairs
