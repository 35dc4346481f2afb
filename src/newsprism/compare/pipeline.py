"""The comparison stage, step by step: claims → embeddings → pair probabilities → groups →
conflicts, quote threads, sourcing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
from scipy import sparse

from newsprism.compare.align import attach_restatements, cluster_claims
from newsprism.compare.claims import ClaimFacts, extract_claims
from newsprism.compare.conflicts import find_conflicts
from newsprism.compare.features import linked_probabilities
from newsprism.compare.quotes import quote_threads
from newsprism.compare.selection import choose_articles
from newsprism.compare.settings import CompareConfig
from newsprism.compare.sourcing import sourcing_side_by_side
from newsprism.config import Config
from newsprism.model import AnalyzedArticle, ClaimGroup, Comparison, outlet_label


@dataclass(frozen=True)
class Alignment:
    """Claims of a story, their embeddings and how they group (internal; the bench reads it)."""

    facts: tuple[ClaimFacts, ...]
    embeddings: np.ndarray  # core view (see embed_claims)
    full_embeddings: np.ndarray  # the claims as written
    # Pair probabilities of the candidate links only (see features.linked_probabilities);
    # every other pair is 0.
    probability: sparse.csr_matrix
    groups: tuple[tuple[int, ...], ...]  # indices into `facts`


def parse_missing(analyzed: Sequence[AnalyzedArticle], docs: Mapping[str, object], config: Config) -> dict:
    """spaCy Docs for every analysed article, parsing only those not handed in."""
    from newsprism.analyze.nlp import load_nlp

    out = {a.id: docs[a.id] for a in analyzed if a.analyzed and a.id in docs}
    missing = [a for a in analyzed if a.analyzed and a.id not in out]
    if missing:
        nlp = load_nlp()
        texts = (a.article.text for a in missing)
        for article, doc in zip(missing, nlp.pipe(texts, batch_size=config.nlp_batch_size)):
            out[article.id] = doc
    return out


def embed_claims(facts: Sequence[ClaimFacts], encoder) -> tuple[np.ndarray, np.ndarray]:
    """Two views of each claim, each distinct text encoded once: what it says (without the
    reporting frame, when attributed) and the claim as written."""
    texts = sorted({f.embed_text for f in facts} | {f.claim.text for f in facts})
    row = {text: n for n, text in enumerate(texts)}
    vectors = encoder.encode(texts)
    if not len(facts):
        return vectors[:0], vectors[:0]
    core = vectors[[row[f.embed_text] for f in facts]]
    full = vectors[[row[f.claim.text] for f in facts]]
    return core, full


def align(
    analyzed: Sequence[AnalyzedArticle], docs: Mapping[str, object], encoder, settings: CompareConfig
) -> Alignment:
    facts: list[ClaimFacts] = []
    for index, article in enumerate(analyzed):
        if article.analyzed and article.id in docs:
            facts.extend(extract_claims(article, docs[article.id], index, settings))
    # Each claim is embedded exactly once; everything downstream reuses these vectors.
    embeddings, full = embed_claims(facts, encoder)
    second_view = full if settings.two_views else None
    probability = linked_probabilities(
        facts,
        embeddings,
        settings.margin_k,
        settings.pair_weights,
        second_view,
        settings.link_top_k,
        settings.candidate_floor,
    )
    groups = cluster_claims(
        facts,
        probability,
        settings.link_threshold,
        settings.candidate_floor,
        settings.strongest_link,
    )
    if settings.restatement_min_cosine is not None:
        groups = attach_restatements(groups, facts, embeddings, second_view, settings.restatement_min_cosine)
    return Alignment(tuple(facts), embeddings, full, probability, tuple(tuple(g) for g in groups))


def run_comparison(
    analyzed: Sequence[AnalyzedArticle],
    config: Config,
    settings: CompareConfig,
    encoder,
    docs: Mapping[str, object],
) -> Comparison:
    from newsprism.embed import get_encoder

    copy_of = copies_within(analyzed, config) if len(analyzed) > settings.max_articles else {}
    analyzed, left_out = choose_articles(analyzed, settings.max_articles, copy_of)
    encoder = encoder or get_encoder(settings.encoder, config)
    separate = stories_within(analyzed, config) if settings.check_stories else ()
    docs = parse_missing(analyzed, docs, config)
    alignment = align(analyzed, docs, encoder, settings)
    groups = build_groups(analyzed, alignment)
    group_of = {claim.id: group.id for group in groups for claim in group.claims}
    conflicts = find_conflicts(alignment, analyzed, group_of, encoder, settings)
    quotes = quote_threads(analyzed, encoder, settings)
    sourcing = sourcing_side_by_side(analyzed, groups, alignment.facts)
    return Comparison(
        articles=analyzed,
        groups=groups,
        conflicts=conflicts,
        quotes=quotes,
        sourcing=sourcing,
        left_out=left_out,
        separate_stories=separate,
    )


def copies_within(analyzed: Sequence[AnalyzedArticle], config: Config) -> dict[str, str]:
    """Each article that copies another of these (`stories.copies`: exact, syndicated or
    reworded), mapped to its original's id."""
    from newsprism.embed import get_encoder
    from newsprism.stories.copies import find_copies
    from newsprism.stories.features import compute_features

    encoder = get_encoder("static", config)
    articles = [item.article for item in analyzed]
    groups = find_copies(articles, compute_features(analyzed, encoder), encoder)
    return {member: group.original for group in groups for member in group.members if member != group.original}


def stories_within(analyzed: Sequence[AnalyzedArticle], config: Config) -> tuple[tuple[str, ...], ...]:
    """The articles' ids per story when the corpus' story grouping (`stories.cluster`, a fresh
    index, the articles in the order given) puts them in two or more stories, the biggest
    story first (ties: the one whose first article comes first); () when they are one story.
    A comparison of two stories shows every fact of one as left out by the other."""
    if len(analyzed) < 2:
        return ()
    from newsprism.embed import get_encoder
    from newsprism.stories.cluster import StoryIndex
    from newsprism.stories.features import compute_features

    labels = StoryIndex().assign(compute_features(analyzed, get_encoder("static", config)))
    members: dict[str, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(label, []).append(index)
    if len(members) < 2:
        return ()
    ordered = sorted(members.values(), key=lambda indices: (-len(indices), indices[0]))
    return tuple(tuple(analyzed[i].id for i in indices) for indices in ordered)


def build_groups(analyzed: Sequence[AnalyzedArticle], alignment: Alignment) -> tuple[ClaimGroup, ...]:
    """ClaimGroups in reading order: shared facts first (most outlets first), then each
    article's exclusives; ties by the first claim's article and position."""
    story_outlets = _unique(outlet_label(a.article) for a in analyzed if a.analyzed)
    facts = alignment.facts

    def order_key(members: tuple[int, ...]) -> tuple:
        article_count = len({facts[i].article_index for i in members})
        first = min(members, key=lambda i: (facts[i].article_index, facts[i].claim.span.start))
        return (-article_count, facts[first].article_index, facts[first].claim.span.start)

    out = []
    for number, members in enumerate(sorted(alignment.groups, key=order_key), start=1):
        ordered = sorted(members, key=lambda i: (facts[i].article_index, facts[i].claim.span.start))
        claims = tuple(facts[i].claim for i in ordered)
        outlets = _unique(outlet_label(analyzed[facts[i].article_index].article) for i in ordered)
        article_count = len({facts[i].article_index for i in ordered})
        out.append(
            ClaimGroup(
                id=f"g{number}",
                status="shared" if article_count >= 2 else "exclusive",
                claims=claims,
                outlets=outlets,
                omitted_by=tuple(o for o in story_outlets if o not in outlets),
            )
        )
    return tuple(out)


def _unique(items) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)
