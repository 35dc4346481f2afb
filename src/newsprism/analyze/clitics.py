"""Contractions written with spaces around the apostrophe, as in tokenised corpora ("didn ’ t",
"the team ’ s coach"), rejoined into the tokens spaCy makes of "didn't" and "team's".

spaCy splits "didn ’ t" into didn / ’ / t and the parser then reads "t" as a noun, so the
negation is lost. This component runs before the tagger: it splits "didn" into "did" + "n"
and merges "n ’ t" (and "’ s", "’ ll" …, and "'m" split off after a space) into one token.
Token texts keep their spaces, so every character offset stays that of the article as
ingested; `unspaced` then has the model read each merged token as its unspaced form.
"""

from __future__ import annotations

APOSTROPHES = ("’", "'")
# Auxiliaries that contract with "n't"; spaCy writes "can't" / "won't" as ca + n't / wo + n't.
NEGATED_STEMS = {
    "do": "do", "does": "does", "did": "did", "is": "is", "are": "are", "was": "was",
    "were": "were", "has": "has", "have": "have", "had": "had", "could": "could",
    "would": "would", "should": "should", "must": "must", "need": "need", "might": "might",
    "ca": "can", "wo": "will", "sha": "shall", "ai": "ai",
}  # fmt: skip
CLITICS = ("s", "re", "ll", "ve", "d", "m")


def rejoin_spaced_contractions(doc):
    _split_negated_auxiliaries(doc)
    _merge_clitics(doc)
    return doc


def _is_spaced_apostrophe(doc, i: int) -> bool:
    """Token i is an apostrophe with a space on both sides and a word after it."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in APOSTROPHES
        and bool(doc[i - 1].whitespace_)
        and bool(doc[i].whitespace_)
    )


def _is_detached_apostrophe(doc, i: int) -> bool:
    """Token i is an apostrophe after a space, joined to the word after it ("I 'm")."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in APOSTROPHES
        and bool(doc[i - 1].whitespace_)
        and not doc[i].whitespace_
        and doc[i - 1].is_alpha
    )


def _ends_word(doc, i: int) -> bool:
    return i == len(doc) - 1 or bool(doc[i].whitespace_) or not doc[i + 1].is_alpha


def _split_negated_auxiliaries(doc) -> None:
    """didn / ’ / t -> did / n / ’ / t."""
    targets = [
        doc[i - 1]
        for i in range(1, len(doc) - 1)
        if _is_spaced_apostrophe(doc, i)
        and doc[i + 1].lower_ == "t"
        and _ends_word(doc, i + 1)
        and doc[i - 1].lower_.endswith("n")
        and doc[i - 1].lower_[:-1] in NEGATED_STEMS
    ]
    if not targets:
        return
    with doc.retokenize() as retokenizer:
        for token in targets:
            stem, n = token.text[:-1], token.text[-1]
            retokenizer.split(
                token, [stem, n], heads=[(token, 0), (token, 0)],
                attrs={"NORM": [NEGATED_STEMS[stem.lower()], "n't"]},
            )  # fmt: skip


def _merge_clitics(doc) -> None:
    """n / ’ / t -> "n ’ t";  ’ / s -> "’ s" (and re, ll, ve, d, m)."""
    spans = []
    i = 1
    while i < len(doc) - 1:
        if _is_spaced_apostrophe(doc, i) and _ends_word(doc, i + 1):
            before, after = doc[i - 1].lower_, doc[i + 1].lower_
            if before == "n" and after == "t" and i >= 2 and not doc[i - 2].whitespace_:
                spans.append(doc[i - 1 : i + 2])
                i += 2
                continue
            if after in CLITICS and doc[i - 1].is_alpha:
                spans.append(doc[i : i + 2])
                i += 2
                continue
        detached = _is_detached_apostrophe(doc, i)
        if detached and doc[i + 1].lower_ in CLITICS and _ends_word(doc, i + 1):
            spans.append(doc[i : i + 2])  # "I 'm": the tokenizer splits "'m" after a space
            i += 2
            continue
        i += 1
    if not spans:
        return
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span)
