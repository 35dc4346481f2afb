"""JSON documents for analyses and stories: one function per type, plain dicts out.

Each document carries `"schema": "newsprism/<name>@<version>"`; docs/schema.md describes them.
Spans are `[start, end]` character offsets into the article's `text`.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, Iterable, Sequence

from newsprism.model import (
    SPEAKER_KINDS,
    AnalyzedArticle,
    Article,
    Attribution,
    CopyGroup,
    Entity,
    Skipped,
    Source,
    SourcingProfile,
    Span,
    Story,
    Warning_,
)

ANALYSIS_SCHEMA = "newsprism/analysis@1"
STORIES_SCHEMA = "newsprism/stories@1"


def span(value: Span | None) -> list[int] | None:
    return None if value is None else [value.start, value.end]


def source(value: Source) -> dict[str, Any]:
    return {"path": value.path, "line": value.line}


def skipped(value: Skipped) -> dict[str, Any]:
    return {"source": str(value.source), "path": value.source.path, "line": value.source.line, "reason": value.reason}


def warning(value: Warning_) -> dict[str, Any]:
    return {"source": str(value.source), "message": value.message}


def entity(value: Entity) -> dict[str, Any]:
    return {"span": span(value.span), "label": value.label, "text": value.text, "canonical": value.canonical}


def attribution(value: Attribution) -> dict[str, Any]:
    return {
        "speaker": value.speaker,
        "speaker_kind": value.speaker_kind,
        "kind": value.kind,
        "cue": value.cue,
        "source_span": span(value.source_span),
        "cue_span": span(value.cue_span),
        "content_span": span(value.content_span),
    }


def sourcing(value: SourcingProfile | None) -> dict[str, Any] | None:
    if value is None:
        return None
    total = value.total
    return {
        "counts": {kind: value.counts.get(kind, 0) for kind in SPEAKER_KINDS},
        "shares": {
            kind: (round(value.counts.get(kind, 0) / total, 4) if total else 0.0) for kind in SPEAKER_KINDS
        },
        "speakers": [{"name": s.name, "kind": s.kind, "statements": s.statements} for s in value.speakers],
    }


def article_header(value: Article) -> dict[str, Any]:
    """The metadata of an article, without its text or annotations."""
    return {
        "id": value.id,
        "external_id": value.external_id,
        "source": source(value.source),
        "also_seen_at": [source(s) for s in value.also_seen_at],
        "outlet": value.outlet,
        "title": value.title,
        "url": value.url,
        "published": value.published,
        "language": value.language,
    }


def analyzed_article(value: AnalyzedArticle) -> dict[str, Any]:
    article = value.article
    out = article_header(article)
    out.update(
        {
            "analyzed": value.analyzed,
            "metadata": dict(sorted(article.metadata.items())),
            "extra": article.extra,
            "text": article.text,
            "paragraphs": [span(s) for s in value.paragraphs],
            "sentences": [span(s) for s in value.sentences],
            "entities": [entity(e) for e in value.entities],
            "attributions": [attribution(a) for a in value.attributions],
        }
    )
    # Fields the analysis stage may add later (e.g. own_voice spans) are emitted generically.
    known = {"article", "analyzed", "sentences", "paragraphs", "entities", "attributions", "sourcing"}
    for f in fields(value):
        if f.name not in known:
            out[f.name] = _plain(getattr(value, f.name))
    out["sourcing"] = sourcing(value.sourcing)
    return out


def analysis_document(
    analyzed: Iterable[AnalyzedArticle],
    skipped_inputs: Sequence[Skipped] = (),
    warnings: Sequence[Warning_] = (),
) -> dict[str, Any]:
    return {
        "schema": ANALYSIS_SCHEMA,
        "articles": [analyzed_article(a) for a in analyzed],
        "skipped": [skipped(s) for s in skipped_inputs],
        "warnings": [warning(w) for w in warnings],
    }


def copy_group(value: CopyGroup) -> dict[str, Any]:
    return {"original": value.original, "members": list(value.members), "kind": value.kind}


def story(value: Story, articles: dict[str, Article]) -> dict[str, Any]:
    members = [articles[i] for i in value.article_ids if i in articles]
    return {
        "id": value.id,
        "title": value.title,
        "first_published": value.first_published,
        "last_published": value.last_published,
        "outlets": list(value.outlets),
        "article_count": len(value.article_ids),
        "articles": [
            {
                "id": a.id,
                "external_id": a.external_id,
                "source": source(a.source),
                "outlet": a.outlet,
                "published": a.published,
                "title": a.title,
            }
            for a in members
        ],
        "copies": [copy_group(c) for c in value.copies],
    }


def stories_document(stories: Sequence[Story], articles: dict[str, Article]) -> dict[str, Any]:
    return {"schema": STORIES_SCHEMA, "stories": [story(s, articles) for s in stories]}


def dumps(document: dict[str, Any]) -> str:
    """Byte-stable JSON: the same document always gives the same text."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, Span):
        return span(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
