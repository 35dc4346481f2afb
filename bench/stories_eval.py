"""Story quality on ECB+: B-cubed P/R/F1 against the gold `event`, newsprism's incremental
StoryIndex next to BERTopic and TF-IDF + average-linkage agglomerative clustering, in one run.

Each split is its own corpus (dev articles clustered among dev articles); then train+dev
together. newsprism assigns articles one by one in file order and in three seeded shuffles
(mean shown): it is order-dependent by design, being incremental. Baselines cluster the
whole split at once (newsprism re-clusters only each new article's neighbourhood).
Thresholds: newsprism's from StoryConfig (tuned on train with --tune); TF-IDF's distance threshold tuned on train here (the dev-tuned figure is printed
as an upper bound); BERTopic has no threshold (HDBSCAN min_cluster_size 3, UMAP seed 42).
MiniLM embeddings are computed once per article per run and reused across splits. The CPU
is shared (2 cores): note the load average printed with the times.

    .venv/bin/python bench/stories_eval.py            # the figures
    .venv/bin/python bench/stories_eval.py --tune     # grid search on train only
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "ecbplus" / "articles.jsonl"
sys.path.insert(0, str(REPO / "src"))

from newsprism.model import Article, Source  # noqa: E402
from newsprism.stories import StoryConfig  # noqa: E402
from newsprism.stories.cluster import StoryIndex  # noqa: E402
from newsprism.stories.features import compute_features  # noqa: E402
from newsprism.stories.metrics import BCubed, bcubed  # noqa: E402

ORDERS = (None, 1, 2, 3)  # file order, then seeded shuffles


def load(split: str | None) -> list[dict]:
    records = [json.loads(line) for line in ECBPLUS.open(encoding="utf-8") if line.strip()]
    return [r for r in records if split is None or r["split"] == split]


def to_articles(records: list[dict]) -> list[Article]:
    return [
        Article(id=r["id"], text=r["text"], title=r["title"], source=Source("ecbplus", i))
        for i, r in enumerate(records)
    ]


def order(n: int, seed: int | None) -> list[int]:
    return list(range(n)) if seed is None else np.random.RandomState(seed).permutation(n).tolist()


def run_newsprism(features, gold, config: StoryConfig) -> tuple[BCubed, list[BCubed], float]:
    runs = []
    start = time.perf_counter()
    for seed in ORDERS:
        idx = order(len(features), seed)
        labels = StoryIndex(config).assign([features[i] for i in idx])
        runs.append(bcubed(labels, [gold[i] for i in idx]))
    seconds = (time.perf_counter() - start) / len(ORDERS)
    mean = BCubed(*(float(np.mean([getattr(r, k) for r in runs])) for k in ("precision", "recall", "f1")))
    return mean, runs, seconds


def tfidf_agglomerative(texts: list[str], threshold: float) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold)
    return model.fit_predict(matrix).tolist()


def bertopic_labels(texts: list[str], embeddings: np.ndarray) -> list:
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from umap import UMAP

    model = BERTopic(
        umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42),
        hdbscan_model=HDBSCAN(min_cluster_size=3, metric="euclidean", cluster_selection_method="eom", prediction_data=True),
    )
    labels, _ = model.fit_transform(texts, embeddings=embeddings)
    # HDBSCAN's outliers (-1) are each a story of their own.
    return [label if label >= 0 else f"outlier-{i}" for i, label in enumerate(labels)]


TFIDF_GRID = np.round(np.arange(0.60, 0.99, 0.01), 2)


def fmt(b: BCubed) -> str:
    return f"P={b.precision:.3f} R={b.recall:.3f} F1={b.f1:.3f}"


def tune(encoder) -> None:
    """Grid search on train only (mean B-cubed F1 of the four orders) of the local
    re-clustering: the shared-nearest-neighbour k and the average-linkage threshold, and
    without the shared-neighbour term (k 0) the threshold, neighbourhood and min_df. (Term/
    name weights 0.3/0.7 and the join/merge thresholds of the fallback path, 0.12/0.12, were
    tuned before.)"""
    records = load("train")
    features = compute_features(to_articles(records), encoder)
    gold = [r["event"] for r in records]
    base = StoryConfig()
    results = []
    grid = [
        dict(repair_snn_k=k, repair_threshold=th)
        for k in (4, 5, 6)
        for th in (0.07, 0.08, 0.09, 0.1, 0.11)
    ] + [
        dict(repair_snn_k=0, repair_threshold=th, repair_neighbourhood=nb, repair_min_df=md)
        for md in (1, 2, 3)
        for th in ((0.13, 0.15, 0.17) if md == 1 else (0.17, 0.19, 0.21))
        for nb in ((0.05, 0.08, 0.12) if md == 2 else (0.08,))
    ]
    for values in grid:
        cfg = dataclasses.replace(base, **values)
        mean, _, _ = run_newsprism(features, gold, cfg)
        results.append((mean.f1, sorted(values.items())))
        print(f"train {values}: {fmt(mean)}", flush=True)
    best = max(results)
    print(f"best on train: {dict(best[1])} mean F1={best[0]:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tune", action="store_true", help="grid-search StoryConfig weights/threshold on train")
    parser.add_argument("--no-bertopic", action="store_true")
    args = parser.parse_args()
    from newsprism.embed import get_encoder

    static = get_encoder("static")
    if args.tune:
        tune(static)
        return
    minilm = None if args.no_bertopic else get_encoder("minilm")
    config = StoryConfig()
    print(f"# stories: {' '.join(sys.argv)}")
    print(f"# StoryConfig: term={config.term_weight} entity={config.entity_weight} dense={config.dense_weight} "
          f"join={config.join_threshold} merge={config.merge_threshold} repair: threshold={config.repair_threshold} snn_k={config.repair_snn_k} pool<={config.repair_max_pool} "
          f"neighbourhood={config.repair_neighbourhood} min_df={config.repair_min_df}")
    print(f"# load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)")
    minilm_cache: dict[str, np.ndarray] = {}
    train = load("train")
    train_texts = [f"{r['title']}\n\n{r['text']}" for r in train]
    train_gold = [r["event"] for r in train]
    tfidf_train = [(bcubed(tfidf_agglomerative(train_texts, t), train_gold).f1, t) for t in TFIDF_GRID]
    tfidf_threshold = float(max(tfidf_train)[1])
    for split in ("train", "dev", None):
        records = load(split)
        name = split or "train+dev"
        texts = [f"{r['title']}\n\n{r['text']}" for r in records]
        gold = [r["event"] for r in records]
        print(f"{name}: {len(records)} articles, {len(set(gold))} gold events, {len({r['topic'] for r in records})} topics")
        start = time.perf_counter()
        features = compute_features(to_articles(records), static, config)
        feature_seconds = time.perf_counter() - start
        mean, runs, assign_seconds = run_newsprism(features, gold, config)
        print(f"  newsprism incremental (mean of {len(ORDERS)} orders)  {fmt(mean)}   features {feature_seconds:.2f}s + assign {assign_seconds:.2f}s"
              f"   ({len(records) / (feature_seconds + assign_seconds):.0f} articles/s)", flush=True)
        print("    per order: " + "; ".join(f"{'file' if s is None else f'shuffle {s}'} F1={r.f1:.3f}" for s, r in zip(ORDERS, runs)))
        start = time.perf_counter()
        tf = bcubed(tfidf_agglomerative(texts, tfidf_threshold), gold)
        tf_seconds = time.perf_counter() - start
        oracle = max((bcubed(tfidf_agglomerative(texts, t), gold).f1, t) for t in TFIDF_GRID)
        print(f"  TF-IDF + average linkage (distance {tfidf_threshold} tuned on train)  {fmt(tf)}   {tf_seconds:.2f}s"
              f"   [tuned on this split itself: F1={oracle[0]:.3f} at {oracle[1]}]")
        if minilm is not None:
            start = time.perf_counter()
            missing = [i for i, r in enumerate(records) if r["id"] not in minilm_cache]
            for i, vector in zip(missing, minilm.encode([texts[i] for i in missing])):
                minilm_cache[records[i]["id"]] = vector
            embeddings = np.stack([minilm_cache[r["id"]] for r in records])
            embed_seconds = time.perf_counter() - start
            start = time.perf_counter()
            bt = bcubed(bertopic_labels(texts, embeddings), gold)
            print(f"  BERTopic (MiniLM, HDBSCAN min_cluster_size 3)  {fmt(bt)}   MiniLM {embed_seconds:.1f}s "
                  f"({len(missing)} new texts) + clustering {time.perf_counter() - start:.1f}s", flush=True)


if __name__ == "__main__":
    main()
