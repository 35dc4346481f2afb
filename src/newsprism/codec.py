"""Read back the dicts `newsprism.render.json` writes: the store and the engines round-trip
articles and analyses through these, so what is stored is exactly what is shown."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from newsprism.model import (
    AnalyzedArticle,
    Article,
    Attribution,
    Entity,
    Source,
    SourcingProfile,
    Span,
    SpeakerCount,
)


def span(value: list[int] | None) -> Span | None:
    return None if value is None else Span(int(value[0]), int(value[1]))


def source(value: dict[str, Any]) -> Source:
    return Source(value["path"], value.get("line"))


def article(value: dict[str, Any]) -> Article:
    return Article(
        id=value["id"],
        text=value["text"],
        source=source(value["source"]),
        outlet=value.get("outlet"),
        url=value.get("url"),
        title=value.get("title"),
        published=value.get("published"),
        language=value.get("language"),
        external_id=value.get("external_id"),
        metadata=dict(value.get("metadata") or {}),
        extra=dict(value.get("extra") or {}),
        also_seen_at=tuple(source(s) for s in value.get("also_seen_at") or ()),
    )


def entity(value: dict[str, Any]) -> Entity:
    return Entity(span=span(value["span"]), label=value["label"], text=value["text"], canonical=value["canonical"])


def attribution(value: dict[str, Any]) -> Attribution:
    return Attribution(
        speaker=value.get("speaker"),
        speaker_kind=value["speaker_kind"],
        kind=value["kind"],
        cue=value.get("cue"),
        source_span=span(value.get("source_span")),
        cue_span=span(value.get("cue_span")),
        content_span=span(value["content_span"]),
    )


def sourcing(value: dict[str, Any] | None) -> SourcingProfile | None:
    if value is None:
        return None
    return SourcingProfile(
        counts=dict(value["counts"]),
        speakers=tuple(SpeakerCount(s["name"], s["kind"], int(s["statements"])) for s in value["speakers"]),
    )


def analyzed_article(value: dict[str, Any], base: Article | None = None) -> AnalyzedArticle:
    """Rebuild an AnalyzedArticle from `render.json.analyzed_article` output. Extra span-list
    fields the analysis stage adds (such as `own_voice`) are restored generically."""
    known = {
        "article": base or article(value),
        "analyzed": bool(value.get("analyzed", True)),
        "sentences": tuple(span(s) for s in value.get("sentences", ())),
        "paragraphs": tuple(span(s) for s in value.get("paragraphs", ())),
        "entities": tuple(entity(e) for e in value.get("entities", ())),
        "attributions": tuple(attribution(a) for a in value.get("attributions", ())),
        "sourcing": sourcing(value.get("sourcing")),
    }
    for f in fields(AnalyzedArticle):
        if f.name not in known and f.name in value:
            known[f.name] = _restore(value[f.name])
    return AnalyzedArticle(**known)


def _restore(value: Any) -> Any:
    # Lists of [start, end] pairs are span lists; anything else passes through.
    if isinstance(value, list) and value and all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v) for v in value
    ):
        return tuple(Span(v[0], v[1]) for v in value)
    if isinstance(value, list):
        return tuple(value)
    return value
