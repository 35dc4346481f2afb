"""Cheap per-article features, computed once at ingest and stored: a static embedding, hashed
term counts, names/numbers, a MinHash signature of word shingles, and the publication time.

Nothing here needs the spaCy parse; when an `AnalyzedArticle` carries entities and the
config asks for them (`entity_source="auto"`), those replace the regex names.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Sequence, Union

import numpy as np

from newsprism.model import AnalyzedArticle, Article
from newsprism.stories import StoryConfig
from newsprism.stories.minhash import minhash_signature
from newsprism.stories.tokens import cheap_entities, content_words, shingles, stable_hash, words

ArticleLike = Union[Article, AnalyzedArticle]

# spaCy labels that name who/where/what; dates and ordinals are left to the time signal.
_ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
_NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT"})


@dataclass(frozen=True)
class ArticleFeatures:
    """Everything story assignment and copy detection read about one article.

    `term_ids`/`term_weights`: hashed content words (sorted ids, sublinear tf 1+log n); the
    story index applies its running IDF. `entity_ids`/`entity_weights`: the same for names and
    numbers. `vector`: L2-normalised static embedding. `minhash`: signature of word shingles.
    `day`: publication time in days since 1970-01-01 UTC, None when unknown."""

    article_id: str
    published: str | None
    day: float | None
    vector: np.ndarray
    term_ids: np.ndarray
    term_weights: np.ndarray
    entity_ids: np.ndarray
    entity_weights: np.ndarray
    entities: frozenset[str]
    minhash: np.ndarray
    length: int  # words in the text


def parse_day(published: str | None) -> float | None:
    """ISO 8601 date or datetime -> days since the Unix epoch (UTC); None if absent/unreadable.
    A date without a time counts as its noon, so a dated and a timed report of the same day
    are at most half a day apart."""
    if not published:
        return None
    text = published.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
        text = text[:10]
    if len(text) <= 10:
        moment = moment.replace(hour=12)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp() / 86400.0


def feature_text(article: Article) -> str:
    """Title and body, the title once (many inputs repeat it as the first line)."""
    title = (article.title or "").strip()
    body = article.text
    if title and not body.lstrip().startswith(title[: min(len(title), 60)]):
        return f"{title}\n\n{body}"
    return body


def _hashed(tokens: Sequence[str], bits: int, sublinear: bool) -> tuple[np.ndarray, np.ndarray]:
    mask = (1 << bits) - 1
    counts: Counter[int] = Counter(stable_hash(t) & mask for t in tokens)
    ids = np.array(sorted(counts), dtype=np.int32)
    if sublinear:
        weights = np.array([1.0 + math.log(counts[i]) for i in ids.tolist()], dtype=np.float32)
    else:
        weights = np.ones(len(ids), dtype=np.float32)
    return ids, weights


def _entities(item: ArticleLike, text: str, config: StoryConfig) -> list[str]:
    if (
        config.entity_source == "auto"
        and isinstance(item, AnalyzedArticle)
        and item.analyzed
        and item.entities
    ):
        out = []
        for ent in item.entities:
            if ent.label in _ENTITY_LABELS:
                out.append((ent.canonical or ent.text).lower())
            elif ent.label in _NUMBER_LABELS:
                out.extend("#" + w.replace(",", "") for w in words(ent.text) if w[:1].isdigit())
        return out
    return cheap_entities(text)


def compute_features(
    articles: Sequence[ArticleLike],
    encoder=None,
    config: StoryConfig | None = None,
) -> list[ArticleFeatures]:
    """Features for a batch of articles, in input order. `encoder` is any object with
    `encode(texts) -> normalised float32 matrix` (default: the static model2vec encoder)."""
    config = config or StoryConfig()
    if encoder is None:
        from newsprism.embed import get_encoder

        encoder = get_encoder("static")
    plain = [item.article if isinstance(item, AnalyzedArticle) else item for item in articles]
    texts = [feature_text(a) for a in plain]
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32) if texts else np.zeros((0, 1), np.float32)
    out = []
    for item, article, text, vector in zip(articles, plain, texts, vectors):
        all_words = words(text)
        term_ids, term_weights = _hashed(content_words(text), config.hash_bits, sublinear=True)
        names = _entities(item, text, config)
        entity_ids, entity_weights = _hashed(["e:" + n for n in names], config.hash_bits, sublinear=False)
        out.append(
            ArticleFeatures(
                article_id=article.id,
                published=article.published,
                day=parse_day(article.published),
                vector=vector,
                term_ids=term_ids,
                term_weights=term_weights,
                entity_ids=entity_ids,
                entity_weights=entity_weights,
                entities=frozenset(names),
                minhash=minhash_signature(shingles(all_words, config.shingle_words), config.minhash_perms),
                length=len(all_words),
            )
        )
    return out
