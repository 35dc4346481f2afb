"""Load on the web app: 50 concurrent clients reading story and article pages of a store
holding the 720 ECB+ articles, against the real server (`newsprism serve`) on 127.0.0.1.

Steps:
1. Build the store: with the corpus ingest pipeline (`newsprism ingest`) when it is available,
   else with the Store API and one story per ECB+ gold event (the output says which).
2. Start `newsprism serve` in a subprocess on a free loopback port.
3. Cold pass: each story page is visited once, one story at a time, following its
   self-refresh until complete (first visit: the deep analyses and the comparison are
   computed and cached), timed.
4. Load, ROUNDS times: CLIENTS concurrent clients (httpx, asyncio) request story and article
   pages in a fixed random order until REQUESTS requests are answered or SECONDS pass. Round
   1 includes every page's first view (its store read); later rounds are served from memory.
Prints requests/s, p50/p99 latency and errors, and writes bench/results/web_load.json.

    .venv/bin/python bench/web_load.py [--clients 50] [--requests 3000] [--seconds 180] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "ecbplus" / "articles.jsonl"
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pipeline_available() -> bool:
    try:
        import newsprism.corpus  # noqa: F401
        import newsprism.engines.local  # noqa: F401
    except ImportError:
        return False
    return True


def build_store(db: Path, records: list[dict]) -> str:
    feed = db.parent / "ecbplus.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({"id": r["id"], "title": r["title"], "text": r["text"]}) + "\n")
    if pipeline_available():
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "-m", "newsprism.cli", "ingest", str(feed), "--db", str(db), "--quiet"], check=True
        )
        return f"built with newsprism ingest (stories assigned by the corpus pipeline) in {time.perf_counter() - started:.1f} s"
    from newsprism.config import Config
    from newsprism.ingest import ingest_paths
    from newsprism.store import open_store

    articles = ingest_paths([str(feed)], Config(quiet=True)).articles
    event = {r["id"]: r["event"] for r in records}
    with open_store(db) as store:
        with store.transaction():
            store.add_articles(articles)
            store.set_story_members({a.id: f"event-{event[a.external_id]}" for a in articles})
    return "built with the Store API, one story per ECB+ gold event (the corpus ingest pipeline was not available)"


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [PYTHON, "-m", "newsprism.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=log.open("w"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not start; see {log}")


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cold_pass(base: str, story_ids: list[str], budget: float) -> dict:
    """First visit of each story page, as a reader sees it: the page shows progress and
    refreshes itself until the analyses and the comparison are computed (then cached)."""
    times, done, failed = [], [], 0
    started = time.monotonic()
    with httpx.Client(base_url=base, timeout=120) as client:
        for sid in story_ids:
            if time.monotonic() - started > budget:
                break
            t = time.perf_counter()
            while time.monotonic() - started <= budget:
                page = client.get(f"/stories/{sid}")
                page.raise_for_status()
                if 'http-equiv="refresh"' not in page.text:
                    failed += "could not be computed" in page.text
                    times.append(time.perf_counter() - t)
                    done.append(sid)
                    break
                time.sleep(0.5)
    return {
        "stories": len(done),
        "of": len(story_ids),
        "seconds": round(time.monotonic() - started, 1),
        "mean_s": round(statistics.mean(times), 2) if times else None,
        "max_s": round(max(times), 2) if times else None,
        "failed": failed,
        "done": done,
    }


async def load(base: str, targets: list[str], clients: int, requests: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    statuses: dict[int, int] = {}
    order = iter(range(requests))
    deadline = time.monotonic() + seconds
    # Idle connections are dropped before the server's 5 s keep-alive timeout would close
    # them under a request (a client-side race, not a server error).
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=2.0)

    async def client_loop(client: httpx.AsyncClient, rng: random.Random) -> None:
        while time.monotonic() < deadline and next(order, None) is not None:
            path = rng.choice(targets)
            t = time.perf_counter()
            try:
                response = await client.get(path)
                latencies.append(time.perf_counter() - t)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code != 200:
                    errors[f"HTTP {response.status_code}"] = errors.get(f"HTTP {response.status_code}", 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await asyncio.gather(*(client_loop(client, random.Random(seed)) for seed in range(clients)))
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

    return {
        "clients": clients,
        "requests": len(latencies) + sum(v for k, v in errors.items() if not k.startswith("HTTP")),
        "seconds": round(wall, 1),
        "requests_per_s": round(len(latencies) / wall, 1),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": round(1000 * latencies[-1], 1),
        "statuses": statuses,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=180, help="time cap of each load round")
    parser.add_argument(
        "--rounds", type=int, default=2,
        help="load rounds: the first includes each page's first view, later ones are served from memory",
    )
    parser.add_argument("--cold-budget", type=float, default=1800, help="time cap of the cold pass (s)")
    parser.add_argument("--db", type=Path, help="store to use; built there first if it does not exist (default: a temporary one)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    records = [json.loads(line) for line in ECBPLUS.open(encoding="utf-8") if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "ecbplus.duckdb"
        how = "an existing store" if db.exists() else build_store(db, records)
        from newsprism.store import open_store

        with open_store(db, read_only=True) as store:
            stories = store.stories()
            articles = store.count_articles()
        print(f"store: {articles} articles in {len(stories)} stories; {how}", flush=True)
        port = free_port()
        server = start_server(db, port, Path(tmp) / "server.log")
        base = f"http://127.0.0.1:{port}"
        try:
            cold = cold_pass(base, [s.id for s in stories], args.cold_budget)
            print(
                f"cold pass: {cold['stories']}/{cold['of']} story comparisons computed in {cold['seconds']} s "
                f"(mean {cold['mean_s']} s, max {cold['max_s']} s per story; {cold['failed']} failed)",
                flush=True,
            )
            warmed = set(cold["done"])
            targets = [f"/stories/{s.id}" for s in stories if s.id in warmed]
            targets += [f"/articles/{a}" for s in stories if s.id in warmed for a in s.article_ids]
            results = []
            for round_number in range(1, args.rounds + 1):
                result = asyncio.run(load(base, targets, args.clients, args.requests, args.seconds))
                result["round"] = round_number
                result["pages"] = len(targets)
                results.append(result)
                print(
                    f"load round {round_number}: {result['clients']} clients, {result['requests']} requests over "
                    f"{result['pages']} story and article pages in {result['seconds']} s: "
                    f"{result['requests_per_s']} requests/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
                    f"max {result['max_ms']} ms; errors: {result['errors'] or 'none'}",
                    flush=True,
                )
            rss = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"server peak RSS {round(rss) if rss else '?'} MB")
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    cold.pop("done")
    document = {"store": how, "cold": cold, "load": results, "server_peak_rss_mb": round(rss) if rss else None}
    (out / "web_load.json").write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
