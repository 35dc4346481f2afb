"""Alignment quality: pairwise precision and recall of claim groups against hand-made gold.

Gold files are `bench/data/alignment_gold/*.json`. Each lists the articles of one story and
groups of *mentions* — (article, short phrase occurring once in it) — that state the same
fact; single-mention groups are facts only one article reports, and `ignore` lists ambiguous
statements left out of scoring. Every statement of the listed articles is annotated, so a
predicted link between two annotated statements that the gold does not have is a false
positive.

Scoring: a mention belongs to the claim whose span contains the start of its phrase. Three
levels, micro-averaged over the files of a split; the first two are pairwise over different
articles:
  claims   — the unit newsprism outputs: two claims state the same fact when they carry
             mentions of one gold fact; the prediction says so when both are in one group.
  mentions — every pair of mentions; a sentence stating three facts that is grouped with a
             sentence stating one of them counts two false links, which no sentence-level
             grouping can avoid (a claim is in one group), so this level mostly measures how
             finely claims are cut;
  outlets  — what `outlets` / `omitted_by` tell a reader: for each gold fact carried by two or
             more articles, which articles the group holding most of its claims lists
             (see `score_outlets`).

  python bench/alignment_eval.py                   # report every split (seed, train, dev)
  python bench/alignment_eval.py --split dev       # one split
  python bench/alignment_eval.py --encoder static  # the model2vec encoder instead of MiniLM
  python bench/alignment_eval.py --fit             # fit pair weights + threshold on seed+train
  python bench/alignment_eval.py --baseline        # the plain MiniLM-cosine alternative, same
                                                   # claims and clustering, threshold fit on seed+train
  python bench/alignment_eval.py --loso            # each seed/train story scored by weights fit
                                                   # on the others (compare features: --without)
  python bench/alignment_eval.py --loso --loso-stories all   # ... over every gold story, dev too
  python bench/alignment_eval.py --all-outlets     # each ECB+ story aligned with all the other
                                                   # articles of its event (up to 22), scored on
                                                   # the annotated ones: do more outlets hurt?

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
from newsprism.compare.align import cluster_claims  # noqa: E402
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


def load_articles(gold: Gold, all_outlets: bool = False) -> dict[str, Article]:
    """Article key (ECB+ id or seed file name) -> Article, the gold's articles first. With
    `all_outlets`, every other ECB+ article of the same gold event follows them (unannotated:
    they take part in the grouping but are not scored)."""
    if all(key.endswith(".txt") for key in gold.article_keys):
        result = ingest_paths([str(SHARED / "seeds" / key) for key in gold.article_keys], Config())
        by_name = {Path(a.source.path).name: a for a in result.articles}
        return {key: by_name[key] for key in gold.article_keys}
    records = {}
    with ECBPLUS.open(encoding="utf-8") as fh:
        for line, raw in enumerate(fh, start=1):
            record = json.loads(raw)
            records[record["id"]] = (record, line)
    out = {key: ecbplus_article(*records[key]) for key in gold.article_keys}
    if all_outlets:
        events = {records[key][0]["event"] for key in gold.article_keys}
        for key, (record, line) in records.items():
            if record["event"] in events and key not in out:
                out[key] = ecbplus_article(record, line)
    return out


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

    def tally(self, same_gold: bool, same_pred: bool) -> None:
        self.tp += same_gold and same_pred
        self.fp += same_pred and not same_gold
        self.fn += same_gold and not same_pred

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


def prepare(gold: Gold, all_outlets: bool = False) -> Story:
    articles = load_articles(gold, all_outlets)
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
            counts.tally(
                gold_a == gold_b,
                claim_a is not None and claim_b is not None and group_of_claim[claim_a] == group_of_claim[claim_b],
            )
    return counts


def score_claims(mentions, group_of_claim: dict[int, int]) -> Counts:
    """The same pairs at the level newsprism outputs, claims: two claims of different articles
    state the same fact when they carry mentions of one gold fact. A sentence stating three
    facts is then judged right when grouped with any sentence stating one of them (the mention
    scoring above counts the other two facts as false links: a sentence-level claim cannot
    be in three groups)."""
    facts_of: dict[int, set[int]] = {}
    article_of: dict[int, int] = {}
    for gold_group, article, claim in mentions:
        if claim is not None:
            facts_of.setdefault(claim, set()).add(gold_group)
            article_of[claim] = article
    claims = sorted(facts_of)
    counts = Counts()
    for x, a in enumerate(claims):
        for b in claims[x + 1 :]:
            if article_of[a] == article_of[b]:
                continue
            counts.tally(bool(facts_of[a] & facts_of[b]), group_of_claim[a] == group_of_claim[b])
    return counts


def score_outlets(mentions, groups, article_of_claim) -> Counts:
    """What `outlets` / `omitted_by` tell a reader, for every gold fact that two or more
    annotated articles carry: the group holding most of the fact's claims (ties: the smaller
    group) is the fact's group, and each annotated article with a claim in it is listed as
    carrying the fact. Cells (fact, article): a true positive is an article listed that
    does carry the fact; a false positive one listed that does not; a false negative one that
    carries it but is left out, i.e. wrongly shown among `omitted_by`."""
    annotated = {article for _, article, _ in mentions}
    carriers: dict[int, set[int]] = {}
    claims_of: dict[int, set[int]] = {}
    for fact, article, claim in mentions:
        carriers.setdefault(fact, set()).add(article)
        if claim is not None:
            claims_of.setdefault(fact, set()).add(claim)
    counts = Counts()
    for fact, gold_articles in carriers.items():
        if len(gold_articles) < 2:
            continue
        claims = claims_of.get(fact, set())
        listed: set[int] = set()
        if claims:
            group = max(groups, key=lambda members: (len(claims & set(members)), -len(members)))
            listed = {article_of_claim[i] for i in group} & annotated
        counts.tp += len(listed & gold_articles)
        counts.fp += len(listed - gold_articles)
        counts.fn += len(gold_articles - listed)
    return counts


def macro_f1(per_story: list[Counts]) -> float:
    return sum(c.scores()[2] for c in per_story) / len(per_story) if per_story else 0.0


LEVELS = ("claims", "mentions", "outlets")
# Thresholds whose macro F1 is this close to the best count as tied (see `fit`).
TIE = 0.01


def cosine_groups(alignment, threshold: float) -> list[list[int]]:
    """The obvious alternative to the pair model: the same claims and the same average-linkage
    clustering (cross-article pairs only), on the plain MiniLM cosine of the claims as written."""
    cosine = np.clip(alignment.full_embeddings @ alignment.full_embeddings.T, 0.0, 1.0)
    articles = np.array([f.article_index for f in alignment.facts])
    cosine[articles[:, None] == articles[None, :]] = 0.0
    return cluster_claims(alignment.facts, cosine, threshold, threshold)


def _evaluate_one(
    story: Story, encoder, settings: CompareConfig, verbose: bool = False, baseline: float | None = None
) -> list:
    """[(split, level, Counts)] for one story; with `baseline`, grouped by `cosine_groups` at
    that threshold instead of newsprism's pair model."""
    alignment = align(story.analyzed, story.docs, encoder, settings)
    groups = alignment.groups if baseline is None else cosine_groups(alignment, baseline)
    mentions = map_mentions(story, alignment)
    group_of_claim = {i: g for g, members in enumerate(groups) for i in members}
    by_level = {
        "claims": score_claims(mentions, group_of_claim),
        "mentions": score(mentions, group_of_claim),
        "outlets": score_outlets(mentions, groups, [f.article_index for f in alignment.facts]),
    }
    if verbose:
        unmapped = sum(1 for m in mentions if m[2] is None)
        shown = "  ".join(
            f"{level}: P={c.scores()[0]:.3f} R={c.scores()[1]:.3f} F1={c.scores()[2]:.3f}" for level, c in by_level.items()
        )
        print(f"  {story.gold.name[:60]:60s} {shown} (claims={len(alignment.facts)}, "
              f"mentions without claim={unmapped})")
    return [(story.gold.split, level, counts) for level, counts in by_level.items()]


def evaluate(
    stories: list[Story],
    encoder,
    settings: CompareConfig,
    verbose: bool,
    per_story: list | None = None,
    baseline: float | None = None,
) -> dict[tuple[str, str], Counts]:
    """Counts per (split, level); `per_story` collects (split, level, Counts) per story."""
    per_split: dict[tuple[str, str], Counts] = {}
    for story in stories:
        for split, level, counts in _evaluate_one(story, encoder, settings, verbose, baseline):
            per_split.setdefault((split, level), Counts()).add(counts)
            if per_story is not None:
                per_story.append((split, level, counts))
    return per_split


def training_pairs(story: Story, encoder, settings: CompareConfig) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of one story's claim pairs (a pair is positive when the two
    claims carry mentions of one gold fact)."""
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
    pairs = sorted(label)
    rows = np.array([[features.matrices[name][i, j] for name in FEATURE_NAMES] for i, j in pairs]).reshape(
        len(pairs), len(FEATURE_NAMES)
    )
    return rows, np.array([int(label[p]) for p in pairs])


def fit_weights(parts: list[tuple[np.ndarray, np.ndarray]], without: tuple[str, ...] = ()) -> tuple[float, ...]:
    """Logistic regression over the stories' claim pairs, every story weighted equally however
    many pairs its big groups make; (bias, one weight per FEATURE_NAMES), 0 for left-out ones."""
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([rows for rows, _ in parts])
    y = np.concatenate([labels for _, labels in parts])
    weights = np.concatenate([np.full(len(labels), 1.0 / max(len(labels), 1)) for _, labels in parts])
    sample_weight = weights * len(y) / float(np.sum(weights))  # mean weight 1
    kept = [n for n, name in enumerate(FEATURE_NAMES) if name not in without]
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x[:, kept], y, sample_weight=sample_weight)
    coefficients = dict(zip(kept, model.coef_[0]))
    return (round(float(model.intercept_[0]), 3),) + tuple(
        round(float(coefficients.get(n, 0.0)), 3) for n in range(len(FEATURE_NAMES))
    )


def leave_one_story_out(
    stories: list[Story], encoder, settings: CompareConfig, without: tuple[str, ...], thresholds: tuple[float, ...] = ()
) -> None:
    """Each story scored with weights fit on all the others (other settings as configured; at
    the configured threshold, or at each of `thresholds`): a steadier way to compare features
    than one small held-out split."""
    parts = [training_pairs(story, encoder, settings) for story in stories]
    thresholds = thresholds or (settings.link_threshold,)
    totals = {t: Counts() for t in thresholds}
    per_story: dict[float, list[Counts]] = {t: [] for t in thresholds}
    for k, story in enumerate(stories):
        weights = fit_weights([part for m, part in enumerate(parts) if m != k], without)
        shown = []
        for threshold in thresholds:
            trial = dataclasses.replace(settings, pair_weights=weights, link_threshold=threshold)
            counts = [c for _, level, c in _evaluate_one(story, encoder, trial) if level == "claims"][0]
            totals[threshold].add(counts)
            per_story[threshold].append(counts)
            shown.append(f"{threshold:.2f}: {counts.scores()[2]:.3f}")
        print(f"  {story.gold.name[:60]:60s} claims F1 at {'  '.join(shown)}")
    for threshold in thresholds:
        p, r, f = totals[threshold].scores()
        print(f"leave-one-story-out over {len(stories)} stories (without: {', '.join(without) or 'none'}), "
              f"threshold {threshold:.2f}: claims micro P={p:.3f} R={r:.3f} F1={f:.3f}  "
              f"macro F1={macro_f1(per_story[threshold]):.3f}")


def fit(stories: list[Story], encoder, settings: CompareConfig, without: tuple[str, ...] = ()) -> CompareConfig:
    """Logistic regression over claim-pair features of the seed + train gold, then the merge
    threshold: the highest whose claim-level F1 averaged over the same stories is within TIE
    of the best."""
    parts = [training_pairs(story, encoder, settings) for story in stories]
    weights = fit_weights(parts, without)
    n_pairs, n_same = sum(len(y) for _, y in parts), sum(int(y.sum()) for _, y in parts)
    print(f"fit on {n_pairs} claim pairs ({n_same} same-fact): weights (bias, {', '.join(FEATURE_NAMES)}) =")
    print(f"  {weights}")
    # The threshold is judged by F1 averaged over stories, so one story with a huge group (many
    # pairs) does not decide it alone.
    sweep: list[tuple[float, CompareConfig]] = []
    for threshold in np.arange(0.10, 0.70, 0.05):
        trial = dataclasses.replace(settings, pair_weights=weights, link_threshold=round(float(threshold), 2))
        stories_counts: list = []
        totals = Counts()
        for (_, level), counts in evaluate(stories, encoder, trial, verbose=False, per_story=stories_counts).items():
            if level == "claims":
                totals.add(counts)
        p, r, f = totals.scores()
        macro = macro_f1([c for _, level, c in stories_counts if level == "claims"])
        print(f"  threshold {threshold:.2f}: claims micro P={p:.3f} R={r:.3f} F1={f:.3f}  macro F1={macro:.3f}")
        sweep.append((macro, trial))
    # The curve is flat near its top and falls off steeply below it (at stop 11, dev claims F1
    # 0.594 at 0.20 against 0.530 at 0.15, where the macro optimum of the tuning stories lay);
    # among thresholds within TIE of the best, the highest is kept: it gives the most precise
    # groups, and a wrong "same fact" misleads a reader more than a missed one, which still
    # shows the claim as that outlet's own.
    top = max(macro for macro, _ in sweep)
    macro, chosen = max(((m, t) for m, t in sweep if m >= top - TIE), key=lambda pair: pair[1].link_threshold)
    print(f"chosen threshold {chosen.link_threshold} (macro F1={macro:.3f}; best {top:.3f})")
    return chosen


def fit_baseline(stories: list[Story], encoder, settings: CompareConfig) -> float:
    """The cosine threshold of `cosine_groups` with the best macro claims F1 over the tuning
    stories (the same rule as `fit`: the highest within TIE of the best)."""
    sweep = []
    for threshold in np.arange(0.20, 0.91, 0.05):
        per_story: list = []
        evaluate(stories, encoder, settings, verbose=False, per_story=per_story, baseline=float(threshold))
        macro = macro_f1([c for _, level, c in per_story if level == "claims"])
        print(f"  cosine threshold {threshold:.2f}: macro claims F1 {macro:.3f}")
        sweep.append((macro, round(float(threshold), 2)))
    top = max(m for m, _ in sweep)
    chosen = max(t for m, t in sweep if m >= top - TIE)
    print(f"chosen cosine threshold {chosen} (best macro F1 {top:.3f})")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["seed", "train", "dev", "all"], default="all")
    parser.add_argument("--encoder", choices=["minilm", "static"], default=None)
    parser.add_argument("--fit", action="store_true", help="fit weights and threshold on seed + train")
    parser.add_argument("--loso", action="store_true",
                        help="leave-one-story-out over the seed + train stories (weights refit per story)")
    parser.add_argument("--threshold", type=float, default=None,
                        help="merge threshold instead of the configured one (not with --fit)")
    parser.add_argument("--baseline", action="store_true",
                        help="score the plain-cosine alternative (cosine_groups), its threshold fit on seed + train")
    parser.add_argument("--loso-stories", choices=["tuning", "all"], default="tuning",
                        help="with --loso: the seed + train stories (default) or every gold story")
    parser.add_argument("--loso-thresholds", type=float, nargs="+", default=[],
                        help="with --loso: score at each of these thresholds (default: the configured one)")
    parser.add_argument("--all-outlets", action="store_true",
                        help="align each ECB+ gold story together with every other ECB+ article of its event "
                             "(scored on the annotated articles only)")
    parser.add_argument("--gold-dir", type=Path, default=GOLD_DIR, help="folder of gold files (default: %(default)s)")
    parser.add_argument("--without", action="append", default=[], choices=FEATURE_NAMES,
                        help="leave a pair feature out of the fit (ablation)")
    args = parser.parse_args()
    settings = CompareConfig()
    if args.encoder:
        settings = dataclasses.replace(settings, encoder=args.encoder)
    if args.threshold is not None:
        settings = dataclasses.replace(settings, link_threshold=args.threshold)
    encoder = get_encoder(settings.encoder)
    golds = [load_gold(p) for p in sorted(args.gold_dir.glob("*.json"))]
    if args.loso:
        chosen = ("seed", "train") if args.loso_stories == "tuning" else ("seed", "train", "dev")
        leave_one_story_out([prepare(g, args.all_outlets) for g in golds if g.split in chosen], encoder, settings,
                            tuple(args.without), tuple(args.loso_thresholds))
        return
    if args.fit:
        tuning = [prepare(g, args.all_outlets) for g in golds if g.split in ("seed", "train")]
        settings = fit(tuning, encoder, settings, tuple(args.without))
    splits = ("seed", "train", "dev") if args.split == "all" else (args.split,)
    stories = [prepare(g, args.all_outlets) for g in golds if g.split in splits]
    baseline = None
    if args.baseline:
        tuning = [s for s in stories if s.gold.split in ("seed", "train")] or [
            prepare(g, args.all_outlets) for g in golds if g.split in ("seed", "train")
        ]
        baseline = fit_baseline(tuning, encoder, settings)
        print(f"baseline: MiniLM cosine of the claims as written, average linkage at {baseline}")
    else:
        print(f"encoder={settings.encoder} weights={settings.pair_weights} threshold={settings.link_threshold}")
    stories_counts: list = []
    results = evaluate(stories, encoder, settings, verbose=True, per_story=stories_counts, baseline=baseline)
    for split in splits:
        for level in LEVELS:
            if (split, level) in results:
                c = results[split, level]
                p, r, f = c.scores()
                macro = macro_f1([counts for s, lv, counts in stories_counts if s == split and lv == level])
                kind = "cells" if level == "outlets" else "pairwise"
                print(f"{split:5s} {level:8s} {kind:8s} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={c.tp} fp={c.fp} fn={c.fn})"
                      f"  macro F1 over stories={macro:.3f}")


if __name__ == "__main__":
    main()
