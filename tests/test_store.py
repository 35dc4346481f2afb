"""The corpus store: idempotent, safe with files it does not own, never recomputes vectors."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from newsprism.errors import StoreError
from newsprism.model import Article, Source, article_id
from newsprism.store import SCHEMA_VERSION, open_store


def make_article(text: str, path: str = "a.txt", outlet: str | None = "Example Times") -> Article:
    return Article(id=article_id(text), text=text, source=Source(path), outlet=outlet, language="en")


def test_adding_the_same_articles_twice_stores_them_once(tmp_path):
    db = tmp_path / "news.duckdb"
    first = [make_article("One story about a flood."), make_article("Another about a fire.")]
    with open_store(db) as store:
        assert len(store.add_articles(first)) == 2
    with open_store(db) as store:
        assert store.add_articles(first) == []
        assert store.count_articles() == 2


def test_identical_text_from_a_new_file_is_remembered_as_another_source(tmp_path):
    db = tmp_path / "news.duckdb"
    with open_store(db) as store:
        store.add_articles([make_article("Wire copy text.", path="a.txt")])
        store.add_articles([make_article("Wire  copy text.", path="b.txt")])  # same after normalising
        (stored,) = store.articles()
    assert stored.source == Source("a.txt")
    assert stored.also_seen_at == (Source("b.txt"),)


def test_articles_come_back_exactly_as_stored(tmp_path):
    article = Article(
        id=article_id("Text with “quotes” and émigrés."),
        text="Text with “quotes” and émigrés.",
        source=Source("feed.jsonl", 3),
        outlet="O",
        url="https://example.org/x",
        title="T",
        published="2022-01-28",
        language="en",
        external_id="42",
        metadata={"date": "2022-01-28"},
        extra={"section": "world", "n": 3},
    )
    with open_store(tmp_path / "s.duckdb") as store:
        store.add_articles([article])
    with open_store(tmp_path / "s.duckdb", read_only=True) as store:
        assert store.article(article.id) == article


def test_a_file_that_is_not_a_database_is_reported_and_left_untouched(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_bytes(b"my precious notes, not a database\n" * 50)
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a newsprism store"):
        with open_store(db):
            pass
    assert db.read_bytes() == before


def test_a_duckdb_file_of_another_program_is_left_untouched(tmp_path):
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a newsprism store"):
        with open_store(db):
            pass
    con = duckdb.connect(str(db))
    assert [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()] == ["sales"]
    con.close()


def test_a_store_from_a_newer_newsprism_is_refused(tmp_path):
    db = tmp_path / "new.duckdb"
    with open_store(db) as store:
        store.add_articles([make_article("Some text.")])
        store.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    with pytest.raises(StoreError, match="newer"):
        with open_store(db):
            pass
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    con.close()


def test_a_store_locked_by_another_process_gives_a_clear_message(tmp_path, monkeypatch):
    import newsprism.store as store_module

    db = tmp_path / "busy.duckdb"
    with open_store(db):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                con = duckdb.connect({str(db)!r})
                print("locked", flush=True)
                time.sleep(30)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(store_module, "LOCK_WAIT_SECONDS", 0.3)
        with pytest.raises(StoreError, match="in use by another process"):
            with open_store(db):
                pass
    finally:
        holder.kill()
        holder.wait()


def test_sentence_vectors_are_computed_once_and_then_read_from_the_store(tmp_path):
    from newsprism.embed import get_encoder
    from newsprism.vector_cache import StoreBackedEncoder

    texts = ["Russia denies planning an invasion.", "Talks will continue.", "Russia denies planning an invasion."]
    with open_store(tmp_path / "v.duckdb") as store:
        first = StoreBackedEncoder(get_encoder("static"), store)
        a = first.encode(texts)
        assert first.encoded == 2  # the repeated sentence is encoded once
    with open_store(tmp_path / "v.duckdb") as store:
        again = StoreBackedEncoder(get_encoder("static"), store)
        b = again.encode(texts)
        assert again.encoded == 0
    assert (a == b).all()


def test_an_analysis_stored_by_an_older_analyser_is_computed_again_on_use(tmp_path):
    article = make_article("The minister said on Monday that the bridge would reopen in May.")
    db = tmp_path / "news.duckdb"
    with open_store(db) as store:
        store.add_articles([article])
        (first,) = store.analyzed([article.id])
        assert store.analyses([article])[article.id] == first
        # what a newsprism before the analyser's last change left behind: its version, and
        # an analysis that differs from what this one computes
        store.con.execute(
            "UPDATE analyses SET analysis = json_merge_patch(analysis, '{\"analyzer\": 1, \"attributions\": []}')"
        )
        assert store.analyses([article]) == {}
        (again,) = store.analyzed([article.id])
    assert again == first and again.attributions
    with open_store(db, read_only=True) as store:
        assert store.analyses([article])[article.id] == first  # stored anew, current version


def test_entity_search_does_not_answer_from_an_analysis_an_older_analyser_stored(tmp_path):
    from newsprism.web.queries import matching_articles

    article = make_article("Chancellor Olaf Scholz met the mayor of Lyon on Monday.")
    with open_store(tmp_path / "news.duckdb") as store:
        store.add_articles([article])
        store.analyzed([article.id])
        assert matching_articles(store, "Scholz", "entity") == {article.id}
        # an older analyser recognised a name that is not in the text, and missed Scholz
        store.con.execute(
            "UPDATE analyses SET analysis = json_merge_patch(analysis, "
            "'{\"analyzer\": 1, \"entities\": [{\"canonical\": \"Ghost Name\"}]}')"
        )
        assert matching_articles(store, "Ghost", "entity") == set()
        assert matching_articles(store, "Scholz", "entity") == {article.id}  # its words, until recomputed
