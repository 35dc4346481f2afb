"""How close the parse of tokenised text ("the school ’ s all - time leader", "did n't")
comes to the parse of the same text written normally ("the school’s all-time leader",
"didn't").

ECB+ texts come tokenised: a space before every clitic and around every hyphen. For each ECB+
article that has a spaced clitic or compound hyphen, this writes the normal form, parses both
with newsprism's pipeline, and counts, over the tokens the two share (same characters, same
place once the spaces are gone), how often the tag, the dependency label and the head agree,
and how often spaCy's entities agree. The normal form's parse is the reference: the figure
says how much the spacing alone changes the analysis.

Clitics are unspaced by a regular expression of this script's own. Which spaced hyphens join
a compound ("all - time") and which are dashes ("the jury - six women") is the analyser's own
rule (`unspaced.is_spaced_compound_hyphen`), so for hyphens this checks that the analyser
parses as if the text were written so, not whether the rule is right.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus" / "articles.jsonl"
APOSTROPHE = "[’']"
# Each match loses its spaces: "didn ’ t" -> "didn’t", "school ’ s" -> "school’s",
# "did n't" -> "didn't", "the pirates ’ attempt" -> "the pirates’ attempt".
SPACED = re.compile(
    rf"(?<=n) {APOSTROPHE} t\b"
    rf"|(?<=\w) {APOSTROPHE} ?(?:s|re|ll|ve|d|m)\b"
    rf"|(?<=\w) n{APOSTROPHE}t\b"
    rf"|(?<=\ws) {APOSTROPHE}(?= \w)",
    re.IGNORECASE,
)


def written_normally(text: str, tokens) -> tuple[str, list[int]]:
    """The text without the spaces before clitics and around compound hyphens, and for each
    of its characters the offset of that character in the tokenised text."""
    from newsprism.analyze.unspaced import is_spaced_compound_hyphen

    removed = {
        m.start() + k for m in SPACED.finditer(text) for k, char in enumerate(m.group()) if char == " "
    }
    for i, token in enumerate(tokens):
        if is_spaced_compound_hyphen(tokens, i):
            removed |= {token.idx - 1, token.idx + 1}
    keep = [i for i in range(len(text)) if i not in removed]
    return "".join(text[i] for i in keep), keep


def token_table(doc, offsets: list[int] | None) -> dict:
    """(start, end in tokenised-text offsets, without spaces) -> tag, dep, head start, entity."""
    def place(i: int) -> int:
        return offsets[i] if offsets is not None else i

    table = {}
    for token in doc:
        if token.is_space:
            continue
        start, end = place(token.idx), place(token.idx + len(token) - 1) + 1
        table[(start, end)] = (token.tag_, token.dep_, place(token.head.idx), token.ent_type_)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args(argv)
    from newsprism.analyze.nlp import load_nlp

    nlp = load_nlp()
    articles = [json.loads(line) for line in ECBPLUS.open(encoding="utf-8")]
    pairs = []
    for article in articles:
        normal, offsets = written_normally(article["text"], nlp.make_doc(article["text"]))
        if normal != article["text"]:
            pairs.append((article["text"], normal, offsets))
    if args.limit:
        pairs = pairs[: args.limit]
    spaced_docs = nlp.pipe((p[0] for p in pairs), batch_size=32)
    normal_docs = nlp.pipe((p[1] for p in pairs), batch_size=32)
    shared = tag = dep = head = ent = 0
    for (_, _, offsets), spaced, normal in zip(pairs, spaced_docs, normal_docs):
        # Both keyed by offsets in the tokenised text: "’ s" and "’s" span the same characters.
        a = token_table(spaced, None)
        b = token_table(normal, offsets)
        for key, (t, d, h, e) in b.items():
            if key not in a:
                continue
            shared += 1
            t2, d2, h2, e2 = a[key]
            tag += t == t2
            dep += d == d2
            head += h == h2
            ent += e == e2
    print(f"articles with spaced clitics or hyphens: {len(pairs)}; tokens matched: {shared}")
    agreeing = (("tag", tag), ("dependency label", dep), ("head", head), ("entity type", ent))
    for name, count in agreeing:
        print(f"  {name:17} agrees with the normal text's: {count / shared:.4f}", end="")
        print(f" ({shared - count} differ)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
