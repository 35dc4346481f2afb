"""Recall of contradictions injected into real reports: does `compare` find a number, a date or
a negation that one outlet changes in a fact another outlet also states?

ECB+ has no gold for conflicts, and the labelled sets of `conflict_counts.py` measure
precision only (a conflict no version reported was never labelled). Here a contradiction is
made where one is known to be possible. The alignment gold (`bench/data/alignment_gold/`)
says which sentences of two articles state one fact. For such a pair (A, B):
  number   — a number written in both sentences (not a year, time or decimal) is changed
             throughout A to about one and a half times itself ("23 pirates" -> "35");
  date     — a weekday, a month or a year written in both is changed throughout A (Friday ->
             Monday, March -> July, 1997 -> 1994);
  negation — the main verb of A's sentence, when it is B's main verb too and neither is
             negated or a reporting verb, is negated ("was arrested" -> "was not arrested",
             "captured" -> "did not capture").
Then A (edited) and B are compared as a story of two, and the case counts as found when a
conflict of that type links A's edited sentence with B's. Also counted: whether the two
sentences were grouped as one fact at all, so a miss can be told as the alignment's or the
conflict rules'. Other conflicts reported in those comparisons are counted too (they may be
real differences of the two reports, or false alarms).

A number is changed everywhere in A because a real outlet with another figure uses it
throughout; a changed figure A also kept elsewhere would be A contradicting itself.

    .venv/bin/python bench/conflict_recall.py [--per-kind 40] [--split train|dev|all] [--show]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from alignment_eval import GOLD_DIR, load_articles, load_gold, locate  # noqa: E402

from newsprism.analyze import analyze_articles  # noqa: E402
from newsprism.analyze.nlp import load_nlp  # noqa: E402
from newsprism.compare import CompareConfig, compare_articles  # noqa: E402
from newsprism.compare.claims import REPORTING_LEMMAS  # noqa: E402
from newsprism.embed import get_encoder  # noqa: E402
from newsprism.model import Article, Span, article_id  # noqa: E402

KINDS = ("number", "date", "negation")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
# A whole number that is not part of a decimal, a time ("10:30") or a longer digit run.
NUMBER = re.compile(r"(?<![\d.,:$£€])(\d{1,3}(?:,\d{3})+|\d+)(?![\d:]|\.\d|,\d)")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")


@dataclass(frozen=True)
class Case:
    kind: str
    story: str
    split: str
    key_a: str
    key_b: str
    text_a: str  # A's text after the edit
    sentence_a: Span  # A's edited sentence, in the edited text
    sentence_b: Span
    change: str  # what was changed, for --show


def _sentence_of(analyzed, position: int) -> Span | None:
    return next((s for s in analyzed.sentences if s.start <= position < s.end), None)


def _replace_all(text: str, pattern: re.Pattern, new: str, keep: Span) -> tuple[str, Span]:
    """`text` with every match of `pattern` replaced by `new`, and where `keep` is afterwards."""
    out, last, shift_start, shift_end = [], 0, 0, 0
    for match in pattern.finditer(text):
        out.append(text[last : match.start()])
        out.append(new)
        last = match.end()
        delta = len(new) - (match.end() - match.start())
        if match.end() <= keep.start:
            shift_start += delta
        if match.end() <= keep.end:
            shift_end += delta
    out.append(text[last:])
    return "".join(out), Span(keep.start + shift_start, keep.end + shift_end)


def _changed_number(value: str) -> str:
    n = int(value.replace(",", ""))
    changed = n * 3 // 2 + 1 if n > 1 else n + 2
    return f"{changed:,}" if "," in value else str(changed)


# A bound makes a changed figure no contradiction ("more than $1 million" / "$3 million"), and
# a day of the month is a date, not a count.
_NOT_A_COUNT = re.compile(
    r"(?:more than|less than|fewer than|at least|at most|up to|over|under|nearly|almost|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?)\s*[$£€]?\s*$",
    re.IGNORECASE,
)


def _counts(sentence: str) -> set[str]:
    return {m.group(1) for m in NUMBER.finditer(sentence) if not _NOT_A_COUNT.search(sentence[: m.start()])}


def number_edits(sa: str, sb: str) -> list[tuple[re.Pattern, str, str]]:
    years = set(YEAR.findall(sa))
    shared = sorted(_counts(sa) & _counts(sb) - years)
    return [(re.compile(rf"(?<![\d.,:$£€]){re.escape(v)}(?![\d:]|\.\d|,\d)"), _changed_number(v), f"{v} -> {_changed_number(v)}")
            for v in shared]


def date_edits(sa: str, sb: str) -> list[tuple[re.Pattern, str, str]]:
    out = []
    for names, step in ((WEEKDAYS, 3), (MONTHS, 4)):
        for n, name in enumerate(names):
            if re.search(rf"\b{name}\b", sa) and re.search(rf"\b{name}\b", sb):
                new = names[(n + step) % len(names)]
                out.append((re.compile(rf"\b{name}\b"), new, f"{name} -> {new}"))
    for year in sorted(set(YEAR.findall(sa)) & set(YEAR.findall(sb))):
        new = str(int(year) - 3)
        out.append((re.compile(rf"\b{year}\b"), new, f"{year} -> {new}"))
    return out


def _root(doc):
    return next((t for t in doc if t.dep_ == "ROOT"), None)


def negation_edit(nlp, text: str, sentence: Span, other: str) -> tuple[str, str] | None:
    """A's text with the main verb of `sentence` negated, when `other` (B's sentence) has the
    same main verb and neither is negated or a reporting verb; else None."""
    doc, doc_b = nlp(sentence.text(text)), nlp(other)
    verb, verb_b = _root(doc), _root(doc_b)
    if verb is None or verb_b is None or verb.pos_ != "VERB" or verb.lemma_ != verb_b.lemma_:
        return None
    if verb.lemma_ in REPORTING_LEMMAS or any(c.dep_ == "neg" for c in list(verb.children) + list(verb_b.children)):
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    if auxes:
        at = sentence.start + auxes[0].idx + len(auxes[0].text)
        edited = text[:at] + " not" + text[at:]
        return edited, f"{auxes[0].text} {verb.text} -> {auxes[0].text} not {verb.text}"
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(verb.tag_)
    if do is None:
        return None
    at = sentence.start + verb.idx
    edited = text[:at] + f"{do} not {verb.lemma_}" + text[at + len(verb.text) :]
    return edited, f"{verb.text} -> {do} not {verb.lemma_}"


def make_cases(split: str, nlp) -> list[Case]:
    cases = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = load_gold(path)
        if gold.split == "seed" or (split != "all" and gold.split != split):
            continue
        articles = load_articles(gold)
        analyzed = {key: a for key, a in zip(articles, analyze_articles(list(articles.values())))}
        for group in gold.groups:
            for key_a, phrase_a in group:
                for key_b, phrase_b in group:
                    if key_a == key_b:
                        continue
                    text_a, text_b = articles[key_a].text, articles[key_b].text
                    sent_a = _sentence_of(analyzed[key_a], locate(text_a, phrase_a, key_a))
                    sent_b = _sentence_of(analyzed[key_b], locate(text_b, phrase_b, key_b))
                    if sent_a is None or sent_b is None:
                        continue
                    sa, sb = sent_a.text(text_a), sent_b.text(text_b)
                    for kind, edits in (("number", number_edits(sa, sb)), ("date", date_edits(sa, sb))):
                        for pattern, new, change in edits:
                            edited, moved = _replace_all(text_a, pattern, new, sent_a)
                            cases.append(Case(kind, gold.name, gold.split, key_a, key_b, edited, moved, sent_b, change))
                    negated = negation_edit(nlp, text_a, sent_a, sb)
                    if negated:
                        edited, change = negated
                        moved = Span(sent_a.start, sent_a.end + len(edited) - len(text_a))
                        cases.append(Case("negation", gold.name, gold.split, key_a, key_b, edited, moved, sent_b, change))
    return cases


def run_case(case: Case, b_article: Article, encoder) -> tuple[bool, bool, int]:
    """(found, grouped, other conflicts) for one case."""
    a_article = Article(id=article_id(case.text_a), text=case.text_a, source=b_article.source,
                        outlet="edited " + case.key_a, language="en")
    b_article = Article(id=b_article.id, text=b_article.text, source=b_article.source, outlet=case.key_b, language="en")
    analyzed = tuple(analyze_articles([a_article, b_article]))
    comparison = compare_articles(analyzed, encoder=encoder, compare_config=CompareConfig(check_stories=False))

    def at_a(claim) -> bool:
        return claim.article_id == a_article.id and claim.span.overlaps(case.sentence_a)

    def at_b(claim) -> bool:
        return claim.article_id == b_article.id and claim.span.overlaps(case.sentence_b)

    found = other = 0
    for conflict in comparison.conflicts:
        hit = (at_a(conflict.a) and at_b(conflict.b)) or (at_a(conflict.b) and at_b(conflict.a))
        if hit and conflict.type == case.kind:
            found = 1
        else:
            other += 1
    grouped = any(any(at_a(c) for c in g.claims) and any(at_b(c) for c in g.claims) for g in comparison.groups)
    return bool(found), grouped, other


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["train", "dev", "all"], default="all")
    parser.add_argument("--per-kind", type=int, default=40, help="cases drawn per kind and split (seed 0)")
    parser.add_argument("--show", action="store_true", help="print every case and its outcome")
    args = parser.parse_args()
    nlp = load_nlp()
    encoder = get_encoder("minilm")
    splits = ("train", "dev") if args.split == "all" else (args.split,)
    for split in splits:
        cases = make_cases(split, nlp)
        available = Counter(c.kind for c in cases)
        rnd = random.Random(0)
        chosen = []
        for kind in KINDS:
            of_kind = [c for c in cases if c.kind == kind]
            chosen += rnd.sample(of_kind, min(args.per_kind, len(of_kind)))
        golds = {gold.name: gold for gold in map(load_gold, sorted(GOLD_DIR.glob("*.json")))}
        articles: dict[str, dict[str, Article]] = {}
        tally: dict[str, Counter] = {kind: Counter() for kind in KINDS}
        for case in chosen:
            if case.story not in articles:
                articles[case.story] = load_articles(golds[case.story])
            found, grouped, other = run_case(case, articles[case.story][case.key_b], encoder)
            tally[case.kind].update(cases=1, found=found, grouped=grouped, grouped_found=found and grouped,
                                    other=other)
            if args.show:
                verdict = "found" if found else ("MISSED (grouped)" if grouped else "MISSED (not grouped)")
                print(f"  [{case.kind}] {case.key_a} vs {case.key_b}: {case.change}: {verdict}"
                      f"\n      A: {case.sentence_a.text(case.text_a)[:160]}\n      B: "
                      f"{case.sentence_b.text(articles[case.story][case.key_b].text)[:160]}")
        print(f"{split}: cases available {dict(available)}; drawn up to {args.per_kind} per kind")
        print(f"  {'kind':9s} {'cases':>5s} {'found':>5s} {'recall':>6s} {'grouped':>7s} {'found|grouped':>13s} "
              f"{'other conflicts':>15s}")
        total = Counter()
        for kind in KINDS:
            t = tally[kind]
            total.update(t)
            print(f"  {kind:9s} {t['cases']:5d} {t['found']:5d} {t['found'] / max(t['cases'], 1):6.2f} "
                  f"{t['grouped']:7d} {t['grouped_found'] / max(t['grouped'], 1):13.2f} {t['other']:15d}")
        print(f"  {'all':9s} {total['cases']:5d} {total['found']:5d} {total['found'] / max(total['cases'], 1):6.2f} "
              f"{total['grouped']:7d} {total['grouped_found'] / max(total['grouped'], 1):13.2f} {total['other']:15d}")


if __name__ == "__main__":
    main()
