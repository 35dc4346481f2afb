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


@dataclass(frozen=True)
class PairFeatures:
    """One (n x n) matrix per feature, plus which pairs are cross-article."""

    matrices: dict[str, np.ndarray]
    cross_article: np.ndarray  # bool (n x n)

    def stacked(self) -> np.ndarray:
        """(n, n, F) in FEATURE_NAMES order."""
        return np.stack([self.matrices[name] for name in FEATURE_NAMES], axis=-1)


def pair_features(
    facts: Sequence[ClaimFacts], embeddings: np.ndarray, margin_k: int, full: np.ndarray | None = None
) -> PairFeatures:
    """`embeddings` are the claims' core texts; with `full` (the claims as written) the cosine
    of a pair is the better of the two views."""
    n = len(facts)
    articles = np.array([f.article_index for f in facts])
    cross = articles[:, None] != articles[None, :]
    cosine = embeddings @ embeddings.T
    if full is not None:
        cosine = np.maximum(cosine, full @ full.T)
    cosine = np.clip(cosine, -1.0, 1.0).astype(np.float32)
    lexical, containment = _weighted_overlaps([f.lemmas for f in facts]) if n else (None, None)
    return PairFeatures(
        matrices={
            "cosine": cosine,
            "margin": _margin(cosine, articles, margin_k),
            "lexical": lexical,
            "containment": containment,
            "entities": _jaccard([f.entity_keys for f in facts]),
            "number": _shares_any([frozenset(q.value for q in f.quantities) for f in facts]),
            "same_speaker": _shares_any([_speaker_keys(f) for f in facts]),
            "other_speaker": _other_speaker(facts),
            "same_event": _same_event(facts),
            **_placement(facts, articles),
            "same_date": _shares_any([frozenset((kind, value) for kind, value, _ in f.date_keys) for f in facts]),
        }
        if n
        else {name: np.zeros((0, 0), dtype=np.float32) for name in FEATURE_NAMES},
        cross_article=cross,
    )


def _margin(cosine: np.ndarray, articles: np.ndarray, k: int) -> np.ndarray:
    """cos(a, b) − (knn(a → article of b) + knn(b → article of a)) / 2."""
    n = len(articles)
    ids = sorted(set(articles.tolist()))
    # knn[i, m]: mean of the k largest cosines between claim i and claims of article m.
    knn = np.zeros((n, len(ids)), dtype=np.float32)
    # A claim is not its own neighbour: same-article pairs are scored too (see align.py).
    others = cosine.copy()
    np.fill_diagonal(others, -1.0)
    for m, article in enumerate(ids):
        columns = others[:, articles == article]
        kk = min(k, columns.shape[1])
        top = -np.partition(-columns, kk - 1, axis=1)[:, :kk]
        knn[:, m] = top.mean(axis=1)
    position = {article: m for m, article in enumerate(ids)}
    column_of = np.array([position[a] for a in articles.tolist()])
    background = (knn[:, column_of] + knn[:, column_of].T) / 2.0
    return (cosine - background).astype(np.float32)


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


def _weighted_overlaps(sets: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(Dice, containment) of IDF-weighted lemma sets, IDF over the story's claims."""
    vocabulary = _vocabulary(sets)
    x = _binary(sets, vocabulary)
    df = np.asarray(x.sum(axis=0)).ravel()
    weights = np.log((len(sets) + 1) / (df + 1)) + 1.0
    xw = x.multiply(weights[None, :]).tocsr()
    shared = (xw @ x.T).toarray()
    mass = np.asarray(xw.sum(axis=1)).ravel()
    total = mass[:, None] + mass[None, :]
    smaller = np.minimum(mass[:, None], mass[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.where(total > 0, 2.0 * shared / total, 0.0)
        containment = np.where(smaller > 0, shared / smaller, 0.0)
    return dice.astype(np.float32), containment.astype(np.float32)


def _jaccard(sets: Sequence[frozenset[str]]) -> np.ndarray:
    x = _binary(sets, _vocabulary(sets))
    shared = (x @ x.T).toarray()
    sizes = np.asarray(x.sum(axis=1)).ravel()
    union = sizes[:, None] + sizes[None, :] - shared
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(union > 0, shared / union, 0.0)
    return out.astype(np.float32)


def _shares_any(sets: Sequence[frozenset[str]]) -> np.ndarray:
    x = _binary(sets, _vocabulary(sets))
    return ((x @ x.T).toarray() > 0).astype(np.float32)


def _same_event(facts: Sequence[ClaimFacts]) -> np.ndarray:
    events = [frozenset() if f.predicate in GENERIC_VERBS else frozenset({f.predicate}) for f in facts]
    return _shares_any(events)


def _placement(facts: Sequence[ClaimFacts], articles: np.ndarray) -> dict[str, np.ndarray]:
    """The `lede` and `position_gap` matrices, from each claim's ordinal in its article."""
    ordinal = np.array([f.position for f in facts], dtype=np.float32)
    last = {article: float(ordinal[articles == article].max()) for article in set(articles.tolist())}
    relative = np.array([o / max(last[a], 1.0) for o, a in zip(ordinal.tolist(), articles.tolist())], dtype=np.float32)
    lede = (ordinal < LEDE_CLAIMS).astype(np.float32)
    return {
        "lede": lede[:, None] * lede[None, :],
        "position_gap": np.abs(relative[:, None] - relative[None, :]).astype(np.float32),
    }


def _speaker_keys(fact: ClaimFacts) -> frozenset[str]:
    attribution = fact.claim.attribution
    if attribution is None or not attribution.speaker:
        return frozenset()
    return frozenset(entity_keys(attribution.speaker))


def _other_speaker(facts: Sequence[ClaimFacts]) -> np.ndarray:
    keys = [_speaker_keys(f) for f in facts]
    has = np.array([bool(k) for k in keys])
    both = has[:, None] & has[None, :]
    return (both & (_shares_any(keys) == 0)).astype(np.float32)


def pair_probability(features: PairFeatures, weights: Sequence[float]) -> np.ndarray:
    """Logistic model over the features; `weights` = (bias, one weight per FEATURE_NAMES).
    Summed one matrix at a time so memory stays at a few n x n arrays."""
    logits = np.full(features.cross_article.shape, float(weights[0]), dtype=np.float32)
    for name, weight in zip(FEATURE_NAMES, weights[1:]):
        logits += np.float32(weight) * features.matrices[name]
    return (1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))).astype(np.float32)


def logit(p: float) -> float:
    return math.log(p / (1 - p))
