"""Find quotations by their marks: curly, straight and TeX-style (`` '') double quotes, and
curly single quotes in texts that use no double quotes (a house style of some UK outlets).

Straight `"` marks alternate open/close (they cannot nest), which also copes with tokenised
text where they have spaces on both sides. Where a quote is open and a mark glued to the next
sentence follows (`… the scene. "We've been …`), the mark opens a quote when what it would
enclose reads as speech (first or second person, or a reporting clause after its closing
mark); else it closes the open one. Texts whose paragraph breaks were lost need this: the
news convention of reopening a quote in each paragraph leaves one mark too many.

In a text that uses double quotes, curly single quotes outside them still count when they pair
up within a paragraph (UK outlets put headlines and some body quotes in single marks). A
quotation left open when the next one opens ends at the end of its sentence, or, when the next
one starts a paragraph (or reopens it, as above), at that mark: that is the news convention for
a quote running over several paragraphs, where each paragraph reopens it.
A quotation whose words go on past a reporting clause of the news style (", police said.")
ends at that clause: its closing mark was left out, or misplaced, or the marks hold a passage
of another outlet's report, and what follows is narration, not the speaker's words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from newsprism.model import Span

_OPENERS = {"“": 1, "„": 1, "«": 1, "``": 2}
_CLOSERS = {"”": 1, "»": 1, "''": 2}
_AMBIGUOUS = '"'
_BEFORE_OPEN = set(" \t\n\r([{—–-/") | set(_OPENERS) | {"'", "‘"}
_AFTER_CLOSE = set(" \t\n\r)]}.,;:!?—–-/…") | set(_CLOSERS) | {"'", "’"}
_TRAILING_IN_QUOTE = " \t\n\r,;:"

# ", Troy police Lt. Gerry Scherlinck said." / ", said the officer." / ", he added." ending a
# sentence inside quotation marks: narration, since speakers do not report themselves so.
_REPORTED = (
    r"(?:said|says|added|adds|noted|notes|explained|stated|asked|wrote|writes|continued|recalled|"
    r"insisted|replied|warned|told\s+[\w.'’-]+|according\s+to)"
)
_SUBJECT_WORD = r"[\w.'’-]+,?"  # a comma for an apposition: ", Jo Roe, a spokesman, said."
_REPORTING_AFTER = re.compile(rf"(?:{_SUBJECT_WORD}\s+){{0,7}}?{_REPORTED}\b", re.IGNORECASE)
_NOT_A_SUBJECT = r"(?!(?:and|but|or|so|that|what|which|who|how|when|if|as|because|i|we|you)\b)"
_NARRATION = re.compile(
    rf",\s*(?:{_NOT_A_SUBJECT}(?:{_SUBJECT_WORD}\s+){{0,11}}?{_REPORTED}"
    rf"|{_REPORTED}\s+(?:{_SUBJECT_WORD}\s+){{0,7}}?{_SUBJECT_WORD})\s*\.(?=\s|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quote:
    """One quotation: `interior` is the quoted words without marks (and without a trailing
    comma); `open_mark` is where the opening mark starts and `end` where the quotation ends
    (after the closing mark when there is one). `reopened` marks a quote whose paragraph ended
    without a closing mark because the next paragraph continues it."""

    open_mark: int
    end: int
    interior: Span
    closed: bool
    reopened: bool = False

    @property
    def outer(self) -> Span:
        return Span(self.open_mark, self.end)


@dataclass(frozen=True)
class _Mark:
    pos: int
    length: int
    role: str  # "open" | "close" | "either"


def _double_marks(text: str) -> list[_Mark]:
    marks: list[_Mark] = []
    i, n = 0, len(text)
    while i < n:
        two = text[i : i + 2]
        ch = text[i]
        if len(two) < 2:
            two = ""  # a one-character mark at the very end is not a TeX pair
        if two in _OPENERS:
            marks.append(_Mark(i, 2, "open"))
            i += 2
            continue
        if two in _CLOSERS:
            marks.append(_Mark(i, 2, "close"))
            i += 2
            continue
        if ch in _OPENERS:
            marks.append(_Mark(i, 1, "open"))
        elif ch in _CLOSERS:
            marks.append(_Mark(i, 1, "close"))
        elif ch == _AMBIGUOUS:
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < n else " "
            opens = before in _BEFORE_OPEN and not after.isspace()
            closes = after in _AFTER_CLOSE and not before.isspace()
            role = "open" if opens and not closes else "close" if closes and not opens else "either"
            marks.append(_Mark(i, 1, role))
        i += 1
    return marks


def _single_marks(text: str) -> list[_Mark]:
    marks: list[_Mark] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "‘":
            marks.append(_Mark(i, 1, "open"))
        elif ch == "’":
            after = text[i + 1] if i + 1 < n else " "
            if not after.isalpha():  # "don’t" is an apostrophe, "go,’ she" a closing mark
                marks.append(_Mark(i, 1, "close"))
    return marks


def _straight_role(text: str, mark: _Mark, is_open: bool, starts_paragraph: bool) -> str:
    """Straight quotes cannot nest, so they alternate; the flanking test only breaks the tie
    where a writer left a quote unclosed (a mark that starts a paragraph, or one glued to the
    next word after a word rather than after punctuation, opens a new quote) or a paragraph
    break was lost ("reopen": the open quote goes on after the mark)."""
    if not is_open:
        return "open"
    if starts_paragraph:
        return "open"
    before = text[: mark.pos].rstrip()
    after = text[mark.pos + 1 : mark.pos + 2]
    if mark.role == "open" and before and before[-1].isalnum() and after.isalnum():
        return "open"
    if mark.role == "open" and before and before[-1] in ".?!:" and after.isupper() and _reads_as_speech(text, mark.pos + 1):
        # `… the scene. "We've been able …`: a sentence opening with a mark glued to it, in
        # text whose paragraph breaks were lost, either closes the quote before it (`girl.
        # "While Reid has been …` goes on in the writer's voice) or opens the next one. It
        # opens when what it would enclose reads as speech: after a full stop, the same quote
        # reopened in a new paragraph; after "said :", a new one.
        return "open" if before[-1] == ":" else "reopen"
    return "close"


# First and second person: the words of someone speaking, not of the writer's report.
# ("US" is a country, so "us" counts only in lower case.)
_SPEAKING = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Ww]e|us|[Oo]urs?|[Yy]ou|[Yy]ours?)\b")


def _reads_as_speech(text: str, start: int) -> bool:
    """Would the words from `start` to the next straight mark be a quotation? They speak in
    the first or second person, or the mark after them is followed by a reporting clause
    (`…, "the officer said`); a reporting clause right at `start` (`. "Smith said`) says the
    mark before it closed a quote."""
    if _reporting_clause_at(text, start):
        return False
    end = text.find(_AMBIGUOUS, start)
    enclosed = text[start : end if end >= 0 else len(text)]
    if _SPEAKING.search(enclosed):
        return True
    return end >= 0 and _reporting_clause_at(text, end + 1)


def _reporting_clause_at(text: str, start: int) -> bool:
    """`Smith said`, `the officer added`, `said Smith` at `start`; not `We told him …`, which
    is someone speaking of themselves."""
    found = _REPORTING_AFTER.match(text, start)
    return found is not None and not _SPEAKING.search(found.group())


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING_IN_QUOTE:
        end -= 1
    return Span(start, end) if end > start else None


def _containing_end(bounds: list[Span], starts: list[int], pos: int, default: int) -> int:
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and bounds[i].start <= pos < bounds[i].end:
        return bounds[i].end
    return default


def find_quotes(
    text: str, sentences: tuple[Span, ...], paragraphs: tuple[Span, ...]
) -> tuple[Quote, ...]:
    """All quotations in `text`, in order, never overlapping."""
    marks = _double_marks(text)
    if not any(m.role != "close" for m in marks):
        marks = _single_marks(text)
    sent_starts = [s.start for s in sentences]
    para_starts = [p.start for p in paragraphs]
    para_start_set = set(para_starts)

    quotes: list[Quote] = []
    open_mark: _Mark | None = None

    def close_unclosed(upto: int, next_opens_paragraph: bool) -> None:
        assert open_mark is not None
        if next_opens_paragraph:
            end = _containing_end(list(paragraphs), para_starts, open_mark.pos, upto)
        else:
            end = _containing_end(list(sentences), sent_starts, open_mark.pos, upto)
        end = min(end, upto)
        interior = _trim(text, open_mark.pos + open_mark.length, end)
        if interior is not None:
            quotes.append(Quote(open_mark.pos, end, interior, False, next_opens_paragraph))

    for mark in marks:
        role = mark.role
        if mark.length == 1 and text[mark.pos] == _AMBIGUOUS:
            role = _straight_role(text, mark, open_mark is not None, mark.pos in para_start_set)
        if role in ("open", "reopen"):
            if open_mark is not None:
                close_unclosed(mark.pos, role == "reopen" or mark.pos in para_start_set)
            open_mark = mark
        elif open_mark is not None:
            interior = _trim(text, open_mark.pos + open_mark.length, mark.pos)
            if interior is not None:
                quotes.append(Quote(open_mark.pos, mark.pos + mark.length, interior, True))
            open_mark = None
    if open_mark is not None:
        close_unclosed(len(text), False)
    quotes = [_cut_at_narration(text, q) for q in quotes]
    if any(m.role != "close" for m in marks) and "‘" in text:
        quotes.extend(_single_quotes_outside(text, quotes, paragraphs))
        quotes.sort(key=lambda q: q.open_mark)
    return tuple(quotes)


def _cut_at_narration(text: str, quote: Quote) -> Quote:
    found = _NARRATION.search(text, quote.interior.start, quote.interior.end)
    if found is None:
        return quote
    interior = _trim(text, quote.interior.start, found.start())
    if interior is None:
        return quote
    return replace(quote, end=interior.end, interior=interior, closed=False, reopened=False)


def _single_quotes_outside(text: str, doubles: list[Quote], paragraphs: tuple[Span, ...]) -> list[Quote]:
    """Closed ‘...’ pairs that open at a word start, lie outside every double-quoted stretch
    and within one paragraph."""
    out: list[Quote] = []
    opened: int | None = None
    for mark in _single_marks(text):
        if any(q.open_mark <= mark.pos < q.end for q in doubles):
            continue
        if mark.role == "open":
            before = text[mark.pos - 1] if mark.pos > 0 else " "
            opened = mark.pos if (before.isspace() or before in "([{—–-") else None
            continue
        if opened is None:
            continue
        same_paragraph = any(p.start <= opened and mark.pos < p.end for p in paragraphs)
        interior = _trim(text, opened + 1, mark.pos)
        if same_paragraph and interior is not None:
            out.append(Quote(opened, mark.pos + 1, interior, True))
        opened = None
    return out
