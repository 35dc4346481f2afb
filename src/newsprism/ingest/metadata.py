"""Normalising metadata values: dates to ISO 8601, outlets from URLs, language tags."""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from dateutil import parser as date_parser

# Two defaults that differ in every field: a field that comes out equal under both was
# written in the input, one that differs was filled in by dateutil.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)
_MAX_DATE_CHARS = 100


def _offset(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# Zone abbreviations common in English-language news datelines. dateutil only knows UTC/GMT
# and the machine's local zone; ambiguous ones (IST, CST in China) are left out on purpose.
_ZONES: dict[str, timezone] = {
    "UTC": _offset(0),
    "GMT": _offset(0),
    "Z": _offset(0),
    "BST": _offset(1),
    "CET": _offset(1),
    "CEST": _offset(2),
    "EET": _offset(2),
    "EEST": _offset(3),
    "MSK": _offset(3),
    "EST": _offset(-5),
    "EDT": _offset(-4),
    "CDT": _offset(-5),
    "MST": _offset(-7),
    "MDT": _offset(-6),
    "PST": _offset(-8),
    "PDT": _offset(-7),
    "JST": _offset(9),
    "AEST": _offset(10),
    "AEDT": _offset(11),
}


def _parse(value: str, default: datetime) -> datetime:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateutil warns about unknown zone names
        return date_parser.parse(value, default=default, tzinfos=_ZONES)


def normalise_date(value: str) -> str | None:
    """ISO 8601 form of a written date: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS[+HH:MM]` when a
    time is given (an offset only when the input names one). None when the value is not a
    date or lacks a year, month or day. Numeric dates are read month-first (dateutil's
    default), as in US datelines."""
    value = value.strip()
    if not value or len(value) > _MAX_DATE_CHARS:
        return None
    try:
        a = _parse(value, _DEFAULT_A)
        b = _parse(value, _DEFAULT_B)
    except (ValueError, OverflowError, TypeError, LookupError):
        return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None
    if a.hour != b.hour:  # no time written
        return a.date().isoformat()
    return a.isoformat()


_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")


def outlet_from_url(url: str | None) -> str | None:
    """The host of a URL without a leading `www.`: `https://www.bbc.co.uk/news` -> `bbc.co.uk`."""
    if not url:
        return None
    url = url.strip()
    if "://" not in url:
        url = "http://" + url.lstrip("/")
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or not _HOST.match(host):
        return None
    host = re.sub(r"^www\d*\.", "", host)
    return host if "." in host else None


# Language names people write in a `language` field instead of a code.
_LANGUAGE_NAMES = {
    "arabic": "ar",
    "chinese": "zh",
    "dutch": "nl",
    "english": "en",
    "french": "fr",
    "german": "de",
    "hindi": "hi",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "persian": "fa",
    "farsi": "fa",
    "polish": "pl",
    "portuguese": "pt",
    "russian": "ru",
    "spanish": "es",
    "turkish": "tr",
    "ukrainian": "uk",
}
_LANGUAGE_TAG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")


def normalise_language(value: str) -> str | None:
    """`en`, `EN-us`, `en_GB`, `English` -> `en`; None for anything else."""
    value = value.strip().lower()
    if value in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[value]
    match = _LANGUAGE_TAG.match(value)
    return match.group(1) if match else None


_CORPORATE_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc|Ltd|LLC|L\.L\.C|Limited|plc|PLC|Corp|Corporation|Co|GmbH|AG|SA|S\.A)\.?)+$"
)


def clean_outlet(name: str) -> str | None:
    """An outlet name as compared across articles: trimmed, without a corporate suffix."""
    name = re.sub(r"\s+", " ", name).strip(" \t\"'“”‘’.,;:-–—|")
    name = _CORPORATE_SUFFIX.sub("", name).strip(" ,.")
    return name or None


_MAX_NAME_CHARS = 80
_MAX_NAME_WORDS = 8
_SENTENCE_BREAK_IN_NAME = re.compile(r"[a-z0-9]{2}[.!?]\s|[!?]")
# Lower-case words that may sit inside an outlet name ("Voice of America").
_NAME_LINKS = frozenset(
    {"of", "the", "and", "for", "de", "du", "la", "le", "al", "el", "di", "y", "on", "in"}
)
_DOMAIN = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")


def looks_like_outlet_name(name: str) -> bool:
    """Outlet names are short and capitalised ("Mehr News Agency", "The Conversation"), or a
    domain; a clause that a lazy match swallowed ("officials declined to comment") is not."""
    if not name or len(name) > _MAX_NAME_CHARS or len(name.split()) > _MAX_NAME_WORDS:
        return False
    if _SENTENCE_BREAK_IN_NAME.search(name) or '"' in name or "“" in name:
        return False
    if _DOMAIN.match(name.lower()):
        return True
    words = name.split()
    if words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    return all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_LINKS or not w[0].isalpha()
        for w in words
    )
