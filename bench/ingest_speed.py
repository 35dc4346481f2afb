"""Corpus ingest and story assignment throughput and peak memory (issue 4, part 5).

Part 1: `newsprism ingest` of the 720 ECB+ articles into a fresh store (local engine, cheap
tier: reading, features, stories, copies; the parser runs later, on first use), in a child
process so its peak RSS is its own.

Part 2: story assignment alone on a synthetic corpus assembled from ECB+ sentences: each
synthetic article takes 6-14 sentences from the articles of one gold event, shuffled, with a
publication date drawn in that event's own 5-day window (events spread over ~3 years). It
measures features + StoryIndex.assign, in batches of 256, with the features computed in
worker processes ahead of the assignment as `newsprism ingest` does (`--workers`, default as
ingest: one on a multi-core machine), and peak RSS of this process and of the largest
worker. The dates come in random order (an archive, not a live feed). It leaves out
reading files, the store's writes and copy detection (part 1 measures those), and the
synthetic texts repeat a small vocabulary, which makes the blocking posting lists longer
than in real news.

    .venv/bin/python bench/ingest_speed.py                 # both parts, 20,000 synthetic
    .venv/bin/python bench/ingest_speed.py --synthetic 1000000 --skip-ingest
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "ecbplus" / "articles.jsonl"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """Peak RSS of the largest child process that has exited (the feature workers)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def ingest_part() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        code = (
            "import resource, time, json\n"
            "from pathlib import Path\n"
            "from newsprism.config import Config\n"
            "from newsprism.engines.local import ingest_paths_into_store\n"
            "from newsprism.embed import get_encoder\n"
            "get_encoder('static')\n"  # model load is a one-off, reported separately
            "t = time.perf_counter()\n"
            f"r = ingest_paths_into_store([{str(ECBPLUS)!r}], Path({str(db)!r}), Config(quiet=True))\n"
            "s = time.perf_counter() - t\n"
            "print(json.dumps({'articles': r.added, 'seconds': s, 'stories': r.total_stories,"
            " 'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
        )
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        wall = time.perf_counter() - started
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"ingest (local engine, cheap tier) of {result['articles']} ECB+ articles: "
            f"{result['seconds']:.1f} s = {result['articles'] / result['seconds']:.1f} articles/s, "
            f"{result['stories']} stories, peak RSS {result['peak_rss_mb']:.0f} MB "
            f"(process wall time incl. imports and model load {wall:.1f} s)"
        )


def synthetic_articles(n: int, seed: int = 7, labels: list | None = None):
    """`n` synthetic articles; with `labels`, each one's generating (event, epoch) is appended
    to it (the gold story of bench/synthetic_stories.py)."""
    from newsprism.model import Article, Source, article_id

    records = [json.loads(line) for line in ECBPLUS.open(encoding="utf-8")]
    from newsprism.stories.tokens import sentences

    by_event: dict[str, list[str]] = {}
    for r in records:
        by_event.setdefault(r["event"], []).extend(sentences(r["text"]))
    events = sorted(by_event)
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    event_day = {e: rng.randrange(0, 1000) for e in events}
    for i in range(n):
        # Many distinct synthetic events: each ECB+ event is re-used at several dates.
        event = events[rng.randrange(len(events))]
        epoch = rng.randrange(0, 40)
        pool = by_event[event]
        k = min(len(pool), rng.randint(6, 14))
        text = " ".join(rng.sample(pool, k)) + f" ({i})"
        day = start + timedelta(days=(event_day[event] + epoch * 30) % 1100 + rng.randrange(0, 5))
        if labels is not None:
            labels.append(f"{event}@{epoch}")
        yield Article(id=article_id(text), text=text, source=Source("synthetic", i + 1), published=day.isoformat())


def assignment_part(n: int, batch: int, workers: int) -> None:
    """Features computed as `newsprism ingest` computes them — in `workers` processes ahead
    of the assignment (engines.workers.BatchWorkers; 0: in this process) — and assigned
    here in input order."""
    from collections import deque

    from newsprism.config import Config
    from newsprism.engines.workers import BatchWorkers
    from newsprism.stories import StoryConfig
    from newsprism.stories.cluster import StoryIndex

    index = StoryIndex(StoryConfig())
    t_wait = t_assign = 0.0
    done = 0
    started = time.perf_counter()

    def batches():
        pending = []
        for article in synthetic_articles(n):
            pending.append(article)
            if len(pending) == batch:
                yield pending
                pending = []
        if pending:
            yield pending

    def assign_oldest() -> None:
        nonlocal t_wait, t_assign, done
        size, work = in_flight.popleft()
        t0 = time.perf_counter()
        features, _ = work.result()
        t1 = time.perf_counter()
        index.assign(list(features.values()))
        t_wait += t1 - t0
        t_assign += time.perf_counter() - t1
        before, done = done, done + size
        if done // (batch * 40) != before // (batch * 40):
            print(f"  {done:,} articles, {len(index):,} stories, {done / (time.perf_counter() - started):.0f} articles/s, "
                  f"peak RSS {peak_rss_mb():.0f} MB, load {os.getloadavg()[0]:.1f}", flush=True)

    in_flight: deque = deque()
    with BatchWorkers(Config(quiet=True), analyze=False, processes=workers) as pool:
        for articles in batches():
            in_flight.append((len(articles), pool.submit(articles)))
            while len(in_flight) > pool.ahead:
                assign_oldest()
        while in_flight:
            assign_oldest()
    total = time.perf_counter() - started
    print(
        f"synthetic story assignment, {done:,} articles, {workers} feature worker process(es): "
        f"{total:.0f} s wall = {done / total:.0f} articles/s (assignment {t_assign:.0f} s, waiting for "
        f"features {t_wait:.0f} s, the rest generating texts); {len(index):,} stories; peak RSS "
        f"{peak_rss_mb():.0f} MB this process, {children_peak_rss_mb():.0f} MB the largest child process"
    )
    # What one checkpoint of this index costs in the store (corpus.StoryService writes one
    # when its batch log reaches 10 % of the corpus, and at the end of each ingest).
    from newsprism.corpus import encode_index

    t0 = time.perf_counter()
    parts = encode_index(index)
    print(
        f"one story-index checkpoint at {done:,} articles: {time.perf_counter() - t0:.1f} s to encode, "
        f"{sum(len(v) for v in parts.values()) / 2**20:.0f} MiB; peak RSS after {peak_rss_mb():.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--workers", type=int, default=None,
                        help="feature worker processes for the synthetic part (default: as ingest)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    if not args.skip_ingest:
        ingest_part()
    if args.synthetic:
        from newsprism.engines.workers import auto_workers

        assignment_part(args.synthetic, args.batch, auto_workers() if args.workers is None else args.workers)
    print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
