"""Quote threads: each version's words marked where they differ from the other versions."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from newsprism.compare.claims import entity_keys
from newsprism.model import NAMED_SPEAKER_KINDS, Comparison, QuoteThread
from newsprism.render.labels import thread_sameness
from newsprism.web.views.common import article_href

@dataclass(frozen=True)
class Token:
    text: str
    differs: bool


@dataclass(frozen=True)
class QuoteVersionView:
    outlet: str
    speaker: str
    speaker_kind: str
    speaker_differs: bool
    tokens: tuple[Token, ...]
    href: str


@dataclass(frozen=True)
class QuoteView:
    id: str
    wording_differs: bool
    speaker_differs: bool
    versions: tuple[QuoteVersionView, ...]
    sameness: str = "same wording"  # how the thread reads when nothing differs


_TOKEN = re.compile(r"\w+(?:[’'-]\w+)*|\s+|[^\w\s]")


def _word_key(token: str) -> str | None:
    """What two quotations must share for a token to count as the same wording: case, curly
    vs straight apostrophes and punctuation do not count as a difference."""
    if token.isspace() or not re.match(r"\w", token):
        return None
    return token.lower().replace("’", "'")


def _marked(tokens: list[str], others: list[list[str]]) -> tuple[Token, ...]:
    """Mark words of `tokens` that some other version does not have at that place."""
    keys = [_word_key(t) for t in tokens]
    word_positions = [i for i, k in enumerate(keys) if k is not None]
    words = [keys[i] for i in word_positions]
    differs = [False] * len(tokens)
    for other in others:
        other_words = [k for k in (_word_key(t) for t in other) if k is not None]
        matcher = difflib.SequenceMatcher(a=words, b=other_words, autojunk=False)
        matched = set()
        for block in matcher.get_matching_blocks():
            matched.update(range(block.a, block.a + block.size))
        for j, pos in enumerate(word_positions):
            if j not in matched:
                differs[pos] = True
    return tuple(Token(t, d) for t, d in zip(tokens, differs))


# A quotation longer than this is shown cut (the link opens it whole in its article).
QUOTE_CHARS_SHOWN = 600


def _clipped(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    out, used = [], 0
    for token in tokens:
        if used + len(token.text) > QUOTE_CHARS_SHOWN:
            return tuple(out) + (Token(" …", False),)
        out.append(token)
        used += len(token.text)
    return tuple(out)


def quote_views(comparison: Comparison) -> list[QuoteView]:
    out = []
    for thread in comparison.quotes:
        out.append(quote_view(thread))
    return out


def quote_view(thread: QuoteThread) -> QuoteView:
    tokenised = [_TOKEN.findall(v.wording) for v in thread.versions]
    # Only a named speaker can be the odd one out: "her rep" may be the person others name.
    named = [entity_keys(v.speaker) if v.speaker and v.speaker_kind in NAMED_SPEAKER_KINDS else set() for v in thread.versions]
    votes = Counter(key for keys in named for key in keys)
    usual = {key for key, _ in votes.most_common(1)}
    versions = []
    for i, version in enumerate(thread.versions):
        others = [t for j, t in enumerate(tokenised) if j != i]
        versions.append(
            QuoteVersionView(
                outlet=version.outlet,
                speaker=version.speaker or "no named speaker",
                speaker_kind=version.speaker_kind,
                speaker_differs=thread.speaker_differs and bool(named[i]) and not named[i] & usual,
                tokens=_clipped(
                    _marked(tokenised[i], others) if thread.wording_differs else tuple(Token(t, False) for t in tokenised[i])
                ),
                href=article_href(version.article_id, version.span),
            )
        )
    return QuoteView(thread.id, thread.wording_differs, thread.speaker_differs, tuple(versions), thread_sameness(thread))
