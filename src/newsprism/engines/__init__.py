"""Engines decide where the stages run (this process, or a Ray cluster), never what they
compute: the same input gives the same store contents and the same JSON on every engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsprism.model import Skipped, Warning_


@dataclass
class IngestReport:
    added: int = 0
    already_stored: int = 0
    analysed: int = 0
    stories_touched: int = 0
    total_articles: int = 0
    total_stories: int = 0
    seconds: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
