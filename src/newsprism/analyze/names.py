"""Canonical names within one article: each entity mention maps to the fullest name the
article uses for the same referent ("Putin" and "Mr Putin" -> "Vladimir Putin", "NATO" ->
"North Atlantic Treaty Organization" when both appear), and role descriptions the article
ties to a person ("Russian President Vladimir Putin", "Bruno Kahl, the German intelligence
chief") let a later "the Russian president" resolve to that person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.analyze.given_names import first_name_gender, is_given_name, names_fitting
from newsprism.analyze.lexicon import (
    HONORIFICS,
    ORGANIZATION_NAME_ENDINGS,
    ORGANIZATION_NOUNS,
    IRREGULAR_DEMONYMS,
    OFFICIAL_NOUNS,
    PERSON_NOUNS,
    ROLE_WORDS,
    TITLE_NOUNS,
)

PERSON_ROLE_NOUNS = OFFICIAL_NOUNS - {"source", "member", "figure"}
from newsprism.model import Entity, Span

_NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
_POSSESSIVE = re.compile(r"\s*['’]s?$")
_ACRONYM_STOP = {"of", "the", "and", "for", "&", "de", "la", "du", "on", "in"}
_LEADING_THE = re.compile(r"^(the|The|THE)\s+")


def name_form(text: str, label: str) -> str:
    """The entity text as a name: no leading 'the', no possessive, no honorific."""
    name = _POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip()))
    if label == "PERSON":
        words = name.split()
        while len(words) > 1 and _is_title_word(words[0]):
            words = words[1:]
        name = " ".join(words)
    return name


def _is_title_word(word: str) -> bool:
    w = word.lower()
    return w in HONORIFICS or w in TITLE_NOUNS or w in ROLE_WORDS


def _acronym_key(name: str) -> str:
    return re.sub(r"[^A-Za-z]", "", name).upper()


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _ACRONYM_STOP]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(word == other for other in it) for word in short)


@dataclass(frozen=True)
class _Mention:
    start: int
    label: str
    name: str


def _person_canonical(mention: _Mention, people: list[_Mention], gender: str | None = None) -> str:
    """The fullest name of the same person; `gender` is what an honorific before the mention
    says ("Mr. LaRue" is not "Grace Burleson LaRue", listed among his survivors)."""
    words = mention.name.lower().split()
    if not words:
        return mention.name
    fuller = [
        other
        for other in people
        if len(other.name.split()) > len(words)
        and other.name.lower().split()[-1] == words[-1]
        and _is_subsequence(words, other.name.lower().split())
    ]
    if gender is not None:
        fitting = set(names_fitting([other.name for other in fuller], gender))
        fuller = [other for other in fuller if other.name in fitting]
    if not fuller:
        return mention.name
    longest = max(len(o.name.split()) for o in fuller)
    candidates = {o.name for o in fuller if len(o.name.split()) == longest}
    if len(candidates) == 1:
        return candidates.pop()
    # Two different people share the surname: the nearest preceding full mention wins.
    before = [o for o in fuller if o.start <= mention.start]
    chosen = max(before, key=lambda o: o.start) if before else min(fuller, key=lambda o: o.start)
    return chosen.name


def _group_canonical(mention: _Mention, groups: list[_Mention]) -> str:
    key = _acronym_key(mention.name)
    if len(mention.name.split()) == 1 and 2 <= len(key) <= 6 and key == mention.name.replace(".", "").upper():
        expansions = sorted(
            {g.name for g in groups if len(g.name.split()) > 1 and _initials(g.name) == key}
        )
        if len(expansions) == 1:
            return expansions[0]
    return mention.name


def titled_names(doc) -> list[_Mention]:
    """Proper-noun runs right after a personal title ("Chancellor Olaf Richter"), which name a
    person even when the entity recogniser misses or mislabels them."""
    out = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if tok.lower_ in HONORIFICS or tok.lower_ in TITLE_NOUNS:
            j = i + 1
            while j < n and doc[j].pos_ == "PROPN" and not _is_title_word(doc[j].text):
                j += 1
            if j - i >= 3 or (j - i == 2 and tok.lower_ in HONORIFICS and tok.text[0].isupper()):
                out.append(_Mention(doc[i + 1].idx, "PERSON", doc[i + 1 : j].text))
            i = max(j, i + 1)
        else:
            i += 1
    return out


def _honorific_gender(ent) -> str | None:
    """The gender an honorific right before or opening the name gives ("Mr. LaRue", "Ms Holt")."""
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in HONORIFICS:
        return HONORIFICS[ent.doc[ent.start - 1].lower_]
    if len(ent) > 1 and ent[0].lower_ in HONORIFICS:
        return HONORIFICS[ent[0].lower_]
    return None


def _titled(ent) -> bool:
    """A proper name the text gives a personal title or role: "President Zelenskiy",
    "Mr Kahl", "Ukraine's president, Volodymyr Zelenskiy"."""
    root = ent.root
    if root.pos_ != "PROPN" or any(c.dep_ == "det" for c in root.children):
        return False  # "a Democrat" is an affiliation, not a name
    doc = ent.doc
    if ent.start > 0:
        before = doc[ent.start - 1]
        if before.lower_ in HONORIFICS or (before.lemma_.lower() in TITLE_NOUNS and before.head.i == root.i):
            return True
    if ent[0].lower_ in HONORIFICS and len(ent) > 1:
        return True
    if root.dep_ == "appos" and _is_person_role(root.head.lemma_):
        return True
    return any(c.dep_ == "appos" and (_is_person_role(c.lemma_) or _is_age(c)) for c in root.children)


def _is_person_role(lemma: str) -> bool:
    lemma = lemma.lower()
    return lemma in TITLE_NOUNS or lemma in ROLE_WORDS or lemma in PERSON_ROLE_NOUNS or lemma in PERSON_NOUNS


def _is_age(tok) -> bool:
    """An apposition giving an age ("Natalia, 45," or "a 45-year-old teacher") marks a person."""
    if tok.like_num and tok.text.isdigit() and 0 < int(tok.text) < 120:
        return True
    return any(t.lower_ in {"year-old", "years-old"} or (t.lower_ == "old" and t.i > 0 and t.nbor(-1).text == "-")
               for t in tok.subtree)


def opening_describing_noun(ent, doc) -> str | None:
    """A describing noun the recogniser took into a person's name at the start of a sentence,
    where it is capitalised: "comedian" in "Comedian Ellen DeGeneres will host …", when the
    article also writes "the comedian" in lower case."""
    if len(ent) < 3 or ent.start != ent.sent.start:
        return None
    word = ent[0].lower_
    return word if any(t.lower_ == word and t.is_lower and t.pos_ == "NOUN" for t in doc) else None


def _without_opening_noun(ent, doc) -> str:
    return ent[1:].text if opening_describing_noun(ent, doc) else ent.text


def entity_label(ent) -> str:
    """spaCy's label, corrected to PERSON for names the text itself marks as people, and to
    ORG for a "person" named like an institution ("Surrey Police", "Justice Department")."""
    if ent.label_ != "PERSON" and ent.label_ in {"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"}:
        return "PERSON" if _titled(ent) and not _institution_name(ent) else ent.label_
    if ent.label_ == "PERSON" and _institution_name(ent):
        return "ORG"
    return ent.label_


# Name endings no person bears as a surname (unlike "Hall", "House" or "Post").
_INSTITUTION_ONLY = frozenset(
    "police department ministry agency office council committee commission club college "
    "university institute foundation center centre group company association federation league "
    "technologies inc inc. corp corp. ltd ltd. llc plc".split()
)


def _institution_name(ent) -> bool:
    """A name of two or more words ending in an institution's word ("Surrey Police", "Betty
    Ford Center", "Shavlik Technologies"), or in a word some surnames share ("White House",
    "Timaru Herald") when it does not open with a given name or an initial ("Dale Hall")."""
    words = ent.text.split()
    if len(words) < 2:
        return False
    last = words[-1].lower()
    if last in _INSTITUTION_ONLY:
        return True
    if last not in ORGANIZATION_NAME_ENDINGS and last not in ORGANIZATION_NOUNS:
        return False
    first = words[0]
    return not re.fullmatch(r"[A-Z]\.", first) and not is_given_name(first)


def _person_by_name(ent, surnames: set[str]) -> bool:
    """"Bettie Page" tagged as a company where the same article tags a lone "Page" as a
    person: a clear given name ("Bettie", see `given_names`) before a word the article uses
    alone for a person is that person's full name."""
    words = [t for t in ent if not t.is_punct]
    if not 2 <= len(words) <= 4 or words[-1].text not in surnames:
        return False
    if not all(t.text[:1].isupper() for t in words):
        return False
    return first_name_gender(words[0].text) is not None


def canonical_entities(doc) -> tuple[Entity, ...]:
    """spaCy entities with `canonical` set to the fullest name used for the same referent."""
    labels = [entity_label(ent) for ent in doc.ents]
    surnames = {ent.text for ent, label in zip(doc.ents, labels) if label == "PERSON" and len(ent) == 1}
    labels = [
        "PERSON" if label != "PERSON" and _person_by_name(ent, surnames) else label
        for ent, label in zip(doc.ents, labels)
    ]
    written = [_without_opening_noun(ent, doc) if label == "PERSON" else ent.text for ent, label in zip(doc.ents, labels)]
    mentions = [
        _Mention(ent.start_char, label, name_form(text, label)) for ent, label, text in zip(doc.ents, labels, written)
    ]
    people = [m for m in mentions if m.label == "PERSON"] + titled_names(doc)
    groups = [m for m in mentions if m.label in {"ORG", "GPE", "NORP", "FAC", "LOC"}]
    out = []
    for ent, label, mention in zip(doc.ents, labels, mentions):
        if label == "PERSON":
            canonical = _person_canonical(mention, people, _honorific_gender(ent))
        elif label in {"ORG", "GPE", "NORP", "FAC", "LOC"}:
            canonical = _group_canonical(mention, groups)
        elif label in _NAME_LABELS:
            canonical = mention.name
        else:
            canonical = ent.text
        out.append(Entity(Span(ent.start_char, ent.end_char), label, ent.text, canonical or ent.text))
    return tuple(out)


# ---- role descriptions ---------------------------------------------------------------------


def normalise_modifier(word: str) -> str:
    """Country words compare by stem: 'Russian' ~ 'Russia', 'French' ~ 'France', 'U.S.' ~ 'US'."""
    w = word.lower().strip(".")
    w = IRREGULAR_DEMONYMS.get(word.lower(), IRREGULAR_DEMONYMS.get(w, w))
    w = w.replace(".", "")
    return w[:5] if len(w) > 5 else w


@dataclass(frozen=True)
class RoleLink:
    """A role the article gives a person: head noun ('president') and its modifiers."""

    head: str
    modifiers: frozenset[str]
    person: str  # canonical name
    position: int  # char offset of the mention that made the link


def _role_from_tokens(tokens, person: str, position: int) -> RoleLink | None:
    """Tokens of a role phrase ('Russian President', 'the German intelligence chief')."""
    nouns = [t for t in tokens if t.lemma_.lower() in TITLE_NOUNS or t.text.lower() in TITLE_NOUNS]
    if not nouns:
        return None
    head = nouns[-1]
    modifiers = frozenset(
        normalise_modifier(t.text)
        for t in tokens
        if t.i != head.i and t.pos_ in {"ADJ", "PROPN", "NOUN"} and t.lower_ not in HONORIFICS
    )
    return RoleLink(head.lemma_.lower(), modifiers, person, position)


def role_links(doc, entities: tuple[Entity, ...]) -> tuple[RoleLink, ...]:
    """Roles attached to PERSON mentions by a title before the name or by apposition."""
    canonical_at = {e.span.start: e.canonical for e in entities if e.label == "PERSON"}
    links: list[RoleLink] = []
    for ent in doc.ents:
        if ent.start_char not in canonical_at:
            continue
        person = canonical_at.get(ent.start_char, ent.text)
        root = ent.root
        # Title words before the name inside the same noun phrase: "Russian President Putin"
        # (spaCy sometimes puts the title inside the PERSON span, so skip those too).
        name_start = ent.start
        while name_start < ent.end - 1 and _is_title_word(doc[name_start].text):
            name_start += 1
        before = {t.i: t for t in root.subtree if t.i < name_start and t.dep_ not in {"det", "punct", "case"}}
        run = []
        i = name_start - 1
        while i in before:  # the contiguous run that ends right before the name
            run.append(before[i])
            i -= 1
        link = _role_from_tokens(list(reversed(run)), person, ent.start_char)
        if link:
            links.append(link)
        # "Putin, the Russian president," and "the Russian president, Vladimir Putin".
        for child in root.children:
            if child.dep_ == "appos" and child.i > root.i:
                link = _role_from_tokens(
                    [t for t in child.subtree if t.dep_ not in {"det", "punct"}], person, ent.start_char
                )
                if link:
                    links.append(link)
        if root.dep_ == "appos" and root.head.i < root.i:
            head = root.head
            phrase = [t for t in head.subtree if t.i < root.i and t.dep_ not in {"det", "punct"}]
            link = _role_from_tokens(phrase, person, ent.start_char)
            if link:
                links.append(link)
    return tuple(links)


def resolve_role(head: str, modifiers: frozenset[str], links: tuple[RoleLink, ...]) -> str | None:
    """The one person whose role matches a definite description, if exactly one does."""
    people = {
        link.person
        for link in links
        if link.head == head and modifiers <= link.modifiers
    }
    return people.pop() if len(people) == 1 else None
