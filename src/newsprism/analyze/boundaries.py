"""Sentence starts the text itself fixes, before the parser guesses the rest.

News text carries two boundaries a statistical parser trained on running prose misses:
- a blank line ends a paragraph, and no sentence runs over one (a quote closing one paragraph
  and a new paragraph's subject otherwise become one sentence, and the verb of the second
  claims the quote of the first);
- a dateline ("WASHINGTON (Reuters) -", "DES MOINES, Iowa —") opens a wire story; parsed as
  part of the first sentence it becomes that sentence's subject or the start of a quote's
  content.
"""

from __future__ import annotations

import re

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*")
# A place in capitals ("LOS ANGELES", "BEIJING/WASHINGTON"), optionally a region in title
# case ("Iowa", "England"), optionally an agency in parentheses, then a dash.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’]+(?:[ /-][A-Z][A-Z.'’]+)*"
    r"(?:,[ \t]+[A-Z][A-Za-z.]+(?:[ \t][A-Z0-9][A-Za-z0-9.]*)?)?"
    r"(?:[ \t]*\([A-Za-z0-9 .&/,-]{1,40}\))?"
    r"[ \t]*(?:--|[—–-])[ \t]*"
)


def paragraph_starts(text: str) -> list[int]:
    """Offsets where a paragraph after a blank line begins."""
    return [m.end() for m in _PARAGRAPH_BREAK.finditer(text) if m.end() < len(text)]


def dateline_end(text: str, start: int) -> int | None:
    """Where the story text begins after a dateline at `start`, if one is there."""
    m = _DATELINE.match(text, start)
    if m is None or m.end() >= len(text):
        return None
    first = text[m.end()]
    if not (first.isupper() or first.isdigit() or first in "\"“‘'"):
        return None  # "NATO - the alliance ..." is a sentence, not a dateline
    place = m.group(0)
    # Two capitals at least, so "A -" or "I —" never count as a place; a bare hyphen only
    # after an agency or a region ("KYIV (AFP) -"), since "EU - China talks" is a headline.
    if sum(ch.isupper() for ch in place) < 2:
        return None
    if not re.search(r"--|[—–]|[),]", place):
        return None
    return m.end()


def forced_sentence_starts(text: str) -> list[int]:
    """Character offsets that must begin a sentence: paragraph starts and the first word after
    a dateline at the start of the text or of a paragraph."""
    starts = paragraph_starts(text)
    out = set(starts)
    for start in [len(text) - len(text.lstrip())] + starts:
        end = dateline_end(text, start)
        if end is not None:
            out.add(end)
    return sorted(out)
