"""Bad input (issue §5): each case is one Skipped or Warning with a clear reason, and the
good articles beside it are still read."""

from __future__ import annotations

import codecs
import json
import os

import pytest

from newsprism.config import Config
from newsprism.ingest import ingest_paths, read_bytes
from newsprism.model import Article, Skipped, Source, Warning_

CONFIG = Config()
GOOD = "The harbour authority said on Thursday that the ferry service would resume next week."
OTHER = "Two new schools opened in the northern district this autumn, the education office said."


def ingest_with_good_neighbour(tmp_path, name: str, content: bytes):
    """Ingest a bad file in a folder beside a good one; the good one must always survive."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    result = ingest_paths([str(tmp_path)], CONFIG)
    assert GOOD in [a.text for a in result.articles]
    return result


def only_skip(result) -> Skipped:
    (skip,) = result.skipped
    return skip


@pytest.mark.parametrize(
    ("name", "content", "reason_part"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\t\n", "only whitespace"),
        ("nul.txt", b"Some text\x00with a NUL byte\x00" * 10, "not a text file"),
        ("controls.txt", bytes(range(1, 9)) * 50, "not a text file"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("notes.md", b"# Notes\n", "unknown file type (extension .md)"),
        ("noext", b"plain words", "unknown file type (extension none)"),
        ("scalar.json", b"42", "JSON holds a number: expected an object or an array"),
        ("broken.json", b'{"text": "unterminated', "not valid JSON"),
        ("empty-array.json", b"[]", "JSON array is empty"),
        (
            "no-text.csv",
            b"title,body\nA,B\n",
            "CSV header has no 'text' column (columns: title, body)",
        ),
        (
            "header-only.txt",
            b"title: Only a title\nurl: https://example.org/a\n",
            "no article text",
        ),
        ("not-a-warc.warc", b"hello, this is not an archive", "not a WARC file"),
        (
            "page.html",
            b"<html><head><title>Empty</title></head><body></body></html>",
            "no article text found in the HTML",
        ),
    ],
)
def test_bad_file_is_skipped_with_a_reason_and_the_rest_is_read(
    tmp_path, name, content, reason_part
):
    result = ingest_with_good_neighbour(tmp_path, name, content)
    skip = only_skip(result)
    assert skip.source.path == str(tmp_path / name)
    assert reason_part in skip.reason


def test_malformed_json_line_is_reported_by_line_and_the_other_lines_are_read(tmp_path):
    lines = [
        json.dumps({"text": GOOD}),
        '{"text": "missing brace"',
        "[1, 2]",
        json.dumps({"text": OTHER}),
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest_paths([str(path)], CONFIG)
    assert [a.text for a in result.articles] == [GOOD, OTHER]
    assert [s.source for s in result.skipped] == [Source(str(path), 2), Source(str(path), 3)]
    assert "not valid JSON" in result.skipped[0].reason
    assert "not a JSON object" in result.skipped[1].reason


@pytest.mark.parametrize(
    ("record", "reason_part"),
    [
        (
            {"title": "No text here", "body": "x"},
            "record has no 'text' field (fields: body, title)",
        ),
        ({"text": 12}, "field 'text' is a number, not a string"),
        ({"text": ["a", "b"]}, "field 'text' is a list, not a string"),
        ({"text": None}, "field 'text' is null, not a string"),
        ({"text": "   "}, "field 'text' is empty"),
    ],
)
def test_record_without_usable_text_is_skipped_by_line(tmp_path, record, reason_part):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": GOOD}) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    result = ingest_paths([str(path)], CONFIG)
    assert [a.text for a in result.articles] == [GOOD]
    skip = only_skip(result)
    assert skip.source == Source(str(path), 2)
    assert reason_part in skip.reason


def test_json_array_with_a_non_object_element_skips_that_record_only(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps([{"text": GOOD}, "just a string", {"text": OTHER}]), encoding="utf-8"
    )
    result = ingest_paths([str(path)], CONFIG)
    assert [a.source.line for a in result.articles] == [1, 3]
    skip = only_skip(result)
    assert (
        skip.source == Source(str(path), 2) and "record 2 is a string, not an object" in skip.reason
    )


def test_malformed_csv_row_is_reported_by_line_and_later_rows_are_read(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        f'text,id\n"{GOOD}",1\n"broken "quote" here,2\ntoo,many,fields\n"{OTHER}",4\n',
        encoding="utf-8",
    )
    result = ingest_paths([str(path)], CONFIG)
    assert [a.external_id for a in result.articles] == ["1", "4"]
    assert [s.source.line for s in result.skipped] == [3, 4]
    assert "not valid CSV" in result.skipped[0].reason
    assert "3 fields but the header names 2" in result.skipped[1].reason


def test_bad_metadata_values_give_warnings_and_the_article_is_kept(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps(
            {"text": GOOD, "published": "sometime last week", "title": ["x"], "language": "??"}
        )
        + "\n",
        encoding="utf-8",
    )
    result = ingest_paths([str(path)], CONFIG)
    (article,) = result.articles
    assert article.published is None and article.title is None and article.language == "en"
    messages = sorted(w.message for w in result.warnings)
    assert any("date 'sometime last week' is not a full date" in m for m in messages)
    assert any("field 'title' is a list" in m for m in messages)
    assert any("language '??' is not a language code" in m for m in messages)
    assert all(w.source == Source(str(path), 1) for w in result.warnings)


def test_cp1252_file_is_read_with_a_warning_naming_the_encoding(tmp_path):
    text = "The minister\u2019s \u201cfinal\u201d offer was rejected \u2013 again."
    path = tmp_path / "smart.txt"
    path.write_bytes(text.encode("cp1252"))
    result = ingest_paths([str(path)], CONFIG)
    assert [a.text for a in result.articles] == [text]
    (warning,) = result.warnings
    assert warning.source == Source(str(path))
    assert "not valid UTF-8" in warning.message and "cp1252" in warning.message


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(
        "Caf\u00e9 owners complained about the new parking rules.".encode("latin-1") + b" \x81\x8d"
    )
    result = ingest_paths([str(path)], CONFIG)
    assert result.articles[0].text.startswith("Caf\u00e9 owners")
    assert "latin-1" in result.warnings[0].message


@pytest.mark.parametrize("bom_codec", ["utf-8-sig", "utf-16"])
def test_text_with_a_byte_order_mark_is_read_without_warning(tmp_path, bom_codec):
    path = tmp_path / "bom.txt"
    data = GOOD.encode(bom_codec)
    assert data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    path.write_bytes(data)
    result = ingest_paths([str(path)], CONFIG)
    assert [a.text for a in result.articles] == [GOOD]
    assert result.warnings == ()


def test_file_over_the_size_limit_is_skipped_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(GOOD * 10, encoding="utf-8")
    result = ingest_paths([str(path)], CONFIG.with_(max_file_bytes=100))
    skip = only_skip(result)
    assert "over the 100-byte limit (max_file_bytes)" in skip.reason
    assert result.articles == ()


def test_stdin_over_the_size_limit_is_skipped():
    import io

    result = ingest_paths(["-"], CONFIG.with_(max_file_bytes=10), stdin=io.BytesIO(GOOD.encode()))
    assert "over the 10-byte limit" in only_skip(result).reason


def test_missing_path_is_skipped_and_other_paths_are_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    missing = tmp_path / "nowhere" / "gone.txt"
    result = ingest_paths([str(missing), str(good)], CONFIG)
    assert [a.text for a in result.articles] == [GOOD]
    skip = only_skip(result)
    assert skip.source == Source(str(missing)) and "no such file or folder" in skip.reason


def test_broken_symlink_is_skipped(tmp_path):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "never-created.txt")
    result = ingest_with_good_neighbour(tmp_path, "other.txt", OTHER.encode())
    skip = only_skip(result)
    assert skip.source == Source(str(link)) and "no such file" in skip.reason


def test_named_pipe_is_skipped_as_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    skip = only_skip(ingest_paths([str(fifo)], CONFIG))
    assert "not a regular file" in skip.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission bits")
def test_unreadable_file_is_skipped_with_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    try:
        skip = only_skip(ingest_paths([str(path)], CONFIG))
    finally:
        path.chmod(0o600)
    assert "permission denied" in skip.reason


def test_read_bytes_never_raises_and_names_the_upload():
    items = list(read_bytes(b"\x00\x01\x02", "upload.txt", CONFIG))
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert items[0].source == Source("upload.txt")
    assert not any(isinstance(i, (Article, Warning_)) for i in items)


def test_one_stray_control_character_in_a_small_feed_does_not_make_it_binary():
    # 1 control byte in 20 is over the binary share, but a file needs several to be binary.
    items = list(read_bytes(b'#\x08\n{"text": "Rain."}\n', "feed.jsonl", Config(quiet=True)))
    assert [type(i) for i in items] == [Skipped, Article]
    assert items[0].source.line == 1 and items[1].text == "Rain."


def test_a_line_with_non_standard_json_numbers_is_skipped_and_the_next_read():
    data = b'{"text": "Floods closed the road.", "score": Infinity}\n{"text": "The road reopened."}\n'
    items = list(read_bytes(data, "feed.jsonl", Config(quiet=True)))
    assert [type(i) for i in items] == [Skipped, Article]
    assert items[0].source.line == 1 and "Infinity is not valid JSON" in items[0].reason
