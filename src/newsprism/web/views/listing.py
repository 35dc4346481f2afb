"""The stories list: one row per story, copies counted once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence
from urllib.parse import urlencode

from newsprism.model import CopyGroup, Story
from newsprism.web.queries import ArticleMeta
from newsprism.web.views.common import UNKNOWN_OUTLET, BarSegment, bar, day, outlet_css

@dataclass(frozen=True)
class StoryRow:
    id: str
    title: str
    first_published: str | None
    last_published: str | None
    article_count: int
    copy_count: int  # articles that are copies of another member
    outlet_count: int
    outlets: tuple[BarSegment, ...]
    matched: int | None  # articles matching the search, when searching

    @property
    def voices(self) -> int:
        """Articles counted once per copy group."""
        return self.article_count - self.copy_count


def copies_of(groups: Sequence[CopyGroup]) -> set[str]:
    """Members that are copies (every member of a group except its original)."""
    return {m for g in groups for m in g.members if m != g.original}


def story_row(story: Story, meta: dict[str, ArticleMeta], matched: set[str] | None = None) -> StoryRow:
    copies = copies_of(story.copies) & set(story.article_ids)
    per_outlet = Counter(
        meta[i].outlet or UNKNOWN_OUTLET for i in story.article_ids if i in meta and i not in copies
    )
    ordered = sorted(per_outlet.items(), key=lambda kv: (-kv[1], kv[0]))
    segments = bar(
        (name, n, outlet_css(name), None if name == UNKNOWN_OUTLET else "/?" + urlencode({"q": f'"{name}"', "field": "outlet"}))
        for name, n in ordered
    )
    first = next((meta[i] for i in story.article_ids if i in meta), None)
    return StoryRow(
        id=story.id,
        title=story.title or (first.label if first else "(untitled story)"),
        first_published=day(story.first_published),
        last_published=day(story.last_published),
        article_count=len(story.article_ids),
        copy_count=len(copies),
        outlet_count=len({meta[i].outlet for i in story.article_ids if i in meta and meta[i].outlet}),
        outlets=segments,
        matched=None if matched is None else len(matched & set(story.article_ids)),
    )


SORTS = ("size", "newest", "oldest")


def sort_rows(rows: list[StoryRow], order: str) -> list[StoryRow]:
    """`size`: most independent articles first (the store's order breaks ties); `newest`/
    `oldest`: by last/first publication date, undated stories last."""
    if order == "newest":
        dated = sorted((r for r in rows if r.last_published), key=lambda r: r.last_published or "", reverse=True)
        return dated + [r for r in rows if not r.last_published]
    if order == "oldest":
        dated = sorted((r for r in rows if r.first_published), key=lambda r: r.first_published or "")
        return dated + [r for r in rows if not r.first_published]
    return sorted(rows, key=lambda r: -r.voices)
