"""The local engine: ingest into the store from this process, batch by batch.

Each batch is read and its features computed outside any database connection; then the store
is opened, the batch written in one transaction (articles, features, story assignments, copy
groups, the story index's changed parts) and closed again. So:
- a kill or Ctrl-C loses at most the batch in flight; every committed batch is whole;
- another process (the web app) can read between batches.

Per-article work (features; analysis with `--analyze`) runs in worker processes a batch or
two ahead of the commits (`engines.workers`), so both cores of a laptop stay busy.

Tiers: every article gets cheap features (static encoder, hashed terms, entities from a
capitalisation heuristic) and a story; the parser and attribution analysis (`--analyze`) run
on demand otherwise, once per article, and are stored when first computed.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Sequence

from rich.console import Console

from newsprism.config import Config
from newsprism.engines import IngestReport
from newsprism.engines.workers import BatchWorkers, auto_workers
from newsprism.model import Article, Skipped, Warning_
from newsprism.progress import progress_bar
from newsprism.store import open_store

def ingest_paths_into_store(
    paths: Sequence[str],
    db_path: Path,
    config: Config,
    analyze: bool = False,
    stdin: BinaryIO | None = None,
    console: Console | None = None,
) -> IngestReport:
    from newsprism.ingest import iter_records

    return ingest_records_into_store(
        iter_records(paths, config, stdin), db_path, config, analyze=analyze, console=console
    )


def ingest_records_into_store(
    records: Iterable[Article | Skipped | Warning_],
    db_path: Path,
    config: Config,
    analyze: bool = False,
    console: Console | None = None,
) -> IngestReport:
    """Ingest a stream of reader output (Articles, Skipped, Warnings) into the store."""
    started = time.perf_counter()
    report = IngestReport()
    pipeline = BatchIngester(db_path, config, analyze=analyze)
    console = console or Console(stderr=True)
    show = not config.quiet and console.is_terminal
    processes = auto_workers(analyze) if config.ingest_workers is None else config.ingest_workers
    with progress_bar(console, show) as progress, BatchWorkers(config, analyze, processes) as workers:
        task = progress.add_task("ingesting", total=None) if progress else None
        in_flight: deque = deque()  # batches whose features are being computed, in order

        def commit_oldest() -> None:
            batch, skipped, work = in_flight.popleft()
            features, analyses = work.result()
            pipeline.commit(batch, skipped, report, features=features, analyses=analyses)
            if progress is not None:
                progress.advance(task, len(batch))

        for batch, skipped, warnings in commit_batches(records, config.ingest_batch_size):
            report.skipped.extend(skipped)
            report.warnings.extend(warnings)
            in_flight.append((batch, skipped, workers.submit(pipeline.fresh(batch))))
            while len(in_flight) > workers.ahead:
                commit_oldest()
        while in_flight:
            commit_oldest()
    pipeline.finish()
    return finish_report(report, db_path, started)


def finish_report(report: IngestReport, db_path: Path, started: float) -> IngestReport:
    """Fill in the store's totals and the elapsed time once every batch is committed."""
    with open_store(db_path, read_only=True) as store:
        report.total_articles = store.count_articles()
        report.total_stories = store.count_stories()
    report.seconds = time.perf_counter() - started
    return report


def ingest_articles(
    articles: Sequence[Article], db_path: Path, config: Config | None = None, analyze: bool = False
) -> IngestReport:
    """Ingest already-read articles (the web app's uploads use this)."""
    return ingest_records_into_store(articles, db_path, config or Config(quiet=True), analyze=analyze)


def commit_batches(
    records: Iterable[Article | Skipped | Warning_], size: int
) -> Iterator[tuple[list[Article], list[Skipped], list[Warning_]]]:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    warnings: list[Warning_] = []
    for record in records:
        if isinstance(record, Article):
            articles.append(record)
        elif isinstance(record, Skipped):
            skipped.append(record)
        else:
            warnings.append(record)
        if len(articles) >= size:
            yield articles, skipped, warnings
            articles, skipped, warnings = [], [], []
    if articles or skipped or warnings:
        yield articles, skipped, warnings


def _unique(batch: Sequence[Article]) -> list[Article]:
    """One article per id; later copies become extra sources of the first."""
    import dataclasses

    out: dict[str, Article] = {}
    for article in batch:
        first = out.get(article.id)
        if first is None:
            out[article.id] = article
        else:
            out[article.id] = dataclasses.replace(
                first, also_seen_at=first.also_seen_at + (article.source,) + article.also_seen_at
            )
    return list(out.values())


class BatchIngester:
    """Commits batches to one store; keeps the story index in memory between batches and
    reloads it when another process changed the store in between."""

    def __init__(self, db_path: Path, config: Config, analyze: bool = False) -> None:
        from newsprism.corpus import StoryService

        self.db_path = db_path
        self.config = config
        self.analyze = analyze
        self.stories = StoryService(config)

    def commit(
        self,
        batch: Sequence[Article],
        skipped: Sequence[Skipped],
        report: IngestReport,
        features: dict | None = None,
        analyses: Sequence | None = None,
    ) -> None:
        """Write one batch. `features` (article id -> features) and `analyses` may come
        precomputed from another engine; what is missing is computed here, with no
        connection open, for the articles the store does not have yet."""
        batch = _unique(batch)
        if features is None or analyses is None:
            fresh = self.fresh(batch)
            if features is None:
                features = self.stories.features(fresh)
            if analyses is None:
                analyses = self._analyse(fresh) if self.analyze else []
        with open_store(self.db_path, read_only=False) as store:
            try:
                self._write(store, batch, skipped, report, features, analyses)
            except BaseException:
                # The transaction rolled back: the in-memory story index is ahead of the store.
                self.stories.invalidate()
                raise

    def fresh(self, batch: Sequence[Article]) -> list[Article]:
        """The articles of `batch` the store does not hold yet (one per id)."""
        batch = _unique(batch)
        if not batch or not self.db_path.exists():
            return batch
        with open_store(self.db_path, read_only=False) as store:
            known = store.known_ids([a.id for a in batch])
        return [a for a in batch if a.id not in known]

    def finish(self) -> None:
        """Checkpoint the story index once the last batch is in (a killed ingest skips this;
        the next one replays the logged batches instead)."""
        if not self.stories.has_log:
            return
        with open_store(self.db_path, read_only=False) as store:
            with store.transaction():
                self.stories.checkpoint(store)

    def _write(self, store, batch, skipped, report, features, analyses) -> None:
        with store.transaction():
            added = store.add_articles(batch)
            added_ids = {a.id for a in added}
            report.added += len(added)
            report.already_stored += len(batch) - len(added)
            if analyses:
                store.put_analyses([a for a in analyses if a.id in added_ids])
                report.analysed += sum(1 for a in analyses if a.id in added_ids and a.analyzed)
            touched = self.stories.add(store, added, features)
            report.stories_touched += len(touched)
            store.add_skipped(skipped)

    def _analyse(self, articles: Sequence[Article]):
        from newsprism.analyze import analyze_articles

        return list(analyze_articles(articles, self.config))

