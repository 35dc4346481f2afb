"""Find attributions (who says what) in a parsed spaCy Doc.

Three sources of evidence, combined:
- reporting verbs from `lexicon.REPORTING_VERBS` whose dependency parse gives a speaker
  (`nsubj`, the agent of a passive, or the subject inherited from the governing verb for
  "..., adding that ...", or one of the misparse repairs in `misparse.py`) and a content
  (`ccomp`; the infinitive of a promise or request; the quantity a forecast names; or a
  quotation next to the verb);
- "according to X" (`X` is the object of "to");
- quotation marks (`quotes.find_quotes`): a quote next to a reporting verb is a direct quote
  even when the parse of a long quote is broken; a quote that starts a sentence right after
  an attribution, with no verb of its own, continues that speaker's words, and so does a quote
  reopened paragraph after paragraph; a headline "Name: 'quote'" is a cue-less direct quote.

Spans follow PARC 3.0 (Pareti 2016): the source is the whole speaker phrase (titles,
appositions, relative clauses), the cue is the reporting verb or "according to", the content
is the reported clause without its complementizer and, for a mixed quote, with its marks.

This module only locates spans (speaker head token, source/cue/content offsets); deciding
what kind of speaker it is, and who, is `speakers.py`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.analyze.lexicon import (
    ACCUSATION_VERBS,
    ADDRESSEE_VERBS,
    BELIEF_VERBS,
    COMMISSIVE_VERBS,
    FORECAST_VERBS,
    IDIOMATIC_SUBJECTS,
    INFINITIVE_REPORT_VERBS,
    NEGATING_GOVERNORS,
    NOMINAL_CONTENT_VERBS,
    PHRASAL_REPORTING_VERBS,
    QUOTE_ONLY_VERBS,
    RAISING_PASSIVES,
    RELATIVE_PRONOUNS,
    REPORTING_VERBS,
    TITLE_NOUNS,
    WRITER_PRONOUNS,
)
from newsprism.analyze.misparse import (
    appositive_speaker,
    described_name_speaker,
    plausible_speaker,
    reduced_relative_speaker,
    speaker_after_quote,
    speaker_after_verb,
)
from newsprism.analyze.quotes import Quote
from newsprism.model import Span

# Demonstratives as subjects ("That said, ...", "This suggests ...") are the writer's reasoning.
_DEMONSTRATIVES = {"this", "that", "these", "those"}
_COMPLEMENT_DEPS = {"ccomp"}
_CLOSING_QUOTES = {"”", "''", '"', "’", "»"}
_EDGE_PUNCT = set(" \t\n\r,;:—–-\"“”„«»'‘’`()[]")


@dataclass(frozen=True)
class Found:
    """One attribution located in the text, before its speaker is classified.

    `speaker_token` is the head of the speaker phrase (None for an agentless passive or a
    quote continuing an earlier speaker, see `continues`); `source` its span as written."""

    form: str  # "verb" | "according_to" | "continuation" | "label" (headline "Name: 'quote'")
    cue: Span | None
    cue_text: str | None
    speaker_token: int | None
    source: Span | None
    content: Span
    quoted: bool  # the content is a quotation (the words inside the marks)
    continues: "Found | None" = None  # for "continuation": the attribution it carries on


# ---- span helpers ---------------------------------------------------------------------------


def _char_span(doc, first: int, last: int) -> Span | None:
    """Characters of tokens first..last (inclusive), without edge punctuation/spaces."""
    # A sentence's closing stop and layout whitespace are not part of what was said.
    while last > first and (doc[last].is_space or doc[last].text in {".", ";"}):
        last -= 1
    if first > last:
        return None
    start = doc[first].idx
    end = doc[last].idx + len(doc[last].text)
    text = doc.text
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    if end < len(text) and text[end] == ")" and text.count("(", start, end) > text.count(")", start, end):
        end += 1  # "Rep. Edward Markey (D-Mass.)" keeps its closing parenthesis
    return Span(start, end) if end > start else None


def _strip_mark(doc, first: int, last: int) -> int:
    """Skip a leading complementizer "that" and punctuation of a content clause."""
    while first <= last and (doc[first].is_punct or doc[first].is_space or (
        doc[first].dep_ == "mark" and doc[first].lower_ == "that"
    )):
        first += 1
    return first


class _QuoteIndex:
    def __init__(self, doc, quotes: tuple[Quote, ...]):
        self.quotes = quotes
        self.token_quote: dict[int, int] = {}
        qi = 0
        for tok in doc:
            while qi < len(quotes) and quotes[qi].end <= tok.idx:
                qi += 1
            # The opening mark itself (idx == open_mark) belongs to the frame, not the words.
            if qi < len(quotes) and quotes[qi].open_mark < tok.idx < quotes[qi].end:
                self.token_quote[tok.i] = qi

    def inside(self, token_i: int) -> int | None:
        return self.token_quote.get(token_i)


# ---- speaker --------------------------------------------------------------------------------


def _subject_of(verb, *, allow_passive_subject: bool = False):
    """The speaker head token for a reporting verb and whether the verb is an agentless
    passive. Returns (token | None, agentless: bool, ok: bool)."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        # Several subjects are a misparse ("In an e-mail ..., Henry said" read with "-" and
        # "mail" as subjects too): the one that can speak, nearest the verb, is the speaker.
        speaking = [c for c in subjects if plausible_speaker(c)]
        return min(speaking or subjects[:1], key=lambda c: abs(verb.i - c.i)), False, True
    for child in verb.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0], False, True
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            if allow_passive_subject:
                return child, False, True
            return None, True, True
    if any(c.dep_ == "auxpass" for c in verb.children):
        return None, True, True
    head = verb.head
    if head is verb:
        return None, False, False
    if verb.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        subject = _subject_of(head)
        if plausible_speaker(subject[0]):
            return subject
        outer = _reporting_ancestor(head)
        if outer is not None:
            # "X said the pool would reopen and promised ...": the parser often hangs the
            # second reporting verb inside the first one's content; a subject that cannot
            # speak ("the pool") tells us it belongs to the outer verb.
            return _subject_of(outer)
        # "the strike shut shops and [...] said ...": an inherited subject that cannot speak
        # means the coordination was misread; better no attribution than a wrong speaker.
        return (None, False, False) if subject[0] is not None else subject
    if verb.dep_ in {"advcl", "xcomp"} and head.pos_ in {"VERB", "AUX"}:
        if head.lemma_.lower() in NEGATING_GOVERNORS:
            return None, False, False
        if verb.tag_ == "VBG" or verb.dep_ == "xcomp":
            # "..., adding that" / "went on to say": the governing verb's subject speaks;
            # "X was quoted as saying" makes the passive subject the speaker.
            subject = _subject_of(head, allow_passive_subject=head.lemma_.lower() == "quote")
            outer = _reporting_ancestor(head)
            if outer is not None and (subject[0] is None or subject[0].pos_ == "PRON"
                                      or not plausible_speaker(subject[0])):
                # "Lawyers said they would appeal, arguing that ...": the participle goes
                # with the outer report when the inner clause has no distinct speaker.
                return _subject_of(outer)
            return subject
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in {"NOUN", "PROPN"}:
        if plausible_speaker(head) or head.lemma_.lower() in _MEDIUM_NOUNS:
            return head, False, True  # "a statement saying that ..."
        if head.dep_ == "dobj" and head.head.pos_ in {"VERB", "AUX"}:
            # "An official downplayed the unrest saying that ...", the comma left out: the
            # participle goes with whoever did the downplaying, not with "the unrest".
            subject = _subject_of(head.head)
            if plausible_speaker(subject[0]):
                return subject
    return None, False, False


_MEDIUM_NOUNS = frozenset(
    "statement interview email e-mail conversation call conference speech post tweet letter "
    "release briefing message note video broadcast comment remark testimony address appearance "
    "column podcast".split()
)


def _is_medium_phrase(prep) -> bool:
    """"in a statement", "on Twitter"-like phrases say how something was said, not who."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return prep.lower_ in {"in", "during", "via"} and bool(objs) and objs[0].lemma_.lower() in _MEDIUM_NOUNS


def _reporting_ancestor(tok):
    """The reporting verb whose clausal complement contains `tok`, if any (same sentence)."""
    node = tok
    while node.dep_ in {"ccomp", "conj"} and node.head.i != node.i:
        node = node.head
        if node.pos_ == "VERB" and node.lemma_.lower() in REPORTING_VERBS and node.i != tok.i:
            return node
    return None


def _source_span(doc, head, quotes: _QuoteIndex, exclude: set[int]) -> Span | None:
    """The full noun phrase of the speaker (PARC-style), minus quotes and the content."""
    exclude = set(exclude)
    for t in head.subtree:
        if t.dep_ == "prep" and t.head.i == head.i and t.i > head.i and _is_medium_phrase(t):
            exclude |= {x.i for x in t.subtree}  # "Shavlik Technologies in a statement"
        if t.dep_ == "relcl" and t.head.i == head.i and t.i > head.i and _is_cue(t)[0] and _complement(t) is not None:
            exclude |= {x.i for x in t.subtree}
    tokens = [t.i for t in head.subtree if t.i not in exclude and quotes.inside(t.i) is None]
    if not tokens:
        return None
    # keep the contiguous run around the head
    first = last = head.i
    present = set(tokens)
    # Leftwards a speaker phrase holds determiners and modifiers; a comma, a conjunction or
    # a clause verb there means the parse folded a preceding clause into the subject.
    while first - 1 in present and not _breaks_np_leftwards(doc[first - 1]):
        first -= 1
    for t in head.subtree:  # a verb coordinated with the noun is a misparse: stop before it
        if t.i > head.i and t.dep_ == "conj" and t.pos_ in {"VERB", "AUX"} and t.head.i == head.i:
            present -= set(range(t.left_edge.i, t.right_edge.i + 1))
            cut = t.left_edge.i - 1
            while cut > head.i and (doc[cut].dep_ == "cc" or doc[cut].is_punct):
                present.discard(cut)
                cut -= 1
    while last + 1 in present:
        last += 1
    while first < head.i and doc[first].dep_ in {"cc", "punct"}:
        first += 1
    return _char_span(doc, first, last)


def _np_end(head) -> int:
    """Right edge of a noun phrase, leaving out a trailing relative clause that makes its
    own report ("court records, which indicate he ...")."""
    last = head.right_edge.i
    for child in head.children:
        if child.dep_ == "relcl" and child.i > head.i and _is_cue(child)[0] and _complement(child) is not None:
            cut = child.left_edge.i
            while cut - 1 > head.i and head.doc[cut - 1].is_punct:
                cut -= 1
            last = min(last, cut - 1)
    return last


def _breaks_np_leftwards(tok) -> bool:
    if tok.text in {",", ";", ":", "—", "–", "(", ")"} or tok.dep_ == "cc":
        return True
    return tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"amod", "compound", "nmod"}


def _relative_antecedent(subj):
    """For "Lavrov, who said ...", the speaker is the noun the relative clause modifies; also
    when the reporting verb is coordinated inside the clause ("an employee who had followed
    her in and had yelled ..."). A relative pronoun with no clause to anchor it ("... which
    would suggest ...") is the writer's reasoning: (None, None)."""
    if subj is None or subj.lower_ not in RELATIVE_PRONOUNS or subj.tag_ not in {"WP", "WDT"}:
        return subj, set()  # "The WHO said ..." is a name, not a relative pronoun
    clause = subj.head
    if clause.dep_ == "relcl" and clause.head.i != clause.i:
        return clause.head, {t.i for t in clause.subtree}
    return None, None


# ---- content --------------------------------------------------------------------------------


def _complement(verb):
    comps = [c for c in verb.children if c.dep_ in _COMPLEMENT_DEPS]
    addressee = verb.lemma_.lower() in ADDRESSEE_VERBS
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not addressee and objects:
        # "added 12 points for the Cardinals, who have won ...": with a real object the
        # verb is not reporting; a clause after it is a parse slip.
        comps = [c for c in comps if c.i < objects[0].i]
    if not comps:
        # "told a judge that Lohan was settling in", "said in a statement that it was ...":
        # the that-clause gets parsed as a clause on the nearby noun.
        # After an addressee ("told the jury the defendant had lied") "that" may be dropped.
        nouns = [(o, False) for o in objects] if addressee else []
        nouns += [(o, True) for p in verb.children if p.dep_ == "prep" and p.i > verb.i
                  for o in p.children if o.dep_ == "pobj"]
        comps = [
            c for noun, needs_that in nouns for c in noun.children
            if c.dep_ in {"acl", "relcl"} and c.i > noun.i
            and (not needs_that or any(m.dep_ == "mark" or m.lower_ == "that" for m in c.children))
            and any(m.dep_ in {"nsubj", "nsubjpass"} and m.lower_ not in RELATIVE_PRONOUNS for m in c.children)
        ]
    if addressee:
        # "told the BBC's Today programme the target was ...": the parser made the addressee
        # the complement and hung the real clause under it.
        comps = [_clause_under_addressee(c) for c in comps]
    comps = [c for c in comps if _is_finite_clause(c)]
    if not comps:
        return None
    after = [c for c in comps if c.i > verb.i]
    return after[0] if after else comps[-1]


def _clause_under_addressee(comp):
    if comp.pos_ not in {"NOUN", "PROPN"} or any(c.dep_ in {"nsubj", "nsubjpass"} for c in comp.children):
        return comp
    inner = [c for c in comp.children if c.dep_ in {"ccomp", "relcl", "acl"} and c.i > comp.i
             and any(g.dep_ in {"nsubj", "nsubjpass"} and g.i > comp.i for g in c.children)]
    return inner[0] if inner else comp


def _reports_for_another(verb, comp) -> bool:
    """A subjectless reporting verb coordinated inside a content clause makes its own report
    for a speaker other than the clause's subject: "the mayor said the pool would reopen and
    promised ...", not "Kerr said Hale called him in and said, '...'" (Hale speaks)."""
    speaker = _subject_of(verb)[0]
    own = next((c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    # A pronoun subject ("X says he has ... and believes ...") is most often the speaker
    # again: the second verb is a second report either way.
    if speaker is not None and own is not None and speaker.i == own.i and own.pos_ != "PRON":
        return False
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return (
        _complement(verb) is not None
        or any(t.text in {":", '"', "“", "‘"} for t in verb.subtree)
        or (following is not None and following.lower_ == "that")  # "and promised that ..."
    )


def _is_finite_clause(head) -> bool:
    """A reported clause has a tensed verb or a complementizer; "found the car abandoned"
    (a small clause) does not report anything, nor does "found the 16-year-old with ..."
    read as a clause headed by an adjective without a subject."""
    if head.tag_ in {"VBD", "VBZ", "VBP", "MD"}:
        return True
    if any(c.dep_ in {"aux", "auxpass", "mark"} for c in head.children):
        return True
    return head.pos_ not in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in head.children)


def _subtree_bounds(tok) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i


def _clause_content(doc, verb, comp, blocked: set[int]) -> Span | None:
    first, last = _subtree_bounds(comp)
    # "said A and promised B": a subjectless reporting verb conjoined to the content is the
    # speaker's second statement, not part of the first.
    for child in comp.children:
        coordinated = child.dep_ == "conj" or (child.dep_ == "advcl" and child.tag_ == "VBG")
        if coordinated and child.i > comp.i and _is_cue(child)[0] and not any(
            c.dep_ in {"nsubj", "nsubjpass"} for c in child.children
        ) and _reports_for_another(child, comp):
            cut = child.left_edge.i
            while cut - 1 > comp.i and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
                cut -= 1
            last = min(last, cut - 1)
    if comp.i < verb.i:  # inverted: "..., X said": stop before the speaker and the verb
        stop = min([verb.i] + [b for b in blocked if b > first])
        last = min(last, stop - 1)
    else:
        first = max(first, verb.i + 1)
    last = _without_trailing_frame(doc, first, last)
    first = _strip_mark(doc, first, last)
    return _char_span(doc, first, last)


def _without_trailing_frame(doc, first: int, last: int) -> int:
    """Last token of a content clause without a trailing comma-phrase that belongs to the
    frame: how it was said (", in his most explicit comments yet") or a second report set
    against it (", though he admitted ...", ", even as a new poll showed ...")."""
    for tok in doc[first + 1 : last + 1]:
        start = tok.left_edge.i
        if start <= first or doc[start - 1].text != "," or tok.right_edge.i < last - 1:
            continue
        medium = tok.dep_ == "prep" and _is_medium_phrase(tok)
        report = tok.dep_ == "advcl" and any(
            _is_cue(t) == (True, False) and any(c.dep_ == "nsubj" and plausible_speaker(c) for c in t.children)
            for t in tok.subtree
        )
        if medium or report:
            return start - 2
    return last


def _accusation_content(doc, verb) -> Span | None:
    prep_word = ACCUSATION_VERBS.get(verb.lemma_.lower())
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not objs:
        return None
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == prep_word]
    preps += [t for t in objs[0].subtree if t.dep_ == "prep" and t.lower_ == prep_word]
    if not preps:
        return None
    return _char_span(doc, objs[0].left_edge.i, max(p.right_edge.i for p in preps))


def _quantity_object(doc, verb) -> Span | None:
    """A forecast whose object is a quantity ("expect three rate cuts this year", "forecast
    growth of 2%") states a prediction, as a clause would."""
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objs or not any(t.like_num or t.text in {"$", "%", "€", "£"} for t in objs[0].subtree):
        return None
    last = max(t.i for t in verb.subtree if t.i > verb.i and not t.is_punct)
    return _char_span(doc, objs[0].left_edge.i, last)


def _infinitive_content(doc, verb, *, needs_addressee: bool) -> Span | None:
    """"promised to cut taxes", "urged Washington not to act": a promise or threat reports
    its infinitive, a request the person asked and the infinitive. A request without anyone
    asked ("asked not to be named") is about the speaker, not a report."""
    xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i
              and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)]
    if not xcomps:
        return None
    xcomp = xcomps[0]
    objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"} and verb.i < c.i < xcomp.i]
    if needs_addressee and not objects:
        return None
    first = objects[0].left_edge.i if objects else xcomp.left_edge.i
    return _char_span(doc, first, xcomp.right_edge.i)


def _raising_content(doc, verb) -> Span | None:
    """"X is said to have ...": the content is X plus the infinitive clause."""
    subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
    xcomp = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
    if not subj or not xcomp or subj[0].lower_ == "it":
        return None
    return _char_span(doc, subj[0].left_edge.i, xcomp[0].right_edge.i)


def _paratactic_content(doc, verb, sent) -> Span | None:
    """"Sales rose, the company said" parsed with 'said' hanging off the first clause: the
    content is everything before the comma that opens the speaker's clause."""
    if verb.dep_ in {"relcl", "acl", "amod"}:
        return None
    if any(c.dep_ == "mark" for c in verb.children):
        return None  # "..., even as a new poll showed ...": a subordinate clause, not a frame
    if any(c.dep_ in {"ccomp", "xcomp", "oprd", "acomp"} and c.i > verb.i for c in verb.children):
        return None  # the verb has its own complement: it is not closing the sentence's report
    left = _frame_start(doc, verb)
    right = verb.right_edge.i
    while right > verb.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if left <= sent.start or doc[left - 1].text not in {",", "—", "–"}:
        return None
    if any(t.pos_ in {"VERB", "AUX"} for t in doc[left : verb.i] if t.dep_ not in {"aux", "neg"}):
        return None
    rest = [t for t in doc[right + 1 : sent.end] if not (t.is_punct or t.is_space)]
    if not rest:  # "Sales rose, the company said."
        if verb.head.i > verb.i:
            return None
        first = _strip_mark(doc, sent.start, left - 2)
        if not _has_clause(doc[first : left - 1]):
            return None  # "In her profile on the web site, Benjamin writes about ..."
        return _char_span(doc, first, left - 2)
    takes_object = any(c.dep_ in {"dobj", "xcomp", "attr", "oprd", "dative"} for c in verb.children)
    if not takes_object and right + 1 < sent.end and doc[right + 1].text in {",", "—", "–"}:
        # "By the time police arrived, Owen said, there was no hope": the speaker's clause is
        # a parenthetical; the claim is the whole sentence around it. When what follows is
        # only an adjunct ("..., officials say, with outbreaks concentrated in ..."), the
        # claim is the clause before the frame.
        after = doc[right + 2 : _last_word(doc, sent) + 1]
        before = doc[sent.start : left - 1]
        adjunct = len(after) > 0 and (after[0].pos_ == "ADP" or after[0].lower_ == "including")
        if adjunct and not _has_finite(after) and _has_finite(before) and before[-1].pos_ not in {"ADP", "SCONJ", "DET"}:
            return _char_span(doc, _strip_mark(doc, sent.start, left - 2), left - 2)
        return _char_span(doc, _strip_mark(doc, sent.start, sent.end - 1), _last_word(doc, sent))
    return None


def _frame_start(doc, verb) -> int:
    """First token of the speaker clause "X (has) said": the subject's left edge."""
    first = verb.i
    for child in verb.children:
        if child.i < verb.i and child.dep_ in {"nsubj", "aux", "neg", "advmod"}:
            first = min(first, child.left_edge.i)
    return first


def _last_word(doc, sent) -> int:
    last = sent.end - 1
    while last > sent.start and (doc[last].is_punct or doc[last].is_space) and doc[last].text not in _CLOSING_QUOTES:
        last -= 1
    return last


def _colon_content(doc, verb, sent) -> Span | None:
    nxt = verb.i + 1
    while nxt < sent.end and doc[nxt].dep_ in {"advmod", "prep", "pobj", "det", "amod", "compound", "npadvmod"} and doc[nxt].text != ":":
        nxt += 1
    if nxt < sent.end - 1 and doc[nxt].text == ":":
        return _char_span(doc, nxt + 1, sent.end - 1)
    return None


# ---- quotes next to a verb ------------------------------------------------------------------


def _frame_tokens_ok(doc, tokens, verb, subj_tokens: set[int], comp_tokens: set[int],
                     quote_tokens: set[int] = frozenset()) -> bool:
    """Tokens between a verb and a quote may only be punctuation, 'that', the speaker phrase
    and the verb's own objects/adverbials: anything else means the quote is not the content.
    A word that depends on a quoted word ("\"deeply regrets\" the outcome, his spokesman
    said") belongs to the quoted clause, so the quote is only part of the content."""
    verb_subtree = {t.i for t in verb.subtree}
    for t in tokens:
        if t.is_punct or t.is_space or t.i in subj_tokens:
            continue
        if quote_tokens and t.pos_ != "DET" and t.dep_ != "mark" and _depends_on(t, quote_tokens, verb.i):
            return False
        if t.dep_ == "mark" and t.lower_ == "that":
            continue
        if t.i in verb_subtree and t.i not in comp_tokens and t.pos_ != "VERB":
            continue
        if t.dep_ in {"aux", "auxpass", "neg", "advmod"} and t.head.i == verb.i:
            continue
        return False
    return True


def _depends_on(tok, targets: set[int], stop: int) -> bool:
    """Whether the head chain of `tok` reaches one of `targets` before `stop` (or the root)."""
    node, steps = tok, 0
    while node.head.i != node.i and node.i != stop and steps < 8:
        node, steps = node.head, steps + 1
        if node.i in targets:
            return True
    return False


def _adjacent_quotes(doc, verb, sent, quotes: _QuoteIndex, subj, comp) -> dict[str, int]:
    """Index of the quote right before and right after `verb` in its sentence, when only
    frame tokens separate them."""
    subj_tokens = {t.i for t in subj.subtree} if subj is not None else set()
    comp_tokens = {t.i for t in comp.subtree} if comp is not None else set()
    found: dict[str, int] = {}
    verb_end = verb.idx + len(verb.text)
    for qi, q in enumerate(quotes.quotes):
        if q.end <= verb.idx and (q.end >= sent.start_char or _frame_split_off(doc.text, q, sent, comp)):
            between = [t for t in sent if q.end <= t.idx < verb.idx]
            inside = _tokens_in(doc, q)
            if _frame_tokens_ok(doc, between, verb, subj_tokens, comp_tokens - inside, inside):
                found["before"] = qi
        elif q.open_mark >= verb_end and q.open_mark < sent.end_char and "after" not in found:
            between = [t for t in sent if verb_end <= t.idx < q.open_mark]
            inside = _tokens_in(doc, q)
            if _frame_tokens_ok(doc, between, verb, subj_tokens, comp_tokens - inside, inside):
                found["after"] = qi
            break
    return found


def _frame_split_off(text: str, q: Quote, sent, comp) -> bool:
    """"“I'm hosting the Oscars!” DeGeneres said.": the parser ends a sentence at the "!" or
    "?" inside the marks, leaving the frame as a sentence of its own with nothing to report;
    the quote just before it is its content."""
    if comp is not None or text[q.end : sent.start_char].strip():
        return False
    return text[q.interior.start : q.end].rstrip("”\"»' \t\n").endswith(("!", "?"))


def _tokens_in(doc, q: Quote) -> set[int]:
    span = doc.char_span(q.open_mark, q.end, alignment_mode="expand")
    return {t.i for t in span} if span is not None else set()


def _quote_tokens(doc, q: Quote):
    span = doc.char_span(q.interior.start, q.interior.end, alignment_mode="expand")
    return list(span) if span is not None else []


def _has_clause(tokens) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} for t in tokens)


def _quote_attaches(doc, q: Quote, verb) -> bool:
    """The quote hangs off the verb as its complement, not as the object of a preposition or
    a noun inside it ("warning about the 'horrific casualties'" quotes a phrase, it does not
    report speech). A long quote often parses badly; when no head chain reaches the verb we
    trust the adjacency check alone."""
    tokens = _quote_tokens(doc, q)
    inside = {t.i for t in tokens}
    clause = _has_clause(tokens)
    reached = False
    for tok in tokens:
        if tok.head.i in inside:
            continue
        if tok.is_punct:
            continue
        node, steps = tok, 0
        while node.i != verb.i and steps < 3 and node.head.i != node.i:
            if node is not tok and node.pos_ in {"ADP", "NOUN", "PROPN", "PRON"}:
                return False
            if node.dep_ == "pobj":
                return False
            node, steps = node.head, steps + 1
        if node.i == verb.i:
            reached = True
            if tok.dep_ in {"dobj", "pobj", "attr", "nsubj", "nsubjpass"} and not clause:
                return False  # "explain its 'military operations'": a quoted noun phrase
    return reached or clause or len(tokens) <= 12


def _quote_is_whole_content(doc, q: Quote, comp, side: str) -> bool:
    """A quote next to the verb is the content unless the clause runs on past it with more
    words ("said 'something' was in the responses" is an indirect, mixed quote). A quote that
    is itself a clause is the content even if the writer adds a phrase after it."""
    if comp is None or _has_clause(_quote_tokens(doc, q)):
        return True
    first, last = _subtree_bounds(comp)
    words_outside = [
        t for t in doc[first : last + 1]
        if not (t.is_punct or t.is_space) and not (q.open_mark <= t.idx < q.end)
        and not (t.dep_ == "mark" and t.lower_ == "that")
    ]
    if side == "after":
        words_outside = [t for t in words_outside if t.idx >= q.end]
    else:
        words_outside = [t for t in words_outside if t.idx < q.open_mark]
    return len(words_outside) < 2


# ---- the extractor --------------------------------------------------------------------------


def _is_cue(verb) -> tuple[bool, bool]:
    """(is a reporting verb, counts only next to a quote)."""
    if verb.pos_ != "VERB":
        return False, False
    lemma = verb.lemma_.lower()
    particles = {c.lower_ for c in verb.children if c.dep_ in {"prt", "acomp", "advmod"}}
    if any((lemma, p) in PHRASAL_REPORTING_VERBS for p in particles):
        return True, False
    if any(c.dep_ == "prt" for c in verb.children):
        return False, False  # a particle changes the verb: "show up", "hold out", "add up"
    if lemma in REPORTING_VERBS:
        return True, False
    if lemma in QUOTE_ONLY_VERBS:
        return True, True
    return False, False


def _cue_span(doc, verb) -> Span:
    last = verb.i
    for child in verb.children:
        if child.dep_ == "prt" and child.i == last + 1:
            last = child.i
    return Span(verb.idx, doc[last].idx + len(doc[last].text))


@dataclass(frozen=True)
class _Frame:
    """Who speaks through one reporting verb: the speaker head (None when agentless), the
    parsed subject, tokens that are not part of the speaker phrase, and, when a misparse
    repair found them, the speaker phrase and content spans themselves."""

    speaker: object | None
    subject: object | None
    agentless: bool
    excluded: frozenset[int] = frozenset()
    source: Span | None = None
    content: Span | None = None


def _frame_of(doc, verb, sent) -> _Frame | None:
    """The speaker side of a reporting verb, or None when the verb reports nothing (the
    writer's own "I think", "That said", "All told", a belief with no one holding it)."""
    subj, agentless, ok = _subject_of(verb)
    repair = reduced_relative_speaker(verb) or described_name_speaker(verb)
    if repair is None:
        inverted = speaker_after_verb(verb)
        # The phrase after "“…,” said" holds the speaker. It replaces the parsed subject when
        # that cannot speak, or when the subject's phrase stops short of it: the parser split
        # the speaker phrase ("said [ABC Entertainment Group] [prexy Paul Lee]").
        if inverted is not None and (
            subj is None
            or not plausible_speaker(subj)
            or inverted.source.start <= subj.idx < inverted.source.end
            and subj.right_edge.idx + len(subj.right_edge) < inverted.source.end
        ):
            repair = inverted
    if repair is None and (not ok or subj is None or not plausible_speaker(subj)):
        repair = appositive_speaker(verb, sent, subj) or speaker_after_quote(verb)
    if repair is not None:
        return _Frame(repair.speaker, repair.speaker, False, frozenset(), repair.source, repair.content)
    if not ok:
        return None
    if subj is not None and subj.dep_ == "csubj":
        return None  # "Choosing her signals that ...": a clause is no speaker; the writer infers
    if subj is not None and (
        subj.lower_ in WRITER_PRONOUNS
        or (subj.lower_ in _DEMONSTRATIVES and not list(subj.children) and verb.dep_ != "relcl")
        or (verb.lemma_.lower(), subj.lower_) in IDIOMATIC_SUBJECTS and not list(subj.children)
    ):
        return None
    if verb.lemma_.lower() in BELIEF_VERBS and subj is None and not agentless:
        return None
    speaker, excluded = _relative_antecedent(subj)
    if excluded is None:
        return None
    if speaker is not None and verb.dep_ == "acl" and speaker.i == verb.head.i:
        excluded = {t.i for t in verb.subtree}  # "a statement saying ...": not the source
    return _Frame(speaker, subj, agentless, frozenset(excluded))


def _quote_is_content(doc, q: Quote, verb, comp, side: str, speaker, quote_only: bool) -> bool:
    """Whether a quote next to a reporting verb is what the verb reports."""
    inside = _tokens_in(doc, q)
    if speaker is not None and speaker.i in inside:
        return False  # "Kerr was 'a confessed liar' who was testifying": the quote is the speaker
    if quote_only and not _set_off(doc.text, q, verb, side):
        return False  # "would begin 'in the coming weeks'": a manner verb needs "'...,' she began"
    return _quote_attaches(doc, q, verb) and _quote_is_whole_content(doc, q, comp, side)


def _set_off(text: str, q: Quote, verb, side: str) -> bool:
    """The quote is set off from its frame by punctuation: ",' she said" or "said: '".
    The comma or stop may sit inside the marks ("go,' she") or outside them."""
    if side == "before":
        inside = text[q.interior.start : q.end].rstrip("”\"»' \t\n")
        return inside[-1:] in set(",!?…’'") or text[q.end : verb.idx].lstrip().startswith(",")
    frame = text[verb.idx + len(verb.text) : q.open_mark]
    return bool(set(frame) & set(",:")) or frame.rstrip().endswith(" as")  # "describing him as '...'"


def find_attributions(doc, quotes: tuple[Quote, ...]) -> list[Found]:
    """Every attribution in the document, in text order of their content."""
    qindex = _QuoteIndex(doc, quotes)
    found: list[Found] = []
    # A quote goes to the nearest verb that claims it: quote index -> (distance, slot).
    quote_owner: dict[int, tuple[int, int]] = {}
    dropped: set[int] = set()

    for sent in doc.sents:
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
                if qindex.inside(tok.i) is None:
                    item = _according_to(doc, tok, sent, qindex)
                    if item is not None:
                        found.append(item)
                continue
            is_cue, quote_only = _is_cue(tok)
            if not is_cue or qindex.inside(tok.i) is not None:
                continue
            frame = _frame_of(doc, tok, sent)
            if frame is None:
                continue
            speaker, subj = frame.speaker, frame.subject
            comp = _complement(tok)
            adjacent = {} if frame.content is not None else _adjacent_quotes(doc, tok, sent, qindex, subj, comp)
            cue = _cue_span(doc, tok)
            made_direct = False
            for side, qi in sorted(adjacent.items()):
                q = quotes[qi]
                if not _quote_is_content(doc, q, tok, comp, side, speaker, quote_only):
                    continue
                distance = (tok.idx - q.end) if side == "before" else (q.open_mark - cue.end)
                previous = quote_owner.get(qi)
                if previous is not None and previous[0] <= distance:
                    continue
                blocked = _tokens_in(doc, q) | frame.excluded
                source = frame.source
                if source is None and speaker is not None:
                    source = _source_span(doc, speaker, qindex, blocked)
                item = Found("verb", cue, doc.text[cue.start : cue.end], speaker.i if speaker is not None else None,
                             source, q.interior, True)
                if previous is not None:
                    dropped.add(previous[1])
                quote_owner[qi] = (distance, len(found))
                found.append(item)
                made_direct = True
            if made_direct or quote_only:
                continue
            content = frame.content or _indirect_content(doc, tok, sent, comp, speaker, frame.agentless)
            if content is None:
                continue
            source = frame.source
            if source is None and speaker is not None:
                blocked = set(range(_first_token(doc, content), _last_token(doc, content) + 1)) | frame.excluded
                blocked.discard(speaker.i)
                source = _source_span(doc, speaker, qindex, blocked)
            content, quoted = _quote_as_content(doc, content, qindex)
            found.append(Found("verb", cue, doc.text[cue.start : cue.end], speaker.i if speaker is not None else None,
                               source, content, quoted))

    found = [f for i, f in enumerate(found) if i not in dropped]
    found.extend(_labelled_quotes(doc, quotes, found))
    found.extend(_continuations(doc, quotes, found))
    found.sort(key=lambda f: (f.content.start, f.cue.start if f.cue else -1))
    return found


def _first_token(doc, span: Span) -> int:
    s = doc.char_span(span.start, span.end, alignment_mode="expand")
    return s.start if s is not None else 0


def _last_token(doc, span: Span) -> int:
    s = doc.char_span(span.start, span.end, alignment_mode="expand")
    return s.end - 1 if s is not None else -1


def _indirect_content(doc, verb, sent, comp, speaker, agentless: bool) -> Span | None:
    if comp is not None:
        blocked = {t.i for t in speaker.subtree} if speaker is not None else set()
        return _clause_content(doc, verb, comp, blocked)
    lemma = verb.lemma_.lower()
    if lemma in ACCUSATION_VERBS:
        return _accusation_content(doc, verb)
    if lemma in NOMINAL_CONTENT_VERBS and plausible_speaker(speaker):
        objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
        if objs:  # "denied the allegations", "confirmed the actress's stay"
            return _char_span(doc, objs[0].left_edge.i, objs[0].right_edge.i)
    if agentless and lemma in RAISING_PASSIVES:
        return _raising_content(doc, verb)
    if lemma in FORECAST_VERBS and plausible_speaker(speaker):
        forecast = _quantity_object(doc, verb)
        if forecast is not None:  # "Northwind expects earnings of $3.10 a share"
            return forecast
    if lemma in INFINITIVE_REPORT_VERBS and plausible_speaker(speaker):
        infinitive = _infinitive_content(doc, verb, needs_addressee=lemma not in COMMISSIVE_VERBS)
        if infinitive is not None:
            return infinitive
    if speaker is None:
        return None
    return _paratactic_content(doc, verb, sent) or _colon_content(doc, verb, sent)


def _according_to(doc, according, sent, qindex: _QuoteIndex) -> Found | None:
    to = doc[according.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if objs:
        head = objs[0]
    else:  # parse slip: take the noun phrase that follows
        chunk = next((nc for nc in doc.noun_chunks if nc.start == to.i + 1), None)
        if chunk is None:
            return None
        head = chunk.root
    src_first, src_last = head.left_edge.i, _np_end(head)
    source = _char_span(doc, src_first, src_last)
    last = _last_word(doc, sent)
    left = _char_span(doc, sent.start, according.i - 1) if according.i > sent.start else None
    first = _strip_mark(doc, src_last + 1, last)
    right = _char_span(doc, first, last) if first <= last else None
    if left is None and right is None:
        return None
    # The phrase modifies a clause: take the side that clause is on.
    modified = according.head
    if right is None or (left is not None and modified.i < according.i and modified.i >= sent.start):
        content = left
    else:
        content = right
    # A side without a tensed verb is not the claim ("..., according to figures updated on
    # Wednesday": the participle still describes the figures).
    left_finite = according.i > sent.start and _has_finite(doc[sent.start : according.i])
    right_finite = first <= last and _has_finite(doc[first : last + 1])
    if content is right and left is not None and left_finite and not right_finite:
        content = left
    elif content is left and right is not None and right_finite and not left_finite:
        content = right
    if content is left and right is not None and not right_finite and doc[first].tag_ in {"VBN", "VBG"}:
        source = _char_span(doc, src_first, last)
    if content is None:
        return None
    cue = Span(according.idx, to.idx + len(to.text))
    content, quoted = _quote_as_content(doc, content, qindex)
    return Found("according_to", cue, doc.text[cue.start : cue.end], head.i, source, content, quoted)


def _has_finite(tokens) -> bool:
    return any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in tokens)


def _quote_as_content(doc, content: Span, qindex: _QuoteIndex) -> tuple[Span, bool]:
    """A content that is one quotation (marks aside) becomes the quoted words, which may run
    on past the sentence."""
    for q in qindex.quotes:
        if q.open_mark <= content.start <= q.interior.start + 1 and q.interior.end >= content.end - 2:
            return q.interior, True
    return _with_closing_mark(doc.text, content, qindex), False


def _with_closing_mark(text: str, content: Span, qindex: _QuoteIndex) -> Span:
    """A mixed quote ending the content ("said the veto was \"a disgrace.\"") keeps its
    closing mark (and a full stop inside it): edge trimming must not leave a mark unpaired."""
    for q in qindex.quotes:
        if content.start < q.open_mark < content.end < q.end and q.closed:
            # The quote may run on past the clause the parser gave us ("and said, 'Make the
            # numbers work. I don't care how.'"): a quotation is never cut in two.
            return Span(content.start, q.end)
    return content


_LABEL_MAX_TOKENS = 5


def _labelled_quotes(doc, quotes: tuple[Quote, ...], found: list[Found]) -> list[Found]:
    """Headline style "Harmon: 'I still have the hunger'": a short name or title, a colon,
    and a quotation that ends the sentence. The speaker is the label; there is no cue."""
    covered = [f.content for f in found]
    out = []
    for sent in doc.sents:
        colon = next((t for t in sent if t.text == ":"), None)
        if colon is None or colon.i == sent.start or colon.i - sent.start > _LABEL_MAX_TOKENS:
            continue
        q = next((q for q in quotes if q.open_mark > colon.idx), None)
        if q is None or doc.text[colon.idx + 1 : q.open_mark].strip() or q.end > sent.end_char + 1:
            continue
        if doc.text[q.end : sent.end_char].strip(" \t\n.") or any(c.overlaps(q.interior) for c in covered):
            continue
        label = doc[sent.start : colon.i]
        head = label.root
        named = head.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or head.pos_ == "PROPN"
        if not (named or head.lemma_.lower() in TITLE_NOUNS) or any(t.pos_ in {"VERB", "AUX"} for t in label):
            continue
        source = _char_span(doc, sent.start, colon.i - 1)
        if source is not None:
            out.append(Found("label", None, None, head.i, source, q.interior, True))
    return out


def _back_to_back(text: str, end: int, start: int) -> bool:
    """Nothing but marks and spaces between one quotation's words and the next's."""
    return not any(ch.isalnum() for ch in text[end:start])


def _continuations(doc, quotes: tuple[Quote, ...], found: list[Found]) -> list[Found]:
    """Quotes that open a sentence with no reporting verb of their own, right after an
    attribution, carry on that speaker's words (also the quote reopened in the next paragraph).
    A continuation passes the speaker on only to a quote that follows it with no words between
    (“…” “…” “…”)."""
    covered = [f.content for f in found]
    sentences = list(doc.sents)
    sent_starts = [s.start_char for s in sentences]
    out: list[Found] = []
    by_content_end = sorted(range(len(found)), key=lambda i: found[i].content.end)
    carried: tuple[Quote, Found] | None = None  # the last quote left open at a paragraph end
    for q in quotes:
        reopens = carried is not None and not doc.text[carried[0].end : q.open_mark].strip()
        if reopens and not any(c.overlaps(q.interior) for c in covered):
            # A quote running over paragraphs reopens each one: same speaker, same words.
            root = carried[1]
            out.append(Found("continuation", None, None, None, None, q.interior, True, root))
            covered.append(q.interior)
            carried = (q, root) if q.reopened else None
            continue
        carried = None
        owner = next((f for f in found if f.content == q.interior and f.quoted), None)
        if owner is not None and q.reopened:
            carried = (q, owner)
        if any(c.overlaps(q.interior) for c in covered):
            continue
        # the quote must open its sentence
        sent_i = max((i for i, s in enumerate(sent_starts) if s <= q.open_mark), default=None)
        if sent_i is None:
            continue
        sent = sentences[sent_i]
        if doc.text[sent.start_char : q.open_mark].strip():
            continue
        if sent_i == 0:
            continue
        prev = sentences[sent_i - 1]
        earlier = [
            found[i] for i in by_content_end
            if found[i].content.end <= q.open_mark and found[i].content.end >= prev.start_char
            and found[i].form != "continuation"
        ]
        earlier += [
            f for f in out
            if f.content.end <= q.open_mark and _back_to_back(doc.text, f.content.end, q.open_mark)
        ]
        if not earlier:
            continue
        source = max(earlier, key=lambda f: f.content.end)
        root = source.continues if source.form == "continuation" and source.continues is not None else source
        out.append(Found("continuation", None, None, None, None, q.interior, True, root))
        covered.append(q.interior)
        if q.reopened:
            carried = (q, root)
    return out
