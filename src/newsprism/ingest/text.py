"""Plain-text files: one article per file, with optional metadata lines at the top.

Recognised at the very start of the file, one after another:
- `key: value` lines for title, url, outlet, author, published/date, language (and a few
  synonyms); the value is the rest of the line;
- ` date 2022-01-28` without a colon (also `published`, `updated`): the value is only the
  date itself, and the article may continue on the same line.
Those lines are recorded in `Article.metadata` (key as written, lower-cased) and are not part
of `Article.text`. Nothing else in the text is changed apart from trimming its ends and
moving a credit line at the end to metadata (see credits.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsprism.config import Config
from newsprism.ingest.build import Found, Item, build_article
from newsprism.ingest.decode import BinaryInput, decode_text
from newsprism.ingest.metadata import clean_outlet, looks_like_outlet_name
from newsprism.model import Skipped, Source, Warning_

# Header keys as people write them -> the Article field they fill.
_FIELD_OF_KEY = {
    "title": "title",
    "headline": "title",
    "url": "url",
    "link": "url",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "publication": "outlet",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "by": "author",
    "date": "published",
    "dated": "published",
    "published": "published",
    "publication date": "published",
    "updated": "published",
    "language": "language",
    "lang": "language",
}
_DATE_KEYS = ("date", "dated", "published", "updated")
_KEYS = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _FIELD_OF_KEY), key=len, reverse=True)
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = (
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?(?:am|pm))?"
    r"(?:\s?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?)"
)
# A date written as one token or a short phrase: 2022-01-28[T10:00Z], 28/01/2022,
# 28 January 2022, January 28, 2022.
_DATE_TOKEN = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}" + _TIME + r"?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}" + _TIME + r"?"
    r"|\d{1,2}\s+" + _MONTH + r",?\s+\d{4}" + _TIME + r"?"
    r"|" + _MONTH + r"\s+\d{1,2},?\s+\d{4}" + _TIME + r"?)"
)
# `key: value` to the end of the line.
_COLON_LINE = re.compile(
    r"[ \t]*(?P<key>" + _KEYS + r")[ \t]*:[ \t]*(?P<value>[^\r\n]*)(?:\r?\n|\Z)", re.IGNORECASE
)
# ` date 2022-01-28` (colon optional), the text may go on after the date on the same line.
_DATE_PREFIX = re.compile(
    r"[ \t]*(?P<key>"
    + "|".join(_DATE_KEYS)
    + r")[ \t]*:?[ \t]*(?P<value>"
    + _DATE_TOKEN
    + r")(?=\s|\Z)[ \t]*\r?\n?",
    re.IGNORECASE,
)
_BLANK_LINES = re.compile(r"(?:[ \t\r]*\n)*")
_MAX_HEADER_LINES = 20
_MAX_SHORT_VALUE_CHARS = 120


@dataclass(frozen=True)
class Header:
    metadata: dict[str, str]  # key as written (lower-cased, single-spaced) -> value
    body_start: int  # offset in the file text where the article begins


def _plausible(field_name: str, value: str) -> bool:
    """Whether a `key: value` line is metadata rather than the article's first sentence."""
    if not value:
        return True
    if field_name == "outlet":
        return looks_like_outlet_name(clean_outlet(value) or "")
    if field_name == "url":
        return " " not in value
    if field_name in ("author", "language"):
        return len(value) <= _MAX_SHORT_VALUE_CHARS
    return True


def parse_header(text: str) -> Header:
    metadata: dict[str, str] = {}
    pos = _BLANK_LINES.match(text).end()
    for _ in range(_MAX_HEADER_LINES):
        match = _DATE_PREFIX.match(text, pos) or _COLON_LINE.match(text, pos)
        if match is None:
            break
        key = re.sub(r"\s+", " ", match.group("key").lower())
        value = match.group("value").strip()
        if not _plausible(_FIELD_OF_KEY[key], value):
            break  # e.g. "Source: officials said …" opens the article itself
        if value:
            metadata.setdefault(key, value)
        pos = _BLANK_LINES.match(text, match.end()).end()
    return Header(metadata, pos)


def found_from_header(metadata: dict[str, str]) -> Found:
    fields: dict[str, str] = {}
    for key, value in metadata.items():
        field_name = _FIELD_OF_KEY[key]
        fields.setdefault(field_name, value)
    return Found(
        title=fields.get("title"),
        url=fields.get("url"),
        outlet=fields.get("outlet"),
        published=fields.get("published"),
        language=fields.get("language"),
        metadata=dict(metadata),
    )


def read_text(data: bytes, path: str, config: Config) -> Iterator[Item]:
    source = Source(path)
    try:
        decoded = decode_text(data)
    except BinaryInput as err:
        yield Skipped(source, f"{err}; expected a UTF-8 text file")
        return
    if decoded.warning:
        yield Warning_(source, decoded.warning)
    header = parse_header(decoded.text)
    yield from build_article(
        decoded.text[header.body_start :], source, found_from_header(header.metadata), config
    )
