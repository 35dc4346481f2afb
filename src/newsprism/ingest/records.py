"""Structured records (a JSON object, a CSV row) -> Article.

`text` is required; `id`, `title`, `url`, `outlet`, `published` (or `date`) and `language`
are optional and fill the Article's fields; every other field is kept in `Article.extra`.
Field names are matched case-insensitively and with surrounding spaces ignored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from newsprism.config import Config
from newsprism.ingest.build import Found, Item, build_article
from newsprism.model import Skipped, Source, Warning_

_KNOWN = ("id", "title", "url", "outlet", "published", "date", "language")


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }
    return names.get(type(value), type(value).__name__)


def _as_text(value: Any, name: str, source: Source) -> tuple[str | None, Warning_ | None]:
    """A scalar metadata value as a string; lists, objects and booleans are refused."""
    if value is None or isinstance(value, str):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value), None
    return None, Warning_(source, f"field {name!r} is {type_name(value)}, not a string; ignored")


def read_record(record: Mapping[str, Any], source: Source, config: Config) -> Iterator[Item]:
    by_name: dict[str, str] = {}
    for key in record:
        normal = str(key).strip().lower()
        by_name.setdefault(normal, key)

    text_key = by_name.get("text")
    if text_key is None:
        fields = ", ".join(sorted(str(k) for k in record)) or "none"
        yield Skipped(
            source,
            f"record has no 'text' field (fields: {fields}): "
            "put the article text in a field named 'text'",
        )
        return
    text = record[text_key]
    if not isinstance(text, str):
        yield Skipped(
            source,
            f"field 'text' is {type_name(text)}, not a string: the article text must be a string",
        )
        return
    if not text.strip():
        yield Skipped(source, "field 'text' is empty: nothing to analyse")
        return

    values: dict[str, str | None] = {}
    for name in _KNOWN:
        if name in by_name:
            value, warning = _as_text(record[by_name[name]], name, source)
            if warning:
                yield warning
            values[name] = value
    used = {by_name[name] for name in _KNOWN if name in by_name} | {text_key}
    # `published` wins over `date`; an unused `date` stays visible in extra.
    published = values.get("published") or values.get("date")
    if values.get("published") and "date" in by_name:
        used.discard(by_name["date"])
    extra = {str(k): v for k, v in record.items() if k not in used}

    found = Found(
        title=values.get("title"),
        url=values.get("url"),
        outlet=values.get("outlet"),
        published=published,
        language=values.get("language"),
        external_id=values.get("id"),
        extra=extra,
    )
    yield from build_article(text, source, found, config)
