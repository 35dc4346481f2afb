"""Which articles of a big story are compared: every outlet's own reporting before copies, and
every outlet before a second article of any.

A story can hold more articles than a comparison can read side by side in reasonable time
(every pair of claims is scored). Past the limit, the outlets are what a reader compares, so
each outlet's earliest article is taken first, then each outlet's second, and so on; within a
round, outlets come in the order the story first gives them. A copy of another article of the
story (syndicated or reworded wire copy, see `stories.copies`) adds little that its original
does not say, so copies are taken only after every article that is no copy. The articles kept
keep their given order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsprism.model import AnalyzedArticle, LeftOut, outlet_label


def choose_articles(
    analyzed: Sequence[AnalyzedArticle], limit: int, copy_of: Mapping[str, str] | None = None
) -> tuple[tuple[AnalyzedArticle, ...], tuple[LeftOut, ...]]:
    """(articles to compare, in the given order; the others, each with the reason).
    `copy_of` maps the id of each article that copies another to the id of its original."""
    if limit < 2:
        raise ValueError(f"a comparison needs at least two articles; the limit is {limit}")
    if len(analyzed) <= limit:
        return tuple(analyzed), ()
    copy_of = copy_of or {}
    own = [i for i, item in enumerate(analyzed) if item.id not in copy_of]
    copies = [i for i, item in enumerate(analyzed) if item.id in copy_of]
    chosen = _round_robin(analyzed, own) + _round_robin(analyzed, copies)
    kept = set(chosen[:limit])
    base = f"the story has {len(analyzed)} articles and a comparison takes {limit}, each outlet's earliest first"
    titles = {item.id: item.article.title or item.id for item in analyzed}

    def reason(item: AnalyzedArticle) -> str:
        if item.id in copy_of:
            return f"{base}; a copy of “{titles.get(copy_of[item.id], copy_of[item.id])}”, so taken last"
        return base

    return (
        tuple(item for i, item in enumerate(analyzed) if i in kept),
        tuple(LeftOut(item.article, reason(item)) for i, item in enumerate(analyzed) if i not in kept),
    )


def _round_robin(analyzed: Sequence[AnalyzedArticle], indices: Sequence[int]) -> list[int]:
    """`indices`, each outlet's earliest first, then each outlet's second, and so on."""
    by_outlet: dict[str, list[int]] = {}
    for index in indices:
        by_outlet.setdefault(outlet_label(analyzed[index].article), []).append(index)
    for members in by_outlet.values():
        members.sort(key=lambda i: _earliest_first(analyzed[i], i))
    out: list[int] = []
    depth = 0
    while len(out) < len(indices):
        out.extend(members[depth] for members in by_outlet.values() if depth < len(members))
        depth += 1
    return out


def _earliest_first(item: AnalyzedArticle, index: int) -> tuple:
    published = item.article.published
    return (published is None, published or "", index)
