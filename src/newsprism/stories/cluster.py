"""Incremental story assignment.

Each article, in input order, either joins the best-scoring existing story or starts a new
one; the corpus is never re-clustered. Cost per article is bounded by blocking:

1. candidates — the stories nearest by static-embedding mean cosine (one matrix product per
   chunk of articles against the stories active in the chunk's time window) plus the
   stories that share one of the article's rarest names (posting lists);
2. decision — for those few stories only, the score: weighted mean cosine of the article to
   the story's members in TF-IDF space (running IDF), in name space, and in embedding space,
   decayed by the time gap when both sides are dated. Join the best if it reaches
   `join_threshold`, else start a story;
3. local repair — when the article also scores at least `merge_threshold` for other
   candidate stories, the story it landed in is merged with the one whose average link to
   it (mean pairwise similarity of their members: one dot product of the two stories' sums)
   reaches `merge_threshold`, repeatedly. The older story keeps its id; the younger id
   redirects to it (`resolve`, `last_merges`). This is the invariant batch average-linkage
   clustering ends in (no two clusters linked above the threshold), kept locally.

A story keeps sums of its members' normalised vectors (so "mean cosine to members" is one
dot product), its heaviest terms and names only (bounded memory), its time span and
article count. Story ids derive from the first article's id, so the same articles in the
same order give the same ids however they are split into `assign` calls.

A merge relabels articles returned by earlier `assign` calls: after each call,
`last_merges` maps every story id that disappeared in it to the id that absorbed it.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any, Sequence

import numpy as np

from newsprism.stories import StoryConfig
from newsprism.stories.features import ArticleFeatures

STATE_VERSION = 2
_READABLE_VERSIONS = (1, 2)  # version 1 predates merges: every story is alive


def _sparse_dot(a_ids: np.ndarray, a_vals: np.ndarray, b_ids: np.ndarray, b_vals: np.ndarray) -> float:
    _, ia, ib = np.intersect1d(a_ids, b_ids, assume_unique=True, return_indices=True)
    if len(ia) == 0:
        return 0.0
    return float(np.dot(a_vals[ia].astype(np.float64), b_vals[ib].astype(np.float64)))


def _sparse_add(
    a_ids: np.ndarray, a_vals: np.ndarray, b_ids: np.ndarray, b_vals: np.ndarray, keep: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sum of two sparse vectors, truncated to the `keep` heaviest entries (ties: lower id)."""
    ids = np.concatenate([a_ids, b_ids])
    vals = np.concatenate([a_vals, b_vals])
    uniq, inverse = np.unique(ids, return_inverse=True)
    summed = np.zeros(len(uniq), dtype=np.float32)
    np.add.at(summed, inverse, vals)
    if len(uniq) > keep:
        order = np.lexsort((uniq, -summed))[:keep]
        order.sort()
        uniq, summed = uniq[order], summed[order]
    return uniq.astype(np.int32), summed


def _normalised(ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    norm = float(np.linalg.norm(weights))
    if norm == 0.0:
        return ids[:0], weights[:0].astype(np.float32)
    keep = weights > 0
    return ids[keep], (weights[keep] / norm).astype(np.float32)


class StoryIndex:
    """The incremental story state of one corpus. Not thread-safe: one writer."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = config or StoryConfig()
        size = 1 << self.config.hash_bits
        self.n_docs = 0
        self._seq = 0  # bumps on every update; orders stories by recency
        self._term_df = np.zeros(size, dtype=np.int32)
        self._entity_df = np.zeros(size, dtype=np.int32)
        self._ids: list[str] = []
        self._id_set: set[str] = set()
        self._count = np.zeros(0, dtype=np.int64)
        self._first = np.zeros(0, dtype=np.float64)
        self._last = np.zeros(0, dtype=np.float64)
        self._touched = np.zeros(0, dtype=np.int64)
        self._dense = np.zeros((0, 0), dtype=np.float32)
        self._terms: list[tuple[np.ndarray, np.ndarray]] = []
        self._entities: list[tuple[np.ndarray, np.ndarray]] = []
        self._postings: dict[int, list[int]] = {}
        self._merged_into = np.zeros(0, dtype=np.int64)  # -1 alive, else the absorbing story
        self.last_merges: dict[str, str] = {}

    # ---- public -------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(np.count_nonzero(self._merged_into[: len(self._ids)] < 0))

    @property
    def story_ids(self) -> tuple[str, ...]:
        """Ids of the live stories (merged-away ones excluded), oldest first."""
        return tuple(sid for i, sid in enumerate(self._ids) if self._merged_into[i] < 0)

    def story_size(self, story_id: str) -> int:
        return int(self._count[self._live(self._ids.index(self.resolve(story_id)))])

    def resolve(self, story_id: str) -> str:
        """The live story an id now belongs to (itself unless it was merged away)."""
        try:
            story = self._ids.index(story_id)
        except ValueError:
            return story_id
        return self._ids[self._live(story)]

    def assign(self, features: Sequence[ArticleFeatures]) -> list[str]:
        """The live story id of each article, in order; the index is updated as it goes.
        Stories merged during the call are listed in `last_merges` (old id -> new id)."""
        out: list[int] = []
        merged_before = set(np.nonzero(self._merged_into[: len(self._ids)] >= 0)[0].tolist())
        chunk = max(1, self.config.chunk_size)
        for start in range(0, len(features), chunk):
            out.extend(self._assign_chunk(features[start : start + chunk]))
        newly = sorted(set(np.nonzero(self._merged_into[: len(self._ids)] >= 0)[0].tolist()) - merged_before)
        self.last_merges = {self._ids[s]: self._ids[self._live(s)] for s in newly}
        return [self._ids[self._live(s)] for s in out]

    def _live(self, story: int) -> int:
        while self._merged_into[story] >= 0:
            story = int(self._merged_into[story])
        return story

    # ---- assignment ---------------------------------------------------------------------

    def _assign_chunk(self, chunk: Sequence[ArticleFeatures]) -> list[int]:
        if len(chunk) and self._dense.shape[1] == 0:
            self._dense = np.zeros((0, len(chunk[0].vector)), dtype=np.float32)
        snapshot = len(self._ids)
        pool = self._pool(chunk, snapshot)
        if len(pool):
            centroids = self._dense[pool] / self._count[pool, None].astype(np.float32)
            stale = np.stack([f.vector for f in chunk]).astype(np.float32) @ centroids.T
        else:
            stale = np.zeros((len(chunk), 0), dtype=np.float32)
        changed: dict[int, None] = {}  # stories updated since the snapshot, insertion-ordered
        out = []
        for row, features in enumerate(chunk):
            self._observe(features)
            terms = self._weighted_terms(features)
            names = self._weighted_entities(features)
            candidates = self._candidates(features, names, stale[row], pool, changed)
            best, best_score = -1, -math.inf
            scores = {}
            for story in candidates:
                score = scores[story] = self._score(story, features, terms, names)
                if score > best_score:  # candidates ascend, so ties keep the older story
                    best, best_score = story, score
            if best >= 0 and best_score >= self.config.join_threshold:
                self._join(best, features, terms, names)
            else:
                best = self._new_story(features, terms, names)
            changed[best] = None
            merge_threshold = self.config.merge_threshold
            if merge_threshold is not None:
                bridged = [s for s in candidates if s != best and scores[s] >= merge_threshold]
                best = self._repair(best, bridged, changed)
            out.append(best)
        return out

    def _repair(self, story: int, bridged: list[int], changed: dict[int, None]) -> int:
        """Merge `story` with the bridged stories it is average-linked to, best link first,
        until none passes `merge_threshold`; returns the surviving story."""
        while bridged:
            best, best_link = -1, -math.inf
            for other in bridged:
                link = self._link(story, other)
                if link > best_link:  # bridged ascends, so ties keep the older story
                    best, best_link = other, link
            if best_link < self.config.merge_threshold:  # type: ignore[operator]
                break
            keep, drop = min(story, best), max(story, best)
            self._merge(keep, drop)
            changed.pop(drop, None)
            changed[keep] = None
            story = keep
            bridged = [s for s in bridged if s not in (keep, drop)]
        return story

    def _link(self, a: int, b: int) -> float:
        """Average link: mean pairwise similarity between the members of two stories."""
        config = self.config
        pairs = float(self._count[a]) * float(self._count[b])
        score = 0.0
        if config.term_weight:
            score += config.term_weight * _sparse_dot(*self._terms[a], *self._terms[b]) / pairs
        if config.entity_weight:
            score += config.entity_weight * _sparse_dot(*self._entities[a], *self._entities[b]) / pairs
        if config.dense_weight:
            score += config.dense_weight * float(self._dense[a] @ self._dense[b]) / pairs
        if not (math.isnan(self._first[a]) or math.isnan(self._first[b])):
            gap = max(0.0, self._first[b] - self._last[a], self._first[a] - self._last[b])
            if gap > config.time_window_days:
                return -math.inf
            score *= math.exp(-max(0.0, gap - config.time_grace_days) / config.time_decay_days)
        return score

    def _merge(self, keep: int, drop: int) -> None:
        config = self.config
        self._seq += 1
        self._count[keep] += self._count[drop]
        self._touched[keep] = self._seq
        self._dense[keep] += self._dense[drop]
        self._terms[keep] = _sparse_add(*self._terms[keep], *self._terms[drop], config.max_story_terms)
        self._entities[keep] = _sparse_add(*self._entities[keep], *self._entities[drop], config.max_story_entities)
        self._first[keep] = np.fmin(self._first[keep], self._first[drop])
        self._last[keep] = np.fmax(self._last[keep], self._last[drop])
        self._merged_into[drop] = keep
        # Posting lists name the dropped story until they age out; lookups resolve it.

    def _observe(self, features: ArticleFeatures) -> None:
        self.n_docs += 1
        self._term_df[features.term_ids] += 1
        self._entity_df[features.entity_ids] += 1

    def _idf(self, df: np.ndarray) -> np.ndarray:
        # `idf_prior_docs` counts as documents that contain none of the words: in a corpus of a
        # handful of articles, every shared word would otherwise weigh (almost) nothing.
        prior = float(self.config.idf_prior_docs)
        return np.log((self.n_docs + prior + 1.0) / (df.astype(np.float64) + 1.0))

    def _weighted_terms(self, features: ArticleFeatures) -> tuple[np.ndarray, np.ndarray]:
        # Smoothed IDF plus one, as in scikit-learn's TfidfVectorizer: every term counts a bit.
        weights = features.term_weights * (self._idf(self._term_df[features.term_ids]) + 1.0)
        return _normalised(features.term_ids, weights)

    def _weighted_entities(self, features: ArticleFeatures) -> tuple[np.ndarray, np.ndarray]:
        # No "+1": a name every article carries (the wire service, the weekday) weighs nothing.
        weights = features.entity_weights * self._idf(self._entity_df[features.entity_ids])
        return _normalised(features.entity_ids, weights)

    def _time_gap(self, story: int, day: float | None) -> float | None:
        first = self._first[story]
        if day is None or math.isnan(first):
            return None
        return max(0.0, first - day, day - self._last[story])

    def _in_window(self, stories: np.ndarray, day: float | None) -> np.ndarray:
        if day is None or len(stories) == 0:
            return stories
        first, last = self._first[stories], self._last[stories]
        window = self.config.time_window_days
        ok = np.isnan(first) | ((first - day <= window) & (day - last <= window))
        return stories[ok]

    def _pool(self, chunk: Sequence[ArticleFeatures], snapshot: int) -> np.ndarray:
        """Stories any article of the chunk may join (by time), most recent first if capped."""
        stories = np.nonzero(self._merged_into[:snapshot] < 0)[0]
        days = [f.day for f in chunk]
        if snapshot and all(d is not None for d in days):
            window = self.config.time_window_days
            lo, hi = min(days) - window, max(days) + window  # type: ignore[type-var]
            first, last = self._first[stories], self._last[stories]
            stories = stories[np.isnan(first) | ((first <= hi) & (last >= lo))]
        cap = self.config.active_pool_cap
        if len(stories) > cap:
            recent = np.argpartition(-self._touched[stories], cap - 1)[:cap]
            stories = np.sort(stories[recent])
        return stories

    def _candidates(
        self,
        features: ArticleFeatures,
        names: tuple[np.ndarray, np.ndarray],
        stale: np.ndarray,
        pool: np.ndarray,
        changed: dict[int, None],
    ) -> list[int]:
        config = self.config
        scores = stale.astype(np.float64, copy=True)
        fresh = [s for s in changed if s < len(self._ids) and self._merged_into[s] < 0]
        extra_ids = []
        extra_scores = []
        if fresh:
            positions = np.searchsorted(pool, fresh)
            for story, pos in zip(fresh, positions):
                value = float(features.vector @ self._dense[story]) / float(self._count[story])
                if pos < len(pool) and pool[pos] == story:
                    scores[pos] = value
                else:
                    extra_ids.append(story)
                    extra_scores.append(value)
        ids = np.concatenate([pool, np.array(extra_ids, dtype=np.int64)]).astype(np.int64)
        scores = np.concatenate([scores, np.array(extra_scores, dtype=np.float64)])
        alive = self._merged_into[ids] < 0  # merged away since the chunk's snapshot
        ids, scores = ids[alive], scores[alive]
        if features.day is not None and len(ids):
            keep = np.isin(ids, self._in_window(ids, features.day))
            ids, scores = ids[keep], scores[keep]
        # Rounded so the ranking does not hinge on float noise between a matrix product and
        # a single dot product; ties go to the older story.
        scores = np.round(scores, 5)
        k = config.dense_candidates
        if len(ids) > k:
            part = np.argpartition(-scores, k - 1)[:k]
            threshold = scores[part].min()
            tied = np.nonzero(scores >= threshold)[0]
            order = np.lexsort((ids[tied], -scores[tied]))[:k]
            chosen = set(ids[tied][order].tolist())
        else:
            chosen = set(ids.tolist())
        chosen.update(self._entity_block(features, names))
        return sorted(chosen)

    def _entity_block(self, features: ArticleFeatures, names: tuple[np.ndarray, np.ndarray]) -> list[int]:
        """Stories sharing one of the article's rarest names seen before (df >= 2)."""
        ids = names[0]
        if len(ids) == 0:
            return []
        df = self._entity_df[ids]
        seen = ids[df >= 2]
        if len(seen) == 0:
            return []
        order = np.lexsort((seen, self._entity_df[seen]))[: self.config.entity_block_keys]
        stories: set[int] = set()
        for key in seen[order].tolist():
            stories.update(self._live(s) for s in self._postings.get(key, ()))
        found = np.array(sorted(stories), dtype=np.int64)
        return self._in_window(found, features.day).tolist()

    def _score(
        self,
        story: int,
        features: ArticleFeatures,
        terms: tuple[np.ndarray, np.ndarray],
        names: tuple[np.ndarray, np.ndarray],
    ) -> float:
        config = self.config
        count = float(self._count[story])
        score = 0.0
        if config.term_weight:
            score += config.term_weight * _sparse_dot(*terms, *self._terms[story]) / count
        if config.entity_weight:
            score += config.entity_weight * _sparse_dot(*names, *self._entities[story]) / count
        if config.dense_weight:
            score += config.dense_weight * float(features.vector @ self._dense[story]) / count
        gap = self._time_gap(story, features.day)
        if gap is not None:
            if gap > config.time_window_days:
                return -math.inf
            excess = max(0.0, gap - config.time_grace_days)
            score *= math.exp(-excess / config.time_decay_days)
        return score

    # ---- updates ------------------------------------------------------------------------

    def _grow(self) -> None:
        n = len(self._ids)
        if n < len(self._count):
            return
        capacity = max(64, 2 * n)
        self._count = np.resize(self._count, capacity)
        self._first = np.resize(self._first, capacity)
        self._last = np.resize(self._last, capacity)
        self._touched = np.resize(self._touched, capacity)
        self._merged_into = np.resize(self._merged_into, capacity)
        dense = np.zeros((capacity, self._dense.shape[1]), dtype=np.float32)
        dense[:n] = self._dense[:n]
        self._dense = dense

    def _new_story(
        self,
        features: ArticleFeatures,
        terms: tuple[np.ndarray, np.ndarray],
        names: tuple[np.ndarray, np.ndarray],
    ) -> int:
        self._grow()
        story = len(self._ids)
        story_id = f"s{features.article_id}"
        suffix = 2
        while story_id in self._id_set:  # the same article id twice in one corpus
            story_id = f"s{features.article_id}-{suffix}"
            suffix += 1
        self._ids.append(story_id)
        self._id_set.add(story_id)
        self._count[story] = 0
        self._merged_into[story] = -1
        self._first[story] = np.nan
        self._last[story] = np.nan
        self._dense[story] = 0.0
        empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        self._terms.append(empty)
        self._entities.append(empty)
        self._join(story, features, terms, names)
        return story

    def _join(
        self,
        story: int,
        features: ArticleFeatures,
        terms: tuple[np.ndarray, np.ndarray],
        names: tuple[np.ndarray, np.ndarray],
    ) -> None:
        config = self.config
        self._seq += 1
        self._count[story] += 1
        self._touched[story] = self._seq
        self._dense[story] += features.vector
        self._terms[story] = _sparse_add(*self._terms[story], *terms, config.max_story_terms)
        self._entities[story] = _sparse_add(*self._entities[story], *names, config.max_story_entities)
        if features.day is not None:
            first, last = self._first[story], self._last[story]
            self._first[story] = features.day if math.isnan(first) else min(first, features.day)
            self._last[story] = features.day if math.isnan(last) else max(last, features.day)
        kept = set(self._entities[story][0].tolist())
        for key in names[0].tolist():
            if key not in kept:
                continue
            posting = self._postings.setdefault(key, [])
            if story in posting:
                posting.remove(story)
            posting.append(story)
            if len(posting) > config.posting_cap:
                del posting[0]

    # ---- persistence --------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """Plain values and numpy arrays that restore this index exactly (`from_state`)."""
        n = len(self._ids)

        def ragged(vectors: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, ...]:
            offsets = np.zeros(n + 1, dtype=np.int64)
            offsets[1:] = np.cumsum([len(ids) for ids, _ in vectors]) if n else []
            ids = np.concatenate([v[0] for v in vectors]) if n else np.zeros(0, np.int32)
            vals = np.concatenate([v[1] for v in vectors]) if n else np.zeros(0, np.float32)
            return offsets, ids.astype(np.int32), vals.astype(np.float32)

        term_offsets, term_ids, term_vals = ragged(self._terms)
        entity_offsets, entity_ids, entity_vals = ragged(self._entities)
        keys = sorted(self._postings)
        posting_offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        posting_offsets[1:] = np.cumsum([len(self._postings[k]) for k in keys]) if keys else []
        postings = [s for k in keys for s in self._postings[k]]
        term_df_ids = np.nonzero(self._term_df)[0].astype(np.int32)
        entity_df_ids = np.nonzero(self._entity_df)[0].astype(np.int32)
        return {
            "version": STATE_VERSION,
            "config": asdict(self.config),
            "n_docs": self.n_docs,
            "seq": self._seq,
            "story_ids": list(self._ids),
            "count": self._count[:n].copy(),
            "first_day": self._first[:n].copy(),
            "last_day": self._last[:n].copy(),
            "touched": self._touched[:n].copy(),
            "merged_into": self._merged_into[:n].copy(),
            "dense_sum": self._dense[:n].copy(),
            "term_offsets": term_offsets,
            "term_ids": term_ids,
            "term_values": term_vals,
            "entity_offsets": entity_offsets,
            "entity_ids": entity_ids,
            "entity_values": entity_vals,
            "posting_keys": np.array(keys, dtype=np.int32),
            "posting_offsets": posting_offsets,
            "posting_stories": np.array(postings, dtype=np.int64),
            "term_df_ids": term_df_ids,
            "term_df_counts": self._term_df[term_df_ids].copy(),
            "entity_df_ids": entity_df_ids,
            "entity_df_counts": self._entity_df[entity_df_ids].copy(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], config: StoryConfig | None = None) -> StoryIndex:
        """Rebuild an index from `to_state()`. The stored config is used unless one is given
        (thresholds may change between runs; `hash_bits` may not)."""
        if state.get("version") not in _READABLE_VERSIONS:
            raise ValueError(f"story index state version {state.get('version')!r} is not {STATE_VERSION}")
        stored = StoryConfig(**state["config"])
        config = config or stored
        if config.hash_bits != stored.hash_bits:
            raise ValueError("hash_bits differs from the stored story index; re-assign the corpus")
        index = cls(config)
        n = len(state["story_ids"])
        index.n_docs = int(state["n_docs"])
        index._seq = int(state["seq"])
        index._ids = list(state["story_ids"])
        index._id_set = set(index._ids)
        index._count = np.asarray(state["count"], dtype=np.int64).copy()
        index._first = np.asarray(state["first_day"], dtype=np.float64).copy()
        index._last = np.asarray(state["last_day"], dtype=np.float64).copy()
        index._touched = np.asarray(state["touched"], dtype=np.int64).copy()
        merged = state.get("merged_into")
        index._merged_into = (
            np.full(n, -1, dtype=np.int64) if merged is None else np.asarray(merged, dtype=np.int64).copy()
        )
        index._dense = np.asarray(state["dense_sum"], dtype=np.float32).copy()
        if n == 0:
            index._dense = np.zeros((0, 0), dtype=np.float32)

        def unragged(offsets: np.ndarray, ids: np.ndarray, vals: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
            ids = np.asarray(ids, dtype=np.int32)
            vals = np.asarray(vals, dtype=np.float32)
            return [(ids[offsets[i] : offsets[i + 1]].copy(), vals[offsets[i] : offsets[i + 1]].copy()) for i in range(n)]

        index._terms = unragged(np.asarray(state["term_offsets"]), state["term_ids"], state["term_values"])
        index._entities = unragged(np.asarray(state["entity_offsets"]), state["entity_ids"], state["entity_values"])
        offsets = np.asarray(state["posting_offsets"])
        stories = np.asarray(state["posting_stories"], dtype=np.int64)
        index._postings = {
            int(key): stories[offsets[i] : offsets[i + 1]].tolist()
            for i, key in enumerate(np.asarray(state["posting_keys"]).tolist())
        }
        index._term_df[np.asarray(state["term_df_ids"], dtype=np.int64)] = state["term_df_counts"]
        index._entity_df[np.asarray(state["entity_df_ids"], dtype=np.int64)] = state["entity_df_counts"]
        return index
