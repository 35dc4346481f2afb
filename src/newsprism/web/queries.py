"""Read-only queries the pages need beyond `Store`'s API: light article metadata (no text) for
lists, and search. Plain parameterised SQL over the store's tables; nothing here writes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from newsprism.analyze import ANALYZER_VERSION
from newsprism.store import Store

SEARCH_FIELDS = ("any", "words", "entity", "outlet")


@dataclass(frozen=True)
class ArticleMeta:
    id: str
    outlet: str | None
    title: str | None
    published: str | None
    seq: int
    source: str  # the file (and line) it was read from
    lead: str  # the first characters of the text, to name an untitled article

    @property
    def label(self) -> str:
        """The title, else the opening words of the text."""
        return self.title or opening_words(self.lead)


# A sentence end: punctuation followed by a capitalised word (so "U.S. and" does not end one).
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“‘']?[A-Z])")


def opening_words(text: str, limit: int = 110) -> str:
    """The first sentence of `text`, or its first `limit` characters cut at a word."""
    words = " ".join(text.split())
    end = next((m.end() for m in _SENTENCE_END.finditer(words) if m.end() >= 30), None)
    if end is not None and end <= limit:
        return words[:end]
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0] + "…"


def article_meta(store: Store, ids: Sequence[str] | None = None) -> dict[str, ArticleMeta]:
    sql = "SELECT id, outlet, title, published, seq, source_path, source_line, substr(text, 1, 240) FROM articles"
    if ids is None:
        rows = store.con.execute(sql).fetchall()
    elif not ids:
        return {}
    else:
        rows = store.con.execute(sql + " WHERE id IN (SELECT unnest(?))", [list(ids)]).fetchall()
    return {
        r[0]: ArticleMeta(r[0], r[1], r[2], r[3], int(r[4]), r[5] if r[6] is None else f"{r[5]}:{r[6]}", r[7] or "")
        for r in rows
    }


def search_terms(query: str) -> list[str]:
    """Lower-cased terms; a phrase in double quotes stays one term."""
    terms: list[str] = []
    parts = query.split('"')
    for i, part in enumerate(parts):
        if i % 2:  # inside quotes
            if part.strip():
                terms.append(" ".join(part.lower().split()))
        else:
            terms.extend(word.lower() for word in part.split())
    return terms[:12]  # a bound on the SQL we build


def matching_articles(store: Store, query: str, field: str = "any") -> set[str]:
    """Ids of articles matching every term of `query` in `field`:
    - words: title or text contains the term;
    - outlet: the outlet name contains it;
    - entity: a named entity of the stored analysis contains it (articles without a stored
      analysis yet fall back to their title and text);
    - any: a term may match the words or the outlet (entity names are words of the text)."""
    terms = search_terms(query)
    if not terms:
        return set()
    matched: set[str] | None = None
    for term in terms:
        found = _matching_one(store, term, field)
        matched = found if matched is None else matched & found
        if not matched:
            return set()
    return matched or set()


def _matching_one(store: Store, term: str, field: str) -> set[str]:
    found: set[str] = set()
    if field in ("words", "any"):
        found |= _ids(
            store,
            "SELECT id FROM articles WHERE contains(lower(coalesce(title, '') || ' ' || text), ?)",
            [term],
        )
    if field in ("outlet", "any"):
        found |= _ids(store, "SELECT id FROM articles WHERE contains(lower(coalesce(outlet, '')), ?)", [term])
    if field == "entity":
        # Only analyses of this analyser count (`Store.analyses` recomputes older ones on use);
        # an article without one is searched in its words until it is analysed again.
        version = str(ANALYZER_VERSION)
        found |= _ids(
            store,
            "SELECT DISTINCT article_id FROM analyses, "
            "unnest(json_extract_string(analysis, '$.entities[*].canonical')) AS e(name) "
            "WHERE json_extract_string(analysis, '$.analyzer') = ? AND contains(lower(name), ?)",
            [version, term],
        )
        found |= _ids(
            store,
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM analyses "
            "WHERE json_extract_string(analysis, '$.analyzer') = ?) "
            "AND contains(lower(coalesce(title, '') || ' ' || text), ?)",
            [version, term],
        )
    return found


def _ids(store: Store, sql: str, params: list) -> set[str]:
    return {r[0] for r in store.con.execute(sql, params).fetchall()}
