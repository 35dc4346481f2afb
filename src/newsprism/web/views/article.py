"""The article page: text cut into claims and attributions, who says what, copies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from newsprism.model import AnalyzedArticle, Article, Comparison, CopyGroup
from newsprism.web.queries import ArticleMeta
from newsprism.web.textmarkup import KIND_LABELS, ClaimMark, Region, attribution_anchor, claim_anchor, mark_up
from newsprism.web.views.common import group_anchor, shorten
from newsprism.web.views.story import ArticleRow, copy_views

@dataclass(frozen=True)
class AttributionRow:
    speaker: str
    kind: str
    kind_label: str
    cue: str | None
    text: str
    href: str


@dataclass(frozen=True)
class ArticleClaims:
    regions: list[Region]
    claim_count: int
    shared: int
    exclusive: int


def article_claims(
    analyzed: AnalyzedArticle | None, article: Article, comparison: Comparison | None, story_id: str | None
) -> ArticleClaims:
    """The text cut into claims (linked to their group on the story page) and attributions."""
    marks: list[tuple[Any, ClaimMark]] = []
    if comparison is not None and story_id is not None:
        for group in comparison.groups:
            label = (
                f"shared by {len(group.outlets)} outlets" if group.status == "shared" else "reported by this outlet only"
            )
            for claim in group.claims:
                if claim.article_id == article.id:
                    marks.append(
                        (
                            claim.span,
                            ClaimMark(
                                claim_anchor(claim.span),
                                "shared" if group.status == "shared" else "exclusive",
                                f"/stories/{story_id}#{group_anchor(group.id)}",
                                label,
                            ),
                        )
                    )
    attributions = analyzed.attributions if analyzed is not None else ()
    regions = mark_up(article.text, attributions, marks)
    shared = sum(1 for _, m in marks if m.status == "shared")
    return ArticleClaims(regions, len(marks), shared, len(marks) - shared)


def attribution_rows(analyzed: AnalyzedArticle | None) -> list[AttributionRow]:
    if analyzed is None:
        return []
    text = analyzed.article.text
    rows = []
    for a in sorted(analyzed.attributions, key=lambda a: (a.content_span.start, a.content_span.end)):
        rows.append(
            AttributionRow(
                speaker=a.speaker or "no named source",
                kind=a.speaker_kind,
                kind_label=KIND_LABELS.get(a.speaker_kind, a.speaker_kind),
                cue=a.cue,
                text=shorten(a.content_span.text(text), 200),
                href=f"#{attribution_anchor(a)}",
            )
        )
    return rows


@dataclass(frozen=True)
class CopyRelation:
    kind: str
    original: ArticleRow | None  # what this article copied (None if it is the original)
    copies: tuple[ArticleRow, ...]  # copies of this article (or fellow copies of its original)


def copy_relation(article_id: str, groups: Sequence[CopyGroup], meta: dict[str, ArticleMeta]) -> CopyRelation | None:
    for view, group in zip(copy_views(groups, meta), groups):
        if article_id not in group.members:
            continue
        if group.original == article_id:
            return CopyRelation(view.kind, None, view.copies)
        return CopyRelation(view.kind, view.original, tuple(c for c in view.copies if c.id != article_id))
    return None
