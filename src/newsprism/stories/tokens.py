"""Cheap text units for story and copy features: content words, capitalised names and
numbers, sentences and word shingles. Regular expressions only — no parser — so every
article can afford them (the cheap tier)."""

from __future__ import annotations

import functools
import re
import zlib

# English function words plus reporting verbs and titles that every news text carries. Our
# own list (importing scikit-learn for its list cost ~8 s per process); grouped by kind.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a an the this that these those such some any each every either neither both all no nor
    none other another same own
    i me my mine myself we us our ours ourselves you your yours yourself yourselves he him
    his himself she her hers herself it its itself they them their theirs themselves one
    who whom whose which what whatever whoever whichever
    am is are was were be been being have has had having do does did doing done
    will would shall should can could may might must ought
    and or but if then else so than too very just only also not yet still even ever never
    however therefore thus hence although though because since while whereas unless until
    as at by for from in into of off on onto out over under up down to toward towards upon
    with within without about above across after against along among amongst around before
    behind below beneath beside besides between beyond during except inside near outside
    through throughout till via per
    here there where when why how whenever wherever whether again once twice already soon
    now often always sometimes perhaps almost quite rather really much many more most less
    least few several enough lot lots
    there's it's that's he's she's they're we're i'm you're isn't aren't wasn't weren't
    don't doesn't didn't won't wouldn't can't cannot couldn't shouldn't hasn't haven't hadn't
    let get got go goes went come came make made take took put
    said says say saying told tell tells according added adding
    mr mrs ms dr
    """.split()
)

# A word is a run of letters (apostrophes inside kept: "o'neill"), or a number with its
# inner separators ("6.1", "160,000").
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
# A capitalised run: "Jamal Williams", "Bank of England", "U.S.", "INS Sukanya".
_NAME = re.compile(
    r"(?:[A-Z][\w’'.\-]*)(?:\s+(?:(?:of|de|la|le|van|von|der|bin|al|the|and)\s+)?[A-Z][\w’'.\-]*)*"
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
# Sentence ends: . ! ? (optionally followed by a closing quote) then space and an opener.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")


def words(text: str) -> list[str]:
    """All words, lower-cased, in order (stop words kept): the unit of copy shingles."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """Words that carry topic: lower-cased, no stop words, no single letters."""
    return [w for w in words(text) if len(w) > 1 and w not in STOP_WORDS]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences (regex split: good enough to align copies)."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append((s + lead, s + trail))
    return out


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def cheap_entities(text: str) -> list[str]:
    """Names and numbers without a parser: capitalised runs (a sentence's first word is
    dropped when it is a stop word, "The", "But") and numbers, each lower-cased; numbers are
    prefixed with '#' so "2" the number never meets a name."""
    out: list[str] = []
    for s, e in sentence_spans(text):
        sentence = text[s:e]
        for match in _NAME.finditer(sentence):
            parts = match.group(0).split()
            if match.start() == 0 and parts and parts[0].lower().strip(".") in STOP_WORDS:
                parts = parts[1:]
            while parts and parts[-1].lower() in {"of", "de", "la", "le", "van", "von", "der", "bin", "al", "the", "and"}:
                parts = parts[:-1]
            name = " ".join(parts).strip(".'’-").lower()
            if len(name) > 1 and name not in STOP_WORDS:
                out.append(name)
        out.extend("#" + n.replace(",", "") for n in _NUMBER.findall(sentence))
    return out


@functools.lru_cache(maxsize=1 << 20)
def stable_hash(token: str) -> int:
    """A 32-bit hash that is the same in every process (Python's hash() is salted)."""
    return zlib.crc32(token.encode("utf-8"))


def shingles(tokens: list[str], size: int) -> list[str]:
    """Overlapping runs of `size` words (the whole text when it is shorter)."""
    if len(tokens) <= size:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]
