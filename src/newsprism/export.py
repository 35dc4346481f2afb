"""Open data out: a corpus store as documented tables (docs/schema.md) in Parquet or JSON Lines.

`export_store` writes articles, attributions, claims, claim groups, stories and copies, each
as a folder of part files. Analyses missing from the store are computed once and stored (the
deep tier runs once per article, as everywhere); claims and claim groups come from the
comparison stage, run on every story with at least two analysed articles — the same
comparison `newsprism compare --story ID` shows.

The export is written beside the target folder and renamed into place at the end, so a
reader never sees half an export under the target name.
"""

from __future__ import annotations

import os
import shutil
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from rich.console import Console

from newsprism.config import Config
from newsprism.errors import NewsprismError
from newsprism.export_tables import (
    SCHEMAS,
    TABLES,
    article_row,
    attribution_rows,
    comparison_rows,
    copy_rows,
    story_row,
)
from newsprism.export_writers import FORMATS, TableWriter
from newsprism.model import AnalyzedArticle, Comparison, Story
from newsprism.progress import track

# Articles read, analysed (if needed) and written per step.
ARTICLE_CHUNK = 256

# Compares stories one after another (or elsewhere, e.g. on a Ray cluster): gets each story's
# analysed articles in story order, yields their comparisons in the same order.
CompareMany = Callable[[Iterable[Sequence[AnalyzedArticle]], Config], Iterator[Comparison]]


def compare_each(stories: Iterable[Sequence[AnalyzedArticle]], config: Config) -> Iterator[Comparison]:
    from newsprism.compare import CompareConfig, compare_articles

    stored = CompareConfig(check_stories=False)  # each one story of the corpus already
    for analyzed in stories:
        yield compare_articles(analyzed, config, compare_config=stored)


def export_store(
    db_path: Path,
    out_dir: Path,
    fmt: str,
    config: Config | None = None,
    console: Console | None = None,
    compare_many: CompareMany = compare_each,
) -> dict[str, int]:
    """Write every table of the store at `db_path` under `out_dir` (which must not exist or
    be empty); returns rows written per table, in TABLES order."""
    from newsprism.store import open_store

    if fmt not in FORMATS:
        raise NewsprismError(f"unknown export format {fmt!r}: use parquet or jsonl")
    config = config or Config(quiet=True)
    console = console or Console(stderr=True)
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise NewsprismError(f"{out_dir} already exists and is not an empty folder: remove it or export to a new one")
    staging = out_dir.parent / f".{out_dir.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    writers = {name: TableWriter(staging, name, SCHEMAS[name], fmt) for name in TABLES}
    try:
        with open_store(db_path, read_only=False) as store:
            stories = store.stories()
            _write_articles(store, stories, writers, config, console)
            _write_stories(stories, writers)
            _write_comparisons(store, stories, writers, config, console, compare_many)
        counts = {name: writers[name].close() for name in TABLES}
        if out_dir.exists():
            out_dir.rmdir()
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return counts


def _write_articles(store, stories: Sequence[Story], writers: dict[str, TableWriter], config: Config, console) -> None:
    story_of = {article_id: s.id for s in stories for article_id in s.article_ids}
    total = store.count_articles()
    chunk: list = []

    def flush() -> None:
        analysed = {a.id: a for a in store.analyzed([a.id for a in chunk], config)}
        for article in chunk:
            found = analysed.get(article.id)
            writers["articles"].write(article_row(article, story_of.get(article.id), found.analyzed if found else None))
            if found is not None and found.analyzed:
                for row in attribution_rows(found):
                    writers["attributions"].write(row)
        chunk.clear()

    for article in track(store.iter_articles(), total, "exporting articles", console, config.quiet):
        chunk.append(article)
        if len(chunk) >= ARTICLE_CHUNK:
            flush()
    if chunk:
        flush()


def _write_stories(stories: Sequence[Story], writers: dict[str, TableWriter]) -> None:
    for story in stories:
        writers["stories"].write(story_row(story))
        for row in copy_rows(story):
            writers["copies"].write(row)


def _write_comparisons(
    store, stories: Sequence[Story], writers: dict[str, TableWriter], config: Config, console, compare_many: CompareMany
) -> None:
    # Lazily, story by story: only the stories being compared are in memory.
    story_ids: deque[str] = deque()

    def comparable() -> Iterator[list[AnalyzedArticle]]:
        for story in stories:
            if len(story.article_ids) < 2:
                continue
            analysed = store.analyzed_story(story.id, config)
            if len(analysed) >= 2:
                story_ids.append(story.id)
                yield analysed

    total = sum(1 for s in stories if len(s.article_ids) >= 2)
    for comparison in track(compare_many(comparable(), config), total, "comparing stories", console, config.quiet):
        claims, groups = comparison_rows(story_ids.popleft(), comparison)
        for row in groups:
            writers["claim_groups"].write(row)
        for row in claims:
            writers["claims"].write(row)
