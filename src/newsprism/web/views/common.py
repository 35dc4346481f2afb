"""Pieces every page's view models share: anchors, links, outlet colours, stacked bars."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Iterable

from newsprism.web.textmarkup import claim_anchor

PALETTE_SIZE = 8
UNKNOWN_OUTLET = "unknown outlet"
COPY_KIND_LABELS = {"exact": "exact copy", "syndicated": "syndicated copy", "reworded": "reworded copy"}

def slug(value: str) -> str:
    """A string safe inside an HTML id and a URL fragment, distinct for distinct inputs."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", value)
    if cleaned == value:
        return value
    return f"{cleaned}-{hashlib.blake2b(value.encode('utf-8'), digest_size=3).hexdigest()}"


def outlet_css(name: str) -> str:
    return "ounknown" if name == UNKNOWN_OUTLET or name.startswith(UNKNOWN_OUTLET + " (") else f"o{colour_index(name)}"


def colour_index(name: str) -> int:
    """A stable palette slot per outlet, so an outlet keeps its colour across pages."""
    return hashlib.blake2b(name.encode("utf-8"), digest_size=2).digest()[0] % PALETTE_SIZE


def day(value: str | None) -> str | None:
    return value[:10] if value else None


def article_href(article_id: str, span: Any = None) -> str:
    return f"/articles/{article_id}" + (f"#{claim_anchor(span)}" if span is not None else "")


def group_anchor(group_id: str) -> str:
    return f"group-{slug(group_id)}"


@dataclass(frozen=True)
class BarSegment:
    label: str
    count: int
    x: float  # percent offset
    width: float  # percent
    css: str  # class giving the colour
    href: str | None = None


def bar(counts: Iterable[tuple[str, int, str, str | None]]) -> tuple[BarSegment, ...]:
    """Segments of a 100%-wide stacked bar from (label, count, css class, href)."""
    items = [c for c in counts if c[1] > 0]
    total = sum(c[1] for c in items)
    out, x = [], 0.0
    for label, count, css, href in items:
        width = 100.0 * count / total
        out.append(BarSegment(label, count, round(x, 3), round(width, 3), css, href))
        x += width
    return tuple(out)


def shorten(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
