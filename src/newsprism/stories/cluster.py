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

import itertools
import math
from dataclasses import asdict
from typing import Any, Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newsprism.stories import StoryConfig
from newsprism.stories.features import ArticleFeatures

STATE_VERSION = 3
# Version 1 predates merges (every story is alive); versions 1-2 predate member vectors
# (their stories are never re-clustered, only joined and merged).
_READABLE_VERSIONS = (1, 2, 3)


def _sparse_dot(a_ids: np.ndarray, a_vals: np.ndarray, b_ids: np.ndarray, b_vals: np.ndarray) -> float:
    """Dot product of two sparse vectors whose ids ascend (one binary search per entry)."""
    if len(a_ids) == 0 or len(b_ids) == 0:
        return 0.0
    pos = np.searchsorted(b_ids, a_ids)
    pos[pos == len(b_ids)] = 0
    hit = b_ids[pos] == a_ids
    if not hit.any():
        return 0.0
    return float(np.dot(a_vals[hit].astype(np.float64), b_vals[pos[hit]].astype(np.float64)))


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
        self._slot_of: dict[str, int] = {}  # story id -> its slot
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
        # Member vectors for local re-clustering: per story the member keys (None: the story
        # keeps none), per key the article's raw features and current story.
        self._members: list[list[int] | None] = []
        self._m_data: dict[int, tuple] = {}
        self._m_slot: dict[int, int] = {}
        self._next_key = 0
        # Member vectors of stories whose newest article is `repair_horizon_days` older than
        # the newest article seen are dropped (the story is frozen): memory stays bounded by
        # the stories of the last few weeks however long the archive. Whole days, so the
        # point at which a story freezes does not depend on how the input was batched.
        self._horizon = -math.inf
        self._call_start = 0
        self._moved: set[int] = set()
        self._moved_ids: dict[int, str] = {}  # moved this call, then frozen: article ids
        self.last_moves: dict[str, str] = {}
        self._scratch: np.ndarray | None = None  # dense row for sparse dot products

    # ---- public -------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(np.count_nonzero(self._merged_into[: len(self._ids)] < 0))

    @property
    def story_ids(self) -> tuple[str, ...]:
        """Ids of the live stories (merged-away ones excluded), oldest first."""
        return tuple(sid for i, sid in enumerate(self._ids) if self._merged_into[i] < 0)

    @property
    def reclusterable_stories(self) -> int:
        """Live stories that still keep their members' vectors (the memory that grows)."""
        n = len(self._ids)
        return sum(1 for s in range(n) if self._merged_into[s] < 0 and self._members[s] is not None)

    def story_size(self, story_id: str) -> int:
        return int(self._count[self._live(self._slot_of[self.resolve(story_id)])])

    def resolve(self, story_id: str) -> str:
        """The live story an id now belongs to (itself unless it was merged away)."""
        story = self._slot_of.get(story_id)
        if story is None:
            return story_id
        return self._ids[self._live(story)]

    def assign(self, features: Sequence[ArticleFeatures]) -> list[str]:
        """The live story id of each article, in order; the index is updated as it goes.
        Stories merged during the call are listed in `last_merges` (old id -> new id);
        articles of earlier calls that local re-clustering moved to another story are listed
        in `last_moves` (article id -> live story id)."""
        out: list[int] = []  # member keys of this call's articles
        merged_before = set(np.nonzero(self._merged_into[: len(self._ids)] >= 0)[0].tolist())
        self._call_start = self._next_key
        self._moved = set()
        chunk = max(1, self.config.chunk_size)
        for start in range(0, len(features), chunk):
            out.extend(self._assign_chunk(features[start : start + chunk]))
        newly = sorted(set(np.nonzero(self._merged_into[: len(self._ids)] >= 0)[0].tolist()) - merged_before)
        self.last_merges = {self._ids[s]: self._ids[self._live(s)] for s in newly}
        labels = [self._ids[self._live(self._m_slot[key])] for key in out]
        self.last_moves = {}
        for key in sorted(self._moved):
            if key < self._call_start and (key in self._m_data or key in self._moved_ids):
                article_id = self._m_data[key][0] if key in self._m_data else self._moved_ids[key]
                self.last_moves[article_id] = self._ids[self._live(self._m_slot[key])]
        for key in self._moved_ids:  # frozen during this call: no longer tracked
            self._m_slot.pop(key, None)
        self._moved_ids = {}
        for key in out:  # articles of stories without member vectors are not tracked
            if key not in self._m_data:
                self._m_slot.pop(key, None)
        return labels

    def _live(self, story: int) -> int:
        while self._merged_into[story] >= 0:
            story = int(self._merged_into[story])
        return story

    def _live_many(self, stories: np.ndarray) -> np.ndarray:
        """The live story of each, deduplicated and ascending."""
        while len(stories):
            target = self._merged_into[stories]
            merged = target >= 0
            if not merged.any():
                break
            stories = np.where(merged, target, stories)
        return np.unique(stories)

    # ---- assignment ---------------------------------------------------------------------

    def _assign_chunk(self, chunk: Sequence[ArticleFeatures]) -> list[int]:
        if len(chunk) and self._dense.shape[1] == 0:
            self._dense = np.zeros((0, len(chunk[0].vector)), dtype=np.float32)
        snapshot = len(self._ids)
        pools: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(chunk)
        stale: list[np.ndarray] = [np.zeros(0, dtype=np.float32)] * len(chunk)
        pool_index = self._pool_index(snapshot)
        for rows in self._day_groups(chunk):
            group = [chunk[r] for r in rows]
            pool = self._pool(group, pool_index)
            if len(pool):
                centroids = self._dense[pool] / self._count[pool, None].astype(np.float32)
                scores = np.stack([f.vector for f in group]).astype(np.float32) @ centroids.T
            else:
                scores = np.zeros((len(group), 0), dtype=np.float32)
            for i, r in enumerate(rows):
                pools[r], stale[r] = pool, scores[i]
        changed: dict[int, None] = {}  # stories updated since the snapshot, insertion-ordered
        out = []
        for row, features in enumerate(chunk):
            pool = pools[row]
            self._observe(features)
            self._freeze_older_than(features.day)
            terms = self._weighted_terms(features)
            names = self._weighted_entities(features)
            candidates = self._candidates(features, names, stale[row], pool, changed)
            best, best_score = -1, -math.inf
            scores = dict(zip(candidates, self._scores(candidates, features, terms, names).tolist()))
            for story in candidates:
                if scores[story] > best_score:  # candidates ascend, so ties keep the older story
                    best, best_score = story, scores[story]
            key = self._next_key
            self._next_key += 1
            config = self.config
            if config.repair_max_pool > 0:
                near = [s for s in candidates if scores[s] >= config.repair_neighbourhood]
                size = 1 + sum(int(self._count[s]) for s in near)
                if size <= config.repair_max_pool and all(self._members[s] is not None for s in near):
                    self._recluster(near, key, features, changed)
                    out.append(key)
                    continue
            if best >= 0 and best_score >= self.config.join_threshold:
                self._join(best, features, terms, names)
            else:
                best = self._new_story(features, terms, names)
            changed[best] = None
            merge_threshold = self.config.merge_threshold
            if merge_threshold is not None:
                bridged = [s for s in candidates if s != best and scores[s] >= merge_threshold]
                best = self._repair(best, bridged, changed)
            self._attach(best, key, features)
            out.append(key)
        return out

    # ---- local re-clustering ------------------------------------------------------------

    @staticmethod
    def _record(features: ArticleFeatures) -> tuple:
        return (
            features.article_id,
            features.term_ids,
            features.term_weights,
            features.entity_ids,
            features.entity_weights,
            np.asarray(features.vector, dtype=np.float32),
            math.nan if features.day is None else float(features.day),
        )

    def _attach(self, story: int, key: int, features: ArticleFeatures) -> None:
        """Record a joined article as a member of `story` (join + merge path)."""
        self._m_slot[key] = story
        members = self._members[story]
        if members is None:
            return
        members.append(key)
        self._m_data[key] = self._record(features)
        if len(members) > self.config.repair_max_members:
            self._freeze(story)

    def _freeze_older_than(self, day: float | None) -> None:
        """Freeze every re-clusterable story last updated before the horizon `day` sets."""
        if day is None or self.config.repair_horizon_days is None:
            return
        horizon = math.floor(day - self.config.repair_horizon_days)
        if horizon <= self._horizon:
            return
        self._horizon = horizon
        n = len(self._ids)
        old = np.nonzero((self._merged_into[:n] < 0) & (self._last[:n] < horizon))[0]
        for story in old.tolist():
            if self._members[story] is not None:
                self._freeze(story)

    def _freeze(self, story: int) -> None:
        """Drop a story's member vectors: it is joined and merged from now on, not re-clustered."""
        for key in self._members[story] or ():
            data = self._m_data.pop(key, None)
            if key in self._moved and data is not None:
                self._moved_ids[key] = data[0]  # still reported in last_moves
            elif key < self._call_start:
                self._m_slot.pop(key, None)
        self._members[story] = None

    def _member_matrix(self, keys: list[int], terms: bool, min_df: int) -> np.ndarray:
        """Rows: the members' TF-IDF (terms) or IDF-weighted names with the current IDF,
        entries seen in fewer than `min_df` articles dropped, L2-normalised. Dense over the
        columns the members use (a neighbourhood holds at most `repair_max_pool` articles)."""
        df = self._term_df if terms else self._entity_df
        first = 1 if terms else 3
        ids = np.concatenate([self._m_data[k][first] for k in keys]).astype(np.int64)
        weights = np.concatenate([self._m_data[k][first + 1] for k in keys]).astype(np.float64)
        lengths = [len(self._m_data[k][first]) for k in keys]
        rows = np.repeat(np.arange(len(keys)), lengths)
        counts = df[ids]
        keep = counts >= min_df
        ids, rows = ids[keep], rows[keep]
        values = weights[keep] * (self._idf(counts[keep]) + (1.0 if terms else 0.0))
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(keys)))
        used, columns = np.unique(ids, return_inverse=True)
        matrix = np.zeros((len(keys), len(used)), dtype=np.float64)
        nonzero = norms[rows] > 0
        matrix[rows[nonzero], columns.ravel()[nonzero]] = values[nonzero] / norms[rows[nonzero]]
        return matrix

    def _pair_similarity(self, keys: list[int]) -> np.ndarray:
        """Pairwise article similarity (the story score between single articles), with the
        time decay between the two articles' days."""
        config = self.config
        sim = np.zeros((len(keys), len(keys)), dtype=np.float64)
        if config.term_weight:
            m = self._member_matrix(keys, True, config.repair_min_df)
            sim += config.term_weight * (m @ m.T)
        if config.entity_weight:
            m = self._member_matrix(keys, False, config.repair_min_df)
            sim += config.entity_weight * (m @ m.T)
        if config.dense_weight:
            v = np.stack([self._m_data[k][5] for k in keys]).astype(np.float64)
            sim += config.dense_weight * (v @ v.T)
        days = np.array([self._m_data[k][6] for k in keys], dtype=np.float64)
        if not np.all(np.isnan(days)):
            gap = np.abs(days[:, None] - days[None, :])
            decay = np.exp(-np.maximum(0.0, gap - config.time_grace_days) / config.time_decay_days)
            decay[np.isnan(gap)] = 1.0
            sim *= decay
            sim[gap > config.time_window_days] = -1.0
        return sim

    def _shared_neighbour_similarity(self, sim: np.ndarray) -> np.ndarray:
        """Second-order similarity of the neighbourhood: the geometric mean of each pair's
        similarity and the cosine between their rows of `sim`, each row kept to the article
        itself and its `repair_snn_k` nearest (ties kept). Two reports of one event share
        their nearest neighbours; two same-kind events of one topic resemble each other
        directly but not in whom they are nearest to. Off (sim unchanged) with k = 0."""
        k = self.config.repair_snn_k
        if k <= 0:
            return sim
        rows = np.clip(sim, 0.0, None)
        np.fill_diagonal(rows, 1.0)
        if k < len(rows) - 1:
            kth = -np.partition(-rows, k, axis=1)[:, k : k + 1]
            rows = np.where(rows >= kth, rows, 0.0)
        rows /= np.linalg.norm(rows, axis=1)[:, None]  # >= 1: the diagonal
        out = np.sqrt(np.clip(sim, 0.0, None) * (rows @ rows.T))
        out[sim < 0] = sim[sim < 0]  # outside the time window stays apart
        return out

    def _recluster(self, near: list[int], key: int, features: ArticleFeatures, changed: dict[int, None]) -> int:
        """Average-linkage re-clustering of the article's neighbourhood (the `near` stories'
        members and the article) at `repair_threshold` over the shared-neighbour similarity
        (`_shared_neighbour_similarity`). Each resulting cluster keeps the id of
        the story its earliest member came from (first come, first served), else opens a
        story named after that member; a story left without a cluster redirects to the one
        holding most of its members. Returns the article's story."""
        original = {s: list(self._members[s]) for s in near}  # type: ignore[arg-type]
        self._m_data[key] = self._record(features)
        keys = sorted(k for s in near for k in original[s]) + [key]
        if len(keys) == 1:
            labels = [1]
        else:
            sim = self._shared_neighbour_similarity(self._pair_similarity(keys))
            distance = np.clip(1.0 - sim, 0.0, None)
            np.fill_diagonal(distance, 0.0)
            tree = linkage(squareform(distance, checks=False), method="average")
            labels = fcluster(tree, 1.0 - self.config.repair_threshold, criterion="distance").tolist()
        groups: dict[int, list[int]] = {}
        for k, label in zip(keys, labels):  # keys ascend, so groups are in earliest-member order
            groups.setdefault(label, []).append(k)
        claimed: dict[int, list[int]] = {}
        for group in groups.values():
            first = group[0]
            old = self._m_slot.get(first) if first != key else None
            if old is not None and old not in claimed:
                claimed[old] = group
                if group != original[old]:
                    self._rebuild(old, group, changed)
            else:
                slot = self._open_slot(self._m_data[first][0])
                claimed[slot] = group
                self._rebuild(slot, group, changed)
        where = {k: slot for slot, group in claimed.items() for k in group}
        for s in near:
            if s in claimed:
                continue
            votes: dict[int, int] = {}
            for k in original[s]:
                votes[where[k]] = votes.get(where[k], 0) + 1
            target = min(votes, key=lambda slot: (-votes[slot], slot))
            self._seq += 1
            self._merged_into[s] = target
            self._members[s] = []
            changed.pop(s, None)
        return self._m_slot[key]

    def _rebuild(self, story: int, keys: list[int], changed: dict[int, None]) -> None:
        """A story's sums recomputed from its member vectors with the current IDF."""
        config = self.config
        self._seq += 1
        term_ids, term_vals, name_ids, name_vals = [], [], [], []
        dense = np.zeros(self._dense.shape[1], dtype=np.float32)
        days = []
        for k in keys:
            data = self._m_data[k]
            ids, vals = _normalised(data[1], data[2] * (self._idf(self._term_df[data[1]]) + 1.0))
            term_ids.append(ids)
            term_vals.append(vals)
            ids, vals = _normalised(data[3], data[4] * self._idf(self._entity_df[data[3]]))
            name_ids.append(ids)
            name_vals.append(vals)
            dense += data[5]
            if not math.isnan(data[6]):
                days.append(data[6])
            if self._m_slot.get(k) != story:
                if k in self._m_slot:
                    self._moved.add(k)
                self._m_slot[k] = story
        empty_i, empty_v = np.zeros(0, np.int32), np.zeros(0, np.float32)
        self._terms[story] = _sparse_add(
            np.concatenate(term_ids), np.concatenate(term_vals), empty_i, empty_v, config.max_story_terms
        )
        self._entities[story] = _sparse_add(
            np.concatenate(name_ids), np.concatenate(name_vals), empty_i, empty_v, config.max_story_entities
        )
        self._dense[story] = dense
        self._count[story] = len(keys)
        self._first[story] = min(days) if days else np.nan
        self._last[story] = max(days) if days else np.nan
        self._touched[story] = self._seq
        self._members[story] = list(keys)
        self._merged_into[story] = -1
        for key in self._entities[story][0].tolist():
            self._post(key, story)
        changed[story] = None
        if len(keys) > config.repair_max_members:
            self._freeze(story)

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
        kept, dropped = self._members[keep], self._members[drop]
        if kept is None or dropped is None:
            self._freeze(keep)
            self._freeze(drop)
        else:
            for key in dropped:
                self._m_slot[key] = keep
            self._members[keep] = sorted(kept + dropped)
            if len(self._members[keep]) > config.repair_max_members:  # type: ignore[arg-type]
                self._freeze(keep)
        self._members[drop] = []
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

    def _in_window(self, stories: np.ndarray, day: float | None) -> np.ndarray:
        if day is None or len(stories) == 0:
            return stories
        first, last = self._first[stories], self._last[stories]
        window = self.config.time_window_days
        ok = np.isnan(first) | ((first - day <= window) & (day - last <= window))
        return stories[ok]

    def _day_groups(self, chunk: Sequence[ArticleFeatures]) -> list[list[int]]:
        """Rows of the chunk grouped by day in buckets one time window wide (undated rows
        together): each group gets its own candidate pool, so an archive in random date
        order scores each article against the stories of its weeks, not of all years. A
        pool covers every story its articles' windows allow, so the grouping changes the
        work done, not the candidates."""
        width = max(1.0, float(self.config.time_window_days))
        groups: dict[float | None, list[int]] = {}
        for row, features in enumerate(chunk):
            key = None if features.day is None else math.floor(features.day / width)
            groups.setdefault(key, []).append(row)
        return list(groups.values())

    def _pool_index(self, snapshot: int) -> tuple[np.ndarray, ...]:
        """The live stories of a chunk's snapshot arranged for `_pool`'s window queries:
        undated ones; dated ones spanning at most `span` days sorted by first day (with their
        last days); the few longer ones apart."""
        live = np.nonzero(self._merged_into[:snapshot] < 0)[0]
        first, last = self._first[live], self._last[live]
        dated = ~np.isnan(first)
        span = 4.0 * self.config.time_window_days
        short = dated & (last - first <= span)
        long = dated & ~short
        order = np.argsort(first[short], kind="stable")
        return (
            live,
            live[~dated],
            live[short][order],
            first[short][order],
            last[short][order],
            live[long],
            first[long],
            last[long],
        )

    def _pool(self, chunk: Sequence[ArticleFeatures], index: tuple[np.ndarray, ...]) -> np.ndarray:
        """Stories any article of the chunk may join (by time), most recent first if capped."""
        live, undated, short_ids, short_first, short_last, long_ids, long_first, long_last = index
        days = [f.day for f in chunk]
        stories = live
        if len(live) and all(d is not None for d in days):
            window = self.config.time_window_days
            lo, hi = min(days) - window, max(days) + window  # type: ignore[type-var]
            # A story overlaps [lo, hi] when first <= hi and last >= lo; a short story's first
            # day is then at least lo - span, so a slice of the sorted first days holds it.
            span = 4.0 * window
            start = np.searchsorted(short_first, lo - span, side="left")
            stop = np.searchsorted(short_first, hi, side="right")
            near = short_ids[start:stop][short_last[start:stop] >= lo]
            far = long_ids[(long_first <= hi) & (long_last >= lo)]
            stories = np.sort(np.concatenate([undated, near, far]))
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
        # Stories changed since the chunk's snapshot: their stale scores are replaced.
        fresh = np.fromiter(changed, dtype=np.int64, count=len(changed))
        fresh = fresh[fresh < len(self._ids)]
        fresh = fresh[self._merged_into[fresh] < 0]
        extra_ids = extra_scores = np.zeros(0, dtype=np.int64)
        if len(fresh):
            values = (self._dense[fresh] @ features.vector).astype(np.float64) / self._count[fresh]
            positions = np.searchsorted(pool, fresh)
            in_pool = positions < len(pool)
            in_pool[in_pool] = pool[positions[in_pool]] == fresh[in_pool]
            scores[positions[in_pool]] = values[in_pool]
            extra_ids, extra_scores = fresh[~in_pool], values[~in_pool]
        ids = np.concatenate([pool, extra_ids]).astype(np.int64)
        scores = np.concatenate([scores, extra_scores.astype(np.float64)])
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
        holders = [self._postings.get(key, ()) for key in seen[order].tolist()]
        found = np.fromiter(itertools.chain.from_iterable(holders), dtype=np.int64)
        return self._in_window(self._live_many(np.unique(found)), features.day).tolist()

    def _scores(
        self,
        stories: list[int],
        features: ArticleFeatures,
        terms: tuple[np.ndarray, np.ndarray],
        names: tuple[np.ndarray, np.ndarray],
    ) -> np.ndarray:
        """The article's score for each story: weighted mean cosine to the story's members
        in term, name and embedding space, decayed by the time gap (-inf past the window)."""
        config = self.config
        ids = np.asarray(stories, dtype=np.int64)
        count = self._count[ids].astype(np.float64)
        score = np.zeros(len(ids), dtype=np.float64)
        if len(ids) == 0:
            return score
        if config.term_weight:
            score += config.term_weight * self._sparse_dots(terms, [self._terms[s] for s in stories]) / count
        if config.entity_weight:
            score += config.entity_weight * self._sparse_dots(names, [self._entities[s] for s in stories]) / count
        if config.dense_weight:
            score += config.dense_weight * (self._dense[ids] @ features.vector).astype(np.float64) / count
        if features.day is not None:
            first, last = self._first[ids], self._last[ids]
            dated = ~np.isnan(first)
            gap = np.where(dated, np.maximum(0.0, np.maximum(first - features.day, features.day - last)), 0.0)
            excess = np.maximum(0.0, gap - config.time_grace_days)
            score = np.where(dated, score * np.exp(-excess / config.time_decay_days), score)
            score[dated & (gap > config.time_window_days)] = -math.inf
        return score

    def _sparse_dots(
        self, query: tuple[np.ndarray, np.ndarray], vectors: list[tuple[np.ndarray, np.ndarray]]
    ) -> np.ndarray:
        """Dot products of one sparse vector with many: the query is scattered into a dense
        scratch row once, each vector gathers from it."""
        if self._scratch is None:
            self._scratch = np.zeros(1 << self.config.hash_bits, dtype=np.float64)
        scratch = self._scratch
        q_ids, q_vals = query
        lengths = np.fromiter((len(v[0]) for v in vectors), dtype=np.int64, count=len(vectors))
        if len(q_ids) == 0 or lengths.sum() == 0:
            return np.zeros(len(vectors), dtype=np.float64)
        scratch[q_ids] = q_vals
        try:
            ids = np.concatenate([v[0] for v in vectors])
            vals = np.concatenate([v[1] for v in vectors]).astype(np.float64)
            segment = np.repeat(np.arange(len(vectors)), lengths)
            return np.bincount(segment, weights=scratch[ids] * vals, minlength=len(vectors))
        finally:
            scratch[q_ids] = 0.0

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
        story = self._open_slot(features.article_id)
        self._join(story, features, terms, names)
        return story

    def _open_slot(self, article_id: str) -> int:
        """An empty story named after the article that starts it."""
        self._grow()
        story = len(self._ids)
        story_id = f"s{article_id}"
        suffix = 2
        while story_id in self._slot_of:  # the same article id twice in one corpus, or a split
            story_id = f"s{article_id}-{suffix}"
            suffix += 1
        self._ids.append(story_id)
        self._slot_of[story_id] = story
        self._count[story] = 0
        self._merged_into[story] = -1
        self._first[story] = np.nan
        self._last[story] = np.nan
        self._dense[story] = 0.0
        empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        self._terms.append(empty)
        self._entities.append(empty)
        self._members.append([])
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
            if key in kept:
                self._post(key, story)

    def _post(self, key: int, story: int) -> None:
        """List `story` as the most recent holder of name `key` (posting lists are capped:
        the oldest holder drops out)."""
        posting = self._postings.setdefault(key, [])
        if story in posting:
            posting.remove(story)
        posting.append(story)
        if len(posting) > self.config.posting_cap:
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
        # Member vectors (version 3): per story its member keys, -1 offsets for none kept.
        has_members = np.array([m is not None for m in self._members[:n]], dtype=bool)
        member_offsets = np.zeros(n + 1, dtype=np.int64)
        member_offsets[1:] = np.cumsum([len(m or ()) for m in self._members[:n]]) if n else []
        member_keys = np.array([k for m in self._members[:n] for k in (m or ())], dtype=np.int64)
        rec_keys = sorted(self._m_data)
        records = [self._m_data[k] for k in rec_keys]
        rec_offsets = {}
        for name, col in (("term", 1), ("entity", 3)):
            offsets = np.zeros(len(records) + 1, dtype=np.int64)
            offsets[1:] = np.cumsum([len(r[col]) for r in records]) if records else []
            rec_offsets[f"member_{name}_offsets"] = offsets
            rec_offsets[f"member_{name}_ids"] = (
                np.concatenate([r[col] for r in records]).astype(np.int32) if records else np.zeros(0, np.int32)
            )
            rec_offsets[f"member_{name}_values"] = (
                np.concatenate([r[col + 1] for r in records]).astype(np.float32) if records else np.zeros(0, np.float32)
            )
        dims = self._dense.shape[1]
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
            "next_key": self._next_key,
            "horizon": None if self._horizon == -math.inf else self._horizon,
            "has_members": has_members,
            "member_offsets": member_offsets,
            "member_keys": member_keys,
            "record_keys": np.array(rec_keys, dtype=np.int64),
            "record_article_ids": [r[0] for r in records],
            "record_slots": np.array([self._m_slot[k] for k in rec_keys], dtype=np.int64),
            "record_vectors": np.stack([r[5] for r in records]).astype(np.float32)
            if records
            else np.zeros((0, dims), np.float32),
            "record_days": np.array([r[6] for r in records], dtype=np.float64),
            **rec_offsets,
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
        index._slot_of = {sid: slot for slot, sid in enumerate(index._ids)}
        index._count = np.asarray(state["count"], dtype=np.int64).copy()
        index._first = np.asarray(state["first_day"], dtype=np.float64).copy()
        index._last = np.asarray(state["last_day"], dtype=np.float64).copy()
        index._touched = np.asarray(state["touched"], dtype=np.int64).copy()
        merged = state.get("merged_into")
        index._merged_into = (
            np.full(n, -1, dtype=np.int64) if merged is None else np.asarray(merged, dtype=np.int64).copy()
        )
        index._dense = np.asarray(state["dense_sum"], dtype=np.float32).copy()
        horizon = state.get("horizon")
        index._horizon = -math.inf if horizon is None else float(horizon)
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
        if state.get("has_members") is None:  # versions 1-2: no member vectors, never re-clustered
            index._members = [None] * n
            return index
        index._next_key = int(state["next_key"])
        has = np.asarray(state["has_members"], dtype=bool)
        offsets = np.asarray(state["member_offsets"], dtype=np.int64)
        keys = np.asarray(state["member_keys"], dtype=np.int64)
        index._members = [keys[offsets[i] : offsets[i + 1]].tolist() if has[i] else None for i in range(n)]
        rec_keys = np.asarray(state["record_keys"], dtype=np.int64).tolist()
        slots = np.asarray(state["record_slots"], dtype=np.int64).tolist()
        vectors = np.asarray(state["record_vectors"], dtype=np.float32)
        days = np.asarray(state["record_days"], dtype=np.float64).tolist()
        t_off, e_off = np.asarray(state["member_term_offsets"]), np.asarray(state["member_entity_offsets"])
        t_ids, t_vals = np.asarray(state["member_term_ids"], np.int32), np.asarray(state["member_term_values"], np.float32)
        e_ids, e_vals = np.asarray(state["member_entity_ids"], np.int32), np.asarray(state["member_entity_values"], np.float32)
        for i, key in enumerate(rec_keys):
            index._m_data[key] = (
                state["record_article_ids"][i],
                t_ids[t_off[i] : t_off[i + 1]].copy(),
                t_vals[t_off[i] : t_off[i + 1]].copy(),
                e_ids[e_off[i] : e_off[i + 1]].copy(),
                e_vals[e_off[i] : e_off[i + 1]].copy(),
                vectors[i].copy(),
                days[i],
            )
            index._m_slot[key] = slots[i]
        return index
