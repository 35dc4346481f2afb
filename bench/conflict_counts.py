"""How many conflicts `compare` reports on real many-outlet stories, by type, and what they
are: every ECB+ event that has gold in bench/data/alignment_gold/ (seeds excluded), compared
with *all* its ECB+ articles (9–22 per event). ECB+ has no gold for conflicts, so this prints
counts and, with --show, every conflict with its two claims for reading; BENCHMARKS.md
records what a read of them found.

  python bench/conflict_counts.py           # counts per event and type
  python bench/conflict_counts.py --show    # ... and each conflict
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from alignment_eval import GOLD_DIR, load_gold, prepare  # noqa: E402

from newsprism.compare import compare_articles  # noqa: E402
from newsprism.embed import get_encoder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print every conflict with its two claims")
    args = parser.parse_args()
    encoder = get_encoder("minilm")
    totals: Counter = Counter()
    for path in sorted(GOLD_DIR.glob("ecbplus_*.json")):
        story = prepare(load_gold(path), all_outlets=True)
        comparison = compare_articles(story.analyzed, encoder=encoder)
        counts = Counter(c.type for c in comparison.conflicts)
        totals.update(counts)
        shown = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "none"
        print(f"{path.stem:22s} {len(story.analyzed):2d} articles: {shown}")
        if args.show:
            for conflict in comparison.conflicts:
                print(f"  [{conflict.type}] {conflict.explanation}")
                print(f"     a: {conflict.a.text[:160]}")
                print(f"     b: {conflict.b.text[:160]}")
    print(f"total {sum(totals.values())}: " + ", ".join(f"{kind} {n}" for kind, n in sorted(totals.items())))


if __name__ == "__main__":
    main()
