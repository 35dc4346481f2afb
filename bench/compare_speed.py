"""Speed and peak memory of `compare` for 2, 10 and 50 articles of about 600 words, from raw
files: ingest → analyse → compare, the path `newsprism compare PATH...` takes.

Articles are built from ECB+ (read in place from ../shared): each is the articles of one
ECB+ event joined until the text reaches about 600 words, written as a plain-text file to a
temporary folder; a story of N articles takes them from events of one topic, cycling, so the
reports share facts the way real coverage does.

Each size runs in a fresh process, so figures include nothing cached from another size:
  load   — loading spaCy and MiniLM (paid once per process)
  ingest, analyse — the stages before compare, wall-clock seconds
  re-parse — compare's own spaCy parse of texts the analysis did not hand on (0 since
             stop 15, when `newsprism compare` started handing the analysis' Docs on)
  compare — claims, embeddings, alignment, conflicts, quotes, sourcing
  peak RSS — the process's peak resident memory (ru_maxrss)

From a store (`--store`): the articles are first ingested with `--analyze` into a fresh
store (not timed as compare), then a fresh process does what `newsprism compare --story`
does — load the stored analyses and compare — timed as
  load   — loading spaCy and MiniLM
  read   — reading the stored articles and analyses (plus the parse compare needs)
  compare — as above, the first time (claim vectors computed and stored)
  again  — the same comparison once more, as a second `compare --story` (vectors read back)

  python bench/compare_speed.py              # sizes 2, 10, 50, from raw files
  python bench/compare_speed.py --sizes 10   # one size
  python bench/compare_speed.py --store      # sizes 2, 10, 50, from a store of analysed articles
  python bench/compare_speed.py --all-splits --sizes 400   # the biggest story ECB+ gives (273)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "ecbplus" / "articles.jsonl"
TARGET_WORDS = 600


def build_articles(count: int, folder: Path, all_splits: bool = False) -> list[Path]:
    """`count` text files of ~600 words, from ECB+ train events (every split with
    `all_splits`), cycling through the events of the topics in order so articles of a story
    overlap in content. Past about 210 articles (273 with all splits) the texts repeat, and
    ingest keeps one of each."""
    by_event: dict[str, list[dict]] = defaultdict(list)
    with ECBPLUS.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if all_splits or record["split"] == "train":
                by_event[record["event"]].append(record)
    pool = [r for event in sorted(by_event) for r in by_event[event]]
    paths, cursor = [], 0
    for n in range(count):
        parts, words = [], 0
        while words < TARGET_WORDS:
            record = pool[cursor % len(pool)]
            cursor += 1
            parts.append(f"{record['title']}\n\n{record['text']}")
            words += len(parts[-1].split())
        text = "\n\n".join(parts)
        # Cut at the first sentence end after ~600 words.
        cut = len(" ".join(text.split(" ")[:TARGET_WORDS]))
        end = text.find(". ", cut)
        path = folder / f"article_{n:03d}.txt"
        path.write_text((text if end < 0 else text[: end + 1]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def run_one(count: int, all_splits: bool = False) -> dict:
    """Time one size in this process (called in a child process by `main`)."""
    sys.path.insert(0, str(REPO / "src"))
    from newsprism.analyze import analyze_articles_with_docs
    from newsprism.analyze.nlp import load_nlp
    from newsprism.compare import compare_articles
    from newsprism.compare.pipeline import parse_missing
    from newsprism.config import Config
    from newsprism.embed import get_encoder
    from newsprism.ingest import ingest_paths

    with tempfile.TemporaryDirectory() as tmp:
        paths = build_articles(count, Path(tmp), all_splits)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        start = time.perf_counter()
        load_nlp()
        encoder = get_encoder("minilm")
        loaded = time.perf_counter()
        articles = ingest_paths([str(p) for p in paths], Config()).articles
        ingested = time.perf_counter()
        pairs = list(analyze_articles_with_docs(articles))
        analyzed = tuple(a for a, _ in pairs)
        analysed = time.perf_counter()
        # As `newsprism compare PATH...`: the analysis' Docs are handed on, and only texts
        # without one (none here) are parsed again.
        docs = parse_missing(analyzed, {a.id: doc for a, doc in pairs if doc is not None}, Config())
        parsed = time.perf_counter()
        comparison = compare_articles(analyzed, encoder=encoder, docs=docs)
        compared = time.perf_counter()
    return {
        "articles": len(articles),
        "words": words,
        "claims": sum(len(g.claims) for g in comparison.groups),
        "groups": len(comparison.groups),
        "load_s": round(loaded - start, 2),
        "ingest_s": round(ingested - loaded, 2),
        "analyse_s": round(analysed - ingested, 2),
        "reparse_s": round(parsed - analysed, 2),
        "compare_s": round(compared - parsed, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def prepare_store(count: int, folder: Path) -> Path:
    """Ingest `count` articles with their full analysis into a fresh store under `folder`."""
    sys.path.insert(0, str(REPO / "src"))
    from newsprism.config import Config
    from newsprism.engines.local import ingest_paths_into_store

    paths = build_articles(count, folder)
    db = folder / "store.duckdb"
    ingest_paths_into_store([str(p) for p in paths], db, Config(quiet=True), analyze=True)
    return db


def run_from_store(db: Path) -> dict:
    """Time `compare --story`'s path on every article of the store at `db`."""
    sys.path.insert(0, str(REPO / "src"))
    from newsprism.analyze.nlp import load_nlp
    from newsprism.compare import compare_articles
    from newsprism.config import Config
    from newsprism.embed import get_encoder
    from newsprism.store import open_store
    from newsprism.vector_cache import StoreBackedEncoder

    start = time.perf_counter()
    load_nlp()
    minilm = get_encoder("minilm")
    loaded = time.perf_counter()
    config = Config(quiet=True)
    with open_store(db, read_only=False) as store:
        ids = [a.id for a in store.articles()]
        analyzed = [a for a in store.analyzed(ids, config) if a.analyzed]
        read = time.perf_counter()
        comparison = compare_articles(analyzed, config, encoder=StoreBackedEncoder(minilm, store))
        compared = time.perf_counter()
        # Again, as a second `compare --story` would: the claim vectors are stored now.
        again = StoreBackedEncoder(minilm, store)
        compare_articles(analyzed, config, encoder=again)
        recompared = time.perf_counter()
    return {
        "articles": len(analyzed),
        "claims": sum(len(g.claims) for g in comparison.groups),
        "load_s": round(loaded - start, 2),
        "read_s": round(read - loaded, 2),
        "compare_s": round(compared - read, 2),
        "again_s": round(recompared - compared, 2),
        "encoded_again": again.encoded,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main_store(sizes: list[int]) -> None:
    print(f"{'articles':>8} {'claims':>6} {'load s':>7} {'read s':>7} {'compare s':>9} {'total s':>8} "
          f"{'again s':>8} {'peak RSS MB':>11}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = prepare_store(size, Path(tmp))
            out = subprocess.run(
                [sys.executable, __file__, "--store-child", str(db)], capture_output=True, text=True, check=True
            ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        total = r["read_s"] + r["compare_s"]
        print(f"{r['articles']:>8} {r['claims']:>6} {r['load_s']:>7} {r['read_s']:>7} {r['compare_s']:>9} "
              f"{total:>8.2f} {r['again_s']:>8} {r['peak_rss_mb']:>11}   (texts encoded again: {r['encoded_again']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 10, 50])
    parser.add_argument("--store", action="store_true", help="compare from a store of analysed articles")
    parser.add_argument("--all-splits", action="store_true",
                        help="build articles from every ECB+ split, for stories of more than ~210 articles")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--store-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.store_child:
        print(json.dumps(run_from_store(args.store_child)))
        return
    if args.store:
        main_store(args.sizes)
        return
    if args.child:
        print(json.dumps(run_one(args.child, args.all_splits)))
        return
    print(f"{'articles':>8} {'words':>7} {'claims':>6} {'load s':>7} {'ingest s':>8} {'analyse s':>9} "
          f"{'re-parse s':>10} {'compare s':>9} {'total s':>8} {'peak RSS MB':>11}")
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size)] + (["--all-splits"] if args.all_splits else []),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        total = r["ingest_s"] + r["analyse_s"] + r["reparse_s"] + r["compare_s"]
        print(f"{r['articles']:>8} {r['words']:>7} {r['claims']:>6} {r['load_s']:>7} {r['ingest_s']:>8} "
              f"{r['analyse_s']:>9} {r['reparse_s']:>10} {r['compare_s']:>9} {total:>8.2f} {r['peak_rss_mb']:>11}")


if __name__ == "__main__":
    main()
