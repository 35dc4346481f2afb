"""Stories and copies kept in the store: the glue between the pure algorithms in
`newsprism.stories` and the DuckDB tables.

`StoryService.features` is pure and may run anywhere (the Ray engine runs it on workers);
`StoryService.add` is the sequential, order-dependent part and runs inside the caller's
transaction: it assigns the new articles to stories, stores their features, recomputes the
copy groups of the stories it touched and saves the story index.
"""

from __future__ import annotations

import io
import json
from typing import Any, Sequence

import numpy as np

from newsprism.config import Config
from newsprism.model import Article
from newsprism.store import Store
from newsprism.stories import StoryConfig
from newsprism.stories.cluster import StoryIndex
from newsprism.stories.copies import find_copies_incremental
from newsprism.stories.features import ArticleFeatures, compute_features

_INDEX_ARRAYS = "state.npz"
_INDEX_PLAIN = "state.json"
_VERSION_KEY = "story_index_version"


def _npz(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _unnpz(data: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        return {k: archive[k] for k in archive.files}


def encode_features(f: ArticleFeatures) -> bytes:
    """Features as bytes for the store: numpy arrays only, no pickle (the store may be shared)."""
    plain = {"article_id": f.article_id, "published": f.published, "day": f.day,
             "entities": sorted(f.entities), "length": f.length}
    return _npz(
        {
            "plain": np.frombuffer(json.dumps(plain).encode("utf-8"), dtype=np.uint8),
            "vector": f.vector,
            "term_ids": f.term_ids,
            "term_weights": f.term_weights,
            "entity_ids": f.entity_ids,
            "entity_weights": f.entity_weights,
            "minhash": f.minhash,
        }
    )


def decode_features(data: bytes) -> ArticleFeatures:
    arrays = _unnpz(data)
    plain = json.loads(arrays.pop("plain").tobytes().decode("utf-8"))
    return ArticleFeatures(
        article_id=plain["article_id"],
        published=plain["published"],
        day=plain["day"],
        vector=arrays["vector"],
        term_ids=arrays["term_ids"],
        term_weights=arrays["term_weights"],
        entity_ids=arrays["entity_ids"],
        entity_weights=arrays["entity_weights"],
        entities=frozenset(plain["entities"]),
        minhash=arrays["minhash"],
        length=int(plain["length"]),
    )


def encode_index(index: StoryIndex) -> dict[str, bytes]:
    state = index.to_state()
    arrays = {k: v for k, v in state.items() if isinstance(v, np.ndarray)}
    plain = {k: v for k, v in state.items() if not isinstance(v, np.ndarray)}
    return {_INDEX_ARRAYS: _npz(arrays), _INDEX_PLAIN: json.dumps(plain).encode("utf-8")}


def decode_index(parts: dict[str, bytes], config: StoryConfig) -> StoryIndex:
    state: dict[str, Any] = json.loads(parts[_INDEX_PLAIN].decode("utf-8"))
    state.update(_unnpz(parts[_INDEX_ARRAYS]))
    return StoryIndex.from_state(state, config)


class StoryService:
    """Assigns stories and copies for one writer process. Keeps the story index in memory
    between batches and reloads it if another process wrote the store in between.

    Persistence is a checkpoint plus a log: each batch records only the ids it gave the
    index, in order; the whole index is written when the log since the last checkpoint
    holds `CHECKPOINT_FRACTION` of the corpus (at least `CHECKPOINT_MIN_ARTICLES`) and when
    an ingest finishes (`checkpoint`). Loading replays the logged batches from their stored
    features — `StoryIndex.assign` is deterministic, so the replayed index is the one that
    was lost — and a long ingest costs linear time, not a full rewrite per batch."""

    CHECKPOINT_MIN_ARTICLES = 4096
    CHECKPOINT_FRACTION = 0.1

    def __init__(self, config: Config | None = None, story_config: StoryConfig | None = None) -> None:
        self.config = config or Config()
        self.story_config = story_config or StoryConfig()
        self._index: StoryIndex | None = None
        self._version: int | None = None
        self._logged = 0  # articles in the log since the last checkpoint

    def features(self, articles: Sequence[Article]) -> dict[str, ArticleFeatures]:
        if not articles:
            return {}
        from newsprism.embed import get_encoder

        encoder = get_encoder("static", self.config)
        return {f.article_id: f for f in compute_features(articles, encoder, self.story_config)}

    def invalidate(self) -> None:
        """Forget the in-memory index (after a rolled-back transaction)."""
        self._index = None
        self._version = None

    def _load(self, store: Store) -> StoryIndex:
        version = store.meta_int(_VERSION_KEY)
        if self._index is None or version != self._version:
            parts = store.story_index()
            index = decode_index(parts, self.story_config) if parts else StoryIndex(self.story_config)
            self._logged = 0
            for ids in store.story_batch_log():
                stored = store.features(ids)
                index.assign([decode_features(stored[i]) for i in ids])
                self._logged += len(ids)
            self._index = index
            self._version = version
        return self._index

    @property
    def has_log(self) -> bool:
        """Whether this service logged batches since its index's last checkpoint."""
        return self._index is not None and self._logged > 0

    def checkpoint(self, store: Store) -> None:
        """Write the whole index if batches were logged since the last checkpoint (inside
        the caller's transaction)."""
        index = self._load(store)
        if self._logged:
            store.put_story_index(encode_index(index))
            self._logged = 0

    def add(self, store: Store, added: Sequence[Article], features: dict[str, ArticleFeatures]) -> set[str]:
        """Assign `added` (in order) to stories inside the caller's transaction; returns the
        ids of the live stories that changed.

        The index may also rearrange earlier articles: when a new article bridges two
        stories they merge (the older id survives; the absorbed story's stored members are
        relabelled), and local re-clustering may move earlier articles to another story
        (`StoryIndex.last_moves`). Copy groups of stories that only gained articles are
        updated incrementally; those of stories an article left or was moved into are
        recomputed, so a copy group never spans two stories."""
        if not added:
            return set()
        index = self._load(store)
        batch = [features[a.id] if a.id in features else self.features([a])[a.id] for a in added]
        story_ids = index.assign(batch)
        absorbed: dict[str, list[str]] = {}  # live story -> stories merged into it now
        for old in sorted(index.last_merges):
            absorbed.setdefault(index.resolve(old), []).append(old)
        moves = dict(index.last_moves)
        # Stories that lost or gained an earlier article: their copy groups are redone.
        rearranged = set(moves.values())
        for article_id in sorted(moves):
            stored_story = store.story_of(article_id)
            if stored_story is not None:
                rearranged.add(index.resolve(stored_story))
        touched = set(story_ids) | set(absorbed) | rearranged
        incremental = sorted(touched - rearranged)
        # Members and copy groups as stored before this batch, per live story.
        before = {sid: store.story_members(sid).get(sid, []) for sid in incremental}
        groups_before = {sid: store.copy_groups(sid).get(sid, []) for sid in incremental}
        joined: dict[str, list[str]] = {}
        for sid in sorted(touched):
            for old in absorbed.get(sid, ()):
                joined.setdefault(sid, []).extend(store.story_members(old).get(old, []))
                store.relabel_story(old, sid)
                store.replace_copy_groups(old, [])
        store.set_story_members(moves)  # after the merges: moves name live stories
        for f, sid in zip(batch, story_ids):
            joined.setdefault(sid, []).append(f.article_id)
        store.put_features({f.article_id: encode_features(f) for f in batch})
        store.set_story_members({f.article_id: sid for f, sid in zip(batch, story_ids)})
        fresh = {f.article_id: f for f in batch}
        for sid in sorted(touched):
            if sid in rearranged:
                self._recompute_copies(store, sid, fresh)
            else:
                self._update_copies(store, sid, before[sid], groups_before[sid], joined.get(sid, []), fresh)
        self._version = (self._version or 0) + 1
        self._logged += len(batch)
        due = max(self.CHECKPOINT_MIN_ARTICLES, self.CHECKPOINT_FRACTION * index.n_docs)
        if self._logged >= due:
            store.put_story_index(encode_index(index))
            self._logged = 0
        else:
            store.log_story_batch(self._version, [f.article_id for f in batch])
        store.set_meta(_VERSION_KEY, str(self._version))
        return touched

    def _recompute_copies(self, store: Store, story_id: str, fresh: dict[str, ArticleFeatures]) -> None:
        """Copy groups of one story from all its current members."""
        members = store.story_members(story_id).get(story_id, [])
        self._update_copies(store, story_id, [], [], members, fresh, replace_empty=True)

    def _update_copies(
        self,
        store: Store,
        story_id: str,
        old_ids: Sequence[str],
        old_groups: Sequence,
        new_ids: Sequence[str],
        fresh: dict[str, ArticleFeatures],
        replace_empty: bool = False,
    ) -> None:
        """Copy groups of one story after `new_ids` joined it: only pairs involving a new
        member are verified (equal to recomputing the story, see stories/copies.py). With
        `replace_empty`, a story too small for copies has its stored groups cleared."""
        if not new_ids or len(old_ids) + len(new_ids) < 2:
            if replace_empty:
                store.replace_copy_groups(story_id, [])
            return
        from newsprism.embed import get_encoder

        stored = store.features([i for i in (*old_ids, *new_ids) if i not in fresh])
        feature = lambda i: fresh[i] if i in fresh else decode_features(stored[i])  # noqa: E731
        by_id = {a.id: a for a in store.articles([*old_ids, *new_ids])}
        groups = find_copies_incremental(
            old_groups,
            [by_id[i] for i in old_ids],
            [feature(i) for i in old_ids],
            [by_id[i] for i in new_ids],
            [feature(i) for i in new_ids],
            get_encoder("static", self.config),
            self.story_config,
        )
        store.replace_copy_groups(story_id, groups)
