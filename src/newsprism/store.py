"""The corpus store: one embedded DuckDB file.

Idempotent by content hash (an article id is a hash of its normalised text), written in
transactions so a kill leaves every committed batch intact, and guarded so that a corrupt,
locked or newer-schema file is reported and never overwritten.

Embeddings are kept by (encoder, hash of the exact text): whatever asks for the vector of a
sentence it has seen before gets the stored one, never a recomputation.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from newsprism import codec
from newsprism.analyze import ANALYZER_VERSION
from newsprism.errors import NotFound, StoreError
from newsprism.model import AnalyzedArticle, Article, CopyGroup, Skipped, Source, Story
from newsprism.render import json as render_json

SCHEMA_VERSION = 1
DEFAULT_DB_NAME = "newsprism.duckdb"
# How long to wait for another process's lock before giving up (the web app and an ingest
# each hold the file only for one batch or one request at a time).
LOCK_WAIT_SECONDS = 10.0

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS articles (
        seq BIGINT NOT NULL, id VARCHAR PRIMARY KEY, external_id VARCHAR,
        source_path VARCHAR, source_line INTEGER, outlet VARCHAR, url VARCHAR, title VARCHAR,
        published VARCHAR, language VARCHAR, text VARCHAR NOT NULL, metadata VARCHAR,
        extra VARCHAR, also_seen_at VARCHAR, ingested_at TIMESTAMP)""",
    "CREATE TABLE IF NOT EXISTS analyses (article_id VARCHAR PRIMARY KEY, analysis VARCHAR NOT NULL)",
    """CREATE TABLE IF NOT EXISTS text_vectors (
        encoder VARCHAR NOT NULL, text_hash VARCHAR NOT NULL, vector BLOB NOT NULL,
        PRIMARY KEY (encoder, text_hash))""",
    "CREATE TABLE IF NOT EXISTS features (article_id VARCHAR PRIMARY KEY, data BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS story_members (article_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS story_index (part VARCHAR PRIMARY KEY, data BLOB NOT NULL)",
    """CREATE TABLE IF NOT EXISTS copy_groups (
        story_id VARCHAR NOT NULL, original VARCHAR NOT NULL, members VARCHAR NOT NULL,
        kind VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS skipped (
        source VARCHAR NOT NULL, reason VARCHAR NOT NULL, skipped_at TIMESTAMP)""",
]


def resolve_db_path(db: str | Path | None) -> Path:
    return Path(db or os.environ.get("NEWSPRISM_DB") or DEFAULT_DB_NAME)


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _connect(path: Path, read_only: bool):
    import duckdb

    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store; create it with `newsprism ingest PATH --db {path}`")
    if path.exists() and path.is_dir():
        raise StoreError(f"{path} is a directory, not a newsprism store")
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            message = str(exc)
            if "not a valid DuckDB database" in message or "Corrupt" in message:
                raise StoreError(
                    f"{path} is not a newsprism store (not a valid DuckDB file); "
                    "it was left untouched — use another --db path"
                ) from None
            if "lock" in message.lower():
                if time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                raise StoreError(
                    f"{path} is in use by another process (a running ingest?); "
                    "try again when it has finished"
                ) from None
            if "newer" in message.lower() or "version" in message.lower():
                raise StoreError(
                    f"{path} was written by a newer DuckDB; upgrade newsprism to read it"
                ) from None
            raise StoreError(f"cannot open {path}: {message.splitlines()[0]}") from None
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {path}: {str(exc).splitlines()[0]}") from None


class Store:
    """A connection to one store file. Use `open_store` rather than building one."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.con = _connect(path, read_only)
        try:
            self._check_or_create_schema()
        except Exception:
            self.con.close()
            raise

    # ---- schema -----------------------------------------------------------------------

    def _check_or_create_schema(self) -> None:
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "meta" in tables:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has store schema {version}, newer than this newsprism "
                    f"understands ({SCHEMA_VERSION}); upgrade newsprism — the file was left untouched"
                )
            if version < 1:
                raise StoreError(f"{self.path} has no newsprism schema version; it was left untouched")
            return
        if tables:
            raise StoreError(
                f"{self.path} is a DuckDB file but not a newsprism store; it was left untouched"
            )
        if self.read_only:
            raise StoreError(f"{self.path} is empty; ingest articles into it first")
        with self.transaction():
            for statement in _SCHEMA:
                self.con.execute(statement)
            self.con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?), ('created_by', ?)",
                [str(SCHEMA_VERSION), "newsprism"],
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    def meta_int(self, key: str) -> int | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return int(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    # ---- articles -----------------------------------------------------------------------

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]).fetchall()
        return {r[0] for r in rows}

    def count_articles(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM articles").fetchone()[0])

    def add_articles(self, articles: Sequence[Article]) -> list[Article]:
        """Insert the articles not yet stored; returns those inserted. For an article already
        stored under the same id, a new source is remembered in its `also_seen_at`."""
        known = self.known_ids([a.id for a in articles])
        fresh = [a for a in articles if a.id not in known]
        for article in articles:
            if article.id in known:
                self._remember_source(article)
        if fresh:
            start = int(self.con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0])
            rows = [
                (
                    start + i + 1,
                    a.id,
                    a.external_id,
                    a.source.path,
                    a.source.line,
                    a.outlet,
                    a.url,
                    a.title,
                    a.published,
                    a.language,
                    a.text,
                    json.dumps(a.metadata, ensure_ascii=False, sort_keys=True),
                    json.dumps(a.extra, ensure_ascii=False, sort_keys=True, default=str),
                    json.dumps([render_json.source(s) for s in a.also_seen_at]),
                )
                for i, a in enumerate(fresh)
            ]
            self.con.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())", rows
            )
        return fresh

    def _remember_source(self, article: Article) -> None:
        row = self.con.execute(
            "SELECT source_path, source_line, also_seen_at FROM articles WHERE id = ?", [article.id]
        ).fetchone()
        if row is None:
            return
        seen = [Source(row[0], row[1])] + [codec.source(s) for s in json.loads(row[2] or "[]")]
        new = [s for s in (article.source, *article.also_seen_at) if s not in seen]
        if new:
            extra = json.loads(row[2] or "[]") + [render_json.source(s) for s in new]
            self.con.execute("UPDATE articles SET also_seen_at = ? WHERE id = ?", [json.dumps(extra), article.id])

    _ARTICLE_COLUMNS = (
        "id, external_id, source_path, source_line, outlet, url, title, published, language, "
        "text, metadata, extra, also_seen_at"
    )

    @staticmethod
    def _article_from_row(row: tuple) -> Article:
        return Article(
            id=row[0],
            external_id=row[1],
            source=Source(row[2], row[3]),
            outlet=row[4],
            url=row[5],
            title=row[6],
            published=row[7],
            language=row[8],
            text=row[9],
            metadata=json.loads(row[10] or "{}"),
            extra=json.loads(row[11] or "{}"),
            also_seen_at=tuple(codec.source(s) for s in json.loads(row[12] or "[]")),
        )

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Articles by id (in the order given), or all in ingest order."""
        if ids is None:
            rows = self.con.execute(f"SELECT {self._ARTICLE_COLUMNS} FROM articles ORDER BY seq").fetchall()
            return [self._article_from_row(r) for r in rows]
        rows = self.con.execute(
            f"SELECT {self._ARTICLE_COLUMNS} FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        by_id = {r[0]: self._article_from_row(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def article(self, article_id: str) -> Article:
        found = self.articles([article_id])
        if not found:
            raise NotFound(f"no article {article_id!r} in {self.path}")
        return found[0]

    def iter_articles(self, batch_size: int = 1000) -> Iterator[Article]:
        """All articles in ingest order, without holding them all in memory."""
        last = 0
        while True:
            rows = self.con.execute(
                f"SELECT seq, {self._ARTICLE_COLUMNS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                [last, batch_size],
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._article_from_row(row[1:])
            last = rows[-1][0]

    # ---- analyses -----------------------------------------------------------------------

    def put_analyses(self, analyzed: Sequence[AnalyzedArticle]) -> None:
        rows = []
        for item in analyzed:
            doc = render_json.analyzed_article(item)
            for key in ("text", "id", "external_id", "source", "also_seen_at", "outlet", "title",
                        "url", "published", "language", "metadata", "extra"):
                doc.pop(key, None)
            doc["analyzer"] = ANALYZER_VERSION
            rows.append((item.id, json.dumps(doc, ensure_ascii=False)))
        if rows:
            self.con.executemany("INSERT OR REPLACE INTO analyses VALUES (?, ?)", rows)

    def analyses(self, articles: Sequence[Article]) -> dict[str, AnalyzedArticle]:
        """Stored analyses of these articles. Missing ones are absent, and so are those an
        older analyser wrote (`ANALYZER_VERSION`): they are computed again on use."""
        if not articles:
            return {}
        rows = self.con.execute(
            "SELECT article_id, analysis FROM analyses WHERE article_id IN (SELECT unnest(?))",
            [[a.id for a in articles]],
        ).fetchall()
        by_id = {a.id: a for a in articles}
        current = ((r[0], json.loads(r[1])) for r in rows)
        return {
            article_id: codec.analyzed_article(doc, base=by_id[article_id])
            for article_id, doc in current
            if doc.get("analyzer") == ANALYZER_VERSION
        }

    def analyzed(self, ids: Sequence[str], config=None, console=None) -> list[AnalyzedArticle]:
        """Analyses of these articles, computing and storing those not analysed yet (the deep
        tier runs once per article, on first use)."""
        from newsprism.analyze import analyze_articles

        articles = self.articles(ids)
        stored = self.analyses(articles)
        missing = [a for a in articles if a.id not in stored]
        if missing:
            fresh = list(analyze_articles(missing, config))
            if not self.read_only:
                with self.transaction():
                    self.put_analyses(fresh)
            stored.update({a.id: a for a in fresh})
        return [stored[a.id] for a in articles]

    # ---- vectors ------------------------------------------------------------------------

    def get_vectors(self, encoder: str, texts: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        hashes = sorted({text_hash(t) for t in texts})
        if not hashes:
            return {}
        rows = self.con.execute(
            "SELECT text_hash, vector FROM text_vectors WHERE encoder = ? AND text_hash IN (SELECT unnest(?))",
            [encoder, hashes],
        ).fetchall()
        return {h: np.frombuffer(v, dtype=np.float32, count=dim) for h, v in rows}

    def put_vectors(self, encoder: str, vectors: dict[str, np.ndarray]) -> None:
        rows = [(encoder, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()]
        if rows:
            self.con.executemany("INSERT OR IGNORE INTO text_vectors VALUES (?, ?, ?)", rows)

    # ---- skipped inputs -----------------------------------------------------------------

    def add_skipped(self, skipped: Sequence[Skipped]) -> None:
        if skipped:
            self.con.executemany(
                "INSERT INTO skipped VALUES (?, ?, now())", [(str(s.source), s.reason) for s in skipped]
            )

    # ---- stories ------------------------------------------------------------------------

    def set_story_members(self, assignments: dict[str, str]) -> None:
        if assignments:
            self.con.executemany(
                "INSERT OR REPLACE INTO story_members VALUES (?, ?)", sorted(assignments.items())
            )

    def story_members(self, story_id: str | None = None) -> dict[str, list[str]]:
        """story id -> article ids in ingest order."""
        sql = (
            "SELECT m.story_id, m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id"
            + (" WHERE m.story_id = ?" if story_id else "")
            + " ORDER BY a.seq"
        )
        out: dict[str, list[str]] = {}
        for sid, aid in self.con.execute(sql, [story_id] if story_id else []).fetchall():
            out.setdefault(sid, []).append(aid)
        return out

    def relabel_story(self, old: str, new: str) -> None:
        """Move every member of story `old` to story `new` (after the index merged them)."""
        self.con.execute("UPDATE story_members SET story_id = ? WHERE story_id = ?", [new, old])

    def count_stories(self) -> int:
        return int(self.con.execute("SELECT count(DISTINCT story_id) FROM story_members").fetchone()[0])

    def story_of(self, article_id: str) -> str | None:
        row = self.con.execute("SELECT story_id FROM story_members WHERE article_id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def put_story_index(self, parts: dict[str, bytes]) -> None:
        """Write a whole checkpoint of the story index; the batch log it covers is dropped."""
        self.con.execute("DELETE FROM story_index WHERE part LIKE 'log/%'")
        self.con.executemany("INSERT OR REPLACE INTO story_index VALUES (?, ?)", sorted(parts.items()))

    def story_index(self) -> dict[str, bytes]:
        """The last checkpoint's parts (names without a `log/` prefix)."""
        rows = self.con.execute("SELECT part, data FROM story_index WHERE part NOT LIKE 'log/%'").fetchall()
        return {k: bytes(v) for k, v in rows}

    def log_story_batch(self, number: int, article_ids: Sequence[str]) -> None:
        """Record one batch given to the story index since its last checkpoint, in order."""
        self.con.execute(
            "INSERT OR REPLACE INTO story_index VALUES (?, ?)",
            [f"log/{number:016d}", json.dumps(list(article_ids)).encode("utf-8")],
        )

    def story_batch_log(self) -> list[list[str]]:
        """The batches logged since the last checkpoint, oldest first."""
        rows = self.con.execute(
            "SELECT data FROM story_index WHERE part LIKE 'log/%' ORDER BY part"
        ).fetchall()
        return [json.loads(bytes(r[0]).decode("utf-8")) for r in rows]

    def put_features(self, rows: dict[str, bytes]) -> None:
        if rows:
            self.con.executemany("INSERT OR REPLACE INTO features VALUES (?, ?)", sorted(rows.items()))

    def features(self, ids: Sequence[str]) -> dict[str, bytes]:
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT article_id, data FROM features WHERE article_id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        return {k: bytes(v) for k, v in rows}

    def replace_copy_groups(self, story_id: str, groups: Sequence[CopyGroup]) -> None:
        self.con.execute("DELETE FROM copy_groups WHERE story_id = ?", [story_id])
        if groups:
            self.con.executemany(
                "INSERT INTO copy_groups VALUES (?, ?, ?, ?)",
                [(story_id, g.original, json.dumps(list(g.members)), g.kind) for g in groups],
            )

    def copy_groups(self, story_id: str | None = None) -> dict[str, list[CopyGroup]]:
        sql = "SELECT story_id, original, members, kind FROM copy_groups"
        rows = self.con.execute(sql + (" WHERE story_id = ?" if story_id else ""), [story_id] if story_id else []).fetchall()
        out: dict[str, list[CopyGroup]] = {}
        for sid, original, members, kind in rows:
            out.setdefault(sid, []).append(CopyGroup(original, tuple(json.loads(members)), kind))
        for groups in out.values():
            groups.sort(key=lambda g: (g.original, g.members))
        return out

    def stories(self, story_id: str | None = None) -> list[Story]:
        """Stories, largest first (ties: earliest first article), with their copy groups."""
        members = self.story_members(story_id)
        if story_id and not members:
            raise NotFound(f"no story {story_id!r} in {self.path}; `newsprism stories` lists them")
        copies = self.copy_groups(story_id)
        all_ids = [i for ids in members.values() for i in ids]
        meta = {
            r[0]: r[1:]
            for r in self.con.execute(
                "SELECT id, title, outlet, published, seq FROM articles WHERE id IN (SELECT unnest(?))", [all_ids]
            ).fetchall()
        }
        out = []
        for sid, ids in members.items():
            rows = [meta[i] for i in ids if i in meta]
            dates = sorted(r[2] for r in rows if r[2])
            titles = [r[0] for r in rows if r[0]]
            out.append(
                (
                    -len(ids),
                    min(r[3] for r in rows),
                    Story(
                        id=sid,
                        title=titles[0] if titles else None,
                        article_ids=tuple(ids),
                        first_published=dates[0] if dates else None,
                        last_published=dates[-1] if dates else None,
                        outlets=tuple(sorted({r[1] for r in rows if r[1]})),
                        copies=tuple(copies.get(sid, ())),
                    ),
                )
            )
        out.sort(key=lambda t: (t[0], t[1]))
        return [s for _, _, s in out]

    def analyzed_story(self, story_id: str, config=None, console=None) -> list[AnalyzedArticle]:
        members = self.story_members(story_id)
        if not members:
            raise NotFound(f"no story {story_id!r} in {self.path}; `newsprism stories` lists them")
        return [a for a in self.analyzed(members[story_id], config, console) if a.analyzed]


@contextmanager
def open_store(path: str | Path, read_only: bool = False) -> Iterator[Store]:
    store = Store(Path(path), read_only=read_only)
    try:
        yield store
    finally:
        store.close()
