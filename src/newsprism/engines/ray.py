"""The Ray engine: reading, features and analysis run as Ray Data stages on a cluster; story
assignment and the store writes run in the driver, in input order, through the same
`BatchIngester.commit` the local engine uses — so the store ends up exactly as the local
engine leaves it.

Stages (docs/scaling.md has the picture and the measurements):
1. inputs   `from_items`, one block per input file (the driver only lists paths);
2. read     a task per file on a worker: bytes -> Articles / Skipped / Warnings;
3. compute  an actor pool (one actor per CPU, or `workers`): each actor loads the static
            encoder and, with `analyze`, spaCy once, then computes story features and the
            analysis of each batch of articles;
4. commit   the driver consumes the stream in input order (`preserve_order`), cuts it into
            the local engine's batches and commits each in one transaction.

Ray Data's streaming executor keeps memory bounded: a stage runs ahead of the driver only as
far as its share of the object store allows. A worker that dies has its task retried (and
its actor restarted); since the driver commits in order and the store is idempotent by
article id, every article is stored exactly once.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Sequence

from rich.console import Console

from newsprism.config import Config
from newsprism.engines import IngestReport
from newsprism.engines.ray_cluster import configure_data_context, cluster_cpus, ray_session
from newsprism.engines.ray_stages import (
    ANALYSIS,
    FEATURES,
    KIND,
    ORDER,
    PAYLOAD,
    RECORD,
    InputItem,
    load,
    read_inputs,
    worker_class,
)
from newsprism.model import Article, Skipped, Warning_
from newsprism.progress import progress_bar

# Articles per call of the compute actors. spaCy's own batch is `nlp_batch_size`; one actor
# call of a few of those keeps Ray's per-call cost (~ms) far below the work (~1 s).
ANALYSE_BATCH = 32
FEATURES_BATCH = 128


def ingest_paths_into_store(
    paths: Sequence[str],
    db_path: Path,
    config: Config,
    analyze: bool = False,
    address: str | None = None,
    console: Console | None = None,
    *,
    workers: int | None = None,
    stdin: BinaryIO | None = None,
) -> IngestReport:
    """Ingest files and folders through Ray into the store at `db_path`.

    `address`: a Ray cluster to join ("auto", "ray://host:10001", "127.0.0.1:6379"); None
    starts a private instance on this machine. `workers`: compute actors (default: one per
    CPU of the cluster)."""
    from newsprism.engines.local import BatchIngester, commit_batches, finish_report

    started = time.perf_counter()
    report = IngestReport()
    console = console or Console(stderr=True)
    show = not config.quiet and console.is_terminal
    inputs = list_inputs(paths, config, stdin)
    ingester = BatchIngester(db_path, config, analyze=analyze)
    with ray_session(address):
        pool = workers or cluster_cpus()
        computed = ComputedStream()
        with progress_bar(console, show) as progress:
            task = progress.add_task(f"ingesting on ray ({pool} worker(s))", total=None) if progress else None
            records = computed.records(article_stream(inputs, config, analyze, pool))
            for batch, skipped, warnings in commit_batches(records, config.ingest_batch_size):
                report.skipped.extend(skipped)
                report.warnings.extend(warnings)
                features, analyses = computed.take(batch)
                ingester.commit(batch, skipped, report, features=features, analyses=analyses if analyze else None)
                if progress is not None:
                    progress.advance(task, len(batch))
    ingester.finish()
    return finish_report(report, db_path, started)


def list_inputs(paths: Sequence[str], config: Config, stdin: BinaryIO | None = None) -> list[InputItem]:
    """The driver's only file-system work: expand folders into files (sorted, as the local
    engine does). Standard input is read here, since a worker cannot reach it."""
    from newsprism.ingest.files import STDIN, find_files, read_stdin

    items: list[InputItem] = []
    for order, found in enumerate(find_files(tuple(paths))):
        if isinstance(found, Skipped):
            items.append(InputItem(order, found.source.path, skipped=found))
        elif found == STDIN:
            loaded = read_stdin(stdin if stdin is not None else sys.stdin.buffer, config)
            if isinstance(loaded, Skipped):
                items.append(InputItem(order, STDIN, skipped=loaded))
            else:
                items.append(InputItem(order, STDIN, data=loaded.data))
        else:
            items.append(InputItem(order, found))
    return items


def article_stream(inputs: Sequence[InputItem], config: Config, analyze: bool, workers: int) -> Iterator[Any]:
    """The Ray Data pipeline; yields Arrow blocks of computed rows in input order."""
    import ray.data

    configure_data_context()
    if not inputs:
        return
    dataset = ray.data.from_items([item.to_row() for item in inputs], override_num_blocks=len(inputs))
    dataset = dataset.map_batches(
        read_inputs,
        fn_kwargs={"config": config},
        batch_size=1,
        batch_format="pyarrow",
        # Reading is light next to analysis; taking no CPU slot lets it run beside the
        # actors, which hold one CPU each. Ray Data's backpressure bounds how far it runs ahead.
        num_cpus=0,
        compute=ray.data.TaskPoolStrategy(size=workers),
    )
    dataset = dataset.map_batches(
        worker_class(config, analyze),
        batch_size=ANALYSE_BATCH if analyze else FEATURES_BATCH,
        batch_format="pyarrow",
        num_cpus=1,
        # Ray Data restarts a dead actor and retries its batch (max_restarts=-1 by default).
        compute=ray.data.ActorPoolStrategy(size=workers),
    )
    yield from dataset.iter_batches(batch_size=None, batch_format="pyarrow", prefetch_batches=2)


class ComputedStream:
    """Unpacks computed rows into reader records for the batcher, keeping each article's
    features and analysis aside until its batch is committed (then they are dropped)."""

    def __init__(self) -> None:
        self.features: dict[str, Any] = {}
        self.analyses: dict[str, Any] = {}
        self._last: tuple[int, int] = (-1, -1)

    def records(self, blocks: Iterator[Any]) -> Iterator[Article | Skipped | Warning_]:
        for block in blocks:
            columns = {name: block.column(name).to_pylist() for name in (ORDER, RECORD, KIND, PAYLOAD, FEATURES, ANALYSIS)}
            for order, number, kind, payload, features, analysis in zip(*columns.values()):
                position = (order, number)
                # Determinism rests on input order; a stream out of order must not be committed.
                if position <= self._last:
                    raise RuntimeError(f"ray stream out of order: {position} after {self._last}")
                self._last = position
                record = load(payload)
                if kind == "article":
                    self.features.setdefault(record.id, load(features))
                    if analysis is not None:
                        self.analyses.setdefault(record.id, load(analysis))
                yield record

    def take(self, batch: Sequence[Article]) -> tuple[dict[str, Any], list[Any]]:
        """Features (id -> features) and analyses (one per distinct article) of a batch."""
        features: dict[str, Any] = {}
        analyses: list[Any] = []
        for article in batch:
            if article.id in features:
                continue
            features[article.id] = self.features.pop(article.id)
            analysis = self.analyses.pop(article.id, None)
            if analysis is not None:
                analyses.append(analysis)
        return features, analyses


def ingest_paths_to_parquet(
    paths: Sequence[str],
    out_dir: Path,
    db_path: Path,
    config: Config,
    address: str | None = None,
    console: Console | None = None,
    *,
    workers: int | None = None,
    stdin: BinaryIO | None = None,
) -> tuple[IngestReport, dict[str, int]]:
    """`--out DIR`: ingest through Ray into the store at `db_path`, then write the whole
    store as the Parquet dataset of docs/schema.md under `out_dir` (a folder of tables that
    every node of a cluster can read). Analysis runs on the cluster during the ingest, and
    the comparisons behind the claims tables run there too, one story per task."""
    from newsprism.engines.ray_compare import CompareOnRay
    from newsprism.export import export_store

    with ray_session(address):
        report = ingest_paths_into_store(
            paths, db_path, config, analyze=True, console=console, workers=workers, stdin=stdin
        )
        counts = export_store(db_path, out_dir, "parquet", config, console, compare_many=CompareOnRay(workers))
    return report, counts
