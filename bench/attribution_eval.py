"""Attribution quality on an annotated set: by default bench/data/attributions_gold.jsonl
(short cases written alongside the rules); `--gold bench/data/attributions_blind.jsonl` scores
the news passages annotated before the extractor was read (PARC 3.0 conventions).

Prints precision / recall / F1 per attribution kind and per speaker kind, and exact-match F1
for speaker (source), cue and content spans, scored like BBC R&D's Citron on PARC 3.0.
`--errors` lists misses, spurious finds and, for matched pairs, differing spans and labels.

    .venv/bin/python bench/attribution_eval.py [--errors] [--gold PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsprism.analyze import analyze_articles  # noqa: E402
from newsprism.analyze.scoring import gold_case_from_dict, score  # noqa: E402
from newsprism.model import Article, Source, article_id  # noqa: E402

DEFAULT_GOLD = REPO / "bench" / "data" / "attributions_gold.jsonl"


def load_cases(path: Path):
    with path.open(encoding="utf-8") as fh:
        return [gold_case_from_dict(json.loads(line)) for line in fh if line.strip()]


def evaluate(path: Path = DEFAULT_GOLD):
    cases = load_cases(path)
    articles = [
        Article(id=article_id(c.text) + f"-{i}", text=c.text, source=Source(str(path), i + 1), language="en")
        for i, c in enumerate(cases)
    ]
    analysed = list(analyze_articles(articles))
    return cases, score(zip(cases, (a.attributions for a in analysed)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--errors", action="store_true", help="list every mismatch")
    args = parser.parse_args()
    started = time.perf_counter()
    cases, report = evaluate(args.gold)
    n_gold = sum(len(c.attributions) for c in cases)
    print(f"{len(cases)} cases, {n_gold} gold attributions ({time.perf_counter() - started:.1f}s)")
    print(f"{'measure':32} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}")
    for name, prf in report.scores.items():
        print(f"{name:32} {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f} {prf.tp:5d} {prf.predicted:5d} {prf.expected:5d}")
    print(f"{'speaker_accuracy (matched)':32} {report.speaker_accuracy:6.3f}  ({report.speaker_correct}/{report.speaker_total})")
    if args.errors:
        print("\nmismatches:")
        for line in report.errors:
            print("  " + line)


if __name__ == "__main__":
    main()
