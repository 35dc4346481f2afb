"""The `newsprism/comparison@1` JSON document of a Comparison (docs/schema.md).

Plain dicts out, one function per type; spans are `[start, end]` into the article's `text`,
which the document carries so every span can be checked against it.
"""

from __future__ import annotations

from typing import Any

from newsprism.model import Claim, ClaimGroup, Comparison, Conflict, QuoteThread, QuoteVersion, outlet_label
from newsprism.render.json import attribution, source, span

COMPARISON_SCHEMA = "newsprism/comparison@1"


def claim(value: Claim) -> dict[str, Any]:
    credited = value.attribution
    return {
        "id": value.id,
        "article": value.article_id,
        "span": span(value.span),
        "text": value.text,
        "kind": value.kind,
        "speaker": credited.speaker if credited else None,
        "speaker_kind": credited.speaker_kind if credited else "unattributed",
        "attribution": attribution(credited) if credited else None,
        "entities": list(value.entities),
        "numbers": list(value.numbers),
        "dates": list(value.dates),
        "negated": value.negated,
    }


def group(value: ClaimGroup) -> dict[str, Any]:
    return {
        "id": value.id,
        "status": value.status,
        "outlets": list(value.outlets),
        "omitted_by": list(value.omitted_by),
        "claims": [claim(c) for c in value.claims],
    }


def _claim_ref(value: Claim) -> dict[str, Any]:
    return {"id": value.id, "article": value.article_id, "span": span(value.span), "text": value.text}


def conflict(value: Conflict) -> dict[str, Any]:
    return {
        "type": value.type,
        "group": value.group_id,
        "explanation": value.explanation,
        "a": _claim_ref(value.a),
        "b": _claim_ref(value.b),
    }


def quote_version(value: QuoteVersion) -> dict[str, Any]:
    return {
        "article": value.article_id,
        "outlet": value.outlet,
        "span": span(value.span),
        "wording": value.wording,
        "speaker": value.speaker,
        "speaker_kind": value.speaker_kind,
    }


def quote_thread(value: QuoteThread) -> dict[str, Any]:
    return {
        "id": value.id,
        "wording_differs": value.wording_differs,
        "speaker_differs": value.speaker_differs,
        "versions": [quote_version(v) for v in value.versions],
    }


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    articles = []
    for analyzed in comparison.articles:
        article = analyzed.article
        articles.append(
            {
                "id": article.id,
                "outlet": outlet_label(article),
                "source": source(article.source),
                "title": article.title,
                "published": article.published,
                "url": article.url,
                "analyzed": analyzed.analyzed,
                "text": article.text,
            }
        )
    shared = sum(1 for g in comparison.groups if g.status == "shared")
    return {
        "schema": COMPARISON_SCHEMA,
        "articles": articles,
        "summary": {
            "articles": len(comparison.articles),
            "claims": sum(len(g.claims) for g in comparison.groups),
            "groups": len(comparison.groups),
            "shared": shared,
            "exclusive": len(comparison.groups) - shared,
            "conflicts": len(comparison.conflicts),
            "quote_threads": len(comparison.quotes),
        },
        "groups": [group(g) for g in comparison.groups],
        "conflicts": [conflict(c) for c in comparison.conflicts],
        "quotes": [quote_thread(q) for q in comparison.quotes],
        "sourcing": comparison.sourcing,
        "left_out": [
            {
                "id": item.article.id,
                "outlet": outlet_label(item.article),
                "source": source(item.article.source),
                "title": item.article.title,
                "published": item.article.published,
                "reason": item.reason,
            }
            for item in comparison.left_out
        ],
        "separate_stories": [list(ids) for ids in comparison.separate_stories],
    }
