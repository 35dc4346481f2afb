"""Sourcing side by side: whom each outlet relies on, overall and fact by fact.

Two views per outlet, because they answer different questions:
  attributions — every attribution the analysis found (one per "X said ..."), by speaker kind;
  claims       — every claim the comparison kept, by the kind of speaker it is credited to,
                 with claims nobody is credited for counted as the outlet's own voice
                 (`unattributed`). This is the view that lines up with the groups.
Per group: for each outlet carrying the fact, the speakers it credits (or its own voice).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from newsprism.compare.claims import ClaimFacts
from newsprism.model import SPEAKER_KINDS, AnalyzedArticle, ClaimGroup, outlet_label

OWN_VOICE = "own voice"


def _profile(counts: Counter) -> dict[str, Any]:
    total = sum(counts.values())
    return {
        "total": total,
        "counts": {kind: counts.get(kind, 0) for kind in SPEAKER_KINDS},
        "shares": {kind: round(counts.get(kind, 0) / total, 4) if total else 0.0 for kind in SPEAKER_KINDS},
    }


def sourcing_side_by_side(
    analyzed: Sequence[AnalyzedArticle], groups: Sequence[ClaimGroup], facts: Sequence[ClaimFacts]
) -> dict[str, Any]:
    outlets: dict[str, dict[str, Any]] = {}
    attribution_counts: dict[str, Counter] = {}
    claim_counts: dict[str, Counter] = {}
    speakers: dict[str, Counter] = {}
    for article in analyzed:
        if not article.analyzed:
            continue
        outlet = outlet_label(article.article)
        outlets.setdefault(outlet, {"articles": []})["articles"].append(article.id)
        attribution_counts.setdefault(outlet, Counter()).update(a.speaker_kind for a in article.attributions)
        speakers.setdefault(outlet, Counter()).update(
            (a.speaker, a.speaker_kind) for a in article.attributions if a.speaker
        )
    outlet_of = {a.id: outlet_label(a.article) for a in analyzed}
    for fact in facts:
        attribution = fact.claim.attribution
        kind = attribution.speaker_kind if attribution else "unattributed"
        claim_counts.setdefault(outlet_of[fact.claim.article_id], Counter())[kind] += 1
    for outlet, entry in outlets.items():
        entry["attributions"] = _profile(attribution_counts.get(outlet, Counter()))
        entry["claims"] = _profile(claim_counts.get(outlet, Counter()))
        entry["speakers"] = [
            {"name": name, "kind": kind, "statements": count}
            for (name, kind), count in sorted(speakers[outlet].items(), key=lambda item: (-item[1], item[0]))
        ]
    return {"outlets": outlets, "groups": {g.id: _credits(g, outlet_of) for g in groups}}


def _credits(group: ClaimGroup, outlet_of: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    """outlet -> whom it credits for this fact, each speaker once, in text order."""
    out: dict[str, list[dict[str, str]]] = {}
    for claim in group.claims:
        attribution = claim.attribution
        entry = (
            {"speaker": attribution.speaker or attribution.cue or "unnamed", "kind": attribution.speaker_kind}
            if attribution is not None
            else {"speaker": OWN_VOICE, "kind": "unattributed"}
        )
        listed = out.setdefault(outlet_of[claim.article_id], [])
        if entry not in listed:
            listed.append(entry)
    return out
