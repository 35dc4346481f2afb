"""Pairs of claims from different articles that cannot both be true.

Checked between claims the alignment model confidently pairs (they state the same fact, so a
difference is a contradiction rather than a different fact), in one group or not:
  number   — the same kind of thing counted differently ("100,000 troops" / "130,000 troops");
  date     — the same kind of date differing for the same verb and doer ("opened fire on
             Friday" / "opened fire on Saturday"), dates of the reporting ("police said
             Saturday") and conversions to another time zone aside;
  negation — one asserts what the other negates ("agreed" / "did not agree"), judged on the
             main predicate, with negative verbs ("failed to", "refused to") counted as
             negation so paraphrases of one polarity do not clash; a negated bound ("not for
             more than eight years") limits an amount and denies nothing;
  speaker  — the same words credited to two different named people (or organisations).
And across the whole story:
  denial   — "X denies that Y" in one article while another asserts Y.
At most one conflict is reported per claim pair, the most specific first.
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import Sequence

import numpy as np

from newsprism.compare.ages import Age, disagreeing_ages
from newsprism.compare.align import pairs_at_least
from newsprism.compare.claims import PERSONAL_PRONOUNS, ClaimFacts, different_actors, same_name
from newsprism.compare.numbers import NUMBER_WORDS, SUPERLATIVE, Quantity
from newsprism.compare.quotes import carried_over_share, credits_a_place
from newsprism.compare.settings import CompareConfig
from newsprism.model import NAMED_SPEAKER_KINDS, AnalyzedArticle, Attribution, Conflict, outlet_label



def find_conflicts(
    alignment, analyzed: Sequence[AnalyzedArticle], group_of: dict[str, str], encoder, settings: CompareConfig
) -> tuple[Conflict, ...]:
    facts = alignment.facts
    found: dict[tuple[str, str], Conflict] = {}
    stated = _stated_amounts(facts)
    dated = _stated_dates(facts)

    def add(conflict: Conflict) -> None:
        key = tuple(sorted((conflict.a.id, conflict.b.id)))
        found.setdefault(key, conflict)

    # A contradiction needs the two claims to be confidently the same statement: their pair
    # probability, not only a shared group (a group gathers one fact's claims loosely, and
    # two accounts whose figures differ may land in neighbouring groups).
    for i, j, _ in pairs_at_least(alignment.probability, settings.conflict_min_probability):
        a, b = facts[i], facts[j]
        if a.article_index == b.article_index:
            continue
        a, b = (a, b) if (a.article_index, a.claim.span.start) < (b.article_index, b.claim.span.start) else (b, a)
        conflict = _pair_conflict(a, b, analyzed, settings, stated, dated)
        if conflict is not None:
            add(_with_group(conflict, group_of))
    # A person's age is the person's, whichever fact a report gives it with: checked across the
    # whole story, after the pairs (a pair's own finding names the pair first).
    for conflict in _age_conflicts(facts, analyzed):
        add(_with_group(conflict, group_of))
    for conflict in _denials(facts, alignment.embeddings, analyzed, encoder, settings):
        key = tuple(sorted((conflict.a.id, conflict.b.id)))
        found[key] = _with_group(conflict, group_of)  # a denial outranks a same-group finding
    return tuple(sorted(found.values(), key=_conflict_order(facts)))


def _age_conflicts(facts: Sequence[ClaimFacts], analyzed: Sequence[AnalyzedArticle]) -> list[Conflict]:
    """Two articles giving one named person ages two or more years apart (see `ages`)."""
    ages: dict[int, list[Age]] = {}
    fact_of: dict[tuple[int, int], ClaimFacts] = {}
    for fact in facts:
        for age in fact.ages:
            ages.setdefault(fact.article_index, []).append(age)
            fact_of[(fact.article_index, age.start)] = fact
    names = {i: [e.canonical or e.text for e in analyzed[i].entities if e.label == "PERSON"] for i in ages}
    out = []
    for ia, ib in combinations(sorted(ages), 2):
        for x, y in disagreeing_ages(ages[ia], ages[ib], names[ia], names[ib]):
            a, b = fact_of[(ia, x.start)], fact_of[(ib, y.start)]
            out.append(Conflict(
                "number", a.claim, b.claim,
                f"{_outlet(a, analyzed)} gives {x.person}'s age as {x.years}; {_outlet(b, analyzed)} as {y.years}",
            ))
    return out


def _conflict_order(facts: Sequence[ClaimFacts]):
    position = {f.claim.id: (f.article_index, f.claim.span.start) for f in facts}
    return lambda c: (position[c.a.id], position[c.b.id], c.type)


def _with_group(conflict: Conflict, group_of: dict[str, str]) -> Conflict:
    ga, gb = group_of.get(conflict.a.id), group_of.get(conflict.b.id)
    return Conflict(conflict.type, conflict.a, conflict.b, conflict.explanation, ga if ga == gb else None)


def _outlet(fact: ClaimFacts, analyzed: Sequence[AnalyzedArticle]) -> str:
    return outlet_label(analyzed[fact.article_index].article)


def _stated_dates(facts: Sequence[ClaimFacts]) -> dict[int, set[tuple[str, str]]]:
    """Every (kind, value) date each article gives, by article index."""
    out: dict[int, set[tuple[str, str]]] = {}
    for fact in facts:
        out.setdefault(fact.article_index, set()).update((kind, value) for kind, value, _ in fact.date_keys)
    return out


def _stated_amounts(facts: Sequence[ClaimFacts]) -> dict[int, list[Quantity]]:
    """Every counted amount each article states, by article index."""
    out: dict[int, list[Quantity]] = {}
    for fact in facts:
        out.setdefault(fact.article_index, []).extend(q for q in fact.quantities if q.unit and not q.modifier)
    return out


# "more than eight years", "fewer than 10", "less than a week": durations and dates are no
# Quantity, so the comparison is read from the words.
_COMPARED_AMOUNT = re.compile(
    r"\b(?:more|fewer|less|longer|shorter|greater|higher|lower|larger|smaller|older|younger)\s+than\s+"
    r"(?:about\s+|around\s+|some\s+)?(?:[$£€]?\d|a\s+(?:few|dozen|hundred|thousand|million|week|month|year|day|decade)\b|(?:"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")\b)",
    re.IGNORECASE,
)


def _pair_conflict(
    a: ClaimFacts,
    b: ClaimFacts,
    analyzed,
    settings: CompareConfig,
    stated: dict[int, list[Quantity]],
    dated: dict[int, set[tuple[str, str]]],
) -> Conflict | None:
    oa, ob = _outlet(a, analyzed), _outlet(b, analyzed)
    if a.superseded or b.superseded:
        return None  # "originally reported two dead": the outlet itself says it no longer holds
    if _years(a) != _years(b) and not (_years(a) and _years(b)):
        # One claim is dated to a year the other never names ("In 2007, the gang ..."): a
        # background event beside this one, not a second account of it.
        return None
    numbers = _number_difference(a, b, analyzed, settings.number_tolerance, stated)
    if numbers:
        return Conflict("number", a.claim, b.claim, f"{oa} reports {numbers[0]}; {ob} reports {numbers[1]}")
    dates = _date_difference(a, b, dated)
    if dates:
        return Conflict("date", a.claim, b.claim, f"{oa} dates it {dates[0]}; {ob} dates it {dates[1]}")
    if a.negative != b.negative and _same_predication(a, b, settings) and not _negates_a_bound(a, b):
        return Conflict(
            "negation",
            a.claim,
            b.claim,
            f"{oa} says “{a.predicate_phrase}”; {ob} says “{b.predicate_phrase}”",
        )
    speakers = _speaker_difference(a, b, analyzed, settings)
    if speakers:
        return Conflict(
            "speaker", a.claim, b.claim, f"{oa} credits the words to {speakers[0]}; {ob} to {speakers[1]}"
        )
    return None


def _years(fact: ClaimFacts) -> set[str]:
    return {value for kind, value, _ in fact.date_keys if kind == "year"}


def _number_difference(
    a: ClaimFacts, b: ClaimFacts, analyzed, tolerance: float, stated: dict[int, list[Quantity]]
) -> tuple[str, str] | None:
    """The same unit counted, no amount of A agreeing with any amount of B, and neither
    article stating the other's figure anywhere else. "12 Somali and 11 Yemeni pirates"
    against "23 pirates" is a part against the whole when the other outlet also counts 11
    Yemeni pirates; "rushed for 404 yards" against "189 rushing yards in his last two games"
    is two different tallies when that outlet also gives the 404. Two outlets disagree about
    a figure only when one of them never gives it."""
    text_a = analyzed[a.article_index].article.text
    text_b = analyzed[b.article_index].article.text
    counted_a = [q for q in a.quantities if q.unit and not q.modifier and not _is_target(q)]
    counted_b = [q for q in b.quantities if q.unit and not q.modifier and not _is_target(q)]
    for unit in sorted({q.unit for q in counted_a}):
        amounts_a = [q for q in counted_a if q.unit == unit]
        amounts_b = [q for q in counted_b if q.unit == unit]
        # Agreement counts every amount, asides too ("completed 28 passes" agrees with "28 of
        # 41 passes", where 28 is only a part), and amounts left without a unit ("32 million
        # people tuned in, against 55.3 million a decade ago); but not two asides alike ("5"
        # of "5-foot-8" in both says nothing of the weights after it).
        if any(
            qa.agrees_with(qb, tolerance)
            for qa in a.quantities
            for qb in b.quantities
            if qa.unit in (unit, "") and qb.unit in (unit, "") and not (qa.modifier and qb.modifier)
        ):
            continue
        pairs = [
            (qa, qb)
            for qa in amounts_a
            for qb in amounts_b
            if _same_tally(qa, qb) and not _sum_of_parts(qa, b.quantities) and not _sum_of_parts(qb, a.quantities)
        ]
        if not pairs:
            continue
        if _also_stated(amounts_a, stated.get(b.article_index, []), tolerance) or _also_stated(
            amounts_b, stated.get(a.article_index, []), tolerance
        ):
            continue
        qa, qb = pairs[0]
        return f"“{text_a[qa.start:qa.end]}”", f"“{text_b[qb.start:qb.end]}”"
    return None


# Verbs that make an amount something wanted, needed or foreseen, not something that
# happened: "needed nine points to pass Ford" does not contradict "scored 20 points";
# "officials expect 300 deaths" does not contradict "200 died".
_TARGET_VERBS = frozenset({"need", "require", "want", "seek", "aim", "hope", "plan", "expect", "predict", "forecast"})


def _is_target(q: Quantity) -> bool:
    """The amount hangs from a verb of wanting or foreseeing; also when the parser made that
    verb a modifier of the counted noun ("needed nine points" read as one noun phrase)."""
    return q.verb in _TARGET_VERBS or bool(_TARGET_VERBS & set(q.kind))


def _same_tally(qa: Quantity, qb: Quantity) -> bool:
    """Two amounts of one unit can be one figure told twice: they hang from the same verb
    ("fell 60m" / "fell 150m"; not "rushed for 404 yards" / "caught passes for 127 yards")
    and do not name two different kinds ("11 Yemeni pirates" / "12 Somali pirates") or two
    different actors ("Rait fell 200ft" / "Buckley fell 700 metres"; "a British climber" /
    "an Australian climber")."""
    if qa.verb and qb.verb and qa.verb != qb.verb:
        return False
    if different_actors(qa.actor, qb.actor):
        return False
    if qa.scope != qb.scope:
        return False  # "three times since October" / "four times"; "in the sixth" / the fight
    if (SUPERLATIVE in qa.kind) != (SUPERLATIVE in qb.kind):
        return False  # "the 12 worst-hit villages" / "seven villages": a subset and a whole
    kind_a, kind_b = set(qa.kind) - {SUPERLATIVE}, set(qb.kind) - {SUPERLATIVE}
    return not (kind_a and kind_b and not kind_a & kind_b)


def _sum_of_parts(total: Quantity, parts: Sequence[Quantity]) -> bool:
    """`total` is two or three amounts of the other claim added up: "Two climbers" /
    "one Australian and one English climber"; "23 pirates" / "12 Somali and 11 Yemeni"."""
    values = [float(q.value) for q in parts]
    target = float(total.value)
    return any(
        abs(sum(combo) - target) < 1e-9 for size in (2, 3) for combo in combinations(values, size)
    )


def _also_stated(amounts: list[Quantity], elsewhere: list[Quantity], tolerance: float) -> bool:
    return any(q.unit == other.unit and q.agrees_with(other, tolerance) for q in amounts for other in elsewhere)


def _date_difference(a: ClaimFacts, b: ClaimFacts, dated: dict[int, set[tuple[str, str]]]) -> tuple[str, str] | None:
    """Dates of one kind (weekday, month, ...) that differ while dating the same verb: "opened
    fire Friday" / "opened fire on Saturday". A court date beside a shooting date is two
    events, not a contradiction; nor is one man's arrest on Jan. 6 beside another's on Feb. 1."""
    if different_actors(sorted(a.dated_actors), sorted(b.dated_actors)):
        return None
    for kind, anchor in sorted({(kind, anchor) for kind, _, anchor in a.date_keys}):
        va = {v for k, v, w in a.date_keys if k == kind and w == anchor}
        vb = {v for k, v, w in b.date_keys if k == kind and w == anchor}
        if vb and not va & vb:
            # Each outlet also gives the other's date elsewhere: two dated events both told
            # ("the Mandela award in 1998", "the Caring award in 2000"), not one told twice.
            if any((kind, v) in dated.get(b.article_index, ()) for v in va) or any(
                (kind, v) in dated.get(a.article_index, ()) for v in vb
            ):
                continue
            return (", ".join(sorted(va)), ", ".join(sorted(vb)))
    return None


def _negates_a_bound(a: ClaimFacts, b: ClaimFacts) -> bool:
    """The negated claim bounds an amount or a span of time, so the negation most likely
    limits it rather than denying the event: "none of the offers are believed to be for more
    than eight years" agrees with "the offer is believed to be for at least eight years", and
    "did not fall more than 10 metres" with "fell 8 metres"."""
    negated = a if a.negative else b
    return any(q.bound for q in negated.quantities) or _COMPARED_AMOUNT.search(negated.claim.text) is not None


def _same_predication(a: ClaimFacts, b: ClaimFacts, settings: CompareConfig) -> bool:
    """Both assert the same event of much the same things: the same main verb, acting on the
    same thing when both name what it acts on (a word in common is enough: "RB Bush" /
    "Bush"), and enough of the remaining wording in common. Questions assert nothing."""
    if not a.predicate or a.predicate != b.predicate:
        return False
    if a.claim.text.rstrip("”\"’' ").endswith("?") or b.claim.text.rstrip("”\"’' ").endswith("?"):
        return False
    if a.objects and b.objects and not _share_a_word(a.objects, b.objects):
        return False  # "never checked into Morningside" / "checks into Betty Ford"
    if a.predicate == "be" and not a.objects & b.objects:
        # A copula asserts its complement: "the source was not one person" says nothing
        # against "he was one of many figures", nor "the sequel is not that" against "the
        # sequel is in negotiations".
        return False
    if a.subject and b.subject and not _share_a_word(a.subject, b.subject):
        return False  # "Silverman believes" / "none of the offers are believed": two subjects
    rest_a, rest_b = a.lemmas - {a.predicate}, b.lemmas - {b.predicate}
    if not rest_a or not rest_b:
        return False
    overlap = 2 * len(rest_a & rest_b) / (len(rest_a) + len(rest_b))
    return overlap >= settings.negation_min_overlap


def _share_a_word(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sets of name keys or noun lemmas name one thing: "rb bush" / "bush", "betty ford
    center" / "betty ford clinic", "saint" / "saints" (plurals aside); but not two things of one
    kind, which share only the last word of two longer names ("morningside clinic" / "betty
    ford clinic")."""

    def words(key: str) -> list[str]:
        return [w.removesuffix("s") for w in key.split() if len(w) > 2]

    def one_thing(x: list[str], y: list[str]) -> bool:
        shared = set(x) & set(y)
        if not shared:
            return False
        return not (len(x) > 1 and len(y) > 1 and shared == {x[-1]} and x[-1] == y[-1])

    return any(one_thing(words(x), words(y)) for x in a for y in b)


def _speaker_difference(a: ClaimFacts, b: ClaimFacts, analyzed, settings: CompareConfig) -> tuple[str, str] | None:
    """Both claims are direct quotations, credited to two named people (or two named
    organisations) with no name in common. A description ("the church's minister", "a senior
    official") may well be the person the other outlet names, and a spokesman's words are
    also his organisation's ("police said" / "Constable Fanning said"), so neither
    contradicts anyone."""
    sa, sb = a.claim.attribution, b.claim.attribution
    if sa is None or sb is None or sa.kind != "direct" or sb.kind != "direct":
        return None
    if not sa.speaker or not sb.speaker or sa.speaker_kind != sb.speaker_kind or sa.speaker_kind not in NAMED_SPEAKER_KINDS:
        return None
    if same_name(sa.speaker, sb.speaker):
        return None
    text_a, text_b = analyzed[a.article_index].article.text, analyzed[b.article_index].article.text
    if not _named_at_quote(sa, text_a) or not _named_at_quote(sb, text_b):
        # "he said", or a quotation continuing an earlier one: the name was inferred from
        # context, which can pick the wrong person
        return None
    if credits_a_place(analyzed[a.article_index], sa) != credits_a_place(analyzed[b.article_index], sb):
        return None  # "India" / "the Defence Ministry": a country speaks through its offices
    # The same words, as quote threads judge them (runs of words in common): two remarks on one
    # fact that share a name or a phrase are two remarks.
    if carried_over_share(sa.content_span.text(text_a), sb.content_span.text(text_b)) < settings.quote_min_overlap:
        return None
    return sa.speaker, sb.speaker


def _named_at_quote(attribution: Attribution, text: str) -> bool:
    span = attribution.source_span
    return span is not None and span.text(text).strip().lower() not in PERSONAL_PRONOUNS


def _denials(
    facts: Sequence[ClaimFacts], embeddings: np.ndarray, analyzed, encoder, settings: CompareConfig
) -> list[Conflict]:
    """A claim elsewhere asserting (without negation or denial) what a denial denies."""
    deniers = [f for f in facts if f.denied is not None and not f.superseded]
    if not deniers:
        return []
    denied_texts = [f.denied.text(analyzed[f.article_index].article.text) for f in deniers]
    denied_vectors = encoder.encode(denied_texts)
    similarity = denied_vectors @ embeddings.T
    out = []
    for row, denier in enumerate(deniers):
        best = None
        for column in np.argsort(-similarity[row], kind="stable").tolist():
            if similarity[row, column] < settings.denial_min_cosine:
                break
            other = facts[column]
            if other.article_index == denier.article_index or other.denied is not None or other.negative:
                continue
            best = other
            break
        if best is None:
            continue
        oa, ob = _outlet(denier, analyzed), _outlet(best, analyzed)
        speaker = denier.claim.attribution.speaker if denier.claim.attribution else None
        who = f"{speaker} denies" if speaker else "denies"
        out.append(
            Conflict(
                "denial",
                denier.claim,
                best.claim,
                f"{oa}: {who} “{denied_texts[row]}”; {ob} reports it as {_asserted_by(best)}",
            )
        )
    return out


def _asserted_by(fact: ClaimFacts) -> str:
    attribution = fact.claim.attribution
    if attribution is not None and attribution.speaker:
        return f"said by {attribution.speaker}"
    return "fact"
