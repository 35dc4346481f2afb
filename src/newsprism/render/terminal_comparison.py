"""The terminal summary of a Comparison: articles, shared facts with who carries and who
leaves them out, exclusives per outlet, conflicts, quote threads and sourcing shares.

Article text is printed through `rich.text.Text`, never as markup, so brackets in an article
cannot restyle the terminal."""

from __future__ import annotations

import re

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsprism.model import SPEAKER_KINDS, Claim, Comparison, outlet_label
from newsprism.render.conflict_bundles import SHOWN_PER_BUNDLE, bundle_conflicts
from newsprism.render.labels import plural, separate_stories_note, short_labels, thread_flags, thread_sameness

SHOWN_EXCLUSIVES = 5  # per outlet; the JSON / Markdown / HTML reports list them all
# A headline longer than this is cut in the articles table (the reports show it whole), so a
# story of twenty outlets fits its table on one screen.
SHOWN_TITLE_CHARS = 80
# Column heads of the sourcing table, short enough for six columns and an outlet in 80.
KIND_HEADS = {
    "named_person": "person", "named_organization": "org", "anonymous_official": "anonymous",
    "vague_collective": "vague", "document": "document", "unattributed": "none",
}


def _short(text: str, limit: int = 110) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _credit(claim: Claim) -> str:
    a = claim.attribution
    return "own voice" if a is None else (a.speaker or a.cue or "unnamed source")


def _shorten(explanation: str, short: dict[str, str]) -> str:
    """An explanation names outlets by their full label; the summary uses its short names."""
    for label in sorted(short, key=len, reverse=True):
        explanation = explanation.replace(label, short[label])
    return explanation


def print_comparison(console: Console, comparison: Comparison) -> None:
    short = short_labels(comparison)
    outlet_of = {a.id: short[outlet_label(a.article)] for a in comparison.articles}
    shared = [g for g in comparison.groups if g.status == "shared"]
    exclusive = [g for g in comparison.groups if g.status == "exclusive"]

    articles = Table(title=f"{len(comparison.articles)} reports compared", title_justify="left")
    for column in ("#", "outlet", "title", "published", "source"):
        articles.add_column(column, overflow="fold")
    for n, analyzed in enumerate(comparison.articles, start=1):
        a = analyzed.article
        note = "" if analyzed.analyzed else " (not analysed)"
        articles.add_row(
            str(n), Text((a.outlet or "unknown") + note), Text(_short(a.title, SHOWN_TITLE_CHARS) if a.title else "—"), Text(a.published or "—"),
            Text(str(a.source)),
        )
    console.print(articles)
    if comparison.left_out:
        console.print(
            Text(f"{plural(len(comparison.left_out), 'more article')} not compared: {comparison.left_out[0].reason}.", style="yellow")
        )
    note = separate_stories_note(comparison)
    if note:
        console.print(Text(note, style="yellow"))
    console.print(
        Text(
            f"{len(shared)} shared facts · {len(exclusive)} exclusive · {len(comparison.conflicts)} conflicts · "
            f"{len(comparison.quotes)} quote threads",
            style="bold",
        )
    )

    if shared:
        console.print(Text("\nShared facts", style="bold underline"))
    for g in shared:
        head = Text(f"{g.id} ", style="bold cyan")
        head.append(f"{len(g.outlets)} outlets")
        if g.omitted_by:
            head.append(f" · left out by {', '.join(short.get(o, o) for o in g.omitted_by)}", style="yellow")
        console.print(head)
        for c in g.claims:
            line = Text("  ")
            line.append(outlet_of[c.article_id], style="bold")
            line.append(f" ({_credit(c)}): ", style="dim")
            line.append(_short(c.text))
            console.print(line)

    for outlet in dict.fromkeys(outlet_label(a.article) for a in comparison.articles if a.analyzed):
        own = [g for g in exclusive if g.outlets == (outlet,)]
        if not own:
            continue
        console.print(Text(f"\nOnly {short[outlet]} ({len(own)})", style="bold underline"))
        for g in own[:SHOWN_EXCLUSIVES]:
            console.print(Text(f"  {g.id} ").append(_short(g.claims[0].text)))
        if len(own) > SHOWN_EXCLUSIVES:
            console.print(Text(f"  … and {len(own) - SHOWN_EXCLUSIVES} more (see --json/--md/--html)", style="dim"))

    if comparison.conflicts:
        console.print(Text("\nConflicts", style="bold underline red"))
    for bundle in bundle_conflicts(comparison.conflicts):
        for conflict in bundle.conflicts[:SHOWN_PER_BUNDLE]:
            console.print(Text(f"  [{conflict.type}] ", style="bold red").append(_shorten(conflict.explanation, short)))
        folded = len(bundle.conflicts) - SHOWN_PER_BUNDLE
        if folded > 0:
            console.print(Text(f"    … and {folded} more {bundle.type} conflicts about {bundle.group_id} "
                               "(see --json/--md/--html)", style="dim"))

    if comparison.quotes:
        console.print(Text("\nQuote threads", style="bold underline"))
    for thread in comparison.quotes:
        console.print(Text(f"  {thread.id} ", style="bold").append(", ".join(thread_flags(thread)) or thread_sameness(thread)))
        for v in thread.versions:
            line = Text(f"    {short.get(v.outlet, v.outlet)} — {v.speaker or 'no speaker credited'}: ", style="dim")
            line.append(f"“{_short(v.wording, 90)}”")
            console.print(line)

    outlets = comparison.sourcing.get("outlets", {})
    if outlets:
        table = Table(
            title="\nWhom each outlet's claims are credited to",
            title_justify="left",
            caption="person / org: a named person or organisation · anonymous: an unnamed official · "
            "vague: a vague crowd (\"analysts say\") · document: a report or statement · "
            "none: the outlet's own voice",
            caption_justify="left",
        )
        table.add_column("outlet", no_wrap=True, overflow="ellipsis")
        for kind in SPEAKER_KINDS:
            table.add_column(KIND_HEADS.get(kind, kind), justify="right", no_wrap=True)
        for outlet, entry in outlets.items():
            shares = entry["claims"]["shares"]
            table.add_row(Text(short.get(outlet, outlet)), *(f"{shares[k]:.0%}" for k in SPEAKER_KINDS))
        console.print(table)
