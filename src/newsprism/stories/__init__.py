"""Stories and copies over a corpus: cheap per-article features (`features`), incremental
story assignment (`cluster.StoryIndex`) and copy groups within a story (`copies`).

All thresholds live in `StoryConfig`. Those tuned on data were tuned on the ECB+ `train`
split (bench/stories_eval.py, bench/copies_eval.py); figures are reported on `dev`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoryConfig:
    # ---- features (cheap tier) ----
    # Hashed vocabulary of 2^20 buckets: collisions are rare at news vocabulary sizes and the
    # document-frequency tables stay at 4 MB each.
    hash_bits: int = 20
    # "cheap": regex names and numbers for every article (consistent across the corpus).
    # "auto": spaCy entities when the article was analysed, regex names otherwise.
    entity_source: str = "cheap"
    # Copy shingles are 5-word runs: long enough that two different reports of one event
    # rarely share many, short enough that a trimmed or lightly edited copy keeps most.
    shingle_words: int = 5
    minhash_perms: int = 64

    # ---- story assignment: score = weighted mean cosine to the story's members ----
    # Weights and thresholds: grid search on ECB+ train only (file order and three shuffles,
    # mean B-cubed F1; bench/stories_eval.py --tune, 3 weightings x 4 join x 3 merge
    # settings). Best: term 0.3 / entity 0.7 at join 0.12 with merge 0.12, train F1 0.875
    # (no merge: 0.869; the former 0.5/0.5 at 0.12: 0.863 without merge, 0.869 with).
    # A dense weight was tuned to 0 before (the static embedding recalls, it does not decide).
    term_weight: float = 0.3
    entity_weight: float = 0.7
    dense_weight: float = 0.0
    join_threshold: float = 0.12
    # Local repair: merge two stories an article bridges (it scores at least this for both)
    # when their average link (mean pairwise member similarity) reaches it too; None = off.
    merge_threshold: float | None = 0.12
    # Background documents assumed in the running IDF (see cluster.StoryIndex._idf), so a
    # store of a handful of articles still weighs shared words. On ECB+ train (mean of four
    # orders, join/merge threshold 0.12) F1 is 0.875 with 0 and 0.874 with 50 or 200; with 0,
    # two reports of one call (the seeds) in a fresh store fell into two stories.
    idf_prior_docs: float = 50.0
    # ---- local re-clustering (the repair that makes assignment batch-quality) ----
    # Each article's neighbourhood — the candidate stories it scores at least
    # `repair_neighbourhood` for (the score above), plus itself — is re-clustered by average
    # linkage at `repair_threshold` over its members' vectors recomputed with the current IDF,
    # keeping only terms/names seen in `repair_min_df` articles or more (a word or name no
    # other article carries cannot match and only dilutes the cosine). Stories may so split as
    # well as merge. The neighbourhood holds at most `repair_max_pool` articles (else, and for
    # stories past `repair_max_members` or loaded from a version-1/2 state, which keep no
    # member vectors, the join + merge path above decides; 0 turns re-clustering off).
    # Grid on ECB+ train only, mean B-cubed F1 of 4 orders (bench/stories_eval.py --tune):
    # threshold 0.17/0.18/0.19/0.20/0.21/0.23 -> 0.923/0.929/0.939/0.921/0.902/0.868 at
    # neighbourhood 0.08, min_df 2; neighbourhood 0.05/0.12 -> 0.937/0.935 at 0.19; min_df 1
    # best 0.909 (0.13), min_df 3 best 0.934 (0.21); term/name 0.2/0.8 best 0.941 (kept 0.3/0.7: noise).
    # Since then the linkage runs on a shared-nearest-neighbour similarity (after Jarvis &
    # Patrick 1973; cluster.StoryIndex._shared_neighbour_similarity): sqrt(pair similarity x
    # cosine of the pair's rows, each kept to its `repair_snn_k` nearest in the neighbourhood;
    # 0 = off). Train grid with bench/stories_eval.py's protocol (mean of 4 orders): k 4/5/6
    # best 0.954/0.960/0.952; at k 5, threshold 0.07/0.08/0.09/0.10/0.11 ->
    # 0.949/0.958/0.960/0.956/0.948 (without the term: 0.939 at 0.19).
    repair_snn_k: int = 5
    repair_threshold: float = 0.09
    repair_neighbourhood: float = 0.08
    repair_min_df: int = 2
    repair_max_pool: int = 128
    repair_max_members: int = 64
    # Stories whose newest article is more than this many days older than the newest article
    # seen keep no member vectors (join + merge only from then on): twice the time window, so
    # a story still reachable by a dated article is never frozen by the horizon. None = keep
    # them all. Not tuned (ECB+ has no dates); it bounds memory on long archives.
    repair_horizon_days: float | None = 14.0
    # Story vectors keep their heaviest terms/names only, so memory per story is bounded.
    max_story_terms: int = 256
    max_story_entities: int = 64
    # ---- time (ECB+ has no dates; chosen from how news stories run, not tuned) ----
    # Within `time_grace_days` of the story's span an article scores in full; beyond it the
    # score decays by exp(-(gap - grace) / decay): a day past the grace leaves a quarter of
    # it, two days 7 %, so a near-identical report three days later (a second phone call
    # between the same two leaders) starts a new story while a strong follow-up two days on
    # still joins. Past `time_window_days` a story is not a candidate.
    time_grace_days: float = 1.0
    time_decay_days: float = 0.75
    time_window_days: float = 7.0
    # ---- candidate generation (blocking) ----
    # Stories nearest by static-embedding mean cosine, plus those sharing a rare name.
    dense_candidates: int = 24
    entity_block_keys: int = 6
    posting_cap: int = 64
    # Undated articles (and very wide time windows) look only at the most recently updated
    # stories, so a million-article corpus stays linear.
    active_pool_cap: int = 200_000
    # Articles are scored against the stories in chunks (one matrix product per chunk).
    chunk_size: int = 256

    # ---- copies ----
    # Pair candidates: estimated 5-shingle Jaccard at least this, or static cosine at least
    # `reword_candidate_cosine` (cheap filters; every candidate is then verified).
    copy_candidate_jaccard: float = 0.1
    reword_candidate_cosine: float = 0.85
    # Syndicated: the shorter text's shingles found in the longer one.
    syndicated_containment: float = 0.5
    # Reworded: share of the shorter text's words in sentences that have a counterpart in
    # the other: static cosine >= reword_sentence_cosine and content-word Jaccard >=
    # reword_sentence_overlap. Hand-written paraphrases (tests/test_copies.py) pair at cosine
    # 0.81-0.94 / Jaccard 0.17-0.56; sentences of a different report of the same event at
    # <= 0.62 / <= 0.16. The coverage and cosine were then checked on the generated ECB+
    # train copies (bench/copies_eval.py --tune).
    reword_sentence_cosine: float = 0.8
    reword_sentence_overlap: float = 0.15
    reword_coverage: float = 0.75
    # A copy covers most of its original: a one-paragraph brief is not a copy of a feature.
    min_length_ratio: float = 0.3


__all__ = ["StoryConfig"]
