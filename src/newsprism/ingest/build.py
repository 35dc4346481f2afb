"""One place that turns a text and the metadata a reader found into an `Article`, so every
format follows the same rules for credits, outlet, date, language and id."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from newsprism.config import Config
from newsprism.ingest.credits import strip_credits
from newsprism.ingest.language import detect_language
from newsprism.ingest.metadata import (
    clean_outlet,
    normalise_date,
    normalise_language,
    outlet_from_url,
)
from newsprism.model import Article, Skipped, Source, Warning_, article_id

Item = Article | Skipped | Warning_


@dataclass(frozen=True)
class Found:
    """Metadata as a reader found it, before normalising (all optional)."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    external_id: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def build_article(text: str, source: Source, found: Found, config: Config) -> Iterator[Item]:
    """Yield the Article (or a Skipped when no text is left) and any warnings about it."""
    text, credits = strip_credits(text.strip())
    if len(text) < max(1, config.min_text_chars):
        what = "only a credit line" if credits else "no article text"
        yield Skipped(source, f"{what} (after trimming whitespace): nothing to analyse")
        return
    metadata = dict(found.metadata)
    if credits:
        # Several credits are kept in reading order.
        metadata["credit"] = "\n".join(c.line for c in reversed(credits))

    url = _clean(found.url)
    outlet = clean_outlet(found.outlet) if _clean(found.outlet) else None
    if outlet is None:
        outlet = outlet_from_url(url)
    if outlet is None:
        outlet = next((c.outlet for c in reversed(credits) if c.outlet), None)

    published = None
    raw_date = _clean(found.published)
    if raw_date is not None:
        published = normalise_date(raw_date)
        if published is None:
            yield Warning_(
                source, f"date {raw_date!r} is not a full date (year, month, day); left empty"
            )

    language = None
    raw_language = _clean(found.language)
    if raw_language is not None:
        language = normalise_language(raw_language)
        if language is None:
            yield Warning_(
                source,
                f"language {raw_language!r} is not a language code; detected from the text instead",
            )
    if language is None:
        language = detect_language(text)

    yield Article(
        id=article_id(text),
        text=text,
        source=source,
        outlet=outlet,
        url=url,
        title=_clean(found.title),
        published=published,
        language=language,
        external_id=_clean(found.external_id),
        metadata=metadata,
        extra=dict(found.extra),
    )
