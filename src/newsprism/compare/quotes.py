"""Quote threads: one quotation as carried by several articles.

Quotations are read from the text by their marks (see `analyze.quotes`), so a thread exists
even where the attribution step found no speaker. Two quotations from different
articles are one quote when one is (nearly) contained in the other — a trimmed quote — or
when their embeddings are close — a partly paraphrased or differently translated one. Short
scare quotes ("panic") only join a thread when found verbatim inside another article's longer
quotation; a single word or hyphenated compound in quotation marks ("drive-by", "Fix-it") is a
term and joins none. Words carried over count only in runs that hold a content word that is
no part of a name: "it was a" begins many different statements, and "of the Endangered Species
Act" ends many. Each version keeps its exact wording and the speaker its article credits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from newsprism.analyze.quotes import find_quotes
from newsprism.compare.claims import PERSONAL_PRONOUNS, covering_attribution, same_name
from newsprism.compare.settings import CompareConfig
from newsprism.model import (
    NAMED_SPEAKER_KINDS,
    AnalyzedArticle,
    Attribution,
    QuoteThread,
    QuoteVersion,
    Span,
    outlet_label,
)

_WORD = re.compile(r"[\w’']+")
# The shortest run of words in a row that counts as carried over word for word.
MIN_RUN = 3


@dataclass(frozen=True)
class Quotation:
    article_index: int
    span: Span  # the words inside the quotation marks
    wording: str
    words: tuple[str, ...]  # normalised words
    names: frozenset[str]  # normalised words written only capitalised (parts of names)


def find_quotations(article: AnalyzedArticle, article_index: int) -> list[Quotation]:
    """Quotations of an article, in text order, as the analysis finds them (`analyze.quotes`:
    curly, straight and TeX-style `` '' marks, British single quotes, quotes reopened in each
    paragraph), without the comma before a closing mark."""
    text = article.article.text
    out: list[Quotation] = []
    for quote in find_quotes(text, article.sentences, article.paragraphs):
        raw = quote.interior.text(text)
        wording = raw.rstrip().rstrip(",").rstrip()
        if wording:
            span = Span(quote.interior.start, quote.interior.start + len(wording))
            out.append(Quotation(article_index, span, wording, normalised_words(wording), name_words(wording)))
    return out


# Contractions as tokenised corpora write them: "it ’ s", "I 'm", "did n't".
_SPACED_CLITIC = re.compile(r"(\w) ?([’']) ?(s|re|ll|ve|d|m|t)\b|(\w) (n[’']t)\b", re.IGNORECASE)


def normalised_words(text: str) -> tuple[str, ...]:
    text = _SPACED_CLITIC.sub(lambda m: f"{m[1]}{m[2]}{m[3]}" if m[1] else f"{m[4]}{m[5]}", text)
    return tuple(_normalised(w) for w in _WORD.findall(text))


# British and American spellings of one word ("realised" / "realized", "defence" / "defense",
# "colour" / "color", "centre" / "center"): one outlet's house style, not a different wording.
# Both sides are rewritten alike, so words that merely end the same way ("promise" ->
# "promize") stay apart from every other word.
_SPELLINGS = (
    (re.compile(r"(?<=\w{3})is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=\w{2})ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w{3})our(s|ed|ing|able)?$"), r"or\1"),
    (re.compile(r"(?<=\w[^aeiouy])re(s)?$"), r"er\1"),
    (re.compile(r"^(def|off|lic|pret)ence(s)?$"), r"\1ense\2"),
)


def _normalised(word: str) -> str:
    word = word.lower().replace("’", "'")
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


# Words that say nothing of what a statement is about; a run of only these ("it was a",
# "I do n't think") is carried over by chance. Written as `normalised_words` writes them.
_FUNCTION_WORDS = frozenset(_normalised(w) for w in STOP_WORDS) | {"n't", "'s", "'m", "'re", "'ll", "'ve", "'d"}


# A short quotation of only these ("I said", "he told me") says nothing of its own: it is a
# reporting clause caught between two quotation marks, not words to find in another quote.
_UNSAYING = _FUNCTION_WORDS | {"said", "says", "saying", "told", "tells", "asked", "asks", "added"}


def name_words(text: str) -> frozenset[str]:
    """Normalised words the text writes only with a capital, past its first word: parts of
    names ("the Endangered Species Act"), which two different statements share freely."""
    written = _WORD.findall(text)[1:]
    capital = {_normalised(w) for w in written if w[0].isupper()}
    lower = {_normalised(w) for w in written if not w[0].isupper()}
    return frozenset(capital - lower)


def quote_threads(
    analyzed: Sequence[AnalyzedArticle], encoder, settings: CompareConfig
) -> tuple[QuoteThread, ...]:
    quotations = [
        q
        for index, article in enumerate(analyzed)
        if article.analyzed
        for q in find_quotations(article, index)
        if not _is_title(q.wording) and not _is_term(q.wording)
    ]
    named = [_named_speaker(q, analyzed) for q in quotations]
    long_ones = [i for i, q in enumerate(quotations) if len(q.words) >= settings.quote_min_words]
    vectors = encoder.encode([quotations[i].wording for i in long_ones]) if long_ones else None
    cosines = vectors @ vectors.T if long_ones else None
    closest = _closest_by_article(quotations, long_ones, cosines)
    parent = list(range(len(quotations)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    for x, y in _candidate_pairs(quotations, long_ones, cosines, settings.quote_min_cosine):
        i, j = long_ones[x], long_ones[y]
        if quotations[i].article_index == quotations[j].article_index:
            continue
        names = quotations[i].names | quotations[j].names
        if shared_run_share(quotations[i].words, quotations[j].words, names=names) >= settings.quote_min_overlap:
            union(i, j)
        elif (
            (cosine := float(cosines[x, y])) >= settings.quote_min_cosine
            and cosine >= closest[x, quotations[j].article_index]
            and cosine >= closest[y, quotations[i].article_index]
            and not (named[i] and named[j] and not same_name(named[i], named[j]))
        ):
            # Close in meaning but worded apart: one quote paraphrased, if each is the
            # other's closest in its article (statements on one topic are all alike) and
            # no two outlets name two different speakers.
            union(i, j)
    short_ones = [
        i for i, q in enumerate(quotations)
        if 2 <= len(q.words) < settings.quote_min_words and any(w not in _UNSAYING for w in q.words)
    ]
    for i in short_ones:
        for j in long_ones:
            if quotations[i].article_index != quotations[j].article_index and _contains(quotations[j].words, quotations[i].words):
                union(i, j)
                break

    members: dict[int, list[int]] = {}
    for i in range(len(quotations)):
        members.setdefault(find(i), []).append(i)
    threads = []
    for indices in members.values():
        if len({quotations[i].article_index for i in indices}) < 2:
            continue
        ordered = sorted(indices, key=lambda i: (quotations[i].article_index, quotations[i].span.start))
        versions = tuple(_version(quotations[i], analyzed) for i in ordered)
        threads.append(_thread(versions, tuple(_credits_a_place(quotations[i], analyzed) for i in ordered)))
    order = {article.id: index for index, article in enumerate(analyzed)}
    threads.sort(
        key=lambda t: (-len({v.article_id for v in t.versions}), order[t.versions[0].article_id], t.versions[0].span.start)
    )
    return tuple(
        QuoteThread(f"q{number}", t.versions, t.wording_differs, t.speaker_differs)
        for number, t in enumerate(threads, start=1)
    )


def _candidate_pairs(
    quotations: list[Quotation], long_ones: list[int], cosines, min_cosine: float
) -> list[tuple[int, int]]:
    """Pairs (x, y), x < y, of long quotations that can be one quote: those sharing a run of
    MIN_RUN words (the least `shared_run_share` counts) or close enough in meaning. Only these
    are tested, so a story with thousands of quotations is not tested pair by pair."""
    by_run: dict[tuple[str, ...], list[int]] = {}
    for x, i in enumerate(long_ones):
        words = quotations[i].words
        for run in {words[k : k + MIN_RUN] for k in range(len(words) - MIN_RUN + 1)}:
            by_run.setdefault(run, []).append(x)
    pairs = {(a, b) for xs in by_run.values() for n, a in enumerate(xs) for b in xs[n + 1 :]}
    if cosines is not None:
        close = np.argwhere(np.triu(cosines >= min_cosine, k=1))
        pairs.update(zip(close[:, 0].tolist(), close[:, 1].tolist()))
    return sorted(pairs)


def _closest_by_article(quotations: list[Quotation], long_ones: list[int], cosines) -> dict[tuple[int, int], float]:
    """(x, article) -> the highest cosine between long quotation x and any long quotation of
    that article."""
    if not long_ones:
        return {}
    articles = np.array([quotations[j].article_index for j in long_ones])
    closest: dict[tuple[int, int], float] = {}
    for article in np.unique(articles).tolist():
        best = cosines[:, articles == article].max(axis=1)
        closest.update(((x, article), float(value)) for x, value in enumerate(best.tolist()))
    return closest


# Small words left lower-case inside a title ("In Search of Bettie Page").
_TITLE_SMALL_WORDS = frozenset("a an the and or but of to in on at for with by from as vs".split())


def _is_title(wording: str) -> bool:
    """A name or title in quotation marks ("Fix It", "The Notorious Bettie Page", "Most
    Likely to Succeed"): every word capitalised but the small ones. It names something; it
    quotes no one."""
    words = re.findall(r"[^\W\d_][\w'’-]*", wording)
    if not words or len(words) > 8:
        return False
    return all(w[0].isupper() for w in words if w.lower() not in _TITLE_SMALL_WORDS) and words[0][0].isupper()


def _is_term(wording: str) -> bool:
    """One word or one hyphenated compound in quotation marks ("drive - by", "out-of-band"): a
    term the writer marks, not words anyone is quoted as saying."""
    return len(re.sub(r"\s*-\s*", "-", wording).split()) < 2


def shared_run_share(
    a: Sequence[str], b: Sequence[str], min_run: int = MIN_RUN, names: frozenset[str] = frozenset()
) -> float:
    """Share of the shorter word run covered by runs of at least `min_run` words that occur
    word for word in the longer, each holding a content word that is not one of `names`: a
    trimmed quote, or one cut with an ellipsis, is covered almost whole; two statements that
    share a name ("the Endangered Species Act") or an opening ("It was a") are not."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) < min_run:
        return 0.0
    starts: dict[str, list[int]] = {}
    for k, word in enumerate(longer):
        starts.setdefault(word, []).append(k)
    covered = [False] * len(shorter)
    for i in range(len(shorter)):
        longest = 0
        for k in starts.get(shorter[i], ()):
            n = 0
            while i + n < len(shorter) and k + n < len(longer) and shorter[i + n] == longer[k + n]:
                n += 1
            longest = max(longest, n)
        run = shorter[i : i + longest]
        if longest >= min_run and any(word not in _FUNCTION_WORDS and word not in names for word in run):
            covered[i : i + longest] = [True] * longest
    return sum(covered) / len(shorter)


def carried_over_share(text_a: str, text_b: str) -> float:
    """`shared_run_share` of two wordings as quote threads judge them: normalised words, and
    runs that are only names left out."""
    names = name_words(text_a) | name_words(text_b)
    return shared_run_share(normalised_words(text_a), normalised_words(text_b), names=names)


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[k : k + n] == needle for k in range(len(haystack) - n + 1))


def _named_speaker(quotation: Quotation, analyzed: Sequence[AnalyzedArticle]) -> str | None:
    """The named person or organisation the quotation's article credits, if any."""
    attribution = covering_attribution(analyzed[quotation.article_index].attributions, quotation.span)
    if attribution is None or not attribution.speaker or attribution.speaker_kind not in NAMED_SPEAKER_KINDS:
        return None
    return attribution.speaker


def _version(quotation: Quotation, analyzed: Sequence[AnalyzedArticle]) -> QuoteVersion:
    article = analyzed[quotation.article_index]
    attribution = covering_attribution(article.attributions, quotation.span)
    return QuoteVersion(
        article_id=article.id,
        outlet=outlet_label(article.article),
        span=quotation.span,
        wording=quotation.wording,
        speaker=attribution.speaker if attribution else None,
        speaker_kind=attribution.speaker_kind if attribution else "unattributed",
    )


def credits_a_place(article: AnalyzedArticle, attribution: Attribution | None) -> bool:
    """The speaker phrase is a country, city or region ("India said")."""
    span = attribution.source_span if attribution is not None else None
    return span is not None and any(e.label == "GPE" and e.span.contains(span) for e in article.entities)


def _credits_a_place(quotation: Quotation, analyzed: Sequence[AnalyzedArticle]) -> bool:
    article = analyzed[quotation.article_index]
    return credits_a_place(article, covering_attribution(article.attributions, quotation.span))


def _thread(versions: tuple[QuoteVersion, ...], places: tuple[bool, ...]) -> QuoteThread:
    """Differences are between outlets: each article's versions, in text order, are what it
    carries of the quote. One article that prints the quote in two parts carries the same
    words as one that prints it whole, and a phrase it repeats in its own sentence ("Henry's
    reference to the 'other offers'") is not a second speaker. Speakers differ as speaker
    conflicts judge them (`conflicts._speaker_difference`): two named people, or two named
    organisations, with no name in common; a spokesman's words are also his organisation's
    ("Dustin Childs" / "Microsoft"), and a country speaks through its offices ("India" / "the
    Defence Ministry")."""
    by_article: dict[str, list[QuoteVersion]] = {}
    credited_by: dict[str, list[tuple[str, str, bool]]] = {}
    for version, place in zip(versions, places):
        by_article.setdefault(version.article_id, []).append(version)
        # Only names can differ: "her rep" may well be the "Jack Ketsoyan" another outlet
        # names, and a bare "he" is whoever the article last named.
        if version.speaker and version.speaker_kind in NAMED_SPEAKER_KINDS and version.speaker.lower() not in PERSONAL_PRONOUNS:
            credited_by.setdefault(version.article_id, []).append((version.speaker, version.speaker_kind, place))
    wordings = {_carried_words(carried) for carried in by_article.values()}
    credited = list(credited_by.values())
    speaker_differs = any(
        not any(same_name(a[0], b[0]) for a in first for b in second)
        and any(a[1:] == b[1:] for a in first for b in second)
        for n, first in enumerate(credited)
        for second in credited[n + 1 :]
    )
    return QuoteThread(
        id="",  # numbered once all threads are sorted
        versions=versions,
        wording_differs=len(wordings) > 1,
        speaker_differs=speaker_differs,
    )


def _carried_words(carried: list[QuoteVersion]) -> tuple[str, ...]:
    """The words one article carries of a quote: its versions in text order, less any that
    repeat part of another of its versions."""
    words = [normalised_words(v.wording) for v in sorted(carried, key=lambda v: v.span.start)]
    kept = [
        w for n, w in enumerate(words)
        if not any(
            (len(other) > len(w) and _contains(other, w)) or (other == w and m < n) for m, other in enumerate(words)
        )
    ]
    return tuple(word for w in kept for word in w)
