"""Property-based tests: whatever bytes arrive, readers never raise, and every Article they
give has non-empty text whose id is article_id(text)."""

from __future__ import annotations

import csv
import gzip
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.config import Config
from newsprism.ingest import read_bytes
from newsprism.ingest.decode import looks_binary
from newsprism.ingest.formats import READERS
from newsprism.model import Article, Skipped, Warning_, article_id

CONFIG = Config()
NAMES = ["upload" + suffix for suffix, _ in READERS] + ["-"]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(items: list) -> list[Article]:
    for item in items:
        assert isinstance(item, (Article, Skipped, Warning_))
        if isinstance(item, Skipped):
            # A reason must be there, and reaching the catch-all guard means a bug.
            assert item.reason and "internal error" not in item.reason
    found = [i for i in items if isinstance(i, Article)]
    for article in found:
        assert article.text.strip() and article.text == article.text.strip()
        assert article.id == article_id(article.text)
    return found


@FAST
@given(data=st.binary(max_size=2000), name=st.sampled_from(NAMES))
def test_random_bytes_never_break_any_reader(data, name):
    check(list(read_bytes(data, name, CONFIG)))


@FAST
@given(text=st.text(max_size=500), name=st.sampled_from(NAMES))
def test_random_text_never_breaks_any_reader(text, name):
    check(list(read_bytes(text.encode("utf-8"), name, CONFIG)))


@FAST
@given(data=st.binary(max_size=500))
def test_random_gzip_payload_as_warc_never_raises(data):
    check(list(read_bytes(gzip.compress(b"WARC/1.0\r\n" + data), "x.warc.gz", CONFIG)))


# Finite floats only: json.dumps writes Infinity, which is not JSON, and the reader rejects
# such a line (tests/test_ingest_bad_input.py).
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
RECORD_KEYS = st.sampled_from(
    ["text", "Text", "id", "title", "url", "outlet", "published", "date", "language", "other"]
)
RECORDS = st.dictionaries(RECORD_KEYS | st.text(max_size=6), JSON_VALUES, max_size=6)


def _text_field(record: dict):
    """The value read as `text`: the first key that is 'text' ignoring case and spaces."""
    return next((v for k, v in record.items() if k.strip().lower() == "text"), None)


@FAST
@given(lines=st.lists(RECORDS | JSON_VALUES | st.text(max_size=60), max_size=8))
def test_random_json_lines_give_one_outcome_per_usable_record(lines):
    # Plain strings are written raw behind '#', which is never valid JSON.
    encoded = "\n".join(
        "#" + " ".join(x.splitlines()) if isinstance(x, str) else json.dumps(x) for x in lines
    )
    items = list(read_bytes(encoded.encode("utf-8"), "x.jsonl", CONFIG))
    if looks_binary(encoded.encode("utf-8")):
        # A NUL, or many control characters, make the whole file binary (as git and grep
        # judge it): one skip naming the file, nothing read.
        assert len(items) == 1 and isinstance(items[0], Skipped) and "not a text file" in items[0].reason
        return
    found = check(items)
    usable = [
        r
        for r in lines
        if isinstance(r, dict) and isinstance(_text_field(r), str) and _text_field(r).strip()
    ]
    only_credit = [i for i in items if isinstance(i, Skipped) and "only a credit line" in i.reason]
    assert len(found) + len(only_credit) == len(usable)
    # Text is the record's text, trimmed (and without a trailing credit line): never rewritten.
    sources = [_text_field(r).strip() for r in usable]
    assert all(any(src.startswith(a.text) for src in sources) for a in found)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(RECORDS, max_size=4))
def test_random_json_arrays_never_raise(records):
    check(list(read_bytes(json.dumps(records).encode("utf-8"), "x.json", CONFIG)))


CELLS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@FAST
@given(
    header=st.lists(
        st.sampled_from(["text", "id", "title", "published", "outlet", "x"]) | CELLS,
        min_size=1,
        max_size=5,
    ),
    rows=st.lists(st.lists(CELLS, max_size=6), max_size=6),
)
def test_random_csv_never_raises(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    check(list(read_bytes(out.getvalue().encode("utf-8"), "x.csv", CONFIG)))


@FAST
@given(garbage=st.text(alphabet='",\n\r;ab \t', max_size=80))
def test_csv_with_random_quoting_never_raises(garbage):
    check(list(read_bytes(("text,id\n" + garbage).encode("utf-8"), "x.csv", CONFIG)))
