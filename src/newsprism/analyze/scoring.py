"""Score predicted attributions against an annotated set (bench/data/attributions_gold.jsonl).

A gold case is a short text with its attributions, each given as character spans (source,
cue, content) plus kind, speaker_kind and the expected canonical speaker. A prediction matches
a gold attribution in the same text when their contents overlap by at least half (character
Jaccard); pairs are taken greedily, best overlap first, one-to-one.

Reported, each as precision / recall / F1:
- `attribution`: any matched pair; `kind:<k>` and `speaker_kind:<k>`: matched pairs that
  agree on that label, against all predictions / gold items carrying it;
- `source_exact`: the speaker span, scored the way BBC R&D's Citron scores PARC 3.0 (a
  prediction counts when some gold attribution has an overlapping cue and the very same
  source span; no source on both sides also agrees), so figures are comparable to its 0.82;
- `cue_exact` and `content_exact`: the same exact-span test for cues and contents;
- `speaker_accuracy`: share of matched pairs whose canonical speaker is the expected one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from newsprism.model import ATTRIBUTION_KINDS, SPEAKER_KINDS, Attribution, Span


@dataclass(frozen=True)
class GoldAttribution:
    source: Span | None
    cue: Span | None
    content: Span
    kind: str
    speaker_kind: str
    speaker: str | None


@dataclass(frozen=True)
class GoldCase:
    id: str
    pattern: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class PRF:
    tp: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, PRF]
    speaker_correct: int = 0
    speaker_total: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 1.0


def _span(value: dict | None) -> Span | None:
    return None if value is None else Span(int(value["start"]), int(value["end"]))


def gold_case_from_dict(row: dict) -> GoldCase:
    attributions = []
    for a in row["attributions"]:
        content = _span(a["content"])
        assert content is not None, row["id"]
        attributions.append(
            GoldAttribution(_span(a.get("source")), _span(a.get("cue")), content, a["kind"],
                            a["speaker_kind"], a.get("speaker"))
        )
    return GoldCase(row["id"], row.get("pattern", ""), row["text"], tuple(attributions))


def _jaccard(a: Span, b: Span) -> float:
    inter = max(0, min(a.end, b.end) - max(a.start, b.start))
    union = max(a.end, b.end) - min(a.start, b.start)
    return inter / union if union else 0.0


def match(gold: tuple[GoldAttribution, ...], predicted: tuple[Attribution, ...]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs whose contents overlap by >= 0.5."""
    pairs = sorted(
        ((_jaccard(g.content, p.content_span), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(predicted)),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for score, gi, pi in pairs:
        if score < 0.5:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return sorted(out)


def _same_attribution_site(g: GoldAttribution, p: Attribution) -> bool:
    if g.cue is not None and p.cue_span is not None:
        return g.cue.overlaps(p.cue_span)
    return _jaccard(g.content, p.content_span) >= 0.5


def _exact_counts(gold, predicted, get_gold, get_pred) -> tuple[int, int, int]:
    """Citron's exact-match counting: predicted items with a gold twin; gold items missed."""
    tp = sum(
        1 for p in predicted
        if any(_same_attribution_site(g, p) and get_gold(g) == get_pred(p) for g in gold)
    )
    fn = sum(
        1 for g in gold
        if not any(_same_attribution_site(g, p) and get_gold(g) == get_pred(p) for p in predicted)
    )
    return tp, len(predicted), tp + fn


def score(cases: Iterable[tuple[GoldCase, tuple[Attribution, ...]]]) -> Report:
    counts: dict[str, list[int]] = {}

    def add(name: str, tp: int, predicted: int, expected: int) -> None:
        c = counts.setdefault(name, [0, 0, 0])
        c[0] += tp
        c[1] += predicted
        c[2] += expected

    report = Report(scores={})
    for case, predicted in cases:
        gold = case.attributions
        pairs = match(gold, predicted)
        add("attribution", len(pairs), len(predicted), len(gold))
        for label, values in (("kind", ATTRIBUTION_KINDS), ("speaker_kind", SPEAKER_KINDS)):
            for value in values:
                tp = sum(
                    1 for gi, pi in pairs
                    if getattr(gold[gi], label) == value and getattr(predicted[pi], label) == value
                )
                add(f"{label}:{value}", tp,
                    sum(1 for p in predicted if getattr(p, label) == value),
                    sum(1 for g in gold if getattr(g, label) == value))
        add("source_exact", *_exact_counts(gold, predicted, lambda g: g.source, lambda p: p.source_span))
        with_cue_g = tuple(g for g in gold if g.cue is not None)
        with_cue_p = tuple(p for p in predicted if p.cue_span is not None)
        add("cue_exact", *_exact_counts(with_cue_g, with_cue_p, lambda g: g.cue, lambda p: p.cue_span))
        add("content_exact", *_exact_counts(gold, predicted, lambda g: g.content, lambda p: p.content_span))
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, pi in pairs:
            g, p = gold[gi], predicted[pi]
            if g.speaker is not None:
                report.speaker_total += 1
                report.speaker_correct += int(g.speaker == p.speaker)
            if (g.kind, g.speaker_kind, g.source) != (p.kind, p.speaker_kind, p.source_span) or (
                g.speaker is not None and g.speaker != p.speaker
            ):
                report.errors.append(
                    f"{case.id}: expected {g.kind}/{g.speaker_kind} {_show(case.text, g.source)!r}"
                    f" ({g.speaker}) got {p.kind}/{p.speaker_kind} {_show(case.text, p.source_span)!r} ({p.speaker})"
                )
            for part, gold_span, pred_span in (("content", g.content, p.content_span), ("cue", g.cue, p.cue_span)):
                if gold_span != pred_span:
                    report.errors.append(
                        f"{case.id}: {part} expected {_show(case.text, gold_span)!r}"
                        f" got {_show(case.text, pred_span)!r}"
                    )
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                report.errors.append(f"{case.id}: missed {g.kind} {_show(case.text, g.content)!r}")
        for pi, p in enumerate(predicted):
            if pi not in matched_p:
                report.errors.append(
                    f"{case.id}: spurious {p.kind}/{p.speaker_kind} cue={p.cue!r} {_show(case.text, p.content_span)!r}"
                )
    report.scores = {name: PRF(*c) for name, c in counts.items()}
    return report


def _show(text: str, span: Span | None) -> str | None:
    return None if span is None else span.text(text)
