"""Short names for the outlets of a comparison, for places with little room (terminal
columns, the HTML matrix's column heads). Reports and JSON keep the full `outlet_label`."""

from __future__ import annotations

from pathlib import PurePath

from newsprism.model import NAMED_SPEAKER_KINDS, Comparison, QuoteThread, outlet_label

# Outlet names longer than this are cut; the article list shows them whole.
LABEL_WIDTH = 24


def _middle_cut(text: str, limit: int = LABEL_WIDTH) -> str:
    """Keep both ends: file names differ at their end, outlet names at their start."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + "…" + text[len(text) - (limit - 1 - head) :]


def short_labels(comparison: Comparison) -> dict[str, str]:
    """Outlet label (as in groups, `omitted_by` and sourcing) -> how the summary names it.
    An article without an outlet is labelled by its whole source path; the summary calls it
    by its number in the article table and its file name, so that a story of many files
    stays readable in an 80-column terminal or a 20-column table."""
    short: dict[str, str] = {}
    for n, analyzed in enumerate(comparison.articles, start=1):
        article = analyzed.article
        label = outlet_label(article)
        if label in short:
            continue
        if article.outlet:
            short[label] = _middle_cut(article.outlet)
        else:
            short[label] = f"#{n} " + _middle_cut(PurePath(article.source.path).name, LABEL_WIDTH - 4)
    return short


def plural(count: int, noun: str) -> str:
    """"1 more article", "3 more articles": the count and its noun, in agreement."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


# Stories named one by one in the separate-stories note; the JSON lists them all.
SHOWN_STORIES = 8


def _number_runs(numbers: list[int]) -> str:
    """"#1, #2, #3, #4, #7" -> "#1–#4, #7": article numbers, consecutive runs of three or more
    written as a range, so a note about hundreds of articles stays a few lines."""
    parts, start = [], 0
    while start < len(numbers):
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        if end - start >= 2:
            parts.append(f"#{numbers[start]}–#{numbers[end]}")
        else:
            parts.extend(f"#{n}" for n in numbers[start : end + 1])
        start = end + 1
    return ", ".join(parts)


def separate_stories_note(comparison: Comparison) -> str | None:
    """The warning every report gives when the articles look like several stories, naming the
    articles of each by their number in the article list: "These 3 articles look like 2
    separate stories ...: #1, #2 / #3. ..."; None when they are one story."""
    if not comparison.separate_stories:
        return None
    number = {a.id: n for n, a in enumerate(comparison.articles, start=1)}
    count = len(comparison.separate_stories)
    shown = [_number_runs(sorted(number[i] for i in ids if i in number)) for ids in comparison.separate_stories]
    stories = " / ".join(shown[:SHOWN_STORIES])
    if count > SHOWN_STORIES:
        more = count - SHOWN_STORIES
        stories += f" / {more} more {'story' if more == 1 else 'stories'} (listed in the JSON)"
    others = "the other story's articles" if count == 2 else "the other stories' articles"
    return (
        f"These {plural(len(comparison.articles), 'article')} look like {count} separate stories by newsprism's "
        f"story grouping: {stories}. Facts of one story show as left out by {others}; compare each story on its "
        "own unless this is what you meant."
    )


def thread_flags(thread: QuoteThread) -> list[str]:
    """What differs between the outlets carrying a quote, as the reports word it."""
    return [label for label, on in (("wording differs", thread.wording_differs),
                                    ("speaker differs", thread.speaker_differs)) if on]


def thread_sameness(thread: QuoteThread) -> str:
    """How a thread with no difference reads: the speakers are only the same when two or more
    outlets name one; "he" or no credit at all leaves nothing to compare."""
    named = {
        v.article_id for v in thread.versions
        if v.speaker and v.speaker_kind in NAMED_SPEAKER_KINDS and v.speaker.lower() not in _PRONOUNS
    }
    return "same wording and speaker" if len(named) >= 2 else "same wording"


# A speaker the analysis could not resolve keeps the pronoun as its name.
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})
