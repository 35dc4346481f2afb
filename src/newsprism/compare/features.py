"""Pair features for claim alignment, computed for all claim pairs at once with matrix
products (a 50-article story has ~2,000 claims, i.e. 4 million pairs).

Features of a pair (a, b) of claims from different articles:
  cosine   — embedding cosine;
  margin   — cosine minus the mean of the k best cosines each claim has in the other's
             article (Artetxe & Schwenk 2019, margin-based mining): a match must stand out
             from the story's background similarity;
  lexical  — Dice overlap of content lemmas weighted by inverse document frequency over the
             story's claims, so words every report uses ("Russia", "talks") count little;
  containment — the same weighted overlap over the *shorter* claim's mass: a short claim
             whose words all recur inside a long sentence of another outlet;
  entities — Jaccard overlap of entity keys;
  number   — the claims share a quantity;
  same_speaker / other_speaker — both are attributed, to the same / to different speakers;
  same_event — the claims' main event verbs (under any reporting frame, and through "failed
             to") are the same non-generic lemma: "will carefully study" / "would study";
  lede     — both claims are among the first two of their articles (headline and first
             sentence): news is written top-down, so outlets' ledes state the same main fact;
  position_gap — how far apart the claims sit in their articles, as shares of each article's
             length (0 = the same relative place, 1 = first against last);
  same_date — the claims state a common date ("Friday", "28 January", "1969").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse

from newsprism.compare.claims import ClaimFacts, entity_keys

FEATURE_NAMES = (
    "cosine", "margin", "lexical", "containment", "entities", "number", "same_speaker",
    "other_speaker", "same_event", "lede", "position_gap", "same_date",
)
# Claims at these first ordinals of an article make its lede (0 is the headline when the
# article has one). Measured with bench/alignment_eval.py: the first two beat the first one,
# three or four (leave-one-story-out claims F1 0.545 against 0.538, 0.519, 0.525).
LEDE_CLAIMS = 2
# Verbs too common to say two claims report the same event.
GENERIC_VERBS = frozenset({"be", "have", "do", "get", "make", "go", "come", "say", "tell", "give", ""})


# Rows of the pair matrices computed at a time by `linked_probabilities`: a block of 256 rows
# against 15,000 claims (a story of ~500 articles) is 15-30 MB per feature, where whole
# matrices would be 900 MB each.
BLOCK_ROWS = 256


@dataclass(frozen=True)
class PairFeatures:
    """One (n x n) matrix per feature, plus which pairs are cross-article."""

    matrices: dict[str, np.ndarray]
    cross_article: np.ndarray  # bool (n x n)

    def stacked(self) -> np.ndarray:
        """(n, n, F) in FEATURE_NAMES order."""
        return np.stack([self.matrices[name] for name in FEATURE_NAMES], axis=-1)


@dataclass(frozen=True)
class _ClaimTable:
    """What the pair features are computed from, one row per claim; a block of pairs is then
    a few products of its rows against the whole table."""

    articles: np.ndarray
    embeddings: np.ndarray
    full: np.ndarray | None
    knn: np.ndarray  # (n, articles): mean of each claim's k best cosines in each article
    column_of: np.ndarray  # claim -> its article's column in `knn`
    lemmas: sparse.csr_matrix  # binary claim x lemma
    weighted_lemmas: sparse.csr_matrix  # the same, times each lemma's IDF over the story
    lemma_mass: np.ndarray
    entities: sparse.csr_matrix
    numbers: sparse.csr_matrix
    speakers: sparse.csr_matrix
    has_speaker: np.ndarray  # bool: the claim is credited to someone
    events: sparse.csr_matrix
    dates: sparse.csr_matrix
    lede: np.ndarray
    relative_position: np.ndarray


def pair_features(
    facts: Sequence[ClaimFacts], embeddings: np.ndarray, margin_k: int, full: np.ndarray | None = None
) -> PairFeatures:
    """Every feature as a whole (n x n) matrix (for fitting and inspection; `compare` uses
    `linked_probabilities`). `embeddings` are the claims' core texts; with `full` (the claims as
    written) the cosine of a pair is the better of the two views."""
    n = len(facts)
    if not n:
        empty = np.zeros((0, 0), dtype=np.float32)
        return PairFeatures({name: empty for name in FEATURE_NAMES}, empty.astype(bool))
    table = _claim_table(facts, embeddings, margin_k, full)
    return PairFeatures(_block(table, 0, n), table.articles[:, None] != table.articles[None, :])


def linked_probabilities(
    facts: Sequence[ClaimFacts],
    embeddings: np.ndarray,
    margin_k: int,
    weights: Sequence[float],
    full: np.ndarray | None = None,
    top_k: int = 0,
    floor: float = 0.0,
) -> sparse.csr_matrix:
    """The pairs of claims from different articles that may be linked, with their probability:
    those at `floor` or above where, with `top_k`, one claim is among the other's `top_k` most
    probable in its article (see `keep_top_links`). Computed `BLOCK_ROWS` rows at a time and
    kept sparse, so memory grows with the links, not with claims x claims. The same values as
    `pair_probability(pair_features(...))` put through `keep_top_links`."""
    n = len(facts)
    if not n:
        return sparse.csr_matrix((0, 0), dtype=np.float32)
    table = _claim_table(facts, embeddings, margin_k, full)
    rows, cols, values = [], [], []
    for start in range(0, n, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n)
        block = _logistic(_block(table, start, stop), weights, (stop - start, n))
        block[table.articles[start:stop, None] == table.articles[None, :]] = 0.0
        keep = _top_in_each_article(block, table.column_of, top_k) if top_k else np.ones(block.shape, dtype=bool)
        r, c = np.nonzero(keep & (block >= floor) & (block > 0.0))
        rows.append(r + start)
        cols.append(c)
        values.append(block[r, c])
    linked = sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n), dtype=np.float32
    )
    # A pair kept from either end is kept (the probability is symmetric).
    return linked.maximum(linked.T).tocsr() if top_k else linked


def keep_top_links(probability: np.ndarray, articles: Sequence[int], k: int) -> np.ndarray:
    """Zero every cross-article pair (i, j) unless j is among i's k best in j's article or
    i among j's k best in i's article: the whole-matrix form of what `linked_probabilities`
    does in blocks (the benches and its test use it)."""
    article_of = np.asarray(articles)
    keep = _top_in_each_article(probability, np.unique(article_of, return_inverse=True)[1], k)
    keep |= keep.T
    keep |= article_of[:, None] == article_of[None, :]
    return np.where(keep, probability, np.float32(0.0))


def _top_in_each_article(block: np.ndarray, column_of: np.ndarray, k: int) -> np.ndarray:
    """Mask of each row's k most probable claims in every article."""
    keep = np.zeros(block.shape, dtype=bool)
    for article in range(int(column_of.max()) + 1):
        columns = np.flatnonzero(column_of == article)
        kk = min(k, len(columns))
        best = np.argsort(-block[:, columns], axis=1, kind="stable")[:, :kk]
        keep[np.repeat(np.arange(len(block)), kk), columns[best.ravel()]] = True
    return keep


def _claim_table(
    facts: Sequence[ClaimFacts], embeddings: np.ndarray, margin_k: int, full: np.ndarray | None
) -> _ClaimTable:
    articles = np.array([f.article_index for f in facts])
    ids = sorted(set(articles.tolist()))
    column_of = np.searchsorted(np.array(ids), articles)
    lemma_sets = [f.lemmas for f in facts]
    lemmas = _binary(lemma_sets, _vocabulary(lemma_sets))
    df = np.asarray(lemmas.sum(axis=0)).ravel()
    weighted = lemmas.multiply((np.log((len(facts) + 1) / (df + 1)) + 1.0)[None, :]).tocsr()
    ordinal = np.array([f.position for f in facts], dtype=np.float32)
    last = {article: float(ordinal[articles == article].max()) for article in ids}
    speakers = _sets_matrix([_speaker_keys(f) for f in facts])
    table = _ClaimTable(
        articles=articles,
        embeddings=embeddings,
        full=full,
        knn=np.zeros((len(facts), len(ids)), dtype=np.float32),
        column_of=column_of,
        lemmas=lemmas,
        weighted_lemmas=weighted,
        lemma_mass=np.asarray(weighted.sum(axis=1)).ravel(),
        entities=_sets_matrix([f.entity_keys for f in facts]),
        numbers=_sets_matrix([frozenset(q.value for q in f.quantities) for f in facts]),
        speakers=speakers,
        has_speaker=np.asarray(speakers.sum(axis=1)).ravel() > 0,
        events=_sets_matrix([frozenset() if f.predicate in GENERIC_VERBS else frozenset({f.predicate}) for f in facts]),
        dates=_sets_matrix([frozenset((kind, value) for kind, value, _ in f.date_keys) for f in facts]),
        lede=(ordinal < LEDE_CLAIMS).astype(np.float32),
        relative_position=np.array(
            [o / max(last[a], 1.0) for o, a in zip(ordinal.tolist(), articles.tolist())], dtype=np.float32
        ),
    )
    _fill_knn(table, margin_k)
    return table


def _cosine(table: _ClaimTable, start: int, stop: int) -> np.ndarray:
    cosine = table.embeddings[start:stop] @ table.embeddings.T
    if table.full is not None:
        cosine = np.maximum(cosine, table.full[start:stop] @ table.full.T)
    return np.clip(cosine, -1.0, 1.0).astype(np.float32)


def _fill_knn(table: _ClaimTable, k: int) -> None:
    """knn[i, m]: the mean of the k largest cosines between claim i and the claims of article
    m, a claim not being its own neighbour (same-article pairs are scored too, see align.py)."""
    n = len(table.articles)
    for start in range(0, n, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n)
        others = _cosine(table, start, stop)
        others[np.arange(stop - start), np.arange(start, stop)] = -1.0
        for m in range(table.knn.shape[1]):
            columns = others[:, table.column_of == m]
            kk = min(k, columns.shape[1])
            table.knn[start:stop, m] = (-np.partition(-columns, kk - 1, axis=1)[:, :kk]).mean(axis=1)


def _block(table: _ClaimTable, start: int, stop: int) -> dict[str, np.ndarray]:
    """Every feature for the pairs (i, j), i in rows start..stop, j any claim."""
    rows = slice(start, stop)
    cosine = _cosine(table, start, stop)
    # margin (Artetxe & Schwenk 2019): cos(a, b) − (knn(a → article of b) + knn(b → article of a)) / 2
    background = (table.knn[rows][:, table.column_of] + table.knn[:, table.column_of[rows]].T) / 2.0
    shared = (table.weighted_lemmas[rows] @ table.lemmas.T).toarray()
    mass = table.lemma_mass
    total = mass[rows, None] + mass[None, :]
    smaller = np.minimum(mass[rows, None], mass[None, :])
    speakers = _shares(table.speakers, rows)
    has_speaker = table.has_speaker
    position = table.relative_position
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "cosine": cosine,
            "margin": (cosine - background).astype(np.float32),
            "lexical": np.where(total > 0, 2.0 * shared / total, 0.0).astype(np.float32),
            "containment": np.where(smaller > 0, shared / smaller, 0.0).astype(np.float32),
            "entities": _jaccard_rows(table.entities, rows),
            "number": _shares(table.numbers, rows),
            "same_speaker": speakers,
            "other_speaker": ((has_speaker[rows, None] & has_speaker[None, :]) & (speakers == 0)).astype(np.float32),
            "same_event": _shares(table.events, rows),
            "lede": table.lede[rows, None] * table.lede[None, :],
            "position_gap": np.abs(position[rows, None] - position[None, :]).astype(np.float32),
            "same_date": _shares(table.dates, rows),
        }


def _vocabulary(sets: Sequence[frozenset[str]]) -> dict[str, int]:
    return {word: i for i, word in enumerate(sorted(set().union(*sets)))} if sets else {}


def _binary(sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for i, items in enumerate(sets):
        for item in items:
            rows.append(i)
            cols.append(vocabulary[item])
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), max(len(vocabulary), 1)))


def _sets_matrix(sets: Sequence[frozenset]) -> sparse.csr_matrix:
    return _binary(sets, _vocabulary(sets))


def _jaccard_rows(x: sparse.csr_matrix, rows: slice) -> np.ndarray:
    shared = (x[rows] @ x.T).toarray()
    sizes = np.asarray(x.sum(axis=1)).ravel()
    union = sizes[rows, None] + sizes[None, :] - shared
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(union > 0, shared / union, 0.0).astype(np.float32)


def _shares(x: sparse.csr_matrix, rows: slice) -> np.ndarray:
    return ((x[rows] @ x.T).toarray() > 0).astype(np.float32)


def _speaker_keys(fact: ClaimFacts) -> frozenset[str]:
    attribution = fact.claim.attribution
    if attribution is None or not attribution.speaker:
        return frozenset()
    return frozenset(entity_keys(attribution.speaker))


def pair_probability(features: PairFeatures, weights: Sequence[float]) -> np.ndarray:
    """Logistic model over the features; `weights` = (bias, one weight per FEATURE_NAMES)."""
    return _logistic(features.matrices, weights, features.cross_article.shape)


def _logistic(matrices: dict[str, np.ndarray], weights: Sequence[float], shape: tuple[int, int]) -> np.ndarray:
    """Summed one matrix at a time so memory stays at a few matrices of `shape`."""
    logits = np.full(shape, float(weights[0]), dtype=np.float32)
    for name, weight in zip(FEATURE_NAMES, weights[1:]):
        logits += np.float32(weight) * matrices[name]
    return (1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))).astype(np.float32)


def logit(p: float) -> float:
    return math.log(p / (1 - p))
