"""How newsprism credits the statements of all 720 ECB+ articles: attributions per speaker
kind, and, against a saved run, every attribution whose speaker phrase, speaker or kind changed.

  .venv/bin/python bench/speaker_kinds.py --save /tmp/after.json
  PYTHONPATH=<older checkout>/src .venv/bin/python bench/speaker_kinds.py --save /tmp/before.json
  .venv/bin/python bench/speaker_kinds.py --diff /tmp/before.json /tmp/after.json

ECB+ has no attribution gold; the changes are for reading, one per line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus" / "articles.jsonl"


def credits() -> dict[str, list[list]]:
    from newsprism.analyze import analyze_articles
    from newsprism.model import Article, Source

    records = [json.loads(line) for line in ECBPLUS.open(encoding="utf-8")]
    articles = [Article(id=r["id"], text=r["text"], source=Source(r["id"]), language="en") for r in records]
    out = {}
    for analyzed in analyze_articles(articles):
        text = analyzed.article.text
        out[analyzed.id] = [
            [a.content_span.start, a.content_span.end, a.source_span.text(text) if a.source_span else None,
             a.speaker, a.speaker_kind]
            for a in analyzed.attributions
        ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", type=Path, help="write this run's attributions to FILE")
    parser.add_argument("--diff", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.diff:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.diff)
        changed = 0
        for article in sorted(before):
            old = {(a[0], a[1]): a[2:] for a in before[article]}
            new = {(a[0], a[1]): a[2:] for a in after.get(article, [])}
            for span in sorted(set(old) | set(new)):
                if old.get(span) != new.get(span):
                    changed += 1
                    print(f"{article} {list(span)}: {old.get(span)} -> {new.get(span)}")
        print(f"{changed} attributions changed")
        for name, run in (("before", before), ("after", after)):
            kinds = Counter(a[4] for items in run.values() for a in items)
            print(f"{name}: {sum(kinds.values())} attributions, {dict(sorted(kinds.items()))}")
        return 0
    run = credits()
    kinds = Counter(a[4] for items in run.values() for a in items)
    print(f"{sum(kinds.values())} attributions: {dict(sorted(kinds.items()))}")
    if args.save:
        args.save.write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
