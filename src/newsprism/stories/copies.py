"""Copies within a story: exact duplicates, syndicated copies (one wire text, trimmed or with
a paragraph added) and reworded copies (synonym-spun, machine-translation round trips).

Candidate pairs come cheaply — MinHash-estimated shingle Jaccard (LSH bands) or a high
static-embedding cosine — and every candidate is verified on the texts:

- exact: the same words in the same order (case, punctuation and spacing aside);
- syndicated: most 5-word shingles of the shorter text occur in the longer (containment,
  Broder 1997), so trimming and added paragraphs keep the link;
- reworded: most sentences of the shorter text have a counterpart in the other — close in
  static embedding and sharing content words — though few shingles survive.

Linked articles form a group (union-find). Its original is the earliest published, else the
most complete (most words); its kind is the loosest link inside it. Groups never span
stories: `find_copies_by_story` runs `find_copies` on each story alone.

When articles join a story, `find_copies_incremental` verifies only the pairs that involve a
new article and folds the links into the story's existing groups: every test is pairwise,
so the result equals `find_copies` over the whole story (tested).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Hashable, Sequence

import numpy as np

from newsprism.model import Article, CopyGroup
from newsprism.stories import StoryConfig
from newsprism.stories.features import ArticleFeatures, feature_text, parse_day
from newsprism.stories.tokens import content_words, sentences, shingles, stable_hash, words

_KIND_RANK = {"exact": 0, "syndicated": 1, "reworded": 2}
_LSH_ROWS = 4  # rows per band: pairs with Jaccard 0.3 meet in some band with p ~ 0.12 per band


@dataclass
class _Text:
    """What verification reads of one article, computed once per call."""

    words: tuple[str, ...]
    shingles: frozenset[int]
    sentences: list[str]
    sentence_words: list[frozenset[str]]
    sentence_lengths: np.ndarray
    sentence_vectors: np.ndarray | None = None


def _prepare(article: Article, config: StoryConfig) -> _Text:
    text = feature_text(article)
    all_words = words(text)
    sents = [s for s in sentences(text) if words(s)]
    return _Text(
        words=tuple(all_words),
        shingles=frozenset(stable_hash(s) for s in shingles(all_words, config.shingle_words)),
        sentences=sents,
        sentence_words=[frozenset(content_words(s)) for s in sents],
        sentence_lengths=np.array([len(words(s)) for s in sents], dtype=np.float64),
    )


def _candidate_pairs(
    features: Sequence[ArticleFeatures], config: StoryConfig, new_from: int = 0
) -> list[tuple[int, int]]:
    """Candidate pairs (i < j) with j >= `new_from`: pairs among the first `new_from`
    articles were checked before."""
    n = len(features)
    pairs: set[tuple[int, int]] = set()
    if n < 2 or new_from >= n:
        return []
    signatures = np.stack([f.minhash for f in features])
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for band in range(signatures.shape[1] // _LSH_ROWS):
        block = signatures[:, band * _LSH_ROWS : (band + 1) * _LSH_ROWS]
        for i in range(n):
            buckets[(band, block[i].tobytes())].append(i)
    for members in buckets.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if j < new_from:
                    continue
                if float(np.mean(signatures[i] == signatures[j])) >= config.copy_candidate_jaccard:
                    pairs.add((i, j))
    vectors = np.stack([f.vector for f in features]).astype(np.float32)
    for start in range(new_from, n, 512):
        sims = vectors[start : start + 512] @ vectors.T
        rows, cols = np.nonzero(sims >= config.reword_candidate_cosine)
        for j, i in zip((rows + start).tolist(), cols.tolist()):
            if i < j:
                pairs.add((i, j))
    return sorted(pairs)


def _sentence_coverage(short: _Text, long: _Text, config: StoryConfig) -> float:
    """Share of the shorter text's words in sentences that have a counterpart in the other."""
    if not short.sentences or not long.sentences:
        return 0.0
    sims = short.sentence_vectors @ long.sentence_vectors.T  # type: ignore[operator]
    covered = 0.0
    for i, row in enumerate(sims):
        for j in np.nonzero(row >= config.reword_sentence_cosine)[0]:
            a, b = short.sentence_words[i], long.sentence_words[j]
            # Paraphrases keep names, numbers and some content words; two different
            # sentences about one event can be close in embedding yet share few of them.
            if a and b and len(a & b) / len(a | b) >= config.reword_sentence_overlap:
                covered += short.sentence_lengths[i]
                break
    return covered / float(short.sentence_lengths.sum())


def _copy_kind(a: _Text, b: _Text, config: StoryConfig, encode) -> str | None:
    short, long = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if not short.words or len(short.words) < config.min_length_ratio * len(long.words):
        return None
    if a.words == b.words:
        return "exact"
    if short.shingles and len(short.shingles & long.shingles) / len(short.shingles) >= config.syndicated_containment:
        return "syndicated"
    for item in (short, long):
        if item.sentence_vectors is None:
            item.sentence_vectors = encode(item.sentences) if item.sentences else np.zeros((0, 1), np.float32)
    if _sentence_coverage(short, long, config) >= config.reword_coverage:
        return "reworded"
    return None


def _original(indices: list[int], articles: Sequence[Article], lengths: Sequence[int]) -> int:
    def key(i: int) -> tuple:
        day = parse_day(articles[i].published)
        # Earliest dated first; undated after every dated one; then most words; then id.
        return (day is None, day if day is not None else 0.0, -lengths[i], articles[i].id)

    return min(indices, key=key)


def find_copies(
    articles: Sequence[Article],
    features: Sequence[ArticleFeatures],
    encoder=None,
    config: StoryConfig | None = None,
) -> list[CopyGroup]:
    """Copy groups among the articles of ONE story (features in the same order), sorted by
    original id. Articles in no group are copies of nothing."""
    if len(articles) != len(features):
        raise ValueError("articles and features differ in length")
    return find_copies_incremental([], [], [], articles, features, encoder, config)


def find_copies_incremental(
    existing_groups: Sequence[CopyGroup],
    old_articles: Sequence[Article],
    old_features: Sequence[ArticleFeatures],
    new_articles: Sequence[Article],
    new_features: Sequence[ArticleFeatures],
    encoder=None,
    config: StoryConfig | None = None,
) -> list[CopyGroup]:
    """Copy groups of ONE story after `new_articles` join it, equal to `find_copies` over
    old + new. `existing_groups` must be `find_copies` of exactly `old_articles` (same
    config); only pairs involving a new article are verified. When two stories merge, pass
    one story's members and groups as old and the other's members as new."""
    config = config or StoryConfig()
    if len(old_articles) != len(old_features) or len(new_articles) != len(new_features):
        raise ValueError("articles and features differ in length")
    articles = list(old_articles) + list(new_articles)
    features = list(old_features) + list(new_features)
    if len(articles) < 2:
        return []
    position = {a.id: i for i, a in enumerate(articles)}
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    # (member, kind) per existing group: its kind is already the loosest of its links.
    kinds: list[tuple[int, str]] = []
    for group in existing_groups:
        members = [position[m] for m in group.members if m in position]
        if len(members) != len(group.members) or any(m >= len(old_articles) for m in members):
            raise ValueError(f"copy group {group.members} is not among the old articles")
        for m in members[1:]:
            union(members[0], m)
        kinds.append((members[0], group.kind))
    if len(new_articles):
        if encoder is None:
            from newsprism.embed import get_encoder

            encoder = get_encoder("static")
        texts: dict[int, _Text] = {}
        for i, j in _candidate_pairs(features, config, new_from=len(old_articles)):
            for k in (i, j):
                if k not in texts:
                    texts[k] = _prepare(articles[k], config)
            kind = _copy_kind(texts[i], texts[j], config, encoder.encode)
            if kind is not None:
                union(i, j)
                kinds.append((i, kind))
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(articles)):
        members[root(i)].append(i)
    loosest: dict[int, str] = {}
    for i, kind in kinds:
        r = root(i)
        current = loosest.get(r)
        if current is None or _KIND_RANK[kind] > _KIND_RANK[current]:
            loosest[r] = kind
    lengths = [f.length for f in features]
    groups = []
    for r, indices in members.items():
        if len(indices) < 2:
            continue
        original = _original(indices, articles, lengths)
        groups.append(
            CopyGroup(
                original=articles[original].id,
                members=tuple(sorted(articles[i].id for i in indices)),
                kind=loosest[r],
            )
        )
    return sorted(groups, key=lambda g: (g.original, g.members))


def find_copies_by_story(
    articles: Sequence[Article],
    features: Sequence[ArticleFeatures],
    story_ids: Sequence[Hashable],
    encoder=None,
    config: StoryConfig | None = None,
) -> dict[Hashable, list[CopyGroup]]:
    """`find_copies` on each story separately: a copy group never spans two stories."""
    by_story: dict[Hashable, list[int]] = defaultdict(list)
    for i, story in enumerate(story_ids):
        by_story[story].append(i)
    return {
        story: find_copies([articles[i] for i in idx], [features[i] for i in idx], encoder, config)
        for story, idx in sorted(by_story.items(), key=lambda kv: str(kv[0]))
    }
