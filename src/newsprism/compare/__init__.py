"""Compare the reports of one story: which outlet states which fact, which leaves it out,
where they contradict each other, how quotations travel and whom each outlet credits.

`compare_articles` is the stage entry point. It reads analysed articles (offsets into
`Article.text`) and returns a `Comparison`; it never touches files or the terminal.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from newsprism.compare.settings import CompareConfig
from newsprism.config import Config
from newsprism.model import AnalyzedArticle, Comparison

__all__ = ["CompareConfig", "compare_articles"]


def compare_articles(
    analyzed: Sequence[AnalyzedArticle],
    config: Config | None = None,
    encoder=None,
    *,
    compare_config: CompareConfig | None = None,
    docs: Mapping[str, object] | None = None,
) -> Comparison:
    """Treat `analyzed` as reports of one story and compare them.

    `encoder` defaults to the one named by `compare_config.encoder`. `docs` maps article id to
    the spaCy Doc the analysis already parsed (same text, same offsets); articles without one
    are parsed here.
    """
    from newsprism.compare.pipeline import run_comparison

    return run_comparison(
        analyzed,
        config=config or Config(),
        settings=compare_config or CompareConfig(),
        encoder=encoder,
        docs=docs or {},
    )
