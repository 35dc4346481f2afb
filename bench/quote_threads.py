"""Quote threads on real many-outlet stories: how many there are and how many versions carry
a quotation mark inside their wording — a sign that two marks were paired wrongly (a quote
running on past its closing mark into the narrative and the next quote).

Each ECB+ event of a set (see `conflict_counts.py`) is compared with all its articles. ECB+
text is tokenised: quotes open with " and close with '' (as in the Penn Treebank).

  python bench/quote_threads.py                 # all three sets
  python bench/quote_threads.py --set blind     # one set
  python bench/quote_threads.py --show          # ... and every thread
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conflict_counts import SETS, event_articles  # noqa: E402

from newsprism.analyze import analyze_articles  # noqa: E402
from newsprism.compare import compare_articles  # noqa: E402
from newsprism.embed import get_encoder  # noqa: E402

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
        for event, articles in events.items():
            comparison = compare_articles(tuple(analyze_articles(articles)), encoder=encoder)
            for thread in comparison.quotes:
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


if __name__ == "__main__":
    main()
