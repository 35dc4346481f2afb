"""A Comparison as a Markdown report: articles, shared facts, a claims × outlets matrix,
exclusives, conflicts, quote threads and sourcing.

All text taken from articles is escaped, so an article cannot inject links, images or raw HTML
into the report.
"""

from __future__ import annotations

import re

from newsprism.model import SPEAKER_KINDS, Claim, ClaimGroup, Comparison, outlet_label
from newsprism.render.labels import plural, separate_stories_note, short_labels, thread_flags, thread_sameness

# md() output is always inline (after a list marker or inside a table cell, never at the start
# of a line), so only inline markup needs escaping: emphasis, code, links and images, table
# pipes, strikethrough and backslashes. Line-start markup (#, -, +, "1.") cannot trigger.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]!|~])")


def md(text: str | None) -> str:
    """Escape article text for Markdown: one line, specials backslash-escaped, HTML inert."""
    if text is None:
        return ""
    flat = re.sub(r"\s+", " ", text).strip()
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def _short(text: str, limit: int = 90) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _credit(claim: Claim) -> str:
    attribution = claim.attribution
    if attribution is None:
        return "own voice"
    who = attribution.speaker or attribution.cue or "unnamed source"
    return f"{who} ({attribution.speaker_kind.replace('_', ' ')})"


def comparison_markdown(comparison: Comparison) -> str:
    outlet_of = {a.id: outlet_label(a.article) for a in comparison.articles}
    lines: list[str] = []
    add = lines.append
    shared = [g for g in comparison.groups if g.status == "shared"]
    exclusive = [g for g in comparison.groups if g.status == "exclusive"]
    add(f"# Comparison of {len(comparison.articles)} reports")
    add("")
    add(
        f"{len(shared)} facts reported by more than one article, {len(exclusive)} reported by one only, "
        f"{len(comparison.conflicts)} conflicts, {len(comparison.quotes)} quotations carried by several articles."
    )
    add("")
    add("## Articles")
    add("")
    add("| # | outlet | title | published | source | claims |")
    add("|---|---|---|---|---|---|")
    claims_per_article: dict[str, int] = {}
    for g in comparison.groups:
        for c in g.claims:
            claims_per_article[c.article_id] = claims_per_article.get(c.article_id, 0) + 1
    for n, analyzed in enumerate(comparison.articles, start=1):
        a = analyzed.article
        note = "" if analyzed.analyzed else " (not analysed: not English)"
        add(
            f"| {n} | {md(outlet_of[a.id])} | {md(a.title) or '—'} | {md(a.published) or '—'} | "
            f"{md(str(a.source))} | {claims_per_article.get(a.id, 0)}{note} |"
        )
    add("")
    note = separate_stories_note(comparison)
    if note:
        add(f"**{md(note)}**")
        add("")
    if comparison.left_out:
        add(f"{plural(len(comparison.left_out), 'more article')} not compared: {md(comparison.left_out[0].reason)}.")
        add("")
        add("| outlet | title | published | source |")
        add("|---|---|---|---|")
        for item in comparison.left_out:
            a = item.article
            add(f"| {md(outlet_label(a))} | {md(a.title) or '—'} | {md(a.published) or '—'} | {md(str(a.source))} |")
        add("")
    add("## Shared facts")
    add("")
    if not shared:
        add("No fact is reported by more than one article.")
        add("")
    for g in shared:
        _group_section(g, outlet_of, add)
    add("## Claims × outlets")
    add("")
    outlets = list(dict.fromkeys(outlet_of[a.id] for a in comparison.articles if a.analyzed))
    short = short_labels(comparison)  # the article table above gives each one's full source
    add("| fact | " + " | ".join(md(short[o]) for o in outlets) + " |")
    add("|---|" + "---|" * len(outlets))
    for g in comparison.groups:
        cells = ["✔" if o in g.outlets else "—" for o in outlets]
        add(f"| {g.id}: {md(_short(g.claims[0].text, 70))} | " + " | ".join(cells) + " |")
    add("")
    add("✔ reports the fact, — leaves it out.")
    add("")
    add("## Reported by one article only")
    add("")
    for outlet in outlets:
        own = [g for g in exclusive if g.outlets == (outlet,)]
        if not own:
            continue
        add(f"### {md(outlet)} ({len(own)})")
        add("")
        for g in own:
            c = g.claims[0]
            add(f"- **{g.id}** “{md(c.text)}” — {md(_credit(c))} `[{c.span.start}, {c.span.end}]`")
        add("")
    add("## Conflicts")
    add("")
    if not comparison.conflicts:
        add("No conflicting claims found.")
        add("")
    for conflict in comparison.conflicts:
        where = f" (group {conflict.group_id})" if conflict.group_id else ""
        add(f"- **{conflict.type}**{where}: {md(conflict.explanation)}")
        for c in (conflict.a, conflict.b):
            add(f"  - {md(outlet_of[c.article_id])}: “{md(c.text)}” `[{c.span.start}, {c.span.end}]`")
    add("")
    add("## Quote threads")
    add("")
    if not comparison.quotes:
        add("No quotation is carried by more than one article.")
        add("")
    for thread in comparison.quotes:
        add(f"### {thread.id} — " + (", ".join(thread_flags(thread)) or thread_sameness(thread)))
        add("")
        for v in thread.versions:
            speaker = v.speaker or "no speaker credited"
            add(f"- {md(v.outlet)} — {md(speaker)}: “{md(v.wording)}” `[{v.span.start}, {v.span.end}]`")
        add("")
    add("## Sourcing")
    add("")
    outlets_sourcing = comparison.sourcing.get("outlets", {})
    kinds = [k.replace("_", " ") for k in SPEAKER_KINDS]
    add("Claims by whom the outlet credits (own voice = unattributed).")
    add("")
    add("| outlet | " + " | ".join(kinds) + " | claims |")
    add("|---|" + "---|" * (len(kinds) + 1))
    for outlet, entry in outlets_sourcing.items():
        profile = entry["claims"]
        cells = [f"{profile['counts'][k]} ({profile['shares'][k]:.0%})" for k in SPEAKER_KINDS]
        add(f"| {md(outlet)} | " + " | ".join(cells) + f" | {profile['total']} |")
    add("")
    return "\n".join(lines)


def _group_section(g: ClaimGroup, outlet_of: dict[str, str], add) -> None:
    omitted = f"; left out by {', '.join(md(o) for o in g.omitted_by)}" if g.omitted_by else ""
    add(f"### {g.id} — {len(g.outlets)} outlets{omitted}")
    add("")
    for c in g.claims:
        add(f"- **{md(outlet_of[c.article_id])}** — {md(_credit(c))}: “{md(c.text)}” `[{c.span.start}, {c.span.end}]`")
    add("")
