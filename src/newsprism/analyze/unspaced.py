"""Tag, parse and find entities as if tokenised text were written normally.

Tokenised corpora put a space before every clitic and around every hyphen: "the school ’ s
all - time leader", "did n't", "the pirates ’ attempt". Even once `clitics` has made "’ s" one
token, the tagger and parser read whether each token is followed by a space (spaCy's SPACY
feature), so "school ’ s" looks like two words, "’ s" is taken for "is", and "all - time"
breaks the noun phrase it sits in. This component runs the statistical pipes on a shadow Doc
of the same tokens with those spaces removed, then copies tags, lemmas, the parse,
entities and the tensor back token for token. The article's Doc keeps the text as ingested,
so every offset stays valid; a Doc with nothing to unspace is analysed as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from newsprism.analyze.clitics import APOSTROPHES, CLITICS

COPIED = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]
CLITIC_FORMS = frozenset(
    {f"n{a}t" for a in APOSTROPHES} | {f"{a}{c}" for a in APOSTROPHES for c in CLITICS}
)
# How far back an opening single quote makes "… s ’ word" a closing quote, not a possessive.
QUOTE_LOOKBACK = 12
OPENING_SINGLE_QUOTES = frozenset({"‘", "'", "`"})
# Words that open a phrase of their own: after " - " they make it a dash ("the law - that now
# requires", "the party - which had begun"), unless a hyphen follows them too ("hit - and -
# run", "brother - in - law").
PHRASE_OPENERS = frozenset(
    "the a an this these those it he she they we i you who whom whose which that what where when "
    "although though but as even many some both most not never was were is are be been will "
    "would could should may might can including especially perhaps often or and nor at about "
    "into with from to by of for one".split()
)


def written_together(token) -> str:
    return "".join(token.text.split())


def is_spaced_clitic(doc: Doc, i: int) -> bool:
    """Token i is a contraction or possessive clitic set apart from its word by a space."""
    return (
        i > 0
        and bool(doc[i - 1].whitespace_)
        and written_together(doc[i]).lower() in CLITIC_FORMS
        and (doc[i - 1].is_alpha or doc[i - 1].like_num)
    )


def is_spaced_plural_possessive(doc: Doc, i: int) -> bool:
    """"the pirates ’ attempt": a lone apostrophe after a word ending in s, before a word,
    and no opening single quote shortly before it (then it closes a quotation)."""
    if not (0 < i < len(doc) - 1) or doc[i].text not in APOSTROPHES:
        return False
    before, after = doc[i - 1], doc[i + 1]
    if not (before.whitespace_ and doc[i].whitespace_ and before.is_alpha and after.is_alpha):
        return False
    if before.lower_[-1] != "s":
        return False
    window = doc[max(0, i - QUOTE_LOOKBACK) : i - 1]
    return not any(t.text in OPENING_SINGLE_QUOTES and not t.whitespace_ for t in window)


def clitic_norms(tokenizer) -> dict[str, str]:
    """Each clitic's norm as the tokenizer gives it when it meets the clitic on its word
    ("n’t" -> "not", "’m" -> "am"); a Doc built from words would keep only the written form."""
    norms = {}
    for form in CLITIC_FORMS:
        # a word each clitic attaches to: "didn’t", "team’s", "I’m", "we’re" / "we’ll" …
        host = "did" if form[0] == "n" else "team" if form[-1] == "s" else "I" if form[-1] == "m" else "we"
        tokens = tokenizer(host + form)
        if len(tokens) == 2:
            norms[form] = tokens[1].norm_
    return norms


def is_spaced_compound_hyphen(doc: Doc, i: int) -> bool:
    """Token i is a hyphen written with a space on both sides inside a compound ("all - time",
    "15 - year", "co - workers"), not a dash between two phrases. Only where spaCy would split
    the unspaced form the same way (a hyphen before a letter), so the shadow keeps the tokens."""
    if not (0 < i < len(doc) - 1) or doc[i].text != "-":
        return False
    before, after = doc[i - 1], doc[i + 1]
    if not (before.whitespace_ and doc[i].whitespace_) or not after.is_alpha:
        return False
    if not (before.is_alpha or before.text.isdigit()):
        return False
    if after.is_title and not before.is_title:
        return False  # "a Vancouver man - Eric Allen, 61"
    if _is_cardinal_word(after) and not before.like_num and not (i > 1 and doc[i - 2].text == "-"):
        return False  # "the jury - six women and six men"; but "two - million", "four - by - four"
    chained = i + 2 < len(doc) and doc[i + 2].text == "-" and bool(after.whitespace_)
    return chained or after.lower_ not in PHRASE_OPENERS


# Number words a compound takes after a hyphen whatever comes before it: "multi - million",
# "last - second", "a fourth - quarter lead".
_COMPOUNDING_NUMBER_WORDS = frozenset("hundred thousand million billion trillion first second third".split())


def _is_cardinal_word(token) -> bool:
    """A number written as a word ("six", "twenty"), not an ordinal or a scale word."""
    word = token.lower_
    return token.is_alpha and token.like_num and word not in _COMPOUNDING_NUMBER_WORDS and not word.endswith("th")


def unspaced_shadow(doc: Doc, norms: dict[str, str]) -> Doc | None:
    """A Doc of the same tokens with the spaces before clitics and around compound hyphens
    removed, carrying the sentence starts and the token norms already set; None when there
    is nothing to unspace."""
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    changed = False
    for i in range(1, len(doc)):
        if is_spaced_clitic(doc, i) or is_spaced_plural_possessive(doc, i):
            spaces[i - 1] = False
            changed = True
        elif is_spaced_compound_hyphen(doc, i):
            spaces[i - 1] = spaces[i] = False
            changed = True
        if " " in doc[i].text and not doc[i].is_space:  # "n ’ t", "’ s", as `clitics` merged them
            words[i] = written_together(doc[i])
            changed = True
    if not changed:
        return None
    starts = [doc[i].is_sent_start for i in range(len(doc))]
    shadow = Doc(doc.vocab, words=words, spaces=spaces, sent_starts=starts)
    for token, original in zip(shadow, doc):
        token.norm_ = norms.get(token.text.lower(), original.norm_)
    return shadow


def copy_analysis(source: Doc, target: Doc) -> None:
    target.from_array(COPIED, source.to_array(COPIED))
    target.tensor = source.tensor


class UnspacedAnalysis:
    """The statistical pipes (tok2vec … ner), run on each Doc's unspaced shadow."""

    def __init__(self, pipes: list[tuple[str, Callable]], norms: dict[str, str]) -> None:
        self.pipes = pipes
        self.norms = norms

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            shadows = [unspaced_shadow(doc, self.norms) for doc in batch]
            stream: Iterable[Doc] = [s if s is not None else d for s, d in zip(shadows, batch)]
            for _, proc in self.pipes:
                if hasattr(proc, "pipe"):
                    stream = proc.pipe(stream, batch_size=batch_size)
                else:
                    stream = map(proc, stream)
            for doc, shadow, analysed in zip(batch, shadows, stream):
                if shadow is not None:
                    copy_analysis(analysed, doc)
                yield doc
