"""The story page: articles in time order, the claims × outlets matrix, conflicts,
sourcing per outlet and copy groups."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from newsprism.model import SPEAKER_KINDS, AnalyzedArticle, Claim, Comparison, CopyGroup, outlet_label
from newsprism.web.queries import ArticleMeta
from newsprism.web.textmarkup import KIND_LABELS
from newsprism.web.views.common import (
    COPY_KIND_LABELS,
    UNKNOWN_OUTLET,
    BarSegment,
    article_href,
    bar,
    group_anchor,
    outlet_css,
    shorten,
)

@dataclass(frozen=True)
class ArticleRow:
    id: str
    outlet: str
    title: str
    published: str | None
    source: str
    copy_note: str | None  # "syndicated copy of …" / "original of 2 copies"


def copy_notes(groups: Sequence[CopyGroup], meta: dict[str, ArticleMeta]) -> dict[str, str]:
    notes: dict[str, str] = {}
    for group in groups:
        copies = [m for m in group.members if m != group.original]
        kind = COPY_KIND_LABELS.get(group.kind, group.kind)
        notes[group.original] = f"original of {len(copies)} {kind}{'' if len(copies) == 1 else 's'}"
        original = meta.get(group.original)
        source = (original.outlet or original.title or group.original) if original else group.original
        for member in copies:
            notes[member] = f"{kind} of {source}"
    return notes


def article_rows(ids: Sequence[str], meta: dict[str, ArticleMeta], groups: Sequence[CopyGroup]) -> list[ArticleRow]:
    """Articles in time order (undated ones after, in ingest order)."""
    notes = copy_notes(groups, meta)
    present = [meta[i] for i in ids if i in meta]
    present.sort(key=lambda m: (m.published is None, m.published or "", m.seq))
    return [
        ArticleRow(
            id=m.id,
            outlet=m.outlet or UNKNOWN_OUTLET,
            title=m.label,
            published=m.published,
            source=m.source,
            copy_note=notes.get(m.id),
        )
        for m in present
    ]


@dataclass(frozen=True)
class ClaimRef:
    article_id: str
    outlet: str
    text: str
    href: str


@dataclass(frozen=True)
class MatrixCell:
    state: str  # "shared" | "exclusive" | "omitted" | "absent"
    href: str | None = None
    count: int = 0  # claims of this outlet in the group
    note: str | None = None


@dataclass(frozen=True)
class MatrixRow:
    group_id: str
    anchor: str
    status: str
    text: str
    outlet_count: int
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True)
class Matrix:
    outlets: tuple[str, ...]
    outlet_css: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    shared: int
    exclusive: int


def outlet_labels(comparison: Comparison) -> dict[str, str]:
    return {a.article.id: outlet_label(a.article) for a in comparison.articles}


def claim_ref(claim: Claim, labels: dict[str, str]) -> ClaimRef:
    return ClaimRef(claim.article_id, labels.get(claim.article_id, UNKNOWN_OUTLET), claim.text, article_href(claim.article_id, claim.span))


def claim_matrix(comparison: Comparison) -> Matrix:
    """Rows: claim groups, shared ones first (most outlets first), then exclusives, each in
    the comparison's order. Columns: outlets, those carrying most groups first."""
    labels = outlet_labels(comparison)
    carried = Counter(o for g in comparison.groups for o in g.outlets)
    names = set(labels.values()) | set(carried) | {o for g in comparison.groups for o in g.omitted_by}
    outlets = tuple(sorted(names, key=lambda o: (-carried[o], o)))
    order = sorted(
        range(len(comparison.groups)),
        key=lambda i: (comparison.groups[i].status != "shared", -len(comparison.groups[i].outlets), i),
    )
    rows = []
    for i in order:
        group = comparison.groups[i]
        by_outlet: dict[str, list[Claim]] = {}
        for claim in group.claims:
            by_outlet.setdefault(labels.get(claim.article_id, UNKNOWN_OUTLET), []).append(claim)
        cells = []
        for outlet in outlets:
            claims = by_outlet.get(outlet, [])
            if outlet in group.outlets or claims:
                first = claims[0] if claims else None
                cells.append(
                    MatrixCell(
                        state="shared" if group.status == "shared" else "exclusive",
                        href=article_href(first.article_id, first.span) if first else None,
                        count=len(claims),
                        note=shorten(first.text, 300) if first else None,
                    )
                )
            elif outlet in group.omitted_by:
                cells.append(MatrixCell(state="omitted", note=f"{outlet} does not report this"))
            else:
                cells.append(MatrixCell(state="absent"))
        lead = group.claims[0].text if group.claims else ""
        rows.append(
            MatrixRow(group.id, group_anchor(group.id), group.status, shorten(lead), len(group.outlets), tuple(cells))
        )
    return Matrix(
        outlets=outlets,
        outlet_css=tuple(outlet_css(o) for o in outlets),
        rows=tuple(rows),
        shared=sum(1 for g in comparison.groups if g.status == "shared"),
        exclusive=sum(1 for g in comparison.groups if g.status != "shared"),
    )


@dataclass(frozen=True)
class ConflictView:
    type: str
    explanation: str
    a: ClaimRef
    b: ClaimRef
    group_anchor: str | None


def conflict_views(comparison: Comparison) -> list[ConflictView]:
    labels = outlet_labels(comparison)
    return [
        ConflictView(
            c.type,
            c.explanation,
            claim_ref(c.a, labels),
            claim_ref(c.b, labels),
            group_anchor(c.group_id) if c.group_id else None,
        )
        for c in comparison.conflicts
    ]


@dataclass(frozen=True)
class SourcingRow:
    outlet: str
    total: int
    segments: tuple[BarSegment, ...]


def kind_bar(counts: dict[str, int]) -> tuple[BarSegment, ...]:
    return bar((KIND_LABELS[k], int(counts.get(k, 0)), f"k-{k}", None) for k in SPEAKER_KINDS)


def sourcing_rows(comparison: Comparison | None, analyses: Iterable[AnalyzedArticle]) -> list[SourcingRow]:
    """Per outlet, attributions by speaker kind. The comparison's own per-outlet counts are
    used when it has them; otherwise the articles' sourcing profiles are summed."""
    totals: dict[str, Counter] = {}
    from_comparison = _comparison_counts(comparison) if comparison is not None else {}
    if from_comparison:
        totals = from_comparison
    else:
        for item in analyses:
            if item.analyzed and item.sourcing is not None:
                totals.setdefault(outlet_label(item.article), Counter()).update(item.sourcing.counts)
    return [
        SourcingRow(outlet, sum(counts.values()), kind_bar(counts))
        for outlet, counts in sorted(totals.items())
    ]


def _comparison_counts(comparison: Comparison) -> dict[str, Counter]:
    """Per-outlet counts from the comparison's sourcing: by claim if it has them (how each
    fact the outlet states is sourced, own voice included), else by attribution."""
    sourcing = comparison.sourcing if isinstance(comparison.sourcing, dict) else {}
    outlets = sourcing.get("outlets", {})
    out: dict[str, Counter] = {}
    if not isinstance(outlets, dict):
        return out
    for outlet, entry in outlets.items():
        if not isinstance(entry, dict):
            continue
        for key in ("claims", "attributions"):
            part = entry.get(key)
            counts = part.get("counts") if isinstance(part, dict) else None
            if isinstance(counts, dict) and counts and all(k in SPEAKER_KINDS and isinstance(v, int) for k, v in counts.items()):
                out[str(outlet)] = Counter(counts)
                break
    return out


@dataclass(frozen=True)
class CopyView:
    kind: str
    original: ArticleRow | None
    copies: tuple[ArticleRow, ...]


def copy_views(groups: Sequence[CopyGroup], meta: dict[str, ArticleMeta]) -> list[CopyView]:
    rows = {r.id: r for r in article_rows([m for g in groups for m in g.members], meta, ())}
    return [
        CopyView(
            COPY_KIND_LABELS.get(g.kind, g.kind),
            rows.get(g.original),
            tuple(rows[m] for m in g.members if m != g.original and m in rows),
        )
        for g in groups
    ]
