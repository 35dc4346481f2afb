"""Deep analyses and comparisons for the web app, computed without holding the store.

A page asks for the `Study` of a set of articles (a story's members, or one article without a
story). Studies are kept in an in-memory LRU keyed by the sorted member ids, so a story that
gains an article is studied afresh and an unchanged one never is. Computation runs on one
worker thread (two cores: parallel spaCy/MiniLM runs only fight each other), and concurrent
requests for the same key share one job (single flight). Fresh analyses and sentence vectors
are written back to the store afterwards, on another thread, when the store lets us.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Sequence

from newsprism.config import Config
from newsprism.model import AnalyzedArticle, Article, Comparison
from newsprism.web.access import StoreGate
from newsprism.web.persist import PendingWrites
from newsprism.web.vectors import GatedVectorStore

log = logging.getLogger("newsprism.web")

# A failed computation is not retried for this long (pages refresh every few seconds).
RETRY_FAILED_AFTER_SECONDS = 60.0

Key = tuple[str, ...]


def study_key(article_ids: Sequence[str]) -> Key:
    return tuple(sorted(set(article_ids)))


@dataclass(frozen=True)
class Study:
    """What the app computed for a set of articles."""

    key: Key
    analyses: dict[str, AnalyzedArticle]  # every member; analyzed=False for non-English
    comparison: Comparison | None
    note: str | None  # why there is no comparison, when there is none
    seconds: float


@dataclass
class JobProgress:
    stage: str = "waiting for the worker"
    done: int = 0
    total: int = 0

    def describe(self) -> str:
        if self.total:
            return f"{self.stage}: {self.done} of {self.total}"
        return self.stage


@dataclass
class Job:
    key: Key
    future: Future
    progress: JobProgress = field(default_factory=JobProgress)
    started: float = field(default_factory=time.monotonic)

    def result(self) -> Study | None:
        """The study if finished; raises what the computation raised."""
        return self.future.result() if self.future.done() else None


class StudyService:
    def __init__(
        self,
        gate: StoreGate,
        cache_size: int = 128,
        analysis_cache_size: int = 4096,
        config: Config | None = None,
        max_articles: int | None = None,
    ) -> None:
        from newsprism.compare import CompareConfig

        self._gate = gate
        # Stories come from the corpus' grouping, so the comparison does not second-guess it.
        self._compare_config = CompareConfig(
            check_stories=False, **({} if max_articles is None else {"max_articles": max_articles})
        )
        self._config = config or Config(quiet=True)
        self.pending = PendingWrites()
        self._cache_size = cache_size
        self._analysis_cache_size = analysis_cache_size
        self._lock = threading.Lock()
        self._studies: OrderedDict[Key, Study] = OrderedDict()
        self._analyses: OrderedDict[str, AnalyzedArticle] = OrderedDict()
        self._jobs: dict[Key, Job] = {}
        self._failed: dict[Key, tuple[float, Job]] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsprism-compute")
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsprism-persist")
        self._flush_queued = False
        self._closing = False

    # ---- public -------------------------------------------------------------------------

    def cached(self, article_ids: Sequence[str]) -> Study | None:
        key = study_key(article_ids)
        with self._lock:
            study = self._studies.get(key)
            if study is not None:
                self._studies.move_to_end(key)
            return study

    def request(
        self, articles: Sequence[Article], stored: dict[str, AnalyzedArticle], compare: bool = True
    ) -> Job:
        """The job computing the study of `articles` (in the order given), started if needed."""
        key = study_key([a.id for a in articles])
        with self._lock:
            study = self._studies.get(key)
            if study is not None:
                self._studies.move_to_end(key)
                done: Future = Future()
                done.set_result(study)
                return Job(key, done)
            job = self._jobs.get(key)
            if job is not None:
                return job
            failed = self._failed.get(key)
            if failed and time.monotonic() - failed[0] < RETRY_FAILED_AFTER_SECONDS:
                return failed[1]
            progress = JobProgress()
            future = self._worker.submit(self._run, key, list(articles), dict(stored), compare, progress)
            job = Job(key, future, progress)
            self._jobs[key] = job
            future.add_done_callback(lambda f, k=key, j=job: self._finished(k, j))
            return job

    async def wait(self, job: Job, timeout: float) -> Study | None:
        """The study once ready, or None if it is not ready within `timeout` seconds."""
        # Polled rather than awaited through a callback, so a job that outlives the request
        # (or the event loop, at shutdown) never calls back into a closed loop.
        deadline = time.monotonic() + timeout
        pause = 0.01
        while not job.future.done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            await asyncio.sleep(min(pause, remaining))
            pause = min(pause * 1.5, 0.1)
        return job.future.result()

    def submit(self, fn, *args) -> Future:
        """Run other model-heavy work (an upload's ingest) on the same worker, so two model
        runs never compete for the two cores or share a spaCy pipeline across threads."""
        return self._worker.submit(fn, *args)

    def shutdown(self) -> None:
        """Stop taking work; a computation in progress finishes in the background but is
        not saved. What is pending is written once more, if the store lets us."""
        with self._lock:
            self._closing = True
        self._worker.shutdown(wait=False, cancel_futures=True)
        self._writer.shutdown(wait=True)
        self.pending.flush(self._gate)

    # ---- the work -----------------------------------------------------------------------

    def _finished(self, key: Key, job: Job) -> None:
        with self._lock:
            self._jobs.pop(key, None)
            if job.future.cancelled():
                return
            if job.future.exception() is not None:
                self._failed[key] = (time.monotonic(), job)
                exc = job.future.exception()
                if not self._closing:  # work cut short by a shutdown is not an error
                    log.error("computing %d articles failed", len(key), exc_info=(type(exc), exc, exc.__traceback__))
            else:
                self._failed.pop(key, None)
                self._studies[key] = job.future.result()
                self._studies.move_to_end(key)
                while len(self._studies) > self._cache_size:
                    self._studies.popitem(last=False)

    def _known_analysis(self, article_id: str) -> AnalyzedArticle | None:
        with self._lock:
            found = self._analyses.get(article_id)
            if found is not None:
                self._analyses.move_to_end(article_id)
            return found

    def _remember_analyses(self, analyzed: Sequence[AnalyzedArticle]) -> None:
        with self._lock:
            for item in analyzed:
                self._analyses[item.id] = item
                self._analyses.move_to_end(item.id)
            while len(self._analyses) > self._analysis_cache_size:
                self._analyses.popitem(last=False)

    def _run(
        self,
        key: Key,
        articles: list[Article],
        stored: dict[str, AnalyzedArticle],
        compare: bool,
        progress: JobProgress,
    ) -> Study:
        from newsprism.analyze import analyze_articles_with_docs

        started = time.monotonic()
        analyses: dict[str, AnalyzedArticle] = {}
        docs: dict[str, object] = {}
        missing: list[Article] = []
        for article in articles:
            found = stored.get(article.id) or self._known_analysis(article.id)
            if found is None:
                missing.append(article)
            else:
                analyses[article.id] = found
        if missing:
            progress.stage, progress.done, progress.total = "analysing articles", 0, len(missing)
            fresh = []
            for item, doc in analyze_articles_with_docs(missing, self._config):
                fresh.append(item)
                analyses[item.id] = item
                if doc is not None:
                    docs[item.id] = doc  # handed on to the comparison: parsed once
                progress.done += 1
            self._remember_analyses(fresh)
            self.pending.add_analyses(fresh)
        analysed_at = time.monotonic()
        comparison, note = None, None
        english = [analyses[a.id] for a in articles if analyses[a.id].analyzed]
        if not compare:
            note = "this article is not assigned to a story yet"
        elif len(english) < 2:
            note = f"a comparison needs at least two English articles; this story has {len(english)}"
        else:
            progress.stage, progress.done, progress.total = f"comparing {len(english)} articles", 0, 0
            comparison = self._compare(english, docs)
        log.info(
            "studied %d articles: %d analysed in %.1f s, compared in %.1f s",
            len(articles), len(missing), analysed_at - started, time.monotonic() - analysed_at,
        )
        self._schedule_flush()
        return Study(key, analyses, comparison, note, round(time.monotonic() - started, 3))

    def _compare(self, english: list[AnalyzedArticle], docs: dict[str, object]) -> Comparison:
        from newsprism.compare import compare_articles
        from newsprism.embed import get_encoder
        from newsprism.vector_cache import StoreBackedEncoder

        encoder = StoreBackedEncoder(get_encoder(self._compare_config.encoder), GatedVectorStore(self._gate, self.pending))  # type: ignore[arg-type]
        return compare_articles(english, None, encoder=encoder, docs=docs, compare_config=self._compare_config)

    def _schedule_flush(self) -> None:
        with self._lock:
            if self._flush_queued or self._closing:
                return
            self._flush_queued = True
        self._writer.submit(self._flush)

    def _flush(self) -> None:
        with self._lock:
            self._flush_queued = False
        self.pending.flush(self._gate)
