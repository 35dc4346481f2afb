"""Conflicts bundled by the fact they are about, for display.

With many outlets one disagreement becomes many pairs: one outlet's "$1.52 million" against
ten outlets' "$1 million" is ten conflicts. JSON and Markdown keep every pair; the HTML
report and the terminal show each bundle (same group, same type) under one heading, its first
pairs in full and the rest folded."""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.model import Conflict

# Pairs of a bundle shown in full before the rest is folded.
SHOWN_PER_BUNDLE = 3


@dataclass(frozen=True)
class ConflictBundle:
    group_id: str | None  # None: the two claims are in different groups (denials)
    type: str
    conflicts: tuple[Conflict, ...]

    @property
    def articles(self) -> int:
        return len({c.article_id for conflict in self.conflicts for c in (conflict.a, conflict.b)})


def bundle_conflicts(conflicts: tuple[Conflict, ...] | list[Conflict]) -> list[ConflictBundle]:
    """Bundles in the order of their first conflict; a conflict outside any group is its own."""
    order: dict[tuple, list[Conflict]] = {}
    for n, conflict in enumerate(conflicts):
        key = (conflict.group_id, conflict.type) if conflict.group_id is not None else (None, conflict.type, n)
        order.setdefault(key, []).append(conflict)
    return [ConflictBundle(key[0], key[1], tuple(members)) for key, members in order.items()]
