"""How often `compare`'s story check (`compare.pipeline.stories_within`) is right, on ECB+.

`newsprism compare PATH...` treats its articles as one story and warns when the story
grouping puts them in several. Two ways to be wrong, both counted here:
  false warning — the articles of one ECB+ event (all of them, and pairs of them) called two
                  or more stories;
  missed mix-up — articles of two events given together and called one story: two events of
                  one ECB+ topic (two rehab check-ins, two pirate captures: the hardest case),
                  and articles of two different topics (the usual mistake).
Pairs are the first five articles of each event (within) and the first three of each of the
topic's two events (across); different-topic pairs are 300 random draws (seed 0).

    .venv/bin/python bench/story_check.py
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from alignment_eval import ECBPLUS, ecbplus_article  # noqa: E402

from newsprism.compare.pipeline import stories_within  # noqa: E402
from newsprism.config import Config  # noqa: E402
from newsprism.ingest import ingest_paths  # noqa: E402


def split(articles) -> bool:
    return len(stories_within(articles, Config())) >= 2


def main() -> None:
    events = defaultdict(list)
    with ECBPLUS.open(encoding="utf-8") as fh:
        for line, raw in enumerate(fh, start=1):
            record = json.loads(raw)
            events[record["event"]].append(ecbplus_article(record, line))
    topics = defaultdict(list)
    for event in sorted(events):
        topics[event.split("_")[0]].append(event)
    started = time.perf_counter()
    split(events[sorted(events)[0]])  # load the static encoder before timing
    print(f"static encoder loaded (and a first check) in {time.perf_counter() - started:.2f}s")
    seeds = ingest_paths([str(REPO.parent / "shared" / "seeds")], Config()).articles
    for name, articles in (("the two seeds", seeds), ("ten articles of 26_ecbplus", events["26_ecbplus"][:10])):
        started = time.perf_counter()
        for _ in range(5):
            split(articles)
        print(f"one check of {name}: {(time.perf_counter() - started) / 5 * 1000:.0f} ms")

    started = time.perf_counter()
    whole = [e for e in sorted(events) if len(events[e]) >= 2]
    wrong_events = [e for e in whole if split(events[e])]
    pairs = [pair for e in sorted(events) for pair in itertools.combinations(events[e][:5], 2)]
    wrong_pairs = sum(split(list(pair)) for pair in pairs)
    print(f"false warnings: {len(wrong_events)} of {len(whole)} events given whole ({', '.join(wrong_events)}); "
          f"{wrong_pairs} of {len(pairs)} pairs of one event's articles")

    twins = [es for es in topics.values() if len(es) == 2]
    across = [[a, b] for first, second in twins for a in events[first][:3] for b in events[second][:3]]
    told = sum(split(pair) for pair in across)
    print(f"two events of one topic: {told} of {len(across)} pairs told apart")
    rnd = random.Random(0)
    keys = sorted(topics)
    told_apart = 0
    for _ in range(300):
        first, second = rnd.sample(keys, 2)
        a = rnd.choice(events[rnd.choice(topics[first])])
        b = rnd.choice(events[rnd.choice(topics[second])])
        told_apart += split([a, b])
    print(f"two different topics: {told_apart} of 300 pairs told apart")
    checks = len(whole) + len(pairs) + len(across) + 300
    print(f"{checks} checks in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
