"""Group claims of different articles that state the same fact.

Pair probabilities come from `features.linked_probabilities`. Groups are then built by average-
linkage agglomerative clustering in which only *cross-article* pairs count: two groups merge
while the mean probability over their claim pairs from different articles stays at or above
the threshold. Pairs of one article are left out of the mean, so an article that states a
fact twice (lede and quote) can have both claims in the group, but never through its own
repetition alone. Average linkage keeps one loose pair from chaining unrelated facts together,
which single linkage (connected components) does as soon as a story has many outlets.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse

from newsprism.compare.claims import ClaimFacts


@dataclass
class _Cluster:
    members: list[int]
    articles: Counter

    def cross_pairs(self, other: _Cluster) -> int:
        """Pairs of members from different articles."""
        total = len(self.members) * len(other.members)
        return total - sum(count * other.articles.get(article, 0) for article, count in self.articles.items())

    def one_article_with(self, other: _Cluster) -> bool:
        """Whether both clusters hold claims of one and the same article."""
        return len(self.articles) == 1 and self.articles.keys() == other.articles.keys()


def cluster_claims(
    facts: Sequence[ClaimFacts],
    probability: sparse.csr_matrix | np.ndarray,
    threshold: float,
    floor: float,
    strongest_link: float = 0.0,
) -> list[list[int]]:
    """Indices of `facts` grouped by fact; every claim is in exactly one group. Groups and
    their members come back in a deterministic order (by first member)."""
    n = len(facts)
    articles = [f.article_index for f in facts]
    clusters: dict[int, _Cluster] = {i: _Cluster([i], Counter([articles[i]])) for i in range(n)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    # The most probable single pair between two groups: a merge also needs one confident link,
    # so a group cannot grow by many lukewarm resemblances alone.
    best: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for i, j, p in pairs_at_least(probability, floor):
        if articles[i] != articles[j]:
            sums[i][j] = sums[j][i] = p
            best[i][j] = best[j][i] = p

    heap: list[tuple[float, int, int]] = []

    def push(a: int, b: int) -> None:
        if clusters[a].one_article_with(clusters[b]):
            return  # a group needs two articles to be born; one article alone never merges
        if best[a][b] < strongest_link:
            return
        pairs = clusters[a].cross_pairs(clusters[b])
        if pairs:
            mean = sums[a][b] / pairs
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(a, b), max(a, b)))

    for a in range(n):
        for b in sums[a]:
            if a < b:
                push(a, b)

    next_id = n
    while heap:
        negative_mean, a, b = heapq.heappop(heap)
        if a not in clusters or b not in clusters:
            continue  # stale: one side was merged already
        current = sums[a].get(b, 0.0) / max(clusters[a].cross_pairs(clusters[b]), 1)
        if abs(current + negative_mean) > 1e-9:
            continue  # stale value
        merged = _Cluster(clusters[a].members + clusters[b].members, clusters[a].articles + clusters[b].articles)
        new = next_id
        next_id += 1
        neighbours = (set(sums[a]) | set(sums[b])) - {a, b}
        sums[new], best[new] = {}, {}
        for other in neighbours:
            sums[new][other] = sums[other][new] = sums[a].get(other, 0.0) + sums[b].get(other, 0.0)
            best[new][other] = best[other][new] = max(best[a].get(other, 0.0), best[b].get(other, 0.0))
            for old in (a, b):
                sums[other].pop(old, None)
                best[other].pop(old, None)
        del clusters[a], clusters[b], sums[a], sums[b], best[a], best[b]
        clusters[new] = merged
        for other in sorted(neighbours):
            push(new, other)

    groups = [sorted(c.members) for c in clusters.values()]
    return sorted(groups, key=lambda members: members[0])


def pairs_at_least(probability, floor: float) -> list[tuple[int, int, float]]:
    """(i, j, p) with i < j and p >= floor, in row order, from a dense or sparse matrix."""
    if sparse.issparse(probability):
        upper = sparse.triu(probability, k=1).tocsr()
        upper.sort_indices()
        coo = upper.tocoo()
        keep = coo.data >= floor
        return list(zip(coo.row[keep].tolist(), coo.col[keep].tolist(), coo.data[keep].tolist()))
    rows, cols = np.nonzero(np.triu(probability >= floor, k=1))
    return [(i, j, float(probability[i, j])) for i, j in zip(rows.tolist(), cols.tolist())]


def attach_restatements(
    groups: Sequence[Sequence[int]],
    facts: Sequence[ClaimFacts],
    embeddings: np.ndarray,
    full: np.ndarray | None,
    min_cosine: float,
) -> list[list[int]]:
    """Move a claim left on its own into the shared group of a claim of its *own* article
    that restates it (cosine at least `min_cosine`).

    News restates its main facts — in the lede, then in the quote behind it — and the pair
    model links another outlet's sentence to the closest restatement only (`link_top_k`),
    so the others would be listed as facts this outlet alone reports. Only claims no other
    article matched move, and only into groups that span two or more articles. The cosine of
    two claims is the better of their two views (`full` the claims as written, if given)."""
    groups = [list(g) for g in groups]
    group_of = {i: n for n, members in enumerate(groups) for i in members}
    spans_articles = [len({facts[i].article_index for i in members}) >= 2 for members in groups]
    claims_of: dict[int, list[int]] = {}
    for i, fact in enumerate(facts):
        claims_of.setdefault(fact.article_index, []).append(i)
    moves: dict[int, int] = {}
    for n, members in enumerate(groups):
        if len(members) != 1:
            continue
        (claim,) = members
        own = claims_of[facts[claim].article_index]
        cosine = embeddings[own] @ embeddings[claim]
        if full is not None:
            cosine = np.maximum(cosine, full[own] @ full[claim])
        best, target = min_cosine, None
        for other, similarity in zip(own, cosine.tolist()):
            if other != claim and spans_articles[group_of[other]] and similarity >= best:
                best, target = similarity, group_of[other]
        if target is not None:
            moves[claim] = target
    for claim, target in sorted(moves.items()):
        groups[target].append(claim)
        groups[group_of[claim]].remove(claim)
    kept = [sorted(members) for members in groups if members]
    return sorted(kept, key=lambda members: members[0])
