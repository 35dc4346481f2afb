"""Story quality on the synthetic corpus of bench/ingest_speed.py, against the (ECB+ event,
epoch) each synthetic article was generated from: a check that what ECB+ tuning chose
does not cut stories of tens of articles into pieces (ECB+ events have 5-22 articles).

The synthetic texts are shuffled sentences of one ECB+ event, so this is a sanity check of
behaviour at larger story sizes, not a quality figure for real news. Prints B-cubed P/R/F1
for the default StoryConfig and, in the same run, with the shared-nearest-neighbour term
off (`repair_snn_k=0`, at the threshold tuned without it, 0.19).

    .venv/bin/python bench/synthetic_stories.py --n 30000
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from ingest_speed import synthetic_articles  # noqa: E402
from newsprism.embed import get_encoder  # noqa: E402
from newsprism.stories import StoryConfig  # noqa: E402
from newsprism.stories.cluster import StoryIndex  # noqa: E402
from newsprism.stories.features import compute_features  # noqa: E402
from newsprism.stories.metrics import bcubed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=30_000)
    args = parser.parse_args()
    gold: list[str] = []
    articles = list(synthetic_articles(args.n, labels=gold))
    encoder = get_encoder("static")
    features = []
    for start in range(0, len(articles), 256):
        features.extend(compute_features(articles[start : start + 256], encoder, StoryConfig()))
    print(f"{len(articles):,} synthetic articles from {len(set(gold)):,} generating events; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    default = StoryConfig()
    for name, config in (
        ("default (shared-neighbour term on)", default),
        ("shared-neighbour term off", dataclasses.replace(default, repair_snn_k=0, repair_threshold=0.19)),
    ):
        index = StoryIndex(config)
        started = time.perf_counter()
        labels: list[str] = []
        for start in range(0, len(features), 256):
            labels.extend(index.assign(features[start : start + 256]))
        seconds = time.perf_counter() - started
        labels = [index.resolve(label) for label in labels]
        score = bcubed(labels, gold)
        print(f"  {name:36s} P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f}  "
              f"{len(set(labels)):,} stories, assignment {seconds:.0f} s")


if __name__ == "__main__":
    main()
