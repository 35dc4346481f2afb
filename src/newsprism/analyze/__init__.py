"""Analysis of English articles: sentences, paragraphs, entities, attributions, sourcing.

`analyze_articles` is the stage entry point: it batches texts through spaCy (`nlp.pipe`) and
returns one `AnalyzedArticle` per input, in input order. Non-English articles come back with
`analyzed=False` and no annotations.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from newsprism.analyze.document import annotate_doc
from newsprism.analyze.nlp import load_nlp
from newsprism.config import Config
from newsprism.model import AnalyzedArticle, Article

# Raised whenever a change alters what the analysis of a text is, so analyses stored by an
# older newsprism are computed again on use (`Store.analyses`). 2: tokenised text is parsed as
# if written normally (stop 17). 3: a spaced hyphen before a number word is a dash ("the jury
# - six women"), stop 18. 4: a quotation ends at a news-style reporting clause inside its marks
# (", police said."); a mark glued to the next sentence opens a quote when what follows reads as
# speech (stop 19). 5: "he"/"she" and "Mr."/"Ms." agree with the gender of a given name; a full
# name tagged as a company is a person when the article tags its surname alone as one; "the
# unrest saying that" is not a speaker (stop 20).
ANALYZER_VERSION = 5


def analyze_articles(
    articles: Iterable[Article], config: Config | None = None, *, n_process: int = 1
) -> Iterator[AnalyzedArticle]:
    """One AnalyzedArticle per input, in input order. English texts go through spaCy in
    batches of `config.nlp_batch_size`; `n_process` > 1 parses in that many worker processes
    (spaCy's own multiprocessing), the rules run here. Articles are consumed lazily."""
    for analyzed, _ in analyze_articles_with_docs(articles, config, n_process=n_process):
        yield analyzed


def analyze_articles_with_docs(
    articles: Iterable[Article], config: Config | None = None, *, n_process: int = 1
) -> Iterator[tuple[AnalyzedArticle, object | None]]:
    """As `analyze_articles`, each with the spaCy Doc of its whole text, so a later stage
    (compare) need not parse it again. None for an article not analysed, or whose text was
    cut at `config.nlp_max_chars` (that Doc covers only the start)."""
    config = config or Config()
    nlp = load_nlp()
    chunk = config.nlp_batch_size * max(1, n_process) * 4  # enough work for every worker
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= chunk:
            yield from _analyze_batch(nlp, batch, config, n_process)
            batch = []
    if batch:
        yield from _analyze_batch(nlp, batch, config, n_process)


def analyze_article(article: Article, config: Config | None = None) -> AnalyzedArticle:
    return next(analyze_articles([article], config))


def _analyze_batch(
    nlp, batch: list[Article], config: Config, n_process: int
) -> Iterator[tuple[AnalyzedArticle, object | None]]:
    english = [i for i, a in enumerate(batch) if a.is_english and a.text.strip()]
    texts = (batch[i].text[: config.nlp_max_chars] for i in english)
    kwargs = {"batch_size": config.nlp_batch_size}
    if n_process > 1 and len(english) > 1:
        kwargs["n_process"] = n_process
    docs = dict(zip(english, nlp.pipe(texts, **kwargs)))
    for i, article in enumerate(batch):
        doc = docs.get(i)
        if doc is None:
            yield AnalyzedArticle(article=article, analyzed=False), None
        else:
            yield annotate_doc(article, doc), doc if len(article.text) <= config.nlp_max_chars else None
