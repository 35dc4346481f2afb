"""Repairs for parser slips around reporting verbs that hide the speaker.

A small statistical parser reads news sentences well until a speaker phrase sits where it
does not expect one. These shapes recur in wire copy:

- a reduced relative clause on the subject ("Some parents interviewed at a clinic said ...")
  is read as the main verb, and the reporting verb becomes its subjectless conjunct;
- an inverted frame after a long clause ("The men were detained in Rotterdam, a police
  spokeswoman, Mirjam de Wit, told ANP") hangs the speaker on the last noun of the clause as
  an apposition, leaving the verb without a subject or with a wrong one;
- the same after a quotation ending in a name ("“… the issue involving Jamal Williams,”
  general manager A.J. Smith said"): the speaker becomes an apposition of the quoted name;
- a verb-first frame after a quotation ("“…,” said ABC Entertainment Group prexy Paul Lee"),
  where a word the tagger does not know splits the speaker phrase into subject and clause;
- a description and the name it introduces ("trade magazine The Hollywood Reporter said"), or
  a hyphenated word ("Some co - workers said"), read as several subjects of the verb.

Each repair returns the speaker head, the speaker phrase as written and, for the inverted
frame, the content. The first three stand in only where the ordinary reading found no
speaker; the last two replace a reading whose subject is only a piece of the phrase.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.analyze.lexicon import (
    DOCUMENT_NOUNS,
    OFFICIAL_NOUNS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    ROLE_WORDS,
    TITLE_NOUNS,
    VAGUE_NOUNS,
)
from newsprism.model import Span

_SPEAKER_NOUNS = (DOCUMENT_NOUNS, OFFICIAL_NOUNS, ORGANIZATION_NOUNS, TITLE_NOUNS, VAGUE_NOUNS, PERSON_NOUNS)
_SPEAKING_ENTITIES = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


def plausible_speaker(tok) -> bool:
    """Whether a token can head a speaker phrase: a name, a pronoun or a speaker noun."""
    if tok is None:
        return False
    if tok.ent_type_ in _SPEAKING_ENTITIES or tok.pos_ in {"PROPN", "PRON"}:
        return True
    lemma = tok.lemma_.lower()
    return any(lemma in words for words in _SPEAKER_NOUNS)


def _person_like(tok) -> bool:
    """An apposition that names or describes someone who can speak for themselves."""
    if any(t.ent_type_ == "PERSON" for t in tok.subtree):
        return True
    lemma = tok.lemma_.lower()
    return lemma in OFFICIAL_NOUNS or lemma in TITLE_NOUNS or lemma in ROLE_WORDS or lemma in ORGANIZATION_NOUNS


@dataclass(frozen=True)
class Repair:
    speaker: object  # the spaCy token heading the speaker phrase
    source: Span
    content: Span | None = None


def _span(doc, first: int, last: int) -> Span | None:
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if first > last:
        return None
    return Span(doc[first].idx, doc[last].idx + len(doc[last].text))


def reduced_relative_speaker(verb) -> Repair | None:
    """"Some parents interviewed at a clinic said ...": the reporting verb is a conjunct of a
    bare participle/past form with no coordinator, comma or auxiliary between them, so the
    participle is a modifier of the subject and the whole stretch is the speaker phrase."""
    head = verb.head
    if verb.dep_ != "conj" or head.i >= verb.i or head.pos_ != "VERB" or head.tag_ not in {"VBN", "VBD"}:
        return None
    doc = verb.doc
    if doc[verb.i - 1].is_punct or any(c.dep_ in {"cc", "aux", "auxpass", "neg"} for c in head.children):
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return None
    if any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in head.children):
        return None  # "X met Y said ..." is no reduced relative: it has its own object
    subjects = [c for c in head.children if c.dep_ == "nsubj" and c.i < head.i]
    if not subjects or subjects[0].pos_ == "PRON" or subjects[0].ent_type_ == "PERSON":
        return None
    subject = subjects[0]
    if any(t.tag_ in _FINITE_TAGS and t.i != head.i for t in doc[head.i : verb.i]):
        return None
    source = _span(doc, subject.left_edge.i, verb.i - 1)
    return Repair(subject, source) if source is not None else None


def appositive_speaker(verb, sent, subject) -> Repair | None:
    """"<clause>, a police spokeswoman, Mirjam de Wit, told ANP." parsed with the speaker as an
    apposition of the clause's last noun: take the apposition that ends right before the verb
    as the speaker and the clause before its opening comma as the content."""
    if any(c.dep_ in {"ccomp", "xcomp"} and c.i > verb.i for c in verb.children):
        return None
    doc = verb.doc
    prev = verb.i - 1
    while prev > sent.start and doc[prev].is_punct:
        prev -= 1
    if prev <= sent.start or not doc[prev + 1 : verb.i] or doc[verb.i - 1].text != ",":
        return None
    # The highest apposition whose phrase ends right before the verb.
    node, appos = doc[prev], None
    while node.head.i != node.i and node.i < verb.i:
        if node.dep_ == "appos" and node.head.i < node.left_edge.i and _last_word(node) == prev:
            appos = node
        node = node.head
    if appos is None or not _person_like(appos):
        return None
    if subject is not None and plausible_speaker(subject) and subject.i not in {t.i for t in appos.head.subtree}:
        return None  # the verb has a real speaker of its own
    if subject is not None and appos.head.i == subject.i and (subject.ent_type_ or subject.lemma_.lower() in PERSON_NOUNS):
        return None  # "the candidate, regional bureaucrat X, said": one speaker phrase
    comma = appos.left_edge.i - 1
    if comma <= sent.start or doc[comma].text != ",":
        return None
    if doc[comma - 1].text in {"”", "''", '"', "’"}:
        return None  # a quotation before the frame is the content: the quote rules handle it
    clause = doc[sent.start : comma]
    if not any(t.tag_ in _FINITE_TAGS for t in clause):
        return None
    source = _span(doc, appos.left_edge.i, prev)
    content = _span(doc, sent.start, comma - 1)
    if source is None or content is None:
        return None
    return Repair(appos, source, content)


_CLOSING_MARKS = frozenset({"”", "''", '"', "’", "»"})


def speaker_after_quote(verb) -> Repair | None:
    """"“…,” general manager A.J. Smith said": the words between a closing quotation mark and
    the verb, ending in a name or a speaker noun, are the speaker phrase, whatever the parser
    hung them on (a speaker phrase after a quote cannot belong inside it)."""
    doc = verb.doc
    mark = verb.i - 1
    while mark > 0 and verb.i - mark <= 8 and doc[mark].text not in _CLOSING_MARKS:
        if (doc[mark].is_punct and doc[mark].text not in {".", "-", ","}) or doc[mark].pos_ in {"VERB", "AUX"}:
            return None
        mark -= 1
    if mark <= 0 or doc[mark].text not in _CLOSING_MARKS:
        return None
    first = mark + 1
    if first < verb.i and doc[first].text == ",":
        first += 1  # "…” , said" in tokenised text, or a comma outside the marks
    elif doc[mark - 1].text not in {",", "!", "?", "…"}:
        return None  # the quote must be set off: "…,” X said"
    if first >= verb.i or any(t.text == "," for t in doc[first : verb.i]):
        return None
    # The phrase's own head: the word it hangs from outside ("producers Craig Zadan and Neil
    # Meron" -> Zadan, the first of two speakers, as for any coordinated subject).
    phrase = range(first, verb.i)
    heads = [doc[i] for i in phrase if doc[i].head.i not in phrase and not doc[i].is_punct]
    head = heads[-1] if heads else doc[verb.i - 1]
    if not plausible_speaker(head):
        return None
    source = _span(doc, first, verb.i - 1)
    return Repair(head, source) if source is not None else None


# Words after a verb-first frame's speaker phrase that are not part of it: "said X in a
# statement", "said X on Friday", "said X jointly".
_AFTER_SPEAKER_POS = frozenset({"ADP", "ADV", "VERB", "AUX", "SCONJ", "PRON"})


def speaker_after_verb(verb) -> Repair | None:
    """"“…,” said ABC Entertainment Group prexy Paul Lee.": a reporting verb right after a
    set-off quotation has the speaker phrase after it, up to a comma, the end of the sentence
    or a word that starts something else ("in a statement", "jointly"). The phrase is taken as
    written whatever the parser made of it; its head is the one word the parser hung outside
    it, else its last name."""
    doc = verb.doc
    before = verb.i - 1
    if before > 0 and doc[before].text == ",":
        before -= 1  # "…” , said" in tokenised text
    if before <= 0 or doc[before].text not in _CLOSING_MARKS:
        return None
    if doc[before - 1].text not in {",", "!", "?", "…"} and doc[verb.i - 1].text != ",":
        return None  # the quote must be set off: "…,” said X"
    last = verb.i
    while last + 1 < len(doc) and not doc[last + 1].is_sent_start:
        nxt = doc[last + 1]
        # A base-form verb right before a name is a title word the tagger does not know
        # ("prexy Paul Lee"): after "said <subject>" no verb can stand bare.
        unknown_title = nxt.tag_ == "VB" and nxt.is_lower and last + 2 < len(doc) and doc[last + 2].pos_ == "PROPN"
        if nxt.is_punct and nxt.text not in {"-", "."} or (nxt.pos_ in _AFTER_SPEAKER_POS and not unknown_title):
            break
        if nxt.ent_type_ in {"DATE", "TIME"}:
            break  # "said Lawrence yesterday"
        if nxt.text == "." and not (last + 2 < len(doc) and doc[last + 2].pos_ == "PROPN"):
            break  # a full stop, not the dot of "A. J. Smith"
        last += 1
    if last == verb.i:
        return None
    phrase = doc[verb.i + 1 : last + 1]
    # The phrase's own head, as the parser hung it ("Zadan and Meron" -> Zadan, the first of
    # two speakers, as for any coordinated subject); else its last name.
    heads = [t for t in phrase if t.head.i not in range(verb.i + 1, last + 1) and plausible_speaker(t)]
    names = [t for t in phrase if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"]
    head = heads[0] if len(heads) == 1 else names[-1] if names else doc[last]
    if not plausible_speaker(head):
        return None
    source = _span(doc, verb.i + 1, last)
    return Repair(head, source) if source is not None else None


def described_name_speaker(verb) -> Repair | None:
    """"trade magazine The Hollywood Reporter said", "Some co-workers said": subjects of one
    verb side by side, with nothing but hyphens between them, are one phrase: a description
    and the name it introduces, or a hyphenated word the parser cut in pieces."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) < 2:
        return None
    if any(a.right_edge.i + 1 != b.left_edge.i for a, b in zip(subjects, subjects[1:])):
        return None
    first, last = subjects[0], subjects[-1]
    if last.right_edge.i >= verb.i:
        return None
    stretch = verb.doc[first.left_edge.i : last.right_edge.i + 1]
    if any(t.is_punct and t.text not in {"-", "."} for t in stretch):
        return None  # "(USA Today article) Local news reported": two sources, not one phrase
    hyphenated = any(t.text == "-" for t in subjects)
    named = any(t.pos_ == "PROPN" or t.ent_type_ in _SPEAKING_ENTITIES for t in last.subtree)
    if not (hyphenated or len(subjects) == 2 and named):
        return None
    source = _span(verb.doc, first.left_edge.i, last.right_edge.i)
    return Repair(last, source) if source is not None else None


def _last_word(tok) -> int:
    last = tok.right_edge.i
    doc = tok.doc
    while last > tok.i and doc[last].is_punct:
        last -= 1
    return last
