"""Analysis speed and memory on the 720 ECB+ articles (not a test).

For each process count: wall time, articles per second and peak resident memory (this
process, and the largest worker for n_process > 1, from getrusage ru_maxrss). Each setting
runs in a fresh interpreter so peaks do not leak from one run into the next. The machine's
cores may be shared with other work while this runs: repeat and read the best figure.

    .venv/bin/python bench/analyze_speed.py [--processes 1 2] [--limit N] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "ecbplus" / "articles.jsonl"


def _run_one(n_process: int, limit: int | None, batch_size: int) -> dict:
    sys.path.insert(0, str(REPO / "src"))
    from newsprism.analyze import analyze_articles
    from newsprism.analyze.nlp import load_nlp
    from newsprism.config import Config
    from newsprism.model import Article, Source

    with ECBPLUS.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    if limit:
        records = records[:limit]
    articles = [
        Article(id=r["id"], text=r["text"], source=Source(str(ECBPLUS), i + 1), language="en")
        for i, r in enumerate(records)
    ]
    started = time.perf_counter()
    load_nlp()
    loaded = time.perf_counter()
    n_attr = 0
    for analysed in analyze_articles(articles, Config(nlp_batch_size=batch_size), n_process=n_process):
        n_attr += len(analysed.attributions)
    done = time.perf_counter()
    kib = 1 if sys.platform != "darwin" else 1 / 1024
    return {
        "n_process": n_process,
        "articles": len(articles),
        "chars": sum(len(a.text) for a in articles),
        "attributions": n_attr,
        "load_s": round(loaded - started, 2),
        "analyse_s": round(done - loaded, 2),
        "articles_per_s": round(len(articles) / (done - loaded), 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * kib / 1024, 1),
        "peak_worker_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * kib / 1024, 1),
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_run_one(args.one, args.limit, args.batch_size)))
        return
    if not ECBPLUS.is_file():
        sys.exit(f"{ECBPLUS} not found: the ECB+ data must sit in ../shared beside the repository")
    for n in args.processes:
        cmd = [sys.executable, __file__, "--one", str(n), "--batch-size", str(args.batch_size)]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        print(
            f"n_process={result['n_process']}: {result['articles']} articles "
            f"({result['chars']} chars) in {result['analyse_s']} s = {result['articles_per_s']} articles/s; "
            f"model load {result['load_s']} s; peak RSS {result['peak_rss_mib']} MiB"
            + (f", largest worker {result['peak_worker_rss_mib']} MiB" if n > 1 else "")
            + f"; {result['attributions']} attributions"
        )


if __name__ == "__main__":
    main()
