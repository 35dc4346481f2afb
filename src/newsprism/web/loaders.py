"""What each page reads from the store (blocking: call these from a worker thread).

Reads go through `Reads`: one brief gated read each, whose result is remembered for as long
as the store file is unchanged (`StoreGate.fingerprint`), so a page viewed again before the
next commit costs no store access at all. Nothing is computed here; missing analyses are
left to `compute`, and the members' texts and stored analyses are read only when the story's
study is not already in memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar

from newsprism.model import AnalyzedArticle, Article, Story
from newsprism.store import Store
from newsprism.web.access import StoreGate, StoreMissing
from newsprism.web.compute import Study
from newsprism.web.queries import ArticleMeta, article_meta, matching_articles
from newsprism.web.views import StoryRow, sort_rows, story_row

T = TypeVar("T")


class Reads:
    """Store reads remembered while the store file is unchanged (bounded LRU)."""

    def __init__(self, gate: StoreGate, size: int = 4096) -> None:
        self.gate = gate
        self._size = size
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, tuple[Any, Any]] = OrderedDict()

    def read(self, key: tuple, reader: Callable[[Store], T]) -> T:
        # Taken before reading: a commit landing during the read changes it, so the next
        # request reads again rather than trusting a value that may predate the commit.
        fingerprint = self.gate.fingerprint()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == fingerprint:
                self._cache.move_to_end(key)
                return hit[1]
        with self.gate.reading() as store:
            value = reader(store)
        with self._lock:
            self._cache[key] = (fingerprint, value)
            self._cache.move_to_end(key)
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return value


@dataclass(frozen=True)
class StoriesListing:
    rows: list[StoryRow]  # sorted, every match (the page slices)
    total_stories: int
    total_articles: int
    unassigned: int  # articles not in any story yet
    matched_articles: int | None  # when searching
    store_missing: bool = False


def _all_stories(store: Store) -> tuple[list[Story], dict[str, ArticleMeta]]:
    return store.stories(), article_meta(store)


def load_stories(reads: Reads, query: str, field: str, sort: str) -> StoriesListing:
    try:
        stories, meta = reads.read(("stories",), _all_stories)
        matched = reads.read(("search", query, field), lambda s: matching_articles(s, query, field)) if query.strip() else None
    except StoreMissing:
        return StoriesListing([], 0, 0, 0, None, store_missing=True)
    assigned = {i for s in stories for i in s.article_ids}
    if matched is not None:
        stories = [s for s in stories if matched & set(s.article_ids)]
    rows = sort_rows([story_row(s, meta, matched) for s in stories], sort)
    return StoriesListing(
        rows=rows,
        total_stories=len(stories) if matched is None else len(rows),
        total_articles=len(meta),
        unassigned=len(set(meta) - assigned),
        matched_articles=None if matched is None else len(matched),
    )


def load_unassigned(reads: Reads) -> list[ArticleMeta]:
    """Articles in no story yet, in ingest order (uploads before stories are assigned)."""
    try:
        stories, meta = reads.read(("stories",), _all_stories)
    except StoreMissing:
        return []
    assigned = {i for s in stories for i in s.article_ids}
    return sorted((m for i, m in meta.items() if i not in assigned), key=lambda m: m.seq)


# Looks up a finished study by member ids (StudyService.cached).
CachedStudy = Callable[[Sequence[str]], "Study | None"]


def load_members(reads: Reads, ids: Sequence[str]) -> tuple[list[Article], dict[str, AnalyzedArticle]]:
    """Texts and stored analyses of a story's members, for computing its study. Not kept:
    they are needed once per story, and the study keeps what it needs."""
    with reads.gate.reading() as store:
        articles = store.articles(list(ids))
        return articles, store.analyses(articles)


@dataclass(frozen=True)
class StoryData:
    story: Story
    articles: list[Article]  # members in ingest order (the CLI's comparison order); [] if cached
    stored: dict[str, AnalyzedArticle]
    meta: dict[str, ArticleMeta]
    cached: Study | None


def load_story(reads: Reads, story_id: str, cached: CachedStudy = lambda ids: None) -> StoryData:
    def read(store: Store) -> tuple[Story, dict[str, ArticleMeta]]:
        (story,) = store.stories(story_id)
        return story, article_meta(store, story.article_ids)

    story, meta = reads.read(("story", story_id), read)
    study = cached(story.article_ids)
    articles, stored = ([], {}) if study else load_members(reads, story.article_ids)
    return StoryData(story, articles, stored, meta, study)


@dataclass(frozen=True)
class ArticleData:
    article: Article
    story: Story | None
    members: list[Article]  # the story's articles (or just this one), ingest order; [] if cached
    stored: dict[str, AnalyzedArticle]
    meta: dict[str, ArticleMeta]
    cached: Study | None


def load_article(reads: Reads, article_id: str, cached: CachedStudy = lambda ids: None) -> ArticleData:
    def read(store: Store) -> tuple[Article, Story | None, dict[str, ArticleMeta]]:
        article = store.article(article_id)
        story_id = store.story_of(article_id)
        story = store.stories(story_id)[0] if story_id else None
        return article, story, article_meta(store, list(story.article_ids) if story else [article_id])

    article, story, meta = reads.read(("article", article_id), read)
    ids = list(story.article_ids) if story else [article_id]
    study = cached(ids)
    if study:
        members, stored = [], {}
    elif story:
        members, stored = load_members(reads, ids)
    else:
        members, stored = [article], load_members(reads, ids)[1]
    return ArticleData(article, story, members, stored, meta, study)


def load_stories_document(reads: Reads, story_id: str | None = None) -> tuple[list[Story], dict[str, Article]]:
    def read(store: Store) -> tuple[list[Story], dict[str, Article]]:
        stories = store.stories(story_id)
        ids = [i for s in stories for i in s.article_ids]
        return stories, {a.id: a for a in store.articles(ids)}

    return reads.read(("stories-document", story_id), read)
