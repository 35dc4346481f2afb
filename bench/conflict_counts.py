"""How many conflicts `compare` reports on real many-outlet stories, by type, and how many of
them are real. Each ECB+ event of a set is compared with *all* its ECB+ articles (7–22):
  tuning  — the events with gold in bench/data/alignment_gold/ (seeds excluded); the conflict
            rules were written while reading these;
  heldout — 8 dev events first scored after the rules of stop 12 were written (then also
            read, so no longer blind);
  blind   — 10 train events never read while writing rules (until stop 13);
  fresh   — the 18 other ECB+ events with 7+ articles, labelled once on the stop-13 output;
  last    — the 4 remaining ECB+ events with 4+ articles, first run after the rules of stop 15.

ECB+ has no gold for conflicts. `bench/data/conflict_gold/<set>_conflicts.jsonl` holds hand
labels of the conflicts reported by the stop-11 and stop-12 versions (one line each: event,
type, the two claims as [ECB+ id, start, end], label "real" or "false", and for a false one
its cause). A reported conflict whose type and two claims carry a label is counted real or
false; others are "unlabelled". Precision is real / labelled. Labelled real conflicts no
longer reported are listed as "lost": a regression check, not recall (conflicts that no
version reported are not labelled).

  python bench/conflict_counts.py                  # tuning set: counts, precision, lost ones
  python bench/conflict_counts.py --set blind      # another set
  python bench/conflict_counts.py --show           # ... and each conflict with its label
  python bench/conflict_counts.py --unlabelled F   # write the unlabelled ones to F (JSONL)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from alignment_eval import ECBPLUS, GOLD_DIR, ecbplus_article  # noqa: E402

from newsprism.analyze import analyze_articles  # noqa: E402
from newsprism.compare import compare_articles  # noqa: E402
from newsprism.embed import get_encoder  # noqa: E402

LABEL_DIR = Path(__file__).resolve().parent / "data" / "conflict_gold"
HELDOUT = ["34_ecbplus", "2_ecbplus", "12_ecbplus", "18_ecbplus", "35_ecbplus", "2_ecb", "5_ecbplus", "34_ecb"]
SETS = {
    "tuning": sorted(
        event for event in (p.stem.removeprefix("ecbplus_") for p in GOLD_DIR.glob("ecbplus_*.json"))
        if event not in HELDOUT
    ),
    "heldout": HELDOUT,
    "blind": ["28_ecbplus", "27_ecbplus", "31_ecb", "4_ecb", "10_ecbplus", "29_ecbplus", "30_ecbplus",
              "9_ecbplus", "13_ecbplus", "16_ecbplus"],
    # every other ECB+ event with 7+ articles, labelled once on the stop-13 output
    "fresh": ["28_ecb", "14_ecbplus", "19_ecbplus", "20_ecbplus", "25_ecbplus", "26_ecb", "31_ecbplus",
              "6_ecbplus", "7_ecbplus", "8_ecbplus", "11_ecb", "26_ecbplus", "3_ecb", "6_ecb", "7_ecb",
              "9_ecb", "10_ecb", "32_ecb"],
    # the last ECB+ events with 4+ articles, first run and labelled at stop 15 after its rules
    "last": ["8_ecb", "33_ecb", "20_ecb", "11_ecbplus"],
}


def event_articles(events: list[str]) -> dict[str, list]:
    """ECB+ event -> all its articles, in file order."""
    out: dict[str, list] = {event: [] for event in events}
    with ECBPLUS.open(encoding="utf-8") as fh:
        for line, raw in enumerate(fh, start=1):
            record = json.loads(raw)
            if record["event"] in out:
                out[record["event"]].append(ecbplus_article(record, line))
    return out


def _key(event: str, kind: str, a: list, b: list) -> tuple:
    return (event, kind, *sorted((tuple(a), tuple(b))))


def load_labels(path: Path) -> dict[tuple, dict]:
    labels = {}
    if not path.exists():
        return labels  # a set not labelled yet: every conflict is unlabelled
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[_key(row["event"], row["type"], row["a"], row["b"])] = row
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=sorted(SETS), default="tuning", help="which events (see above)")
    parser.add_argument("--show", action="store_true", help="print every conflict with its two claims")
    parser.add_argument("--unlabelled", type=Path, help="write conflicts without a label to this JSONL file")
    args = parser.parse_args()
    encoder = get_encoder("minilm")
    labels = load_labels(LABEL_DIR / f"{args.set}_conflicts.jsonl")
    seen: set[tuple] = set()
    totals: Counter = Counter()
    verdicts: Counter = Counter()  # (type, real | false | unlabelled)
    unlabelled = []
    for event, articles in event_articles(SETS[args.set]).items():
        analyzed = tuple(analyze_articles(articles))
        comparison = compare_articles(analyzed, encoder=encoder)
        external = {a.id: a.article.external_id for a in comparison.articles}
        counts = Counter(c.type for c in comparison.conflicts)
        totals.update(counts)
        shown = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "none"
        print(f"{event:12s} {len(analyzed):2d} articles: {shown}")
        for conflict in comparison.conflicts:
            a = [external[conflict.a.article_id], conflict.a.span.start, conflict.a.span.end]
            b = [external[conflict.b.article_id], conflict.b.span.start, conflict.b.span.end]
            key = _key(event, conflict.type, a, b)
            seen.add(key)
            label = labels.get(key, {}).get("label", "unlabelled")
            verdicts[conflict.type, label] += 1
            if label == "unlabelled":
                unlabelled.append({"event": event, "type": conflict.type, "explanation": conflict.explanation,
                                   "a": a, "a_text": conflict.a.text, "b": b, "b_text": conflict.b.text})
            if args.show:
                print(f"  [{conflict.type}, {label}] {conflict.explanation}")
                print(f"     a: {conflict.a.text[:160]}")
                print(f"     b: {conflict.b.text[:160]}")
    print(f"total {sum(totals.values())}: " + ", ".join(f"{kind} {n}" for kind, n in sorted(totals.items())))
    print("type       real  false  unlabelled  precision (of labelled)")
    for kind in sorted(totals):
        real, false = verdicts[kind, "real"], verdicts[kind, "false"]
        precision = f"{real / (real + false):.2f}" if real + false else "-"
        print(f"{kind:10s} {real:4d}  {false:5d}  {verdicts[kind, 'unlabelled']:10d}  {precision}")
    real = sum(n for (_, label), n in verdicts.items() if label == "real")
    false = sum(n for (_, label), n in verdicts.items() if label == "false")
    if real + false:
        print(f"all        {real:4d}  {false:5d}  {len(unlabelled):10d}  {real / (real + false):.2f}")
    lost = [row for key, row in labels.items() if row["label"] == "real" and key not in seen]
    print(f"labelled real conflicts no longer reported: {len(lost)}")
    for row in lost:
        print(f"  {row['event']} [{row['type']}] {row['a'][0]} / {row['b'][0]}: {row['why']}")
    if args.unlabelled:
        with args.unlabelled.open("w", encoding="utf-8") as fh:
            for row in unlabelled:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
