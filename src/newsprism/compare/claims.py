"""Split an analysed article into check-worthy claims.

A claim is a sentence, or a clause of a long sentence that states its own fact: a coordinated
clause with its own subject ("..., but its actions have led to ..."), a non-restrictive
relative clause ("Lavrov, who said Russia does not want war"), a trailing participle that
reports something new (", highlighting that France will ..."), or a comma-spliced complement.
Only clauses that run to the end of their sentence are split off, so every claim is one
contiguous span and the claims of a sentence partition it.

Besides the public `Claim`, each claim gets a `ClaimFacts` record with what alignment and
conflict detection read: content lemmas, entity keys, quantities with their units, date keys,
the polarity of its main predicate and, for denials, the span of what is denied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from newsprism.compare.ages import Age, person_ages
from newsprism.compare.boilerplate import boilerplate_reason
from newsprism.compare.numbers import Quantity, date_keys, is_year, quantities
from newsprism.compare.settings import CompareConfig
from newsprism.model import AnalyzedArticle, Attribution, Claim, Span

# Entity labels that name participants (numbers and dates are kept apart).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})
# Verbs whose meaning is the negation of their complement: "failed to take into account" says
# the same as "did not take into account".
NEGATIVE_VERBS = frozenset({"fail", "refuse", "deny", "reject", "decline", "neglect"})
# Verbs that deny what their complement says.
DENIAL_VERBS = frozenset({"deny", "dismiss", "refute", "rebut", "reject", "dispute"})
# Reporting verbs: the frame "X said" carries no fact of its own for lexical overlap.
REPORTING_LEMMAS = frozenset(
    {"say", "tell", "add", "state", "note", "report", "claim", "insist", "announce", "explain",
     "according", "accord", "confirm", "write", "comment", "remark", "declare", "stress"}
)
# Honorifics and titles dropped from person keys ("Mr Putin" ~ "Vladimir Putin").
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "sir", "president", "minister", "prime", "the"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})


@dataclass(frozen=True)
class ClaimFacts:
    """A claim plus the features the comparison reads (internal to `newsprism.compare`)."""

    claim: Claim
    article_index: int
    embed_text: str  # the claim with a leading relative pronoun replaced by its antecedent
    lemmas: frozenset[str]  # content lemmas, reporting verbs left out
    entity_keys: frozenset[str]
    quantities: tuple[Quantity, ...]
    date_keys: tuple[tuple[str, str, str], ...]  # (kind, value, verb dated): ("weekday", "friday", "open")
    # Keys of who did what the claim dates ("Vincent Jackson was arrested Jan. 6" ->
    # {"jackson", "vincent jackson"}; "a British climber" -> {"~british"}, see `verb_actor`);
    # empty when unknown.
    dated_actors: frozenset[str]
    negative: bool  # the main predicate is negated (or a negative verb)
    predicate: str  # lemma of the main event verb ("failed to take" -> "take")
    predicate_phrase: str  # the predicate as written with its auxiliaries and negation
    objects: frozenset[str]  # what the event verb acts on ("checked into Betty Ford" -> "betty ford")
    subject: frozenset[str]  # who or what the predicate is about: name keys or noun lemma, () for pronouns
    denied: Span | None  # for "X denies (that) Y": the span of Y
    # The claim tells an account since replaced: "news originally reported that two died",
    # "she initially dismissed the report".
    superseded: bool
    sentence: Span
    position: int  # ordinal of the claim in its article (0 = the lede)
    ages: tuple[Age, ...] = ()  # ages the claim gives named people ("Jenkin, 23,")


def extract_claims(
    analyzed: AnalyzedArticle, doc, article_index: int, config: CompareConfig
) -> tuple[ClaimFacts, ...]:
    """All check-worthy claims of one article, in text order. `doc` is the spaCy parse of
    `analyzed.article.text` (offsets are shared)."""
    text = analyzed.article.text
    sentence_spans = analyzed.sentences or tuple(_doc_sentences(doc))
    paragraphs = analyzed.paragraphs or (Span(0, len(text)),)
    out: list[ClaimFacts] = []
    frames = _frames_after_content(analyzed.attributions)
    persons = [e for e in analyzed.entities if e.label == "PERSON"]
    for sentence in sentence_spans:
        paragraph = next((p for p in paragraphs if p.contains(sentence)), sentence)
        if boilerplate_reason(sentence.text(text), paragraph.text(text)):
            continue
        tokens = _tokens_in(doc, sentence)
        if not tokens:
            continue
        for start, end, antecedent in _clause_pieces(tokens, config, frames):
            piece = tokens[start:end]
            if sum(1 for t in piece if not t.is_punct) < config.claim_min_tokens:
                continue
            if not any(t.pos_ in ("VERB", "AUX") for t in piece):
                continue  # headings, datelines, name lists
            facts = _facts(analyzed, piece, antecedent, article_index, sentence, len(tokens) != len(piece), len(out))
            out.append(replace(facts, ages=person_ages(piece, persons)))
    return tuple(out)


def _doc_sentences(doc):
    for sent in doc.sents:
        stripped = sent.text.strip()
        if stripped:
            lead = len(sent.text) - len(sent.text.lstrip())
            yield Span(sent.start_char + lead, sent.start_char + lead + len(stripped))


def _tokens_in(doc, span: Span) -> list:
    chunk = doc.char_span(span.start, span.end, alignment_mode="expand")
    return [t for t in chunk] if chunk is not None else []


# ---- clause splitting ------------------------------------------------------------------


def _clause_pieces(
    tokens: list, config: CompareConfig, frames: Sequence[tuple[int, int, int]] = ()
) -> list[tuple[int, int, object]]:
    """Token ranges [start, end) partitioning a sentence into claims, with the antecedent
    token of a relative clause (or None). A reporting clause that follows its words (`frames`,
    see `_frames_after_content`) stays with them."""
    content = [t for t in tokens if not t.is_punct]
    if len(content) < config.split_min_tokens:
        return [(0, len(tokens), None)]
    first = tokens[0].i
    last_content = max(i for i, t in enumerate(tokens) if not t.is_punct)
    candidates = sorted(
        ((head.left_edge.i - first, head) for head in tokens if _starts_own_fact(head)),
        key=lambda pair: pair[0],
        reverse=True,
    )
    # Walk from the right: a clause is split off only if it runs up to the piece after it.
    cuts: list[tuple[int, object]] = []
    tail = last_content + 1
    for start, head in candidates:
        if start <= 0 or start >= tail:
            continue
        right = head.right_edge.i - first
        if not all(t.is_punct or t.dep_ == "cc" for t in tokens[right + 1 : tail]):
            continue
        before = [t for t in tokens[:start] if not t.is_punct and t.dep_ != "cc"]
        piece = [t for t in tokens[start:tail] if not t.is_punct]
        if len(before) < config.clause_min_tokens or len(piece) < config.clause_min_tokens:
            continue
        if _only_a_frame(tokens, start, tail, frames):
            continue  # '"You can't call it arson yet, "Palmer's director Jon Owen said': one claim
        antecedent = head.head if head.dep_ == "relcl" else None
        cuts.append((start, antecedent))
        tail = start
    if not cuts:
        return [(0, len(tokens), None)]
    cuts.sort(key=lambda cut: cut[0])
    bounds = [(0, None)] + cuts
    pieces = []
    for n, (start, antecedent) in enumerate(bounds):
        end = bounds[n + 1][0] if n + 1 < len(bounds) else len(tokens)
        # Trailing commas / conjunctions belong to neither piece.
        while end > start + 1 and (tokens[end - 1].is_punct or tokens[end - 1].dep_ == "cc") and n + 1 < len(bounds):
            end -= 1
        while start < end and tokens[start].is_punct and tokens[start].text not in "“\"‘'":
            start += 1
        pieces.append((start, end, antecedent))
    return pieces


def _frames_after_content(attributions: Sequence[Attribution]) -> list[tuple[int, int, int]]:
    """(start of the content, start and end of the reporting clause) of each attribution whose
    speaker and verb come after the start of what is said: '"…," Jon Owen said', "…, her rep
    confirms", "…, a spokesman said, …"."""
    out = []
    for a in attributions:
        frame = [s for s in (a.source_span, a.cue_span) if s is not None]
        if a.cue_span is not None and a.content_span.start < min(s.start for s in frame):
            out.append((a.content_span.start, min(s.start for s in frame), max(s.end for s in frame)))
    return out


def _only_a_frame(tokens: list, start: int, tail: int, frames: Sequence[tuple[int, int, int]]) -> bool:
    """Tokens start..tail end with the reporting clause of words before them and state nothing
    of their own: only who spoke, perhaps after a verbless scrap of the words ("after
    consultation with their peers, Perlo explained"). Split off, such a claim says nothing."""
    words = [tokens[i] for i in range(start, tail) if not tokens[i].is_punct and tokens[i].dep_ != "cc"]
    begin, end = words[0].idx, words[-1].idx + len(words[-1].text)
    for content_start, frame_start, frame_end in frames:
        if content_start < begin <= frame_start <= end <= frame_end:
            scrap = [t for t in words if t.idx < frame_start]
            if not any(t.pos_ in {"VERB", "AUX"} for t in scrap):
                return True
    return False


def _has_subject(token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in token.children)


def _after_comma(token) -> bool:
    """The clause is set off by a comma, semicolon or dash (possibly followed by a
    connective like 'however' or a conjunction)."""
    i = token.left_edge.i - 1
    doc = token.doc
    while i >= 0 and doc[i].dep_ in ("cc", "advmod") and doc[i].i > token.sent.start:
        i -= 1
    return i >= 0 and doc[i].text in (",", ";", "—", "–", "-", ":")


def _starts_own_fact(head) -> bool:
    is_verb = head.pos_ in ("VERB", "AUX")
    if head.dep_ in ("conj", "parataxis") and is_verb and _has_subject(head):
        # Only coordinated *clauses*: a verb conjoined to a noun or preposition is a misparse.
        return head.dep_ == "parataxis" or head.head.pos_ in ("VERB", "AUX")  # "..., but its actions have led to ..."
    if head.dep_ == "relcl" and is_verb and _after_comma(head):
        return True  # non-restrictive: "Lavrov, who said ..."
    if head.dep_ == "advcl" and head.tag_ == "VBG" and _after_comma(head):
        return any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in head.children)  # ", saying ..."
    if head.dep_ == "ccomp" and is_verb and _has_subject(head) and _after_comma(head):
        # Comma-spliced second complement of the same verb: "say X, however, Y".
        return any(c.dep_ == "ccomp" and c.i < head.i for c in head.head.children)
    return False


# ---- features ----------------------------------------------------------------------------


def _facts(
    analyzed: AnalyzedArticle,
    piece: list,
    antecedent,
    article_index: int,
    sentence: Span,
    is_clause: bool,
    position: int,
) -> ClaimFacts:
    text = analyzed.article.text
    start, end = piece[0].idx, piece[-1].idx + len(piece[-1].text)
    span = Span(start, end)
    names = tuple(
        sorted({e.canonical for e in analyzed.entities if e.label in NAME_LABELS and span.contains(e.span)})
    )
    qty = quantities(piece, anchor=verb_anchor, actor=verb_actor)
    dates = tuple(sorted({e.text for e in analyzed.entities if e.label == "DATE" and span.contains(e.span)}))
    predicate = _main_predicate(piece)
    negative = _is_negative(predicate)
    claim = Claim(
        id=f"{analyzed.id}:{start}-{end}",
        article_id=analyzed.id,
        span=span,
        text=span.text(text),
        attribution=covering_attribution(analyzed.attributions, span),
        entities=names,
        numbers=tuple(sorted({q.value for q in qty})),
        dates=dates,
        negated=negative,
        kind="clause" if is_clause else "sentence",
    )
    return ClaimFacts(
        claim=claim,
        article_index=article_index,
        embed_text=_core_text(text, span, claim.attribution) or _embed_text(piece, antecedent, claim.text),
        lemmas=frozenset(_content_lemmas(piece)),
        entity_keys=frozenset(k for name in names for k in entity_keys(name)),
        quantities=qty,
        date_keys=date_keys(piece, anchor=date_anchor),
        dated_actors=frozenset(
            key for t in piece if t.ent_type_ == "DATE" and date_anchor(t) for key in verb_actor(t)
        ),
        negative=negative,
        predicate=_event(predicate).lemma_.lower() if predicate is not None else "",
        predicate_phrase=_predicate_phrase(predicate),
        objects=_objects(_event(predicate)),
        subject=_subject_keys(predicate),
        denied=_denied_span(predicate),
        superseded=_superseded(predicate),
        sentence=sentence,
        position=position,
    )


def covering_attribution(attributions: Sequence[Attribution], span: Span) -> Attribution | None:
    """The attribution whose content covers most of the claim; ties go to the one whose
    speaker phrase lies inside the claim, then to the innermost (the shortest content: in
    "White said that Heller called her “ensconced”", the quote is Heller's)."""
    best, best_key = None, (0, False, 0)
    for attribution in attributions:
        overlap = min(span.end, attribution.content_span.end) - max(span.start, attribution.content_span.start)
        source_inside = attribution.source_span is not None and span.contains(attribution.source_span)
        if overlap <= 0 and not source_inside:
            continue
        content = attribution.content_span
        key = (max(overlap, 0), source_inside, -(content.end - content.start))
        if key > best_key:
            best, best_key = attribution, key
    # Half the claim must be the attributed content (or the claim names the speaker).
    if best is not None and best_key[0] * 2 < (span.end - span.start) and not best_key[1]:
        return None
    return best


def entity_keys(name: str) -> set[str]:
    """Keys under which two mentions of one entity meet: the lowercased name without titles,
    and its last word ("Vladimir Putin" -> {"vladimir putin", "putin"})."""
    words = [w for w in re.findall(r"[\w'’.-]+", name.lower()) if w not in _TITLES]
    words = [w.rstrip("'’s").strip(".") if w.endswith(("'s", "’s")) else w.strip(".") for w in words]
    words = [w for w in words if w]
    if not words:
        return set()
    keys = {" ".join(words)}
    if len(words) > 1 and len(words[-1]) > 2:
        keys.add(words[-1])
    return keys


def same_name(a: str, b: str) -> bool:
    """Two credits name one person: a key in common, or surnames one letter apart, as
    outlets misspell them ("Wetzler" / "Welzler", "Hefner" / "Heffner")."""
    keys_a, keys_b = _written_name_keys(a), _written_name_keys(b)
    if keys_a & keys_b:
        return True
    last_a, last_b = a.split()[-1].lower(), b.split()[-1].lower()
    return min(len(last_a), len(last_b)) >= 5 and _one_edit_apart(last_a, last_b)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter replaced, inserted or dropped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:k] + longer[k + 1 :] == shorter for k in range(len(longer)))


def _written_name_keys(name: str) -> set[str]:
    """`entity_keys`, each also without spaces: "Vincent Del Giudice" is "Vincent DelGiudice"."""
    keys = entity_keys(name)
    return keys | {key.replace(" ", "") for key in keys}


def _content_lemmas(piece: list) -> set[str]:
    return {
        t.lemma_.lower()
        for t in piece
        if t.pos_ in _CONTENT_POS and not t.is_stop and t.lemma_.lower() not in REPORTING_LEMMAS and t.is_alpha
    } | {t.text for t in piece if t.like_num}


_RECURRING = frozenset({"each", "every"})
_BEFORE_AFTER = frozenset({"after", "before", "following", "since", "until", "till"})
# Nouns a weekday names a time of ("Friday night"), as against a habit ("Sunday services").
_TIME_NOUNS = frozenset({"night", "morning", "afternoon", "evening", "midnight", "noon", "dawn", "overnight"})


def _path_to_verb(token) -> list:
    """The heads above `token`, up to and including the nearest verb (at most six steps)."""
    path, head = [], token
    for _ in range(6):
        if head.head is head:
            break
        head = head.head
        path.append(head)
        if head.pos_ in ("VERB", "AUX"):
            return path
    if head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN"):
        # "Those 10 points tied McDermott with Buford": the parser made the subject the root
        # and its finite verb a clause under it; that verb is still the predicate.
        finite = [c for c in head.children if c.dep_ in ("acl", "relcl") and c.tag_ in ("VBD", "VBZ", "VBP")]
        if finite and not any(c.dep_ == "nsubj" for c in finite[0].children):
            path.append(finite[0])
    return path


def date_anchor(token) -> str | None:
    """What a date word dates: the lemma of the verb it hangs from ("opened fire Friday" ->
    "open"; "" when no verb is near). None when it dates the *reporting* of the claim
    ("authorities said Saturday", "he told reporters on Monday"), what came before ("charged
    Saturday after a shooting ... Friday") or a habit ("Sunday congregations", "the second
    Tuesday of each month"): two reports of a Friday fire, one of them "officials said
    Saturday", do not disagree about the day."""
    if token.dep_ in ("compound", "amod", "nummod") and token.head.pos_ == "NOUN" and token.head.lower_ not in _TIME_NOUNS:
        # "the 1974 book", "the 1976 movie": a year dates the thing it modifies, which two
        # outlets may date differently only if it is the same thing. A weekday before a noun
        # is a habit ("Sunday services").
        return f"the {token.head.lemma_.lower()}" if is_year(token) else None
    if _after_time_zone(token):
        return None  # "6:41pm PST this evening (0241 GMT Friday)": the same moment, elsewhere
    if any(t.lower_ in _RECURRING for t in token.subtree):
        return None
    path = _path_to_verb(token)
    if any(head.lower_ in _BEFORE_AFTER and head.dep_ in ("prep", "mark") for head in path):
        return None
    if not path or path[-1].pos_ not in ("VERB", "AUX"):
        return ""
    lemma = path[-1].lemma_.lower()
    return None if lemma in REPORTING_LEMMAS else lemma


# Time zones: a weekday given after one converts a local time ("0241 GMT Friday").
_TIME_ZONES = frozenset({"gmt", "utc", "et", "est", "edt", "pt", "pst", "pdt", "ct", "cst", "cdt", "mt", "mst",
                         "mdt", "bst", "cet", "cest", "ist", "jst", "aest", "aedt", "msk"})


def _after_time_zone(token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].lower_.strip(".") in _TIME_ZONES


def verb_anchor(token) -> str:
    """The lemma of the verb a word hangs from ("fell about 60m" -> "fall"), or "" when no
    verb is near or the nearest is a reporting verb ("23 pirates, the navy said")."""
    path = _path_to_verb(token)
    if not path or path[-1].pos_ not in ("VERB", "AUX"):
        return ""
    lemma = path[-1].lemma_.lower()
    return "" if lemma in REPORTING_LEMMAS else lemma


# Links from a verb up to the verb whose subject it shares: "died after slipping and falling"
# (falling -conj-> slipping -pcomp-> after -prep-> died), "agreed to pay", "left, saying".
_SHARED_SUBJECT_LINKS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def verb_actor(token) -> tuple[str, ...]:
    """Entity keys of the named subject of the verb a word hangs from: "Robert Buckley fell
    700 metres" -> ("buckley", "robert buckley"); "the Red Sox team offered $184 million"
    -> ("red sox",). For an unnamed subject, its nationality ("a British climber" ->
    ("~british",)); empty otherwise ("he", "one of the party"). Compare with
    `different_actors`."""
    path = _path_to_verb(token)
    if not path or path[-1].pos_ not in ("VERB", "AUX"):
        return ()
    verb = path[-1]
    for _ in range(5):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        # A pronoun in a clause under another verb is most often that verb's subject again
        # ("Rait died when he slipped and fell"): read on up.
        if subjects and not all(s.pos_ == "PRON" for s in subjects):
            names = set().union(*(_token_name_keys(s) for s in subjects))
            return tuple(sorted(names or set().union(*(_nationality_keys(s) for s in subjects))))
        if not subjects and verb.dep_ == "ccomp":
            # "Lynch reported the Red Sox team ... offered $184 million": without "that", the
            # parser takes the subject of the reported verb for the object of "reported".
            taken = [c for c in verb.head.children if c.dep_ == "dobj" and verb.head.i < c.i < verb.i]
            if taken:
                return tuple(sorted(_token_name_keys(taken[0])))
        if verb.dep_ not in _SHARED_SUBJECT_LINKS or verb.head is verb:
            return ()
        verb = verb.head
    return ()


# Marks a nationality key among name keys: "a British climber" -> "~british".
NATIONALITY_MARK = "~"


def _nationality_keys(subject) -> set[str]:
    """An unnamed subject's nationality ("a 36-year-old Australian climber" -> {"~australian"}):
    not who it is, but enough to tell "a British climber" from "an Australian climber"."""
    return {
        NATIONALITY_MARK + child.lower_
        for child in subject.children
        if child.dep_ in ("amod", "compound") and child.ent_type_ == "NORP"
    }


def different_actors(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two actors' keys (see `verb_actor`) surely name two different doers: two names with
    nothing in common, or two nationalities. A name against a nationality ("Duncan Rait" /
    "an Australian climber") may well be one person."""
    marked_a = {k for k in a if k.startswith(NATIONALITY_MARK)}
    marked_b = {k for k in b if k.startswith(NATIONALITY_MARK)}
    if bool(marked_a) != bool(marked_b):
        return False
    return bool(a) and bool(b) and not set(a) & set(b)


def _token_name_keys(subject) -> set[str]:
    """Keys of the entity the subject's head, a name modifying it or one in apposition
    ("a mountain climber, Robert Buckley") belongs to."""
    for token in [subject] + [c for c in subject.children if c.dep_ in ("compound", "poss", "appos")]:
        if token.ent_type_ in _ACTOR_LABELS:
            entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            if entity is not None:
                return entity_keys(entity.text)
        if token.pos_ == "PROPN" and not token.ent_type_:
            # a name the entity recogniser missed ("Hansbrough finished with 20 points")
            name = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token]
            return entity_keys(" ".join(t.text for t in name))
    return set()


def _main_predicate(piece: list):
    """The verb the claim asserts: for "X said (that) Y" (however deeply nested: "the
    Kremlin said Putin noted Russia will study ...") the reported verb, else the highest verb
    of the piece."""
    inside = {t.i for t in piece}
    tops = [t for t in piece if t.head.i not in inside or t.head == t]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")] or tops
    if not verbs:
        return None
    top = verbs[0]
    for _ in range(4):
        if top.lemma_.lower() not in REPORTING_LEMMAS:
            break
        complements = [c for c in top.children if c.dep_ in ("ccomp", "xcomp") and c.i in inside]
        if not complements:
            break
        top = complements[0]
    return top


def _event(predicate):
    """The verb naming what happened: "failed to take into account" -> take."""
    if predicate is not None and predicate.lemma_.lower() in NEGATIVE_VERBS:
        for child in predicate.children:
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                return child
    return predicate


# Verbs whose negation may stand on them or on the clause they govern with one meaning:
# "I don't think it works" = "I think it doesn't work" (negation raising).
NEG_RAISING_VERBS = frozenset({"think", "believe", "feel", "expect", "suppose", "seem", "appear", "imagine"})
# Pronouns that negate the statement they are the subject or object of ("nobody was hurt").
NEGATIVE_PRONOUNS = frozenset({"nobody", "nothing", "none", "noone", "neither"})
# A credit that is only one of these ("he said") names no one by itself: the analysis inferred
# who it is from context, which can pick the wrong person.
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})


def _is_negative(predicate) -> bool:
    if predicate is None:
        return False
    flips = _negations(predicate)
    if predicate.lemma_.lower() in NEG_RAISING_VERBS:
        flips += sum(_negations(c) for c in predicate.children if c.dep_ == "ccomp")
    if predicate.lemma_.lower() in NEGATIVE_VERBS:
        flips += 1
        event = _event(predicate)
        if event is not predicate:
            flips += _negations(event)  # "failed not to ..." is rare but cancels out
    return flips % 2 == 1


def _negations(verb) -> int:
    if _waits_until(verb):
        return 0  # "did n't take the lead until Ratliff intercepted": it happened, then
    flips = sum(1 for c in verb.children if c.dep_ == "neg" or c.lower_ == "never")
    return flips + len(_negative_arguments(verb))


def _emphatic(pronoun) -> bool:
    """"Nothing less than the future of Europe is at stake", "nothing short of a miracle":
    the pronoun heads a comparison that asserts, not a negation."""
    following = pronoun.nbor(1) if pronoun.i + 1 < len(pronoun.doc) else None
    return following is not None and following.lower_ in ("less", "more", "short", "fewer")


def _waits_until(verb) -> bool:
    """The verb is qualified by "until" / "till" ("not ... until X"), which dates the event
    rather than denying it."""
    for child in verb.children:
        if child.lower_ in ("until", "till"):
            return True
        if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("until", "till") for g in child.children):
            return True
    return False


def _objects(verb) -> frozenset[str]:
    """What the verb acts on: its direct and prepositional objects, each with the names and
    modifiers before its head ("checked into the Betty Ford clinic" -> {"betty ford clinic"};
    "never checked into the Morningside clinic" -> {"morningside clinic"}), or what a copula
    says of its subject ("are never easy" -> {"easy"}). Dates and times are when, not what."""
    if verb is None:
        return frozenset()
    heads = [c for c in verb.children if c.dep_ in ("dobj", "attr", "acomp")]
    heads += [g for c in verb.children if c.dep_ in ("prep", "dative") for g in c.children if g.dep_ == "pobj"]
    out = set()
    for head in heads:
        # "is n't sure" / "is still unclear": what a copula asserts is its complement
        complement = head.dep_ in ("attr", "acomp") and head.pos_ == "ADJ"
        if (head.pos_ not in ("NOUN", "PROPN") and not complement) or head.ent_type_ in ("DATE", "TIME"):
            continue
        modifiers = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod") and not t.is_stop]
        out.add(" ".join(t.lemma_.lower() for t in modifiers + [head]))
    return frozenset(out)


_QUANTIFIERS = frozenset({"none", "all", "some", "most", "many", "each", "any", "neither", "either", "both"})


def _subject_keys(predicate) -> frozenset[str]:
    """What the predicate is said of: the name keys of a named subject ("Silverman believes"
    -> {"silverman"}), else its noun's lemma ("none of those offers are believed" -> {"offer"});
    a relative pronoun stands for its antecedent; empty for another pronoun or no subject,
    which may stand for anyone."""
    if predicate is None:
        return frozenset()
    subjects = [c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return frozenset()
    head = subjects[0]
    if head.tag_ in ("WDT", "WP") and predicate.dep_ == "relcl":
        head = predicate.head  # "the Act, which required ...": the Act
    if head.lower_ in _QUANTIFIERS:  # "none of those offers": the offers
        of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        head = of[0] if of else head
    names = _token_name_keys(head)
    if names:
        return frozenset(names)
    if head.pos_ not in ("NOUN", "PROPN"):
        return frozenset()
    return frozenset({head.lemma_.lower()})


def _predicate_phrase(predicate) -> str:
    """The predicate with its auxiliaries and its negation as written; a negation carried by
    the subject or object is named too ("none … are believed", "no progress has been made"),
    since a negation conflict's explanation must show the word that negates."""
    if predicate is None:
        return ""
    parts = [predicate] + [c for c in predicate.children if c.dep_ in ("neg", "aux", "auxpass")]
    low, high = min(t.i for t in parts), max(t.i for t in parts)
    phrase = predicate.doc[low : high + 1].text
    negatives = _negative_arguments(predicate)
    if not negatives:
        return phrase
    negative = negatives[0]
    if negative.i > high:
        return f"{phrase} {negative.text}" if negative.i == high + 1 else f"{phrase} … {negative.text}"
    between = low - negative.i
    if between <= _SHOWN_BETWEEN:
        return predicate.doc[negative.i : high + 1].text
    return f"{negative.text} … {phrase}"


# Words shown between a negating subject and its verb before the explanation cuts them.
_SHOWN_BETWEEN = 5


def _negative_arguments(verb) -> list:
    """Words of the subject or object that negate the verb: "none" (of those offers), "no" in
    "no progress has been made"."""
    found = []
    for c in verb.children:
        if c.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr"):
            continue
        if c.lower_ in NEGATIVE_PRONOUNS and not _emphatic(c):
            found.append(c)
        else:
            found.extend(g for g in c.children if g.dep_ == "det" and g.lower_ == "no")
    return found


_SUPERSEDED_MARKS = frozenset({"initially", "originally"})


def _superseded(predicate) -> bool:
    """The predicate, or the reporting or denial verb it is told under, is marked as what was
    first said ("originally reported", "initially dismissed")."""
    verb = predicate
    for _ in range(4):
        if verb is None:
            return False
        if any(c.dep_ == "advmod" and c.lower_ in _SUPERSEDED_MARKS for c in verb.children):
            return True
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in REPORTING_LEMMAS | DENIAL_VERBS:
            return False
        verb = verb.head
    return False


def _denied_span(predicate) -> Span | None:
    if predicate is None or predicate.lemma_.lower() not in DENIAL_VERBS:
        return None
    if _negations(predicate):
        return None  # "Lynch did not deny his client was there": a concession, not a denial
    for child in predicate.children:
        if child.dep_ in ("ccomp", "dobj", "xcomp", "pcomp"):
            tokens = list(child.subtree)
            if len(tokens) >= 3:
                return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
    return None


def _core_text(text: str, span: Span, attribution: Attribution | None) -> str | None:
    """What an attributed claim says, without its reporting frame ("X said", "according to
    Y"): the part of the claim inside the attribution's content. Two outlets crediting the
    same fact to different sources then still embed alike."""
    if attribution is None:
        return None
    start = max(span.start, attribution.content_span.start)
    end = min(span.end, attribution.content_span.end)
    core = text[start:end].strip(" \t\n,;:“”\"‘’'")
    if len(core.split()) < 5 or end - start >= span.end - span.start:
        return None
    return core


def _embed_text(piece: list, antecedent, claim_text: str) -> str:
    """Relative clauses are embedded with their antecedent in place of the pronoun, so "who
    said Russia does not want war" reads as "Sergey Lavrov said Russia does not want war"."""
    if antecedent is None:
        return claim_text
    first = piece[0]
    if first.tag_ not in ("WP", "WDT", "WP$"):
        return claim_text
    name = " ".join(
        t.text for t in antecedent.subtree if t.i <= antecedent.i and not t.is_punct and t.dep_ != "det"
    )
    rest = claim_text[len(first.text) :].lstrip()
    return f"{name} {rest}" if name else claim_text
