"""The ages reports give named people, and where two outlets give one person different ages.

News gives a person's age in a few fixed shapes, and outlets often disagree about it (a wire
report's "Jenkin, 23" against another paper's "35-year-old John Jenkin"). The figure is no
counted quantity, so the number rules of `conflicts` never compare it; it is read here:
  "John Jenkin, 23, of Millom" / "Jenkin (23)"    — a number set off right after the name;
  "23-year-old John Jenkin" / "the 23 - year - old Jenkin" — before it;
  "Esther Williams dies at 91" / "died at the age of 91" / "Williams, aged 91" — at death.
Only named people (the analysis' PERSON entities, under their canonical name) get an age: a
pronoun or "the actress, 26" may be anyone.

Two ages of one person disagree when they differ by two years or more (a birthday between
two reports moves it by one), and neither report also gives the other's figure for that
person (an age then and an age now).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from newsprism.model import Entity

# Oldest age read as one: larger numbers after a name are scores, totals or house numbers.
MAX_AGE = 115
_DEATH_VERBS = frozenset({"die", "pass", "succumb"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "the"})
# What may follow "Name, 23": the end of the aside, or the sentence.
_AFTER_APPOSITIVE = frozenset({",", ")", ".", ";", ":", "and", "of", "from", "who", "was", "is", "has", "had"})


@dataclass(frozen=True)
class Age:
    person: str  # canonical name of the person, as the article's analysis resolved it
    years: int
    start: int  # the number's character span in the article text
    end: int


def person_ages(piece: Sequence, persons: Sequence[Entity]) -> tuple[Age, ...]:
    """Every age the tokens of one claim give a named person, in text order."""
    ending = {e.span.end: e for e in persons}
    starting = {e.span.start: e for e in persons}
    out: list[Age] = []
    for k, token in enumerate(piece):
        if not token.text.isdigit() or not 1 <= int(token.text) <= MAX_AGE:
            continue
        person = _named_before(piece, k, ending) or _named_after(piece, k, starting) or _dying(piece, k, persons)
        if person is not None:
            out.append(Age(person.canonical or person.text, int(token.text), token.idx, token.idx + len(token.text)))
    return tuple(out)


def _named_before(piece: Sequence, k: int, ending: dict[int, Entity]) -> Entity | None:
    """"Jenkin, 23," / "Jenkin (23)" / "Williams, aged 91"."""
    j = k - 1
    if j >= 0 and piece[j].lower_ == "aged":
        j -= 1
    if j < 1 or piece[j].text not in (",", "("):
        return None
    before = piece[j - 1]
    person = ending.get(before.idx + len(before.text))
    if person is None:
        return None
    after = piece[k + 1] if k + 1 < len(piece) else None
    return person if after is None or after.lower_ in _AFTER_APPOSITIVE else None


def _named_after(piece: Sequence, k: int, starting: dict[int, Entity]) -> Entity | None:
    """"23-year-old John Jenkin", "the 23 - year - old Jenkin": the name follows "old" at once."""
    rest = [t.lower_ for t in piece[k + 1 : k + 6]]
    compact = [w for w in rest if w not in ("-", "–")]
    if compact[:2] != ["year", "old"]:
        return None
    old = k + 1 + rest.index("old")
    if old + 1 >= len(piece):
        return None
    return starting.get(piece[old + 1].idx)


def _dying(piece: Sequence, k: int, persons: Sequence[Entity]) -> Entity | None:
    """"Esther Williams dies at 91", "died at age 91", "died at the age of 91", "died in her
    sleep aged 91": the number follows "at", "age(d)" or "age of", and the nearest verb above
    it is one of dying whose subject (or the name beside it) is a named person."""
    before = [t.lower_ for t in piece[max(0, k - 3) : k]]
    if not (before[-1:] in (["at"], ["aged"], ["age"]) or before[-2:] == ["age", "of"]):
        return None
    head = piece[k].head
    for _ in range(5):
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in ("age",):
            break
        if head.head is head:
            return None
        head = head.head
    if head.lemma_.lower() not in _DEATH_VERBS:
        return None
    for subject in (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")):
        for token in [subject, *(c for c in subject.children if c.dep_ == "appos")]:
            person = next((e for e in persons if e.span.start <= token.idx < e.span.end), None)
            if person is not None:
                return person
    return None


def _name_words(name: str) -> list[str]:
    words = [w.strip(".").lower() for w in re.findall(r"[\w'’.-]+", name)]
    return [w for w in words if w and w not in _TITLES and w not in _SUFFIXES]


def same_person(a: str, b: str) -> bool:
    """Two canonical names can be one person: the same surname and, when both give more than
    one word, the same first name or initial ("John Jenkin" / "J. Jenkin" / "Jenkin"; not
    "John Jenkin" / "Katie Jenkin")."""
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb or wa[-1] != wb[-1]:
        return False
    if len(wa) < 2 or len(wb) < 2:
        return True
    first_a, first_b = wa[0], wb[0]
    return first_a == first_b or (min(len(first_a), len(first_b)) == 1 and first_a[0] == first_b[0])


def disagreeing_ages(ages_a: Sequence[Age], ages_b: Sequence[Age], names_a: Sequence[str], names_b: Sequence[str]):
    """(age in A, age in B) for each person both give an age, told apart from everyone else in
    each article (`names_*`: every person each article names), whose ages differ by two years
    or more with no figure of one within a year of one of the other."""
    out = []
    for person in sorted({age.person for age in ages_a}):
        in_b = sorted({age.person for age in ages_b if same_person(person, age.person)})
        if not in_b or _ambiguous(in_b[0], names_a) or _ambiguous(person, names_b) or _ambiguous(person, in_b):
            continue  # "Jenkin" could be either of two Jenkins
        mine = [age for age in ages_a if age.person == person]
        theirs = [age for age in ages_b if same_person(person, age.person)]
        if any(abs(x.years - y.years) <= 1 for x in mine for y in theirs):
            continue
        out.append((mine[0], theirs[0]))
    return out


def _ambiguous(name: str, names: Sequence[str]) -> bool:
    """Among `names`, two that could each be `name` are two different people ("John Jenkin"
    and "Katie Jenkin" for "Jenkin")."""
    candidates = sorted({n for n in names if same_person(name, n)})
    return any(not same_person(x, y) for i, x in enumerate(candidates) for y in candidates[i + 1 :])
