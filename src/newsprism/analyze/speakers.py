"""Who a speaker phrase is: its kind (named person, named organisation, anonymous official,
vague collective, document, unattributed) and its canonical name within the article.

Resolution runs in text order so later mentions can lean on earlier ones:
- names take the entity's canonical form ("Mr Putin" -> "Vladimir Putin");
- a definite role ("the Russian president") takes the person the article gave that role;
- a definite description ("the official", "the report") repeats an earlier speaker with the
  same head noun;
- "he"/"she" take the nearest compatible person (gender from an honorific, an earlier pronoun
  or the given name, see `given_names`), looking back sentence by sentence and preferring
  earlier speakers, then main-clause subjects (a centering-style heuristic); "they" and "it"
  take the nearest earlier plural or organisational speaker. An unresolved pronoun keeps its
  text.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.analyze.given_names import first_name_gender, given_name_gender, names_fitting
from newsprism.analyze.lexicon import (
    ANONYMITY_MARKERS,
    COLLECTIVE_NOUNS,
    COLLECTIVE_ORGANIZATION_NOUNS,
    ORGANIZATION_NAME_ENDINGS,
    DOCUMENT_NOUNS,
    HONORIFICS,
    NEUTER_PRONOUNS,
    OFFICIAL_NOUNS,
    ORGANIZATION_NOUNS,
    PERSONAL_PRONOUNS,
    PLURAL_PRONOUNS,
    ROLE_WORDS,
    TITLE_NOUNS,
    VAGUE_NOUNS,
    VAGUE_QUANTIFIERS,
)
from newsprism.analyze.names import (
    RoleLink,
    normalise_modifier,
    opening_describing_noun,
    resolve_role,
    titled_names,
)
from newsprism.model import Entity, Span

_DEFINITE = {"the", "this", "that", "these", "those"}
_INSIDER_WORDS = {"familiar", "close", "knowledge", "briefed", "involved", "aware", "privy"}
_DOCUMENT_PAPER = {"white", "green", "research", "policy", "working", "discussion", "position", "academic", "scientific"}
_PRONOUN_WINDOW = 3  # sentences looked back for an antecedent


@dataclass(frozen=True)
class Speaker:
    name: str | None  # canonical name, or the phrase for unnamed speakers
    kind: str
    head_lemma: str = ""
    plural: bool = False
    gender: str | None = None
    is_pronoun: bool = False  # an unresolved pronoun: kept as written, not a named speaker


@dataclass(frozen=True)
class _Mention:
    """Someone the pronoun resolver may pick: an earlier speaker or a PERSON entity."""

    position: int
    sentence: int
    speaker: Speaker
    is_speaker: bool
    is_subject: bool
    weak: bool = False  # a guess (unlabelled proper noun): used only when nothing else fits


class SpeakerResolver:
    def __init__(self, doc, entities: tuple[Entity, ...], roles: tuple[RoleLink, ...],
                 quoted: tuple[Span, ...] = ()):
        self.doc = doc
        self.roles = roles
        self.quoted = quoted  # quotations: their words are a speaker's, not the narrative's
        self.entity_at = {e.span.start: e for e in entities}
        self.sent_index = {}
        for i, sent in enumerate(doc.sents):
            for tok in sent:
                self.sent_index[tok.i] = i
        self.genders: dict[str, str] = {}
        # Full names of people and where each is first mentioned, so a bare surname shared by
        # two people ("LaRue" and "Ike LaRue III") goes to the latest one named before it.
        self.person_first: dict[str, int] = {}
        for name, start in [(e.canonical, e.span.start) for e in entities if e.label == "PERSON"] + [
            (m.name, m.start) for m in titled_names(doc)
        ]:
            if " " in name:
                self.person_first[name] = min(start, self.person_first.get(name, start))
        self.person_names = set(self.person_first)
        # First words of those names: a lone "John" in the same article is a given name.
        self.given_names = {name.split()[0] for name in self.person_names}
        self.mentions: list[_Mention] = []
        # (where, noun, person) for each person introduced with a describing noun: "Comedian
        # Ellen DeGeneres", "the actress, Lindsay Lohan", "Lohan, the actress": a later "the
        # comedian said" is that person.
        self.described: list[tuple[int, str, Speaker]] = []
        self._add_person_mentions(entities)
        self._add_unlabelled_subjects()

    # ---- entities -----------------------------------------------------------------------

    def _entity_of(self, tok) -> Entity | None:
        if not tok.ent_type_:
            return None
        start = tok.i
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1
        return self.entity_at.get(self.doc[start].idx)

    def _add_person_mentions(self, entities: tuple[Entity, ...]) -> None:
        for ent in entities:
            if ent.label != "PERSON":
                continue
            span = self.doc.char_span(ent.span.start, ent.span.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            gender = HONORIFICS.get(self.doc[span.start - 1].lower_) if span.start > 0 else None
            if gender is None and len(span) > 1:
                gender = HONORIFICS.get(span[0].lower_)
            if gender:
                self.genders.setdefault(ent.canonical, gender)
            if any(q.start <= ent.span.start < q.end for q in self.quoted):
                continue  # "'… my wife Portia,' she added": a name the speaker says is not her
            subject = root.dep_ in {"nsubj", "nsubjpass"} and root.head.dep_ == "ROOT"
            person = Speaker(ent.canonical, "named_person", root.lemma_.lower())
            self.mentions.append(_Mention(ent.span.start, self.sent_index.get(root.i, 0), person, False, subject))
            for noun in _describing_nouns(root, span):
                self.described.append((ent.span.start, noun, person))

    def _add_unlabelled_subjects(self) -> None:
        """Proper-noun subjects the recogniser left unlabelled ("Papandreou expressed shock")
        are most likely people, and so is a lone surname it took for a company or a place:
        a later "he"/"she" may refer to them."""
        for tok in self.doc:
            if tok.pos_ != "PROPN" or tok.tag_ == "NNPS" or tok.dep_ != "nsubj":
                continue
            if any(c.dep_ == "det" for c in tok.children):
                continue
            if any(q.start <= tok.idx < q.end for q in self.quoted):
                continue  # "'Dialogue is better,' she said": a quoted word is nobody to refer to
            main_clause = tok.head.dep_ in {"ROOT", "conj"}
            if tok.ent_type_:
                # "Ford, meanwhile, made a gentlemanly entrance" with "Ford" tagged as a company:
                # a lone word that is the surname of a person the article names in full, as the
                # subject of a main clause, is that person.
                if tok.ent_type_ == "PERSON" or not main_clause or tok.ent_iob_ != "B" or (
                    tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].ent_iob_ == "I"
                ):
                    continue
                name = self._full_name(tok)
                if name is not None:
                    self.mentions.append(_Mention(tok.idx, self.sent_index.get(tok.i, 0),
                                                  Speaker(name, "named_person", tok.lemma_.lower()), False, main_clause))
                continue
            full = {n for n in self.person_names if n.split()[-1] == tok.text}
            name = full.pop() if len(full) == 1 else tok.text
            self.mentions.append(
                _Mention(tok.idx, self.sent_index.get(tok.i, 0), Speaker(name, "named_person", tok.lemma_.lower()),
                         False, main_clause, weak=True)
            )
        self.mentions.sort(key=lambda m: m.position)

    # ---- classification -----------------------------------------------------------------

    def resolve(self, head_i: int | None, source: Span | None) -> Speaker:
        """Kind and name of the speaker whose phrase has head token `head_i`."""
        if head_i is None:
            return Speaker(None, "unattributed")
        head = self.doc[head_i]
        phrase = source.text(self.doc.text) if source is not None else head.text
        lower = head.lower_
        if lower in PERSONAL_PRONOUNS or lower in PLURAL_PRONOUNS or lower in NEUTER_PRONOUNS:
            speaker = self._resolve_pronoun(head)
        else:
            speaker = self._classify(head, phrase)
        self.remember(head, speaker)
        return speaker

    def remember(self, head, speaker: Speaker) -> None:
        if speaker.name is None or speaker.is_pronoun:
            return
        self.mentions.append(
            _Mention(head.idx, self.sent_index.get(head.i, 0), speaker, True, True)
        )
        self.mentions.sort(key=lambda m: m.position)

    def _classify(self, head, phrase: str) -> Speaker:
        lemma = head.lemma_.lower()
        plural = head.tag_ in {"NNS", "NNPS"}
        np_tokens = list(head.subtree)
        words = {t.lower_ for t in np_tokens}
        det = next((t.lower_ for t in head.children if t.dep_ in {"det", "poss"}), None)
        definite = det in _DEFINITE  # "the official", not "her report": a chain to an earlier speaker

        person = self._person_in(head)
        if person is not None:
            return person
        entity = self._entity_of(head)
        if entity is not None and entity.label in {"ORG", "FAC"} and head.pos_ == "PROPN":
            # "the Geological Survey"; "Lumen AI" when the recogniser only took "AI"
            return Speaker(self._proper_name(head, entity), "named_organization", lemma, plural)
        title = self._title_name(head)
        if title is not None:
            return Speaker(title, "named_organization", lemma, plural)  # "trade magazine The Hollywood Reporter"
        if lemma == "paper" and words & _DOCUMENT_PAPER:
            lemma = "report"  # "the white paper", "a research paper": a document, not a newspaper
        if (lemma in DOCUMENT_NOUNS or head.lower_ in DOCUMENT_NOUNS) and (entity is None or entity.label != "PERSON"):
            if lemma == "report" and plural and det is None:
                return Speaker(phrase, "vague_collective", lemma, True)  # "reports say"
            return self._definite_chain(Speaker(phrase, "document", lemma, plural), definite)
        if entity is not None and entity.label in {"ORG", "GPE", "FAC", "LOC"}:
            return Speaker(self._proper_name(head, entity), "named_organization", lemma, plural)
        if entity is not None and entity.label == "NORP":
            return Speaker(phrase, "vague_collective", lemma, True)
        if lemma in COLLECTIVE_ORGANIZATION_NOUNS and plural and head.pos_ == "NOUN" and (
            det is None or det in VAGUE_QUANTIFIERS
        ) and self._modifier_entity(head, {"ORG", "GPE", "FAC", "NORP"}) is None:
            return Speaker(phrase, "vague_collective", lemma, True)  # "aid groups say"
        if lemma in ORGANIZATION_NOUNS:
            appositive = self._appositive_name(head)
            if appositive is not None:
                return Speaker(appositive, "named_organization", lemma, plural)  # "the maker, Vellum"
            named = self._modifier_entity(head, {"ORG", "GPE", "FAC"})
            name = phrase if named is None or head.pos_ == "NOUN" else named
            return self._definite_chain(Speaker(name, "named_organization", lemma, plural), definite)
        if lemma in COLLECTIVE_NOUNS and head.pos_ == "NOUN":
            return Speaker(phrase, "vague_collective", lemma, True)  # "the victim's family said"
        if lemma in TITLE_NOUNS and plural:
            return Speaker(phrase, "anonymous_official", lemma, True)  # "prosecutors said"
        if lemma in TITLE_NOUNS:
            if definite or any(t.dep_ == "poss" for t in head.children):
                modifiers = frozenset(
                    normalise_modifier(t.text) for t in np_tokens
                    if t.i < head.i and t.pos_ in {"ADJ", "PROPN", "NOUN"}
                )
                person_name = resolve_role(lemma, modifiers, self.roles)
                if person_name is not None:
                    return Speaker(person_name, "named_person", lemma, False, self.genders.get(person_name))
                if self._modifier_entity(head, {"ORG", "GPE", "NORP", "FAC"}) is not None:
                    return Speaker(phrase, "named_person", lemma)
            return Speaker(phrase, "anonymous_official", lemma, plural)
        if definite and not plural and head.pos_ == "NOUN" and not words & ANONYMITY_MARKERS:
            introduced = [person for where, noun, person in self.described if noun == lemma and where < head.idx]
            if introduced:
                return introduced[-1]  # "the comedian said", after "Comedian Ellen DeGeneres"
        if lemma in OFFICIAL_NOUNS or words & ANONYMITY_MARKERS and head.pos_ == "NOUN":
            return self._definite_chain(Speaker(phrase, "anonymous_official", lemma, plural), definite)
        if lemma in {"person", "people"}:
            kind = "anonymous_official" if words & _INSIDER_WORDS else "vague_collective"
            return Speaker(phrase, kind, lemma, lemma == "people")
        if (lemma in VAGUE_NOUNS and plural) or lower_in(head, VAGUE_QUANTIFIERS):
            return self._definite_chain(Speaker(phrase, "vague_collective", lemma, True), definite)
        if head.pos_ == "PROPN":
            compound = [t for t in head.children if t.dep_ == "compound" and t.pos_ == "PROPN"]
            person_like = compound and head.lower_ not in ORGANIZATION_NAME_ENDINGS
            kind = "named_person" if person_like else "named_organization"
            return Speaker(phrase, kind, lemma, plural)
        if plural:
            return Speaker(phrase, "vague_collective", lemma, True)
        return self._definite_chain(Speaker(phrase, "anonymous_official", lemma, False), definite)

    @staticmethod
    def _title_name(head) -> str | None:
        """A name the recogniser missed, told by a capital "The" inside a sentence: "The
        Hollywood Reporter", "The Daily Courier". Written-out titles of works and papers."""
        det = next((t for t in head.children if t.dep_ == "det"), None)
        if det is None or det.text != "The" or det.i == det.sent.start or not head.is_title:
            return None
        words = head.doc[det.i : head.i + 1]
        if not all(t.is_title or t.is_punct for t in words) or len(words) < 3:
            return None
        return words.text

    def _person_in(self, head) -> Speaker | None:
        """The head names a person, or an apposition or name compound does ("the president,
        Vladimir Putin", "blogger Andrew Halcro")."""
        role_head = head.lemma_.lower() in TITLE_NOUNS or head.lemma_.lower() in ROLE_WORDS
        # A name after its role word ("blogger Andrew Halcro" parsed with the role as head);
        # a compound before the head is an affiliation ("a Surrey Police spokeswoman").
        candidates = [head] + [
            c for c in head.children
            if c.dep_ == "appos" or (c.dep_ == "compound" and role_head and c.i > head.i)
        ]
        if role_head:
            # "President and General Manager Billy King": the name closes the role phrase.
            for tok in head.subtree:
                if tok.i <= head.i:
                    continue
                if tok.is_punct or tok.dep_ in {"relcl", "acl", "prep"}:
                    break
                candidates.append(tok)
        for tok in candidates:
            entity = self._entity_of(tok)
            if entity is not None and entity.label == "PERSON":
                return Speaker(entity.canonical, "named_person", tok.lemma_.lower(), False,
                               self.genders.get(entity.canonical))
        # A surname the article gives in full elsewhere, mis-tagged here ("Kyiv, Zelenskiy";
        # "Mendes" read as a plural common noun).
        lemma = head.lemma_.lower()
        common = lemma in ORGANIZATION_NOUNS or lemma in VAGUE_NOUNS or lemma in OFFICIAL_NOUNS
        if head.text[:1].isupper() and not common and not any(c.dep_ == "compound" for c in head.children):
            name = self._full_name(head)
            if name is not None:
                return Speaker(name, "named_person", lemma, False, self.genders.get(name))
        # "Mr Lavrov" tagged as something else: an honorific before a proper noun.
        if head.pos_ == "PROPN":
            before = [t for t in head.children if t.i < head.i and t.dep_ == "compound"]
            honorific = next((t for t in before if t.lower_ in HONORIFICS), None)
            head_entity = self._entity_of(head)
            if honorific is not None and (head_entity is None or head_entity.label == "PERSON"):
                name = " ".join([t.text for t in before if t.i > honorific.i] + [head.text])
                gender = HONORIFICS.get(honorific.lower_)
                entity = self._entity_of(head)
                canonical = entity.canonical if entity is not None and entity.label == "PERSON" else name
                return Speaker(canonical, "named_person", head.lemma_.lower(), False, gender)
        return None

    def _full_name(self, head) -> str | None:
        """The full name ending in this surname: the only one, or else the one first named
        most recently before it; an honorific before the surname rules out names of the
        other gender."""
        full = [n for n in self.person_names if n.split()[-1] == head.text]
        before_head = head.doc[head.i - 1] if head.i > 0 else None
        honorific = HONORIFICS.get(before_head.lower_) if before_head is not None else None
        if honorific is not None:  # "Mr. LaRue" is not "Grace Burleson LaRue"
            full = names_fitting(full, honorific)
        if len(full) == 1:
            return full[0]
        before = [n for n in full if self.person_first[n] < head.idx]
        return max(before, key=lambda n: (self.person_first[n], n)) if before else None

    def _proper_name(self, head, entity: Entity) -> str:
        """The entity's name, widened to the proper nouns compounded before it when the
        recogniser left them out ("Lumen AI" tagged as just "AI")."""
        first = head.i
        while first > 0 and self.doc[first - 1].pos_ == "PROPN" and self.doc[first - 1].head.i == head.i \
                and self.doc[first - 1].dep_ == "compound" and self.doc[first - 1].text[:1].isupper():
            first -= 1
        if self.doc[first].idx >= entity.span.start:
            return entity.canonical
        return self.doc[first : head.i + 1].text

    def _appositive_name(self, head) -> str | None:
        """An organisation named in apposition to a description: "the drug's maker, Vellum"."""
        for child in head.children:
            if child.dep_ != "appos" or child.i < head.i:
                continue
            entity = self._entity_of(child)
            if entity is not None and entity.label in {"ORG", "FAC"}:
                return entity.canonical
        return None

    def _modifier_entity(self, head, labels: set[str]) -> str | None:
        for tok in head.subtree:
            if tok.i >= head.i:
                break
            entity = self._entity_of(tok)
            if entity is not None and entity.label in labels:
                return entity.canonical
        return None

    def _definite_chain(self, speaker: Speaker, definite: bool) -> Speaker:
        """"the official" after "an official from the French presidential office": same one;
        "The Reporter" after "The Hollywood Reporter": the name."""
        if not definite:
            return speaker
        for mention in reversed(self.mentions):
            if (
                mention.is_speaker
                and (mention.speaker.kind == speaker.kind or mention.speaker.kind == "named_organization")
                and mention.speaker.head_lemma == speaker.head_lemma
                and mention.speaker.plural == speaker.plural
            ):
                return mention.speaker
        return speaker

    # ---- pronouns -----------------------------------------------------------------------

    def _resolve_pronoun(self, head) -> Speaker:
        lower = head.lower_
        here = self.sent_index.get(head.i, 0)
        before = [m for m in self.mentions if m.position < head.idx and here - m.sentence <= _PRONOUN_WINDOW]
        if lower in PERSONAL_PRONOUNS:
            gender = PERSONAL_PRONOUNS[lower]
            pool = [
                m for m in before
                if m.speaker.kind in {"named_person", "anonymous_official"} and not m.speaker.plural
                and (self._gender(m.speaker) or gender) == gender
            ]
            chosen = self._nearest([m for m in pool if not m.weak], here)
            if chosen is None and not any(not m.weak for m in pool):
                chosen = self._nearest(pool, here)
            if chosen is not None:
                if chosen.name:
                    self.genders.setdefault(chosen.name, gender)
                return chosen
            kind = "named_person" if any(m.speaker.kind == "named_person" for m in before) else "unattributed"
            return Speaker(head.text, kind, lower, False, gender, True)
        if lower in PLURAL_PRONOUNS:
            pool = [
                m for m in before
                if m.is_speaker and (m.speaker.plural or m.speaker.kind in {"named_organization", "vague_collective"})
            ]
        else:  # "it"
            pool = [
                m for m in before
                if m.is_speaker and not m.speaker.plural
                and m.speaker.kind in {"named_organization", "document"}
            ]
        chosen = self._nearest(pool, here, speakers_only=True)
        if chosen is not None:
            return chosen
        return Speaker(head.text, "unattributed", lower, lower in PLURAL_PRONOUNS, None, True)

    def _gender(self, speaker: Speaker) -> str | None:
        """What the article tells of the person (an honorific, or an earlier "he"/"she"
        resolved to them), else what their given name tells."""
        name = speaker.name or ""
        known = self.genders.get(name) or speaker.gender or given_name_gender(name)
        if known is None and name in self.given_names:
            known = first_name_gender(name)  # "John begged for help" after "John Jenkin"
        return known

    @staticmethod
    def _nearest(pool: list[_Mention], here: int, speakers_only: bool = False) -> Speaker | None:
        """Walk back sentence by sentence; in the first sentence with candidates prefer an
        earlier speaker, then a main-clause subject; other mentions only if they agree."""
        for sentence in range(here, here - _PRONOUN_WINDOW - 1, -1):
            in_sentence = [m for m in pool if m.sentence == sentence]
            if not in_sentence:
                continue
            speakers = [m for m in in_sentence if m.is_speaker]
            if speakers:
                return speakers[-1].speaker
            if speakers_only:
                continue
            subjects = [m for m in in_sentence if m.is_subject]
            if subjects:
                return subjects[-1].speaker
            names = {m.speaker.name for m in in_sentence}
            if len(names) == 1:
                return in_sentence[-1].speaker
            return None
        return None


def _describing_nouns(root, name) -> set[str]:
    """Lemmas of the common nouns that describe a named person where the name is given:
    "Comedian Ellen DeGeneres", "the actress, Lindsay Lohan", "Lohan, the actress"."""
    inside = range(name.start, name.end)
    nouns = {
        t.lemma_.lower() for t in root.children
        if t.dep_ in {"compound", "appos", "nmod"} and t.i not in inside and t.pos_ == "NOUN"
    }
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        nouns.add(root.head.lemma_.lower())
    opening = opening_describing_noun(name, root.doc)  # "Comedian Ellen DeGeneres will host ..."
    return nouns | {opening} if opening else nouns


def lower_in(tok, words: frozenset[str]) -> bool:
    return tok.lower_ in words
