"""Credit and licence lines at the end of an article ("© 2022 X", "All content by X is
licensed under …", "This article originally appeared on X", "Source: X").

They are boilerplate, not reporting: they are cut from the analysed text, kept in
`Article.metadata["credit"]`, and the outlet they name is used when the record gives none.
A credit must run to the very end of the text and start a line or a sentence there, so the
same words inside the body of an article are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.ingest.metadata import clean_outlet, looks_like_outlet_name

# Only the last stretch of an article is searched; credits are short.
_TAIL_CHARS = 600
_MAX_CREDITS = 3

# A name is taken lazily; `looks_like_outlet_name` rejects what swallowed a sentence.
_NAME = r"(?P<name>\S.*?)"
# What may follow the name in a provenance line: a date, "and is republished …", a clause.
_AFTER_NAME = r"(?:\s+(?:on|and|under|with|in|at)\b.*|\s*[,(;].*)?"
_RIGHTS = r"(?:\s*all\s+rights\s+reserved\.?)?"
_YEARS = r"\d{4}(?:\s*[-–]\s*\d{2,4})?"

_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # All content by X is licensed under …   /   This article by X is available under …
        r"(?:all\s+(?:the\s+)?(?:content|contents|material|materials|articles|text|texts|stories|news)"
        r"|(?:this|the)\s+(?:article|story|content|work|text|piece))"
        r"\s+(?:by|from|of|on|published\s+by|produced\s+by)\s+"
        + _NAME
        + r"\s+(?:is|are)\s+(?:licen[cs]ed\b"
        r"|(?:available|distributed|published|released|made\s+available)"
        r"\s+under\b).*",
        # © 2022 X. All rights reserved.   /   Copyright (c) 2019-2022 X, Inc.   /   © X 2022
        r"(?:copyright\s*)?(?:©|\(c\))\s*(?:copyright\s*)?(?:"
        + _YEARS
        + r"\s*,?\s*)?"
        + _NAME
        + r"(?:,?\s*"
        + _YEARS
        + r")?\s*[.,;]?"
        + _RIGHTS,
        # Copyright 2022 X.   (the bare word needs a year, else "Copyright law …" would match)
        r"copyright\s+" + _YEARS + r"\s*,?\s*" + _NAME + r"\s*[.,;]?" + _RIGHTS,
        # Copyright X. All rights reserved.
        r"copyright\s+" + _NAME + r"\s*[.,;]?\s*all\s+rights\s+reserved\.?",
        # This article originally appeared on X.   /   Originally published by X on 5 May.
        r"(?:(?:this|the)\s+(?:article|story|piece|post|column|content)\s+"
        r"(?:was\s+|is\s+|has\s+been\s+)?(?:originally\s+|first\s+)?|originally\s+|first\s+)"
        r"(?:appeared|published|posted|ran)\s+(?:on|in|by|at)\s+" + _NAME + _AFTER_NAME + r"[.!]?",
        # Republished with permission from X.   /   Reprinted from X.
        r"(?:re(?:published|printed|posted)|shared)\s+(?:here\s+)?(?:with\s+(?:kind\s+)?permission\s+)?"
        r"(?:from|of|by)\s+" + _NAME + _AFTER_NAME + r"[.!]?",
        # Source: X   /   Via: X   /   Courtesy of X
        r"(?:sources?|via|credit|courtesy(?:\s+of)?|(?:content\s+)?provided\s+by|distributed\s+by)"
        r"\s*[:\-–—]\s*" + _NAME + r"[.]?",
        r"courtesy\s+of\s+" + _NAME + r"[.]?",
    )
)
# Where a credit may begin: the start of a line, or after a sentence's closing punctuation.
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?…][\"”’')\]])|(?<=[.!?…]))[ \t]*(?=\S)|^", re.MULTILINE)


@dataclass(frozen=True)
class Credit:
    start: int  # offset in the text where the credit begins; it runs to the end
    line: str
    outlet: str | None


def _match_credit(candidate: str) -> str | None:
    """The outlet a credit line names, or None when the line is not a credit."""
    bracketed = re.fullmatch(r"[(\[](.*)[)\]]\.?", candidate, re.DOTALL)
    if bracketed:
        candidate = bracketed.group(1).strip()
    for pattern in _PATTERNS:
        match = pattern.fullmatch(candidate)
        if match:
            name = clean_outlet(match.group("name"))
            if name and looks_like_outlet_name(name):
                return name
    return None


def find_credit(text: str) -> Credit | None:
    """The credit sentence or line that ends `text`, if there is one."""
    end = len(text.rstrip())
    tail_start = max(0, end - _TAIL_CHARS)
    for boundary in _SENTENCE_START.finditer(text, tail_start, end):
        start = boundary.end()
        candidate = text[start:end]
        if "\n" in candidate.strip():
            continue  # a credit is one line
        outlet = _match_credit(candidate.strip())
        if outlet:
            return Credit(start, candidate.strip(), outlet)
    return None


def strip_credits(text: str) -> tuple[str, list[Credit]]:
    """`text` without the credit lines at its end, and those credits (last one first)."""
    credits: list[Credit] = []
    for _ in range(_MAX_CREDITS):
        credit = find_credit(text)
        if credit is None:
            break
        credits.append(credit)
        text = text[: credit.start].rstrip()
    return text, credits
