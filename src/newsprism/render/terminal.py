"""Readable terminal summaries (rich) of analyses and stories."""

from __future__ import annotations

from typing import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsprism.model import SPEAKER_KINDS, AnalyzedArticle, Article, Skipped, Story, Warning_

KIND_STYLE = {
    "named_person": "green",
    "named_organization": "cyan",
    "anonymous_official": "yellow",
    "vague_collective": "red",
    "document": "blue",
    "unattributed": "dim",
}
KIND_SHORT = {
    "named_person": "person",
    "named_organization": "org",
    "anonymous_official": "anon. official",
    "vague_collective": "vague crowd",
    "document": "document",
    "unattributed": "own voice",
}
QUOTE_PREVIEW = 90


def _preview(text: str, limit: int = QUOTE_PREVIEW) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def print_analysis(console: Console, analyzed: Sequence[AnalyzedArticle], max_attributions: int = 12) -> None:
    for item in analyzed:
        article = item.article
        title = article.title or _preview(article.text, 70)
        console.rule(f"[bold]{escape(title)}")
        meta = [
            f"outlet: [bold]{escape(article.outlet or '—')}[/]",
            f"published: {escape(article.published or '—')}",
            f"language: {escape(article.language or '?')}",
            f"id: {article.id}",
            f"source: {escape(str(article.source))}",
        ]
        console.print("  ".join(meta))
        for extra in article.also_seen_at:
            console.print(f"  [dim]identical text also in {escape(str(extra))}[/]")
        if not item.analyzed:
            console.print("[dim]not analysed (not English or no text)[/]")
            continue
        console.print(
            f"{len(item.sentences)} sentences, {len(item.entities)} entities, "
            f"{len(item.attributions)} attributions"
        )
        if item.sourcing is not None:
            counts = item.sourcing.counts
            bar = "  ".join(
                f"[{KIND_STYLE[k]}]{KIND_SHORT[k]}: {counts.get(k, 0)}[/]" for k in SPEAKER_KINDS
            )
            console.print(f"sourcing  {bar}")
            if item.sourcing.speakers:
                named = ", ".join(
                    f"{escape(s.name)} ({s.statements})" for s in item.sourcing.speakers[:10]
                )
                console.print(f"named sources  {named}")
        if item.attributions:
            table = Table(show_header=True, header_style="bold", expand=True, box=None)
            table.add_column("kind", no_wrap=True)
            table.add_column("speaker", ratio=1)
            table.add_column("cue", no_wrap=True)
            table.add_column("says", ratio=3)
            for attribution in item.attributions[:max_attributions]:
                style = KIND_STYLE.get(attribution.speaker_kind, "")
                table.add_row(
                    f"[{style}]{KIND_SHORT.get(attribution.speaker_kind, attribution.speaker_kind)}[/]",
                    escape(attribution.speaker or "—"),
                    escape(attribution.cue or attribution.kind),
                    escape(_preview(attribution.content_span.text(article.text))),
                )
            console.print(table)
            hidden = len(item.attributions) - max_attributions
            if hidden > 0:
                console.print(f"[dim]… {hidden} more (use --json for all)[/]")


def print_skipped(console: Console, skipped: Sequence[Skipped], warnings: Sequence[Warning_] = ()) -> None:
    for warning in warnings:
        console.print(f"[yellow]warning[/] {escape(str(warning.source))}: {escape(warning.message)}")
    if skipped:
        console.print(f"[yellow]skipped {len(skipped)} input(s):[/]")
        for item in skipped:
            console.print(f"  [yellow]{escape(str(item.source))}[/]: {escape(item.reason)}")


def print_stories(console: Console, stories: Sequence[Story], articles: dict[str, Article]) -> None:
    # One line per story: long titles and outlet lists are cut, --json has them whole.
    table = Table(show_header=True, header_style="bold", expand=True, box=None)
    table.add_column("story", no_wrap=True)
    table.add_column("title", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("copies", justify="right", no_wrap=True)
    table.add_column("time span", no_wrap=True)
    table.add_column("outlets", ratio=2, no_wrap=True, overflow="ellipsis")
    for story in stories:
        copies = sum(len(g.members) - 1 for g in story.copies)
        span = "—"
        if story.first_published:
            span = story.first_published[:10]
            if story.last_published and story.last_published[:10] != span:
                span += f" → {story.last_published[:10]}"
        table.add_row(
            story.id,
            escape(_preview(story.title or "", 80)),
            str(len(story.article_ids)),
            str(copies),
            span,
            escape(_preview(", ".join(story.outlets), 60)),
        )
    console.print(table)
