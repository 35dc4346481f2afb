"""The data model: plain dataclasses passed from stage to stage.

Every annotation is a `Span` of character offsets into `Article.text`, the text exactly as
analysed. Stages never mutate a value they receive; they return new ones. JSON is produced by
`newsprism.render.json`, one function per type, and read back by the `*_from_dict` helpers
here so the store and the Ray engine can round-trip values without loss.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

SpeakerKind = Literal[
    "named_person",
    "named_organization",
    "anonymous_official",
    "vague_collective",
    "document",
    "unattributed",
]
SPEAKER_KINDS: tuple[str, ...] = (
    "named_person",
    "named_organization",
    "anonymous_official",
    "vague_collective",
    "document",
    "unattributed",
)
# Speakers a reader can look up by name; other kinds describe a source without naming it.
NAMED_SPEAKER_KINDS = frozenset({"named_person", "named_organization"})
AttributionKind = Literal["direct", "indirect", "according_to", "document"]
ATTRIBUTION_KINDS: tuple[str, ...] = ("direct", "indirect", "according_to", "document")
ConflictType = Literal["number", "date", "negation", "speaker", "denial", "other"]
CopyKind = Literal["exact", "syndicated", "reworded"]


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range [start, end) into `Article.text`."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def text(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Source:
    """Where an article came from: a file path (or '-' for stdin) and, for multi-record
    files, the 1-based line (JSONL/CSV) or record number (JSON array, WARC)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True)
class Skipped:
    """An input (or part of one) that could not be read, with a one-line reason."""

    source: Source
    reason: str


@dataclass(frozen=True)
class Warning_:
    """Something a user should know about an input that was still read (e.g. a decoding
    fallback)."""

    source: Source
    message: str


def normalise_for_id(text: str) -> str:
    """The text form two articles must share to count as exact duplicates."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def article_id(text: str) -> str:
    """Stable id of an article: a hash of its normalised text (16 hex digits)."""
    return hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article as ingested. `text` is exactly the text analysed; metadata lines
    found in a plain-text file are recorded in `metadata` and are not part of `text`."""

    id: str
    text: str
    source: Source
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    language: str | None = None
    external_id: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    # Other places the identical (normalised) text was found; the first one is `source`.
    also_seen_at: tuple[Source, ...] = ()

    @property
    def is_english(self) -> bool:
        return self.language == "en"


@dataclass(frozen=True)
class Entity:
    span: Span
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, DATE, CARDINAL, ...
    text: str
    canonical: str  # the fullest name the article uses for the same referent


@dataclass(frozen=True)
class Attribution:
    """Who says what. `content_span` is what is said; `source_span` is the speaker phrase as
    written (None for unattributed statements and documents without a speaker phrase);
    `cue_span` is the reporting verb or phrase ("said", "according to", "told")."""

    speaker: str | None  # canonical name within the article, or the phrase for non-names
    speaker_kind: str  # one of SPEAKER_KINDS
    kind: str  # one of ATTRIBUTION_KINDS
    cue: str | None
    source_span: Span | None
    cue_span: Span | None
    content_span: Span


@dataclass(frozen=True)
class SpeakerCount:
    name: str
    kind: str
    statements: int


@dataclass(frozen=True)
class SourcingProfile:
    counts: dict[str, int]  # speaker_kind -> number of attributions (every kind present)
    speakers: tuple[SpeakerCount, ...]  # named speakers, most statements first

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class AnalyzedArticle:
    article: Article
    analyzed: bool  # False for non-English (or empty) text: only ingested
    sentences: tuple[Span, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    sourcing: SourcingProfile | None = None
    # Sentences stating something in the outlet's own voice: no attribution covers them.
    # They are not attributions; the sourcing profile counts them under "unattributed".
    own_voice: tuple[Span, ...] = ()

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True)
class IngestResult:
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[Warning_, ...] = ()


# ---- comparison (one story) -------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """A check-worthy statement: a sentence or a clause of one, in one article."""

    id: str  # "<article id>:<start>-<end>"
    article_id: str
    span: Span
    text: str
    attribution: Attribution | None  # the attribution whose content covers this claim
    entities: tuple[str, ...] = ()  # canonical entity names
    numbers: tuple[str, ...] = ()  # normalised numbers ("100000", "0.5")
    dates: tuple[str, ...] = ()  # date expressions as written
    negated: bool = False
    kind: str = "sentence"  # "sentence" | "clause" (a clause split off a long sentence)


@dataclass(frozen=True)
class ClaimGroup:
    id: str
    status: str  # "shared" | "exclusive"
    claims: tuple[Claim, ...]
    outlets: tuple[str, ...]
    omitted_by: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    type: str  # one of ConflictType
    a: Claim
    b: Claim
    explanation: str
    group_id: str | None = None


@dataclass(frozen=True)
class QuoteVersion:
    article_id: str
    outlet: str
    span: Span
    wording: str
    speaker: str | None
    speaker_kind: str


@dataclass(frozen=True)
class QuoteThread:
    id: str
    versions: tuple[QuoteVersion, ...]
    wording_differs: bool
    speaker_differs: bool


@dataclass(frozen=True)
class LeftOut:
    """An article of the story that was not compared, and why."""

    article: Article
    reason: str


@dataclass(frozen=True)
class Comparison:
    articles: tuple[AnalyzedArticle, ...]
    groups: tuple[ClaimGroup, ...]
    conflicts: tuple[Conflict, ...]
    quotes: tuple[QuoteThread, ...]
    # outlet -> {"counts": {...}, "shares": {...}, "speakers": [...]} and per-group credits
    sourcing: dict[str, Any]
    # Articles given but not compared: a story past `CompareConfig.max_articles`.
    left_out: tuple[LeftOut, ...] = ()
    # When the compared articles look like two or more stories by newsprism's story grouping
    # (`stories.cluster`), their ids per story, the biggest first; empty when they are one.
    separate_stories: tuple[tuple[str, ...], ...] = ()


# ---- corpus -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CopyGroup:
    original: str  # article id
    members: tuple[str, ...]  # article ids, original included, sorted
    kind: str  # one of CopyKind


@dataclass(frozen=True)
class Story:
    id: str
    title: str | None
    article_ids: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    outlets: tuple[str, ...]
    copies: tuple[CopyGroup, ...] = ()


def outlet_label(article: Article) -> str:
    """How an article's outlet is shown when comparing: the outlet, else the source file."""
    return article.outlet or f"unknown outlet ({article.source})"
