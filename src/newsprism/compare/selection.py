"""Which articles of a big story are compared: every outlet before a second article of any.

A story can hold more articles than a comparison can read side by side in reasonable time
(every pair of claims is scored). Past the limit, the outlets are what a reader compares, so
each outlet's earliest article is taken first, then each outlet's second, and so on; within a
round, outlets come in the order the story first gives them. The articles kept keep their
given order.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.model import AnalyzedArticle, LeftOut, outlet_label


def choose_articles(
    analyzed: Sequence[AnalyzedArticle], limit: int
) -> tuple[tuple[AnalyzedArticle, ...], tuple[LeftOut, ...]]:
    """(articles to compare, in the given order; the others, each with the reason)."""
    if limit < 2:
        raise ValueError(f"a comparison needs at least two articles; the limit is {limit}")
    if len(analyzed) <= limit:
        return tuple(analyzed), ()
    by_outlet: dict[str, list[int]] = {}
    for index, item in enumerate(analyzed):
        by_outlet.setdefault(outlet_label(item.article), []).append(index)
    for indices in by_outlet.values():
        indices.sort(key=lambda i: _earliest_first(analyzed[i], i))
    chosen: list[int] = []
    depth = 0
    while len(chosen) < limit:
        chosen.extend(indices[depth] for indices in by_outlet.values() if depth < len(indices))
        depth += 1
    kept = set(chosen[:limit])
    reason = (
        f"the story has {len(analyzed)} articles and a comparison takes {limit}, "
        f"each outlet's earliest first"
    )
    return (
        tuple(item for i, item in enumerate(analyzed) if i in kept),
        tuple(LeftOut(item.article, reason) for i, item in enumerate(analyzed) if i not in kept),
    )


def _earliest_first(item: AnalyzedArticle, index: int) -> tuple:
    published = item.article.published
    return (published is None, published or "", index)
