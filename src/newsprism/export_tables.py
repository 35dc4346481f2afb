"""The tables `newsprism export` writes: their columns, types and one row builder per table.

One schema serves both formats: Parquet files carry it as an Arrow schema, JSON Lines rows
carry the same keys with the same values (lists as arrays, maps as objects). docs/schema.md
documents every column. Offsets are Python string indices (Unicode code points) into the
article's `text`, half-open, as everywhere in newsprism.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

import pyarrow as pa

from newsprism.model import AnalyzedArticle, Article, Attribution, Claim, ClaimGroup, Comparison, Span, Story

EXPORT_SCHEMA = "newsprism/export@1"
TABLES = ("articles", "attributions", "claims", "claim_groups", "stories", "copies")

_str = pa.string()
_int = pa.int32()
_strings = pa.list_(_str)

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("id", _str),
            ("story_id", _str),
            ("external_id", _str),
            ("source_path", _str),
            ("source_line", _int),
            ("also_seen_at", pa.list_(pa.struct([("path", _str), ("line", _int)]))),
            ("outlet", _str),
            ("title", _str),
            ("url", _str),
            ("published", _str),
            ("language", _str),
            ("analyzed", pa.bool_()),
            ("text", _str),
            ("metadata", pa.map_(_str, _str)),
            ("extra", _str),
        ]
    ),
    "attributions": pa.schema(
        [
            ("article_id", _str),
            ("position", _int),
            ("speaker", _str),
            ("speaker_kind", _str),
            ("kind", _str),
            ("cue", _str),
            ("source_start", _int),
            ("source_end", _int),
            ("cue_start", _int),
            ("cue_end", _int),
            ("content_start", _int),
            ("content_end", _int),
            ("source_text", _str),
            ("content_text", _str),
        ]
    ),
    "claims": pa.schema(
        [
            ("claim_id", _str),
            ("story_id", _str),
            ("group_id", _str),
            ("article_id", _str),
            ("start", _int),
            ("end", _int),
            ("text", _str),
            ("kind", _str),
            ("negated", pa.bool_()),
            ("speaker", _str),
            ("speaker_kind", _str),
            ("attribution_kind", _str),
            ("entities", _strings),
            ("numbers", _strings),
            ("dates", _strings),
        ]
    ),
    "claim_groups": pa.schema(
        [
            ("story_id", _str),
            ("group_id", _str),
            ("status", _str),
            ("claim_count", _int),
            ("article_ids", _strings),
            ("outlets", _strings),
            ("omitted_by", _strings),
        ]
    ),
    "stories": pa.schema(
        [
            ("story_id", _str),
            ("title", _str),
            ("first_published", _str),
            ("last_published", _str),
            ("article_count", _int),
            ("outlets", _strings),
            ("article_ids", _strings),
        ]
    ),
    "copies": pa.schema(
        [
            ("story_id", _str),
            ("original", _str),
            ("kind", _str),
            ("members", _strings),
        ]
    ),
}


def article_row(article: Article, story_id: str | None, analyzed: bool | None) -> dict[str, Any]:
    return {
        "id": article.id,
        "story_id": story_id,
        "external_id": article.external_id,
        "source_path": article.source.path,
        "source_line": article.source.line,
        "also_seen_at": [{"path": s.path, "line": s.line} for s in article.also_seen_at],
        "outlet": article.outlet,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "language": article.language,
        "analyzed": analyzed,
        "text": article.text,
        "metadata": dict(sorted(article.metadata.items())),
        "extra": json.dumps(article.extra, ensure_ascii=False, sort_keys=True, default=str),
    }


def _bounds(span: Span | None) -> tuple[int | None, int | None]:
    return (None, None) if span is None else (span.start, span.end)


def attribution_rows(analyzed: AnalyzedArticle) -> Iterator[dict[str, Any]]:
    text = analyzed.article.text
    for position, found in enumerate(analyzed.attributions):
        source_start, source_end = _bounds(found.source_span)
        cue_start, cue_end = _bounds(found.cue_span)
        yield {
            "article_id": analyzed.id,
            "position": position,
            "speaker": found.speaker,
            "speaker_kind": found.speaker_kind,
            "kind": found.kind,
            "cue": found.cue,
            "source_start": source_start,
            "source_end": source_end,
            "cue_start": cue_start,
            "cue_end": cue_end,
            "content_start": found.content_span.start,
            "content_end": found.content_span.end,
            "source_text": found.source_span.text(text) if found.source_span else None,
            "content_text": found.content_span.text(text),
        }


def _claim_row(story_id: str, group_id: str, claim: Claim) -> dict[str, Any]:
    said: Attribution | None = claim.attribution
    return {
        "claim_id": claim.id,
        "story_id": story_id,
        "group_id": group_id,
        "article_id": claim.article_id,
        "start": claim.span.start,
        "end": claim.span.end,
        "text": claim.text,
        "kind": claim.kind,
        "negated": claim.negated,
        "speaker": said.speaker if said else None,
        "speaker_kind": said.speaker_kind if said else None,
        "attribution_kind": said.kind if said else None,
        "entities": list(claim.entities),
        "numbers": list(claim.numbers),
        "dates": list(claim.dates),
    }


def _group_row(story_id: str, group: ClaimGroup) -> dict[str, Any]:
    article_ids = list(dict.fromkeys(c.article_id for c in group.claims))
    return {
        "story_id": story_id,
        "group_id": group.id,
        "status": group.status,
        "claim_count": len(group.claims),
        "article_ids": article_ids,
        "outlets": list(group.outlets),
        "omitted_by": list(group.omitted_by),
    }


def comparison_rows(story_id: str, comparison: Comparison) -> tuple[list[dict], list[dict]]:
    """(claim rows, claim group rows) of one story's comparison, in the comparison's order."""
    claims = [_claim_row(story_id, g.id, c) for g in comparison.groups for c in g.claims]
    groups = [_group_row(story_id, g) for g in comparison.groups]
    return claims, groups


def story_row(story: Story) -> dict[str, Any]:
    return {
        "story_id": story.id,
        "title": story.title,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "article_count": len(story.article_ids),
        "outlets": list(story.outlets),
        "article_ids": list(story.article_ids),
    }


def copy_rows(story: Story) -> Iterator[dict[str, Any]]:
    for group in story.copies:
        yield {"story_id": story.id, "original": group.original, "kind": group.kind, "members": list(group.members)}
