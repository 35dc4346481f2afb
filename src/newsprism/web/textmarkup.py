"""Cut an article's text into pieces a template can wrap in elements, from its spans.

Claims (sentences and clauses; disjoint) form the outer level, so each claim is one element
with an id a link can target. Attributions may cross claim boundaries, so inside each claim
the text is cut at every attribution boundary and each piece carries the classes of the
attribution parts covering it. The template escapes every piece; nothing here emits HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from newsprism.model import Attribution, Span

KIND_LABELS: dict[str, str] = {
    "named_person": "named person",
    "named_organization": "organisation",
    "anonymous_official": "anonymous official",
    "vague_collective": "vague collective",
    "document": "document",
    "unattributed": "unattributed",
}


@dataclass(frozen=True)
class Piece:
    text: str
    classes: str = ""  # CSS classes; "" for plain text
    note: str | None = None  # tooltip
    anchor: str | None = None  # element id where an attribution's content begins


@dataclass(frozen=True)
class ClaimMark:
    anchor: str  # element id, "claim-<start>-<end>"
    status: str  # "shared" | "exclusive"
    group_href: str | None
    group_label: str | None


@dataclass(frozen=True)
class Region:
    pieces: tuple[Piece, ...]
    claim: ClaimMark | None = None


def claim_anchor(span: Span) -> str:
    return f"claim-{span.start}-{span.end}"


def attribution_anchor(attribution: Attribution) -> str:
    return f"attr-{attribution.content_span.start}-{attribution.content_span.end}"


def _note(attribution: Attribution) -> str:
    kind = KIND_LABELS.get(attribution.speaker_kind, attribution.speaker_kind)
    who = attribution.speaker or "no named source"
    cue = f" ({attribution.cue})" if attribution.cue else ""
    return f"{kind}: {who}{cue}"


def _pieces(text: str, start: int, end: int, attributions: Sequence[Attribution]) -> tuple[Piece, ...]:
    inside = [
        a
        for a in attributions
        if a.content_span.overlaps(Span(start, end))
        or (a.source_span and a.source_span.overlaps(Span(start, end)))
        or (a.cue_span and a.cue_span.overlaps(Span(start, end)))
    ]
    cuts = {start, end}
    for a in inside:
        for span in (a.content_span, a.source_span, a.cue_span):
            if span is not None:
                cuts.update(p for p in (span.start, span.end) if start < p < end)
    bounds = sorted(cuts)
    pieces: list[Piece] = []
    for left, right in zip(bounds, bounds[1:]):
        cell = Span(left, right)
        classes: list[str] = []
        note = None
        saying = [a for a in inside if a.content_span.contains(cell)]
        if saying:
            inner = min(saying, key=lambda a: (a.content_span.end - a.content_span.start, a.content_span.start))
            classes += ["say", f"k-{inner.speaker_kind}"]
            note = _note(inner)
        speaking = [a for a in inside if a.source_span and a.source_span.contains(cell)]
        if speaking:
            classes += ["speaker", f"k-{speaking[0].speaker_kind}"]
            note = note or _note(speaking[0])
        if any(a.cue_span and a.cue_span.contains(cell) for a in inside):
            classes.append("cue")
        starting = [a for a in saying if a.content_span.start == left]
        anchor = attribution_anchor(starting[0]) if starting else None
        piece = Piece(text[left:right], " ".join(dict.fromkeys(classes)), note, anchor)
        if pieces and anchor is None and pieces[-1].classes == piece.classes and pieces[-1].note == piece.note:
            pieces[-1] = Piece(pieces[-1].text + piece.text, piece.classes, piece.note, pieces[-1].anchor)
        else:
            pieces.append(piece)
    return tuple(pieces)


def mark_up(
    text: str,
    attributions: Sequence[Attribution],
    claims: Sequence[tuple[Span, ClaimMark]] = (),
) -> list[Region]:
    """The whole text as regions, in order; joining every piece gives `text` back."""
    regions: list[Region] = []
    at = 0
    for span, mark in sorted(claims, key=lambda c: (c[0].start, c[0].end)):
        start, end = max(span.start, at), min(span.end, len(text))
        if start > at:
            regions.append(Region(_pieces(text, at, start, attributions)))
        # An overlapping claim is clipped to what the previous one left, but keeps its anchor.
        regions.append(Region(_pieces(text, start, end, attributions) if end > start else (), mark))
        at = max(at, end)
    if at < len(text):
        regions.append(Region(_pieces(text, at, len(text), attributions)))
    return regions
