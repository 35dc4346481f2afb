"""`newsprism compare PATH...` hands the analysis' spaCy parses on to the comparison instead of
parsing every text twice; the comparison must not change for it."""

from __future__ import annotations

from newsprism.analyze import analyze_articles_with_docs
from newsprism.compare import compare_articles
from newsprism.config import Config
from newsprism.model import Article, Source, article_id
from newsprism.render.comparison_json import comparison_document

TEXTS = (
    "Russia has massed about 100,000 troops near the border with Ukraine, officials said on Monday.\n\n"
    "“We will defend every inch of our land,” President Volodymyr Zelenskiy said in a televised address.",
    "Russia has massed about 130,000 troops near the border with Ukraine, officials said on Monday.\n\n"
    "“We will defend every inch of our land,” Foreign Minister Dmytro Kuleba said on Tuesday.",
    "Le conseil a approuvé le budget mardi.",
)


def test_a_comparison_with_the_analysis_parses_equals_one_that_parses_again(minilm):
    articles = [
        Article(id=article_id(text), text=text, source=Source(f"{n}.txt"), language="fr" if n == 2 else "en")
        for n, text in enumerate(TEXTS)
    ]
    pairs = list(analyze_articles_with_docs(articles, Config()))
    analyzed = [a for a, _ in pairs if a.analyzed]
    docs = {a.id: doc for a, doc in pairs if doc is not None}

    assert [doc is None for _, doc in pairs] == [False, False, True]  # French is not parsed
    assert all(docs[a.id].text == a.article.text for a in analyzed)
    handed_on = comparison_document(compare_articles(analyzed, encoder=minilm, docs=docs))
    parsed_again = comparison_document(compare_articles(analyzed, encoder=minilm))
    assert handed_on == parsed_again
    assert handed_on["conflicts"]  # the two reports do disagree, so there is something to match
