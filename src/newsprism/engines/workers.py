"""Per-article work of a local ingest (story features, and the analysis with `--analyze`)
done in worker processes while the main process commits the previous batch.

Everything a worker computes depends on one article only, so the results are the same
whichever process computes them; the main process keeps the order-dependent part (story
assignment, copies, the store). A one-batch ingest never starts a process: the pool opens
on the second batch, so a small ingest pays no start-up.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Sequence

from threadpoolctl import threadpool_limits

from newsprism.config import Config
from newsprism.model import Article


def auto_workers(analyze: bool = False) -> int:
    """Worker processes by default. Without analysis a worker's features cost about half of
    what the main process spends assigning and committing, so one worker keeps two cores
    busy; with analysis the parser dominates and the main process mostly waits, so one
    worker per CPU (up to 4). None on a single CPU."""
    cpus = os.cpu_count() or 1
    if cpus < 2:
        return 0
    return min(cpus, 4) if analyze else 1


def compute_batch(articles: Sequence[Article], config: Config, analyze: bool) -> tuple[dict, list]:
    """Story features (article id -> ArticleFeatures) and, with `analyze`, the analyses of
    `articles`, in order. Models load once per process (their loaders are cached)."""
    from newsprism.corpus import StoryService

    features = StoryService(config).features(articles) if articles else {}
    analyses: list = []
    if analyze and articles:
        from newsprism.analyze import analyze_articles

        analyses = list(analyze_articles(articles, config))
    return features, analyses


def _exit_with_parent(parent: int) -> None:
    """Worker start-up: a thread that ends the worker once its parent is gone (a SIGKILLed
    ingest must not leave workers behind holding models in memory). One BLAS thread per
    worker: the workers are the parallelism."""
    threadpool_limits(limits=1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newsprism-parent-watch", daemon=True).start()


class BatchWorkers:
    """Runs `compute_batch` ahead of the commits: in this process while only one batch has
    been seen (or with `processes=0`), then in a pool of `processes` spawned workers."""

    def __init__(self, config: Config, analyze: bool, processes: int) -> None:
        self.config = config
        self.analyze = analyze
        self.processes = max(0, processes)
        self._submitted = 0
        self._pool: ProcessPoolExecutor | None = None
        self._blas_limit: threadpool_limits | None = None

    @property
    def ahead(self) -> int:
        """How many batches may be in flight before the oldest must be committed."""
        return self.processes if self._pool is not None else 0

    def submit(self, articles: Sequence[Article]) -> Future:
        self._submitted += 1
        if self.processes and self._submitted >= 2 and self._pool is None:
            # spawn, not fork: the parent may hold a DuckDB connection or model threads.
            # With workers beside it, BLAS threads in this process only spin against them for
            # the cores (seen: a second BLAS thread at 50 % CPU, the worker starved); the
            # matrices here are small, so one thread loses nothing.
            self._blas_limit = threadpool_limits(limits=1)
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        if self._pool is not None:
            return self._pool.submit(compute_batch, list(articles), self.config, self.analyze)
        done: Future = Future()
        try:
            done.set_result(compute_batch(articles, self.config, self.analyze))
        except BaseException as exc:  # handed to whoever waits for it, as a pool would
            done.set_exception(exc)
        return done

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None
        if self._blas_limit is not None:
            self._blas_limit.restore_original_limits()
            self._blas_limit = None

    def __enter__(self) -> BatchWorkers:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(cancel=kind is not None)
