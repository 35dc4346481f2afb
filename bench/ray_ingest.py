"""Throughput of the full ingest (`--analyze`: read, story features, spaCy analysis, story
assignment and copies, store writes) on the 720 ECB+ articles: the local engine, and the Ray
engine with 1 and 2 workers on a private Ray instance on this machine (not a test).

Each engine runs in a fresh interpreter into a fresh store. Reported per run: wall time,
articles/s, and the time the driver spends in `BatchIngester.commit` (store writes, story
assignment and copy detection: the sequential part that does not spread over workers),
split into the first and the second half of the corpus to show how it grows with the
store. For Ray also: the instance start-up (paid once per cluster, not per job) and the
overhead per article against the local engine. The load average is printed next to each
figure: on a shared machine, repeat and read the best run.

    .venv/bin/python bench/ray_ingest.py [--workers 1 2] [--limit N] [--parts 12]
    .venv/bin/python bench/ray_ingest.py --sequential 20     # the driver's stages as the corpus grows
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "ecbplus" / "articles.jsonl"


def write_parts(folder: Path, limit: int | None, parts: int) -> int:
    """The corpus as `parts` JSONL files, as a crawl would deliver it (one read task each)."""
    lines = [line for line in ECBPLUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = lines[:limit] if limit else lines
    size = -(-len(lines) // parts)
    for number in range(parts):
        chunk = lines[number * size : (number + 1) * size]
        if chunk:
            (folder / f"part-{number:03d}.jsonl").write_text("\n".join(chunk) + "\n", encoding="utf-8")
    return len(lines)


COMMITS: list[tuple[int, float]] = []


def _timed_commits() -> list[tuple[int, float]]:
    """Record (articles in batch, seconds) for every BatchIngester.commit from now on."""
    from newsprism.engines import local

    COMMITS.clear()
    original = local.BatchIngester.commit
    if getattr(original, "timed", False):
        return COMMITS

    def commit(self, batch, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, batch, *args, **kwargs)
        finally:
            COMMITS.append((len(batch), time.perf_counter() - started))

    commit.timed = True
    local.BatchIngester.commit = commit
    return COMMITS


def _commit_summary(record: list[tuple[int, float]]) -> dict:
    half = len(record) // 2
    first, second = record[:half], record[half:]

    def per_article(rows):
        n = sum(r[0] for r in rows)
        return round(1000 * sum(r[1] for r in rows) / n, 2) if n else None

    return {
        "commit_s": round(sum(r[1] for r in record), 2),
        "commit_ms_per_article_first_half": per_article(first),
        "commit_ms_per_article_second_half": per_article(second),
    }


class TreeCpu:
    """CPU seconds used by this process and every process under it (Ray's raylet, workers
    and actors) while the block runs. Actors exit when a job ends, so the tree is sampled
    every 0.2 s and each process counts with the last figure seen. CPU time, unlike wall
    time, does not depend on how many other jobs share the cores."""

    def __enter__(self) -> "TreeCpu":
        import threading

        self._seen: dict[int, float] = {}
        self._start = self._sample()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> dict[int, float]:
        import psutil

        me = psutil.Process()
        for process in [me, *me.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            self._seen[process.pid] = times.user + times.system
        return dict(self._seen)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        self.seconds = sum(v - self._start.get(pid, 0.0) for pid, v in self._seen.items())


def _compute_seconds(inputs: str) -> float:
    """The parallelisable work alone, models already loaded: story features and analysis of
    every article, in one process, as the local engine batches them."""
    from newsprism.analyze import analyze_articles
    from newsprism.config import Config
    from newsprism.corpus import StoryService
    from newsprism.ingest import ingest_paths

    config = Config(quiet=True)
    articles = list(ingest_paths([inputs], config).articles)
    service = StoryService(config)
    started = time.perf_counter()
    for start in range(0, len(articles), config.ingest_batch_size):
        batch = articles[start : start + config.ingest_batch_size]
        service.features(batch)
        list(analyze_articles(batch, config))
    return time.perf_counter() - started


def run_local(inputs: str, db: str) -> dict:
    from newsprism.config import Config
    from newsprism.engines.local import ingest_paths_into_store

    record = _timed_commits()
    started = time.perf_counter()
    with TreeCpu() as cpu:
        report = ingest_paths_into_store([inputs], Path(db), Config(quiet=True), analyze=True)
    seconds = time.perf_counter() - started
    compute = _compute_seconds(inputs)
    return {"engine": "local", "compute_s": round(compute, 2), "cpu_s": round(cpu.seconds, 2), "articles": report.added, "analysed": report.analysed, "wall_s": round(seconds, 2),
            "articles_per_s": round(report.added / seconds, 2), "stories": report.total_stories,
            "load_avg_1m": round(os.getloadavg()[0], 2), **_commit_summary(record)}


def run_ray(inputs: str, db_root: str, workers: list[int]) -> list[dict]:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    os.environ.setdefault("RAY_AUTH_TOKEN", os.urandom(16).hex())
    import ray

    from newsprism.config import Config
    from newsprism.engines.ray import ingest_paths_into_store

    started = time.perf_counter()
    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False, logging_level="ERROR",
             _temp_dir=str(Path(db_root) / "ray"))
    startup = time.perf_counter() - started
    out = []
    try:
        for count in workers:
            record = _timed_commits()
            db = Path(db_root) / f"ray{count}.duckdb"
            started = time.perf_counter()
            with TreeCpu() as cpu:
                report = ingest_paths_into_store([inputs], db, Config(quiet=True), analyze=True, workers=count)
            seconds = time.perf_counter() - started
            out.append({"engine": f"ray, {count} worker(s)", "cpu_s": round(cpu.seconds, 2), "articles": report.added, "analysed": report.analysed,
                        "wall_s": round(seconds, 2), "articles_per_s": round(report.added / seconds, 2),
                        "stories": report.total_stories, "ray_startup_s": round(startup, 2),
                        "load_avg_1m": round(os.getloadavg()[0], 2), **_commit_summary(list(record))})
    finally:
        ray.shutdown()
    return out


def sequential_growth(replicas: int) -> dict:
    """The driver's sequential stages as the corpus grows: story assignment (`StoryIndex.assign`)
    and saving the story index (done on every commit), on the ECB+ features replayed
    `replicas` times, each replica 30 days after the previous one (new events, as a years-long
    archive brings them); then copy detection (`find_copies`) on one story of growing size."""
    import dataclasses

    import numpy as np

    from newsprism.config import Config
    from newsprism.corpus import StoryService, encode_index
    from newsprism.embed import get_encoder
    from newsprism.ingest import ingest_paths
    from newsprism.stories import StoryConfig
    from newsprism.stories.cluster import StoryIndex
    from newsprism.stories.copies import find_copies

    articles = list(ingest_paths([str(ECBPLUS)], Config(quiet=True)).articles)
    base = StoryService(Config(quiet=True)).features(articles)
    features = [base[a.id] for a in articles]
    index = StoryIndex(StoryConfig())
    growth = []
    for replica in range(replicas):
        batch = [dataclasses.replace(f, article_id=f"{f.article_id}-{replica}", day=30.0 * replica + (i % 3))
                 for i, f in enumerate(features)]
        started = time.perf_counter()
        for start in range(0, len(batch), 256):
            index.assign(batch[start : start + 256])
        assign = time.perf_counter() - started
        started = time.perf_counter()
        saved = encode_index(index)
        save = time.perf_counter() - started
        if replica in (0, replicas // 2, replicas - 1):
            growth.append({"articles": index.n_docs, "stories": len(index),
                           "assign_ms_per_article": round(1000 * assign / len(batch), 3),
                           "index_save_ms": round(1000 * save, 1),
                           "index_mib": round(sum(len(v) for v in saved.values()) / 2**20, 1)})
    encoder = get_encoder("static")
    copies = []
    for size in (25, 50, 100, 200, 400):
        chosen = list(range(min(size, len(articles))))
        started = time.perf_counter()
        find_copies([articles[i] for i in chosen], [features[i] for i in chosen], encoder, StoryConfig())
        copies.append({"story_size": len(chosen), "find_copies_ms": round(1000 * (time.perf_counter() - started), 1)})
    sizes = np.array([c["story_size"] for c in copies], dtype=float)
    times = np.array([c["find_copies_ms"] for c in copies], dtype=float)
    exponent = float(np.polyfit(np.log(sizes), np.log(times), 1)[0])
    return {"story_assignment": growth, "copy_detection": copies, "copy_time_exponent": round(exponent, 2),
            "load_avg_1m": round(os.getloadavg()[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--parts", type=int, default=12)
    parser.add_argument("--sequential", type=int, metavar="REPLICAS", default=None,
                        help="only measure the sequential stages on the ECB+ features replayed REPLICAS times")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sequential:
        print(json.dumps(sequential_growth(args.sequential), indent=1))
        return
    if args.child:  # one measurement in a fresh interpreter; prints JSON
        kind, inputs, target = args.child[:3]
        result = run_local(inputs, target) if kind == "local" else run_ray(inputs, target, args.workers)
        print(json.dumps(result))
        return

    # Short root: Ray keeps Unix sockets under its temp folder (at most 107 bytes a path).
    root = Path(tempfile.mkdtemp(prefix="nrb", dir="/tmp"))
    try:
        inputs = root / "input"
        inputs.mkdir()
        total = write_parts(inputs, args.limit, args.parts)
        print(f"{total} ECB+ articles in {args.parts} JSONL parts; {os.cpu_count()} CPUs (shared with other work)")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        me = [sys.executable, __file__, "--workers", *map(str, args.workers)]
        local = json.loads(subprocess.run(me + ["--child", "local", str(inputs), str(root / "local.duckdb")],
                                          check=True, capture_output=True, text=True, env=env).stdout.splitlines()[-1])
        remote = json.loads(subprocess.run(me + ["--child", "ray", str(inputs), str(root)],
                                           check=True, capture_output=True, text=True, env=env).stdout.splitlines()[-1])
        for row in [local, *remote]:
            print(json.dumps(row))
        articles = local["articles"]
        print(f"local: {local['articles_per_s']} articles/s, {1000 * local['cpu_s'] / articles:.1f} CPU-ms/article "
              f"(features + analysis alone: {1000 * local['compute_s'] / articles:.1f} ms/article)")
        for row in remote:
            # CPU beyond the local engine's for the same work: Ray's processes, actor start
            # and model loads, serialisation between stages.
            overhead = (row["cpu_s"] - local["cpu_s"]) / articles
            print(f"{row['engine']}: {row['articles_per_s']} articles/s, {1000 * row['cpu_s'] / articles:.1f} "
                  f"CPU-ms/article; ray overhead {1000 * overhead:+.1f} CPU-ms/article")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
