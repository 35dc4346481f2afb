"""Numbers and dates in a claim, normalised so two articles' figures can be compared:
"about 100,000 Russian troops" -> Quantity("100000", "troop"); "on Friday" -> ("weekday",
"friday")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_VALUES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "mn": 1_000_000, "bn": 1_000_000_000}
# Words that spell a number ("eight", "dozen", "hundred").
NUMBER_WORDS = frozenset(_WORD_VALUES) | frozenset(_SCALES)
# "2m" / "5k" are millions / thousands only after a currency sign ("£1.7m"); else "600m" is metres.
_MONEY_SCALES = {"m": 1_000_000, "k": 1_000}
_CURRENCY = ("$", "€", "£", "¥")
_CURRENCY_WORDS = frozenset({"euro", "dollar", "pound", "yen", "rupee", "franc", "yuan", "rouble", "ruble"})
# Units converted to one base so "200ft" and "60m" compare: (base unit, factor).
_UNIT_BASE = {
    "m": ("metre", 1.0), "metre": ("metre", 1.0), "meter": ("metre", 1.0), "km": ("metre", 1000.0),
    "kilometre": ("metre", 1000.0), "kilometer": ("metre", 1000.0), "ft": ("metre", 0.3048),
    "foot": ("metre", 0.3048), "feet": ("metre", 0.3048), "mile": ("metre", 1609.344),
    "yard": ("metre", 0.9144), "kg": ("kilogram", 1.0), "kilogram": ("kilogram", 1.0),
    "tonne": ("kilogram", 1000.0), "ton": ("kilogram", 1000.0), "lb": ("kilogram", 0.4536),
    "pound": ("kilogram", 0.4536),
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_ABBREVIATIONS = {m[:3]: m for m in _MONTHS} | {"sept": "september"}
# Entity types whose numbers are not amounts (dates, times, ordinals).
_NOT_AMOUNTS = frozenset({"DATE", "TIME", "ORDINAL"})


@dataclass(frozen=True, order=True)
class Quantity:
    value: str  # normalised number: "100000", "0.5"
    unit: str  # lemma of what is counted ("troop", "percent", "$", "metre"), or "" if unknown
    start: int  # character offset of the number in the article text
    end: int
    amount: float = 0.0  # the value in `unit` (converted: 200 ft -> 60.96 metre)
    # Part of a modifier ("a 7 yard line", "the 27-nation bloc", "a four-by-four car"): it
    # describes a kind of thing rather than counting what the claim is about. Also the whole
    # a part is taken from ("two of the three victims").
    modifier: bool = False
    # What narrows the counted noun: lemmas of its adjective and noun modifiers ("11 Yemeni
    # pirates" -> ("yemeni",); "12 AK-47 guns" -> ("47", "ak")). Two amounts whose kinds are
    # both given and share nothing count different things.
    kind: tuple[str, ...] = ()
    # Lemma of the verb the amount hangs from ("fell about 60m" -> "fall"; "" when none is near):
    # "rushed for 404 yards" and "caught five passes for 127 yards" are two different tallies.
    verb: str = ""
    # "min" for a lower bound ("more than 100 mph", "at least three banks"), "max" for an
    # upper one ("up to 120 mph", "nearly 100"), "" for an amount as such.
    bound: str = ""
    # Keys of the named subject of that verb ("Duncan Rait ... falling 200ft" -> ("duncan
    # rait", "rait"); "a British climber" -> ("~british",), see `claims.verb_actor`): one
    # climber's fall and another's, or one team's offer and a rival's, are two figures even
    # under one verb.
    actor: tuple[str, ...] = ()
    # The stretch of time or play the tally is limited to ("arrested three times since
    # October" -> ("since october",); "In the sixth, he landed one punch" -> ("in sixth",)):
    # a count over part of a span is another figure than one over all of it.
    scope: tuple[str, ...] = ()

    def agrees_with(self, other: Quantity, tolerance: float) -> bool:
        """Same amount within a relative tolerance (reports round: "about 60m" ~ "200ft"), or
        amounts a bound allows ("more than 100 mph" ~ "up to 120 mph")."""
        larger = max(abs(self.amount), abs(other.amount))
        if larger == 0 or abs(self.amount - other.amount) <= tolerance * larger:
            return True
        low = [q.amount for q in (self, other) if q.bound == "min"]
        high = [q.amount for q in (self, other) if q.bound == "max"]
        if not low and not high:
            return False
        # The two are compatible if some value satisfies both.
        exact = [q.amount for q in (self, other) if not q.bound]
        floor = max(low + exact, default=float("-inf"))
        ceiling = min(high + exact, default=float("inf"))
        return floor <= ceiling * (1 + tolerance)


def number_value(words: list[str]) -> float | None:
    """The value of a run of number words/digits: ["100,000"] -> 100000, ["2.5", "million"]
    -> 2500000, ["twenty", "-", "three"] -> 23."""
    total, current, seen = 0.0, 0.0, False
    for raw in words:
        word = raw.lower().replace(",", "").strip()
        if word in ("-", "a", "and", ""):
            continue
        if re.fullmatch(r"\d+(\.\d+)?", word):
            current += float(word)
            seen = True
        elif word in _WORD_VALUES:
            current += _WORD_VALUES[word]
            seen = True
        elif "-" in word and all(part in _WORD_VALUES for part in word.split("-")):
            current += sum(_WORD_VALUES[part] for part in word.split("-"))
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def format_value(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _is_number_token(token) -> bool:
    return (token.like_num or token.lower_ in _SCALES) and token.ent_type_ not in _NOT_AMOUNTS


def quantities(tokens: list, anchor=None, actor=None) -> tuple[Quantity, ...]:
    """Amounts in a token run, each with the noun, symbol or measure it counts; `anchor(token)`
    names the verb a token hangs from (see `claims.verb_anchor`) and `actor(token)` the keys
    of that verb's named subject (see `claims.verb_actor`)."""
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        if not _is_number_token(tokens[i]) or tokens[i].lower_ in _SCALES:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and (
            _is_number_token(tokens[j + 1]) or tokens[j + 1].text == "-" or _spaced_thousands(tokens, j)
        ):
            j += 1
        while j > i and tokens[j].text == "-":
            j -= 1
        run = tokens[i : j + 1]
        words = _join_thousands([t.text for t in run])
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        following = tokens[j + 2] if j + 2 < len(tokens) else None
        money = (i > 0 and tokens[i - 1].text in _CURRENCY) or (
            following is not None and following.lemma_.lower() in _CURRENCY_WORDS
        )
        last = run[-1]
        if money and after is not None and after.lower_ in _MONEY_SCALES:
            words.append(after.lower_)
            last = after
            after = tokens[j + 2] if j + 2 < len(tokens) else None
        value = _money_value(words) if words[-1] in _MONEY_SCALES else number_value(words)
        if value is not None and (_is_identifier(run, tokens, i) or _is_clock_time(tokens, i, after)):
            value = None
        unit, unit_token = _unit_of(run, tokens, after) if value is not None else ("", None)
        # A spelled-out number with nothing counted is a pronoun ("no one", "the only one").
        spelled = not any(ch.isdigit() for t in run for ch in t.text)
        if value is not None and not _looks_like_year(run, value) and (unit or not spelled):
            base, factor = _UNIT_BASE.get(unit, (unit, 1.0))
            start = tokens[i - 1].idx if i > 0 and tokens[i - 1].text in _CURRENCY else run[0].idx
            end = last.idx + len(last.text)
            # The phrase shown to readers runs to the unit when it follows closely ("100,000
            # Russian troops").
            if unit_token is not None and 0 < unit_token.i - last.i <= 4:
                end = unit_token.idx + len(unit_token.text)
            hyphenated = after is not None and after.text == "-"
            describes = unit_token is not None and unit_token.dep_ in ("compound", "amod") and unit_token.head.pos_ == "NOUN"
            aside = (
                hyphenated
                or describes
                or (after is not None and after.lower_ in _INCREMENTS)
                or _is_conversion(tokens, i)
                or _is_total_of_a_part(tokens, i)
                or (i > 0 and tokens[i - 1].lower_ in _STRETCH_WORDS)
            )
            kind = _kind_of(unit_token, run)
            counted = unit_token if unit_token is not None else last
            verb = anchor(counted) if anchor is not None else ""
            who = actor(counted) if actor is not None else ()
            per = _rate_of(tokens, counted)
            if per:
                base = f"{base}/{per}"
            bound = _bound_before(tokens, start_index=i - 1 if start < run[0].idx else i)
            out.append(
                Quantity(
                    format_value(value), base, start, end, value * factor, aside, kind, verb, bound, who,
                    _scope_of(counted),
                )
            )
        i = j + 1
    return tuple(sorted(set(out)))


# "his first 17 passes", "the last two games": a stretch of a series, not its whole.
_STRETCH_WORDS = frozenset({"first", "last", "next", "final", "past", "previous", "opening", "latest"})
# Prepositions that limit a tally to a stretch of time or play when their object is one.
_SCOPE_PREPOSITIONS = frozenset({"in", "over", "during", "within", "through", "across"})
# Prepositions that cut a tally off at a point in time ("three times since October", "20.2
# points a game prior to Thursday").
_LIMIT_PREPOSITIONS = frozenset({"since", "before", "until", "till"})
# Nouns of a stretch of time or play that a tally can be limited to.
_STRETCH_NOUNS = frozenset({"year", "month", "week", "day", "hour", "minute", "season", "night", "game", "round",
                            "quarter", "half", "period", "inning", "match", "race", "lap", "term", "decade"})

_ORDINAL_WORDS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                            "tenth", "eleventh", "twelfth"})


def _scope_of(counted) -> tuple[str, ...]:
    """What limits the tally of `counted` (see Quantity.scope), read off the words from the
    counted noun up to the verb it hangs from: "since X", "in the sixth (round)", "in his last
    two games", "this season", "for 180 yards" on "his first 17 passes". Empty when nothing
    limits it."""
    path = [counted]
    while path[-1].pos_ not in ("VERB", "AUX") and path[-1].head is not path[-1] and len(path) < 6:
        path.append(path[-1].head)
    found: set[str] = set()
    for holder in path:
        for child in holder.children:
            if child.i != counted.i and child.left_edge.i <= counted.i <= child.right_edge.i:
                continue  # the phrase of the counted thing itself: "in 113 games" is no scope of 113
            found.update(_scope_phrase(child))
            if holder is not counted and child.dep_ == "amod" and child.lower_ in _STRETCH_WORDS:
                found.add(f"{child.lower_} {holder.lemma_.lower()}")
    return tuple(sorted(found))


def _scope_phrase(child) -> tuple[str, ...]:
    word = child.lower_
    if word == "prior":  # "prior to Thursday" = "before Thursday"
        child, word = next((g for g in child.children if g.lower_ == "to"), child), "before"
    objects = [g for g in child.children if g.dep_ == "pobj"]
    if word in _LIMIT_PREPOSITIONS and objects:
        return (f"{word} {objects[0].lemma_.lower()}",)
    if word == "per" and objects:
        return (f"per {objects[0].lemma_.lower()}",)
    if word in _SCOPE_PREPOSITIONS and objects:
        head = objects[0]
        if _is_ordinal(head):
            return (f"{word} {head.lower_}",)
        marks = [g for g in head.children if g.lower_ in _STRETCH_WORDS or g.lower_ in ("this", "that") or _is_ordinal(g)]
        if marks and head.lemma_.lower() in _STRETCH_NOUNS:
            return (f"{word} {' '.join(g.lower_ for g in marks)} {head.lemma_.lower()}",)
        # "in 113 career games", "during the five operations": a tally over a counted run of
        # stretches (or, for "during"/"over", of anything) adds up several of them.
        counts = [g for g in head.children if g.dep_ == "nummod" and not _is_ordinal(g)]
        if counts and (word != "in" or head.lemma_.lower() in _STRETCH_NOUNS):
            return (f"{word} {counts[0].lower_} {head.lemma_.lower()}",)
    if child.dep_ == "npadvmod" and child.pos_ == "NOUN":
        marks = {g.lower_ for g in child.children}
        if "this" in marks and child.lemma_.lower() in _STRETCH_NOUNS:
            return (f"this {child.lemma_.lower()}",)
        if marks & {"a", "an", "each", "every"}:  # "31 minutes an outing": a rate, not a total
            return (f"per {child.lemma_.lower()}",)
    return ()


def _is_ordinal(token) -> bool:
    return token.ent_type_ == "ORDINAL" or token.lower_ in _ORDINAL_WORDS


# "married two more times": a count added to an earlier one, not a total.
_INCREMENTS = frozenset({"more", "additional", "extra", "further"})
_CLOCK_SUFFIXES = frozenset({"a.m.", "p.m.", "a.m", "p.m", "am", "pm", "a.", "p.", "o'clock", "o’clock"})


def _is_clock_time(tokens: list, i: int, after) -> bool:
    """"by 7 a. m.", "at 6 : 40 pm", "10:30": a time of day (written with spaces in tokenised
    corpora, where the entity recogniser misses it), not an amount."""
    if after is not None and after.lower_ in _CLOCK_SUFFIXES:
        return True
    if after is not None and after.text == ":" and after.i + 1 < len(after.doc) and after.doc[after.i + 1].like_num:
        return True
    return i >= 2 and tokens[i - 1].text == ":" and tokens[i - 2].like_num


def _is_identifier(run: list, tokens: list, i: int) -> bool:
    """A number written after a name is part of that name, not an amount: "Internet Explorer
    7", "Flight 370", "AK-47 rifles", "Chapter 11". (English puts counts before the noun.)"""
    k = i - 1
    if k >= 0 and tokens[k].text == "-":
        k -= 1
    if k >= 0:
        before = tokens[k]
        named = before.is_alpha and (before.pos_ == "PROPN" or before.text.isupper())
        when = before.ent_type_ in _NOT_AMOUNTS or before.lower_ in _WEEKDAYS or before.lower_ in _MONTHS
        if named and not when and not before.is_sent_start:
            return True
    inside = {t.i for t in run}
    return any(
        t.head.i not in inside and tokens[0].i <= t.head.i < t.i and t.head.pos_ in ("PROPN", "NOUN")
        and t.dep_ in ("nummod", "appos", "npadvmod", "compound")
        for t in run
    )


# Words before an amount that make it a bound rather than the amount itself.
_LOWER_BOUNDS = ("more than", "over", "at least", "above", "upwards of", "in excess of", "no fewer than")
_UPPER_BOUNDS = ("up to", "as many as", "at most", "less than", "fewer than", "under", "nearly", "almost",
                 "below", "no more than")
# "$4 million a year", "30 miles per day": an amount per time is a rate, not a total.
_RATE_TIMES = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "season", "night"})


def _bound_before(tokens: list, start_index: int) -> str:
    words = " ".join(t.lower_ for t in tokens[max(0, start_index - 3) : max(0, start_index)])
    if any(words.endswith(phrase) for phrase in _LOWER_BOUNDS):
        return "min"
    if any(words.endswith(phrase) for phrase in _UPPER_BOUNDS):
        return "max"
    return ""


def _rate_of(tokens: list, last) -> str:
    """"per"/"a"/"each" + a noun right after the amount: the time (or thing) it is counted per."""
    k = last.i - tokens[0].i + 1
    if k + 1 >= len(tokens) or tokens[k].lower_ not in ("per", "a", "an", "each", "every"):
        return ""
    noun = tokens[k + 1]
    lemma = noun.lemma_.lower()
    if tokens[k].lower_ == "per" and noun.pos_ == "NOUN":
        return lemma
    return lemma if lemma in _RATE_TIMES else ""


# In a Quantity's kind: the counted noun is narrowed by a superlative ("the 12 worst-hit
# villages", "the five largest banks"): a subset picked out of a larger whole.
SUPERLATIVE = "<superlative>"


def _kind_of(unit_token, run: list) -> tuple[str, ...]:
    if unit_token is None:
        return ()
    inside = {t.i for t in run}
    words = set()
    for child in unit_token.children:
        if child.i in inside or child.dep_ not in ("amod", "compound"):
            continue
        for token in child.subtree:
            if token.i not in inside and (token.is_alpha or token.like_num):
                words.add(token.lemma_.lower())
            if token.tag_ in ("JJS", "RBS"):
                words.add(SUPERLATIVE)
    if unit_token.text == "%" or unit_token.lower_ == "percent":
        # A share is of a population: "62 percent of respondents" and "83 percent of Greeks"
        # are two polls' figures, not one figure told twice.
        of = [g for c in unit_token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        words.update(g.lemma_.lower() for g in of[:1])
    return tuple(sorted(words))


def _spaced_thousands(tokens: list, j: int) -> bool:
    """tokens[j + 1] is the comma of a thousands group written with a space after it ("2,
    000ft", as in pre-tokenised corpora such as ECB+). Not after a hyphen: "5-foot-8, 135
    pounds" is a height, then a weight."""
    return (
        j + 2 < len(tokens)
        and not (j > 0 and tokens[j - 1].text == "-")
        and tokens[j + 1].text == ","
        and re.fullmatch(r"\d{1,3}", tokens[j].text) is not None
        and re.fullmatch(r"\d{3}", tokens[j + 2].text) is not None
    )


def _join_thousands(words: list[str]) -> list[str]:
    """["2", ",", "000"] -> ["2000"]: the groups of a spaced thousands number as one."""
    out: list[str] = []
    glue = False
    for word in words:
        if word == ",":
            glue = True
        elif glue and out:
            out[-1] += word
            glue = False
        else:
            out.append(word)
    return out


def _is_conversion(tokens: list, i: int) -> bool:
    """The amount starting at tokens[i] is a bracketed conversion of the amount before it:
    "$US1 million ($1.52 million)", "200ft (61m)". It restates that amount in other money or
    measure, so it is not a second figure to compare."""
    k = i - 1
    if k >= 0 and tokens[k].text in _CURRENCY:
        k -= 1
    if k < 1 or tokens[k].text != "(":
        return False
    before = tokens[k - 1]
    return (
        any(ch.isdigit() for ch in before.text)
        or before.lower_ in _SCALES
        or before.lower_ in _MONEY_SCALES
        or before.lower_ in _UNIT_BASE
        or before.lemma_.lower() in _UNIT_BASE
        or before.lemma_.lower() in _CURRENCY_WORDS
    )


def _money_value(words: list[str]) -> float | None:
    """"1.7" + "m" after a currency sign -> 1,700,000."""
    base = number_value(words[:-1])
    return None if base is None else base * _MONEY_SCALES[words[-1]]


def _looks_like_year(run: list, value: float) -> bool:
    return len(run) == 1 and run[0].text.isdigit() and len(run[0].text) == 4 and 1800 <= value <= 2100


# What may stand between "of" and the whole: "two of the three victims", "three of his eight
# children".
_PART_DETERMINERS = frozenset({"the", "his", "her", "their", "its", "our", "my", "your", "these", "those"})


def _is_total_of_a_part(tokens: list, i: int) -> bool:
    """The amount at tokens[i] is the Y of "X of (the) Y" ("two of the three victims died"):
    the claim counts X, and Y is the whole it is taken from."""
    k = i - 1
    if k >= 0 and tokens[k].lower_ in _PART_DETERMINERS:
        k -= 1
    return k >= 1 and tokens[k].lower_ == "of" and _is_number_token(tokens[k - 1])


def _number_after_of(tokens: list, after):
    """The number of "X of (the) Y", when `after` is that "of"."""
    if after is None or after.lower_ != "of":
        return None
    k = after.i - tokens[0].i + 1
    if k < len(tokens) and tokens[k].lower_ in _PART_DETERMINERS:
        k += 1
    return tokens[k] if k < len(tokens) and _is_number_token(tokens[k]) else None


_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"})


def _unit_of(run: list, tokens: list, after):
    """(unit, the token naming it or None)."""
    if after is not None and (after.text == "%" or after.lower_ in ("percent", "per")):
        return "percent", after
    later = _number_after_of(tokens, after)
    if later is not None:  # "28 of 41 passes", "12 of the 23 pirates": a part of that total
        following = tokens[later.i - tokens[0].i + 1] if later.i - tokens[0].i + 1 < len(tokens) else None
        return _unit_of([later], tokens, following)
    before = tokens[run[0].i - tokens[0].i - 1] if run[0].i > tokens[0].i else None
    if before is not None and before.text in _CURRENCY:
        return before.text, None
    if after is not None and after.lemma_.lower() in _CURRENCY_WORDS:
        return after.lemma_.lower(), after
    if after is not None and after.lower_ in _UNIT_BASE:
        return after.lower_, after
    if after is not None and after.lemma_.lower() in _UNIT_BASE:
        return after.lemma_.lower(), after
    inside = {t.i for t in run}
    for token in run:
        head = token.head
        if head.i not in inside and head.pos_ in ("NOUN", "PROPN", "SYM"):
            return head.lemma_.lower(), head
        if head.i not in inside and head.pos_ == "ADJ" and head.dep_ in _NOMINAL_DEPS:
            return head.lemma_.lower(), head  # an adjective used as a noun: "one Australian"
    return "", None


def date_keys(tokens: list, anchor=None) -> tuple[tuple[str, str, str], ...]:
    """Comparable date parts — weekdays, month (+ day), years — as (kind, value, anchor):
    `anchor(token)` names what the date word dates (the verb it hangs from, see
    `claims.date_anchor`) or returns None when it dates nothing the claim states; without
    `anchor` every date word counts, anchored to ""."""
    keys: set[tuple[str, str, str]] = set()
    for n, token in enumerate(tokens):
        where = anchor(token) if anchor is not None else ""
        if where is None:
            continue
        word = token.lower_.rstrip(".")
        if word in _WEEKDAYS:
            keys.add(("weekday", word, where))
        month = word if word in _MONTHS and word != "may" else _MONTH_ABBREVIATIONS.get(word)
        if word == "may" and token.ent_type_ != "DATE":
            month = None
        if month:
            day = _adjacent_day(tokens, n)
            keys.add(("month_day", f"{month} {day}", where) if day else ("month", month, where))
        if token.ent_type_ == "DATE" and is_year(token) and not _is_decade(tokens, n):
            keys.add(("year", token.text, where))
    return tuple(sorted(keys))


def is_year(token) -> bool:
    """A four-digit year of the last three centuries ("1974", "2009")."""
    return re.fullmatch(r"(18|19|20)\d\d", token.text) is not None


def _is_decade(tokens: list, n: int) -> bool:
    """"the 1930's", "the 1930 ’ s": a decade, which contains the year another outlet gives
    rather than contradicting it."""
    after = [t.lower_.replace(" ", "").rstrip(".") for t in tokens[n + 1 : n + 3]]
    marked = after[:1] in (["s"], ["'s"], ["’s"]) or after in (["'", "s"], ["’", "s"])
    return tokens[n].text.endswith("0") and marked


def _adjacent_day(tokens: list, n: int) -> str | None:
    for k in (n + 1, n - 1):
        if 0 <= k < len(tokens):
            digits = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", tokens[k].lower_)
            if digits and 1 <= int(digits.group(1)) <= 31:
                return digits.group(1)
    return None
