"""Copy detection on ECB+ articles with generated copies, next to datasketch MinHash-LSH.

Every third article of each ECB+ event gets one or two copies made in code, deterministically
(seeded), never stored: exact (same words, other quotes/spacing), trimmed, a paragraph
added, synonym substitution, clause and sentence reordering, and a "round trip" (synonyms +
reordering + dropped articles and adverbs, the traces machine translation leaves). Copies
carry another outlet. `find_copies` then runs on each gold event (one story) holding the
real articles and the copies; pairs in one group are compared with the gold pairs (an
article and its copies). Real ECB+ articles of one event by different outlets are the hard
negatives.

    .venv/bin/python bench/copies_eval.py                # report train (tuning) and dev
    .venv/bin/python bench/copies_eval.py --tune         # grid on train, prints the best
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "ecbplus" / "articles.jsonl"
sys.path.insert(0, str(REPO / "src"))

from newsprism.model import Article, Source  # noqa: E402
from newsprism.stories import StoryConfig  # noqa: E402
from newsprism.stories.tokens import sentences, shingles, words  # noqa: E402

# A small thesaurus written for this benchmark (the detector never reads it).
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "killed": "slain", "died": "perished",
    "arrested": "detained", "police": "officers", "announced": "declared", "officials": "authorities",
    "government": "administration", "people": "individuals", "attack": "assault", "began": "started",
    "big": "large", "large": "sizeable", "small": "minor", "help": "assist", "buy": "purchase",
    "bought": "purchased", "show": "demonstrate", "shows": "demonstrates", "try": "attempt",
    "tried": "attempted", "hurt": "injured", "injured": "wounded", "car": "vehicle", "city": "town",
    "home": "residence", "house": "residence", "job": "post", "chief": "head", "leader": "head",
    "area": "region", "country": "nation", "report": "account", "reported": "stated",
    "fire": "blaze", "quickly": "rapidly", "later": "subsequently", "about": "approximately",
    "many": "numerous", "several": "a number of", "also": "additionally", "after": "following",
    "before": "prior to", "because": "since", "during": "throughout", "near": "close to",
    "need": "require", "needed": "required", "start": "begin", "end": "conclude", "ended": "concluded",
    "get": "obtain", "got": "obtained", "give": "provide", "gave": "provided", "plan": "scheme",
    "team": "squad", "game": "match", "season": "campaign", "hospital": "medical centre",
    "children": "kids", "man": "male", "woman": "female", "victim": "casualty", "victims": "casualties",
    "official": "spokesperson", "statement": "release", "agreed": "consented", "deal": "agreement",
    "company": "firm", "million": "mn", "percent": "per cent", "week": "seven days", "month": "thirty days",
    "charged": "accused", "charges": "counts", "court": "tribunal", "trial": "hearing", "judge": "magistrate",
    "earthquake": "quake", "storm": "tempest", "crash": "collision", "shot": "gunned", "shooting": "gunfire",
    "won": "clinched", "win": "victory", "lost": "forfeited", "new": "fresh", "old": "former",
    "first": "initial", "last": "final", "important": "significant", "major": "key", "security": "safety",
}
ADVERBS = {"also", "just", "very", "really", "now", "still", "already", "only", "even"}
ADDED = [
    "This story has been updated with additional reporting from our correspondents.",
    "Readers can follow our live coverage for further developments throughout the day.",
    "Our newsroom contacted the parties involved but had not received a reply by publication time.",
]


def _spin(text: str, rng: random.Random, rate: float) -> str:
    def swap(match: re.Match) -> str:
        word = match.group(0)
        target = SYNONYMS.get(word.lower())
        if target is None or rng.random() > rate:
            return word
        return target.capitalize() if word[0].isupper() else target

    return re.sub(r"[A-Za-z]+", swap, text)


def _reorder(text: str, rng: random.Random) -> str:
    sents = sentences(text)
    out = []
    for s in sents:
        # Clause reordering: "A, B." -> "B, a." for some sentences with one comma.
        body = s.rstrip(".")
        if body.count(",") == 1 and rng.random() < 0.5:
            a, b = (p.strip() for p in body.split(","))
            if a and b:
                s = f"{b[0].upper()}{b[1:]}, {a[0].lower()}{a[1:]}."
        out.append(s)
    for i in range(0, len(out) - 1, 2):  # swap some neighbouring sentences
        if rng.random() < 0.4:
            out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out)


def _round_trip(text: str, rng: random.Random) -> str:
    text = _spin(text, rng, 0.8)
    text = _reorder(text, rng)
    text = re.sub(r"\b(\w+)\b", lambda m: "" if m.group(1).lower() in ADVERBS and rng.random() < 0.7 else m.group(1), text)
    text = re.sub(r"\b(the|a|an) (?=\w)", lambda m: "" if rng.random() < 0.3 else m.group(0), text)
    return re.sub(r"\s+", " ", re.sub(r"\s+([,.])", r"\1", text)).strip()


TRANSFORMS = {
    # name: (expected kind, function)
    "exact": ("exact", lambda t, rng: t.replace('"', "”").replace(" ", "  ")),
    "trimmed": ("syndicated", lambda t, rng: " ".join(sentences(t)[: max(1, int(len(sentences(t)) * rng.uniform(0.55, 0.8)))])),
    "added_paragraph": ("syndicated", lambda t, rng: t + "\n\n" + rng.choice(ADDED)),
    "synonyms": ("reworded", lambda t, rng: _spin(t, rng, 0.9)),
    # Reordering keeps most 5-word runs intact: still the wire text, so "syndicated".
    "reordered": ("syndicated", lambda t, rng: _reorder(t, rng)),
    "round_trip": ("reworded", _round_trip),
}


def _containment(a: set[str], b: set[str]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


def distinct_reports(records: list[dict], limit: float = 0.2) -> list[dict]:
    """ECB+ holds some real wire copies (one agency text under several outlets). They would
    be copies the gold does not know of, so the base keeps only articles sharing under
    `limit` of their 5-word shingles with every earlier kept one: distinct reports, the
    hard negatives."""
    kept: list[tuple[dict, set[str]]] = []
    for rec in records:
        sh = set(shingles(words(rec["text"]), 5))
        if all(_containment(sh, other) < limit for _, other in kept):
            kept.append((rec, sh))
    return [rec for rec, _ in kept]


def real_copy_pairs(records: list[dict], split: str, limit: float = 0.2) -> int:
    events: dict[str, list[set[str]]] = defaultdict(list)
    for rec in records:
        if rec["split"] == split:
            events[rec["event"]].append(set(shingles(words(rec["text"]), 5)))
    return sum(
        _containment(a, b) >= limit for sets in events.values() for a, b in itertools.combinations(sets, 2)
    )


def build_events(records: list[dict], split: str, seed: int = 7):
    """Per gold event: (articles, {article id: source id}, {copy id: transform name})."""
    rng = random.Random(seed)
    events: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        if rec["split"] == split:
            events[rec["event"]].append(rec)
    out = []
    names = sorted(TRANSFORMS)
    for event in sorted(events):
        articles, source_of, transform_of = [], {}, {}
        for k, rec in enumerate(distinct_reports(events[event])):
            text = rec["text"]
            original = Article(id=rec["id"], text=text, title=None, outlet=f"outlet-{k}", source=Source("ecbplus", k))
            articles.append(original)
            source_of[original.id] = original.id
            if k % 3:
                continue
            for c in range(rng.choice([1, 2])):
                name = names[(k + c + len(articles)) % len(names)]
                copy_text = TRANSFORMS[name][1](text, rng)
                cid = f"{rec['id']}~{name}{c}"
                articles.append(Article(id=cid, text=copy_text, outlet=f"copier-{c}", source=Source("generated", k)))
                source_of[cid] = original.id
                transform_of[cid] = name
        out.append((event, articles, source_of, transform_of))
    return out


def gold_pairs(source_of: dict[str, str]) -> set[tuple[str, str]]:
    by_source = defaultdict(list)
    for aid, src in source_of.items():
        by_source[src].append(aid)
    return {tuple(sorted(p)) for ids in by_source.values() for p in itertools.combinations(ids, 2)}


def group_pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}


def score(predicted: set, gold: set) -> tuple[float, float, float]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_newsprism(events, config: StoryConfig, encoder, features_cache: dict):
    from newsprism.stories.copies import find_copies
    from newsprism.stories.features import compute_features

    predicted, gold, found_by_transform, kind_ok = set(), set(), defaultdict(list), []
    for event, articles, source_of, transform_of in events:
        if event not in features_cache:
            features_cache[event] = compute_features(articles, encoder, config)
        groups = find_copies(articles, features_cache[event], encoder, config)
        pairs = group_pairs([list(g.members) for g in groups])
        predicted |= pairs
        gold_here = gold_pairs(source_of)
        gold |= gold_here
        group_of = {m: g for g in groups for m in g.members}
        for cid, name in transform_of.items():
            src = source_of[cid]
            hit = tuple(sorted((cid, src))) in pairs
            found_by_transform[name].append(hit)
            # A group's kind is its loosest link: judge it where the group is just this pair.
            if hit and len(group_of[cid].members) == 2:
                kind_ok.append(group_of[cid].kind == TRANSFORMS[name][0])
    return predicted, gold, found_by_transform, kind_ok


def run_datasketch(events, threshold: float, shingle: int, num_perm: int = 128):
    from datasketch import MinHash, MinHashLSH

    predicted, gold = set(), set()
    for _event, articles, source_of, _t in events:
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        hashes = {}
        for a in articles:
            m = MinHash(num_perm=num_perm, seed=1)
            for s in set(shingles(words(a.text), shingle)):
                m.update(s.encode("utf-8"))
            hashes[a.id] = m
            lsh.insert(a.id, m)
        parent = {a.id: a.id for a in articles}

        def root(x):
            while parent[x] != x:
                x = parent[x]
            return x

        for a in articles:
            for b in lsh.query(hashes[a.id]):
                ra, rb = root(a.id), root(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        comps = defaultdict(list)
        for a in articles:
            comps[root(a.id)].append(a.id)
        predicted |= group_pairs(list(comps.values()))
        gold |= gold_pairs(source_of)
    return predicted, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tune", action="store_true", help="grid-search the copy thresholds on train")
    args = parser.parse_args()
    from newsprism.embed import get_encoder

    records = [json.loads(line) for line in ECBPLUS.open(encoding="utf-8") if line.strip()]
    encoder = get_encoder("static")
    splits = {s: build_events(records, s) for s in ("train", "dev")}
    base = StoryConfig()
    caches: dict[str, dict] = {"train": {}, "dev": {}}
    if args.tune:
        results = []
        for cont, cos, cov in itertools.product((0.3, 0.4, 0.5, 0.6), (0.8, 0.85, 0.9), (0.5, 0.6, 0.7)):
            cfg = dataclasses.replace(base, syndicated_containment=cont, reword_sentence_cosine=cos, reword_coverage=cov)
            p, r, f = score(*run_newsprism(splits["train"], cfg, encoder, caches["train"])[:2])
            results.append((f, p, r, cont, cos, cov))
            print(f"train containment={cont} sentence_cos={cos} coverage={cov}: P={p:.3f} R={r:.3f} F1={f:.3f}", flush=True)
        best = max(results)
        print(f"best on train: containment={best[3]} sentence_cos={best[4]} coverage={best[5]} F1={best[0]:.3f}")
        return
    print(f"# copies: {' '.join(sys.argv)}")
    for split in ("train", "dev"):
        events = splits[split]
        n_articles = sum(len(e[1]) for e in events)
        n_copies = sum(len(e[3]) for e in events)
        start = time.perf_counter()
        predicted, gold, by_transform, kind_ok = run_newsprism(events, base, encoder, caches[split])
        seconds = time.perf_counter() - start
        p, r, f = score(predicted, gold)
        print(
            f"{split}: {len(events)} events, {n_articles} articles of which {n_copies} generated copies; "
            f"{len(gold)} gold copy pairs ({real_copy_pairs(records, split)} real ECB+ copy pairs left out of the base)"
        )
        print(f"  newsprism find_copies     P={p:.3f} R={r:.3f} F1={f:.3f}  ({seconds:.1f}s incl. features)")
        for name in sorted(by_transform):
            hits = by_transform[name]
            print(f"    recall {name:16s} {sum(hits)}/{len(hits)} = {sum(hits) / len(hits):.3f}")
        if kind_ok:
            print(f"    kind right (groups of one copy and its source): {sum(kind_ok)}/{len(kind_ok)} = {sum(kind_ok) / len(kind_ok):.3f}")
        for threshold, shingle in ((0.5, 5), (0.3, 3), (0.5, 1)):
            start = time.perf_counter()
            dp, dr, df = score(*run_datasketch(events, threshold, shingle))
            print(f"  datasketch MinHashLSH t={threshold} {shingle}-word shingles  P={dp:.3f} R={dr:.3f} F1={df:.3f}  ({time.perf_counter() - start:.1f}s)")


if __name__ == "__main__":
    main()
