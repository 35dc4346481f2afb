"""Quote threads on real many-outlet stories: how many there are and how many versions carry
a quotation mark inside their wording — a sign that two marks were paired wrongly (a quote
running on past its closing mark into the narrative and the next quote).

Each ECB+ event of a set (see `conflict_counts.py`) is compared with all its articles. ECB+
text is tokenised: quotes open with " and close with '' (as in the Penn Treebank).

  python bench/quote_threads.py                 # all three sets
  python bench/quote_threads.py --set blind     # one set
  python bench/quote_threads.py --show          # ... and every thread

Hand labels (`bench/data/quote_gold/<set>_quote_labels.jsonl`, blind set only) mark each
version of each thread the stop-13 version reported as a "member" of the thread's core
quotation or an "intruder" (another statement, or a scare-quoted name or title). They give
known pairs: two members of one labelled thread are one quotation, a member and an intruder
of one thread are two. Pairwise precision counts the known pairs a thread now joins;
recall, the known same-quotation pairs it still joins. Pairs with no label are not scored.
"""

from __future__ import annotations

import argparse
import json
import re
from itertools import combinations
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conflict_counts import SETS, event_articles  # noqa: E402

from newsprism.analyze import analyze_articles  # noqa: E402
from newsprism.compare import compare_articles  # noqa: E402
from newsprism.embed import get_encoder  # noqa: E402

LABEL_DIR = Path(__file__).resolve().parent / "data" / "quote_gold"
# A double quotation mark of any style inside the quoted words.
_MARK_INSIDE = re.compile(r"[“”\"]|''|``")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    encoder = get_encoder("minilm")
    names = list(SETS) if args.set == "all" else [args.set]
    total = {"threads": 0, "versions": 0, "marked": 0, "speaker": 0, "wording": 0}
    for name in names:
        events = event_articles(SETS[name])
        counts = dict.fromkeys(total, 0)
        predicted: list[set[tuple]] = []
        for event, articles in events.items():
            comparison = compare_articles(tuple(analyze_articles(articles)), encoder=encoder)
            external = {a.id: a.external_id for a in articles}
            for thread in comparison.quotes:
                predicted.append(
                    {(event, external[v.article_id], v.span.start, v.span.end) for v in thread.versions}
                )
                counts["threads"] += 1
                counts["speaker"] += thread.speaker_differs
                counts["wording"] += thread.wording_differs
                if args.show:
                    print(f"{event} {thread.id} wording_differs={thread.wording_differs} speaker_differs={thread.speaker_differs}")
                for version in thread.versions:
                    counts["versions"] += 1
                    marked = bool(_MARK_INSIDE.search(version.wording))
                    counts["marked"] += marked
                    if args.show:
                        flag = "  MARK" if marked else ""
                        where = f"[{version.span.start}, {version.span.end}]"
                        print(f"   {version.outlet} {where} — {version.speaker or 'no speaker'}: {version.wording}{flag}")
        _report(name, len(events), counts)
        labels = LABEL_DIR / f"{name}_quote_labels.jsonl"
        if labels.exists():
            _score(name, predicted, labels)
        for key in total:
            total[key] += counts[key]
    if len(names) > 1:
        _report("all", sum(len(SETS[n]) for n in names), total)


def _report(name: str, events: int, counts: dict[str, int]) -> None:
    share = counts["marked"] / counts["versions"] if counts["versions"] else 0.0
    print(
        f"{name:8s} {events:2d} events: {counts['threads']} threads, {counts['versions']} versions; "
        f"versions with a quotation mark inside {counts['marked']} ({share:.1%}); "
        f"wording differs {counts['wording']}, speaker differs {counts['speaker']}"
    )


def _score(name: str, predicted: list[set[tuple]], labels: Path) -> None:
    same, apart = _known_pairs(labels)
    joined = {frozenset(pair) for thread in predicted for pair in combinations(sorted(thread), 2)}
    tp = len(joined & same)
    fp = len(joined & apart)
    fn = len(same - joined)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{name:8s} labelled pairs: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f} "
        f"(same-quotation pairs joined {tp}, different-quotation pairs joined {fp}, same-quotation pairs split {fn})"
    )


def _known_pairs(path: Path) -> tuple[set[frozenset], set[frozenset]]:
    threads: dict[tuple[str, str], dict[str, list[tuple]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "label" not in row:
            continue
        version = (row["event"], row["article"], row["span"][0], row["span"][1])
        threads.setdefault((row["event"], row["thread"]), {}).setdefault(row["label"], []).append(version)
    same, apart = set(), set()
    for members in threads.values():
        inside, outside = members.get("member", []), members.get("intruder", [])
        same |= {frozenset(p) for p in combinations(inside, 2) if p[0] != p[1]}
        apart |= {frozenset((m, o)) for m in inside for o in outside if m != o}
    return same, apart


if __name__ == "__main__":
    main()
