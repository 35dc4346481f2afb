"""Alignment quality: pairwise precision and recall of claim groups against hand-made gold.

Gold files are `bench/data/alignment_gold/*.json`. Each lists the articles of one story and
groups of *mentions* — (article, short phrase occurring once in it) — that state the same
fact; single-mention groups are facts only one article reports, and `ignore` lists ambiguous
statements left out of scoring. Every statement of the listed articles is annotated, so a
predicted link between two annotated statements that the gold does not have is a false
positive.

Scoring: a mention belongs to the claim whose span contains the start of its phrase. For
every pair of mentions from different articles, gold says "same fact" or not; the prediction
says "same fact" when both claims are in one group. Precision and recall are over those pairs
(micro-averaged over the files of a split).

  python bench/alignment_eval.py                   # report every split (seed, train, dev)
  python bench/alignment_eval.py --split dev       # one split
  python bench/alignment_eval.py --encoder static  # the model2vec encoder instead of MiniLM
  python bench/alignment_eval.py --fit             # fit pair weights + threshold on seed+train

ECB+ articles are read in place from ../shared/data/ecbplus (title and body joined by a blank
line, as the article's text); the seeds from ../shared/seeds through `ingest_paths`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsprism.analyze import analyze_articles  # noqa: E402
from newsprism.compare.features import FEATURE_NAMES, pair_features  # noqa: E402
from newsprism.compare.pipeline import align, parse_missing  # noqa: E402
from newsprism.compare.settings import CompareConfig  # noqa: E402
from newsprism.config import Config  # noqa: E402
from newsprism.embed import get_encoder  # noqa: E402
from newsprism.ingest import ingest_paths  # noqa: E402
from newsprism.model import Article, Source, article_id  # noqa: E402

SHARED = REPO.parent / "shared"
GOLD_DIR = REPO / "bench" / "data" / "alignment_gold"
ECBPLUS = SHARED / "data" / "ecbplus" / "articles.jsonl"


@dataclass(frozen=True)
class Gold:
    name: str
    split: str
    article_keys: tuple[str, ...]
    groups: tuple[tuple[tuple[str, str], ...], ...]
    ignore: tuple[tuple[str, str], ...]


def load_gold(path: Path) -> Gold:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Gold(
        name=raw["name"],
        split=raw["split"],
        article_keys=tuple(raw["articles"]),
        groups=tuple(tuple((a, p) for a, p in g["mentions"]) for g in raw["groups"]),
        ignore=tuple((a, p) for a, p in raw.get("ignore", [])),
    )


def ecbplus_article(record: dict, line: int) -> Article:
    text = f"{record['title']}\n\n{record['text']}"
    return Article(
        id=article_id(text),
        text=text,
        source=Source(str(ECBPLUS), line),
        outlet=f"ECB+ {record['id']}",
        title=record["title"],
        language="en",
        external_id=record["id"],
    )


def load_articles(gold: Gold) -> dict[str, Article]:
    """Article key (ECB+ id or seed file name) -> Article."""
    if all(key.endswith(".txt") for key in gold.article_keys):
        result = ingest_paths([str(SHARED / "seeds" / key) for key in gold.article_keys], Config())
        by_name = {Path(a.source.path).name: a for a in result.articles}
        return {key: by_name[key] for key in gold.article_keys}
    wanted = set(gold.article_keys)
    out = {}
    with ECBPLUS.open(encoding="utf-8") as fh:
        for line, raw in enumerate(fh, start=1):
            record = json.loads(raw)
            if record["id"] in wanted:
                out[record["id"]] = ecbplus_article(record, line)
    return {key: out[key] for key in gold.article_keys}


def locate(text: str, phrase: str, where: str) -> int:
    start = text.find(phrase)
    if start < 0 or text.find(phrase, start + 1) >= 0:
        raise SystemExit(f"gold phrase {phrase!r} must occur exactly once in {where}")
    return start


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def scores(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Story:
    gold: Gold
    analyzed: tuple
    docs: dict
    mentions: list[tuple[int, int, int | None]]  # (gold group, article index, claim index)


def prepare(gold: Gold) -> Story:
    articles = load_articles(gold)
    analyzed = tuple(analyze_articles(list(articles.values())))
    docs = parse_missing(analyzed, {}, Config())
    return Story(gold, analyzed, docs, [])


def map_mentions(story: Story, alignment) -> list[tuple[int, int, int | None]]:
    keys = list(story.gold.article_keys)
    claims_by_article: dict[int, list[tuple[int, object]]] = {}
    for index, fact in enumerate(alignment.facts):
        claims_by_article.setdefault(fact.article_index, []).append((index, fact.claim.span))
    out = []
    for group_number, group in enumerate(story.gold.groups):
        for key, phrase in group:
            article_index = keys.index(key)
            text = story.analyzed[article_index].article.text
            start = locate(text, phrase, key)
            claim = next(
                (i for i, span in claims_by_article.get(article_index, []) if span.start <= start < span.end), None
            )
            out.append((group_number, article_index, claim))
    for key, phrase in story.gold.ignore:
        locate(story.analyzed[keys.index(key)].article.text, phrase, key)
    return out


def score(mentions, group_of_claim: dict[int, int]) -> Counts:
    counts = Counts()
    for x, (gold_a, article_a, claim_a) in enumerate(mentions):
        for gold_b, article_b, claim_b in mentions[x + 1 :]:
            if article_a == article_b:
                continue
            same_gold = gold_a == gold_b
            same_pred = (
                claim_a is not None and claim_b is not None and group_of_claim[claim_a] == group_of_claim[claim_b]
            )
            if same_gold and same_pred:
                counts.tp += 1
            elif same_pred:
                counts.fp += 1
            elif same_gold:
                counts.fn += 1
    return counts


def macro_f1(per_story: list[Counts]) -> float:
    return sum(c.scores()[2] for c in per_story) / len(per_story) if per_story else 0.0


def evaluate(
    stories: list[Story], encoder, settings: CompareConfig, verbose: bool, per_story: list | None = None
) -> dict[str, Counts]:
    per_split: dict[str, Counts] = {}
    for story in stories:
        alignment = align(story.analyzed, story.docs, encoder, settings)
        mentions = map_mentions(story, alignment)
        group_of_claim = {i: g for g, members in enumerate(alignment.groups) for i in members}
        counts = score(mentions, group_of_claim)
        per_split.setdefault(story.gold.split, Counts()).add(counts)
        if per_story is not None:
            per_story.append((story.gold.split, counts))
        if verbose:
            p, r, f = counts.scores()
            unmapped = sum(1 for m in mentions if m[2] is None)
            print(f"  {story.gold.name[:70]:70s} P={p:.3f} R={r:.3f} F1={f:.3f} "
                  f"(tp={counts.tp} fp={counts.fp} fn={counts.fn}, claims={len(alignment.facts)}, "
                  f"mentions without claim={unmapped})")
    return per_split


def fit(stories: list[Story], encoder, settings: CompareConfig, without: tuple[str, ...] = ()) -> CompareConfig:
    """Logistic regression over claim-pair features of the seed + train gold, then the merge
    threshold that maximises pairwise F1 over the same stories."""
    from sklearn.linear_model import LogisticRegression

    rows, labels, weights = [], [], []
    for story in stories:
        alignment = align(story.analyzed, story.docs, encoder, settings)
        mentions = map_mentions(story, alignment)
        features = pair_features(
            alignment.facts,
            alignment.embeddings,
            settings.margin_k,
            alignment.full_embeddings if settings.two_views else None,
        )
        label: dict[tuple[int, int], bool] = {}
        for x, (gold_a, article_a, claim_a) in enumerate(mentions):
            for gold_b, article_b, claim_b in mentions[x + 1 :]:
                if article_a == article_b or claim_a is None or claim_b is None:
                    continue
                pair = (min(claim_a, claim_b), max(claim_a, claim_b))
                label[pair] = label.get(pair, False) or gold_a == gold_b
        for (i, j), positive in sorted(label.items()):
            rows.append([features.matrices[name][i, j] for name in FEATURE_NAMES])
            labels.append(int(positive))
            # Every story weighs the same, however many pairs its big groups make.
            weights.append(1.0 / len(label))
    x, y = np.array(rows), np.array(labels)
    kept = [n for n, name in enumerate(FEATURE_NAMES) if name not in without]
    sample_weight = np.array(weights) * len(y) / float(np.sum(weights))  # mean weight 1
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x[:, kept], y, sample_weight=sample_weight)
    coefficients = dict(zip(kept, model.coef_[0]))
    weights = (round(float(model.intercept_[0]), 3),) + tuple(
        round(float(coefficients.get(n, 0.0)), 3) for n in range(len(FEATURE_NAMES))
    )
    print(f"fit on {len(y)} claim pairs ({int(y.sum())} same-fact): weights (bias, {', '.join(FEATURE_NAMES)}) =")
    print(f"  {weights}")
    # The threshold maximises F1 averaged over stories, so one story with a huge group (many
    # pairs) does not decide it alone.
    best = None
    for threshold in np.arange(0.10, 0.70, 0.05):
        trial = dataclasses.replace(settings, pair_weights=weights, link_threshold=round(float(threshold), 2))
        stories_counts: list = []
        totals = Counts()
        for counts in evaluate(stories, encoder, trial, verbose=False, per_story=stories_counts).values():
            totals.add(counts)
        p, r, f = totals.scores()
        macro = macro_f1([c for _, c in stories_counts])
        print(f"  threshold {threshold:.2f}: micro P={p:.3f} R={r:.3f} F1={f:.3f}  macro F1={macro:.3f}")
        if best is None or macro > best[0]:
            best = (macro, trial)
    print(f"best threshold {best[1].link_threshold} (macro F1={best[0]:.3f})")
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["seed", "train", "dev", "all"], default="all")
    parser.add_argument("--encoder", choices=["minilm", "static"], default=None)
    parser.add_argument("--fit", action="store_true", help="fit weights and threshold on seed + train")
    parser.add_argument("--without", action="append", default=[], choices=FEATURE_NAMES,
                        help="leave a pair feature out of the fit (ablation)")
    args = parser.parse_args()
    settings = CompareConfig()
    if args.encoder:
        settings = dataclasses.replace(settings, encoder=args.encoder)
    encoder = get_encoder(settings.encoder)
    golds = [load_gold(p) for p in sorted(GOLD_DIR.glob("*.json"))]
    if args.fit:
        tuning = [prepare(g) for g in golds if g.split in ("seed", "train")]
        settings = fit(tuning, encoder, settings, tuple(args.without))
    splits = ("seed", "train", "dev") if args.split == "all" else (args.split,)
    stories = [prepare(g) for g in golds if g.split in splits]
    print(f"encoder={settings.encoder} weights={settings.pair_weights} threshold={settings.link_threshold}")
    stories_counts: list = []
    results = evaluate(stories, encoder, settings, verbose=True, per_story=stories_counts)
    for split in splits:
        if split in results:
            p, r, f = results[split].scores()
            c = results[split]
            macro = macro_f1([counts for s, counts in stories_counts if s == split])
            print(f"{split:5s}  pairwise P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={c.tp} fp={c.fp} fn={c.fn})"
                  f"  macro F1 over stories={macro:.3f}")


if __name__ == "__main__":
    main()
