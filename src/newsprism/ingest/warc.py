"""Web archives (.warc, .warc.gz): every HTML response with status 200 is one article.

Records are numbered from 1 in file order (all record types count), and that number is the
Source line, so `crawl.warc.gz:17` points at the 17th record. Other responses (images,
scripts, redirects, errors) are not articles and are passed over silently.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsprism.config import Config
from newsprism.ingest.build import Item
from newsprism.ingest.decode import BinaryInput, decode_text
from newsprism.ingest.html import declared_charset, read_html_text
from newsprism.model import Skipped, Source, Warning_

_HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_MAGIC = b"WARC/"
GZIP_MAGIC = b"\x1f\x8b"


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _html_response(record) -> tuple[str | None, str] | None:
    """(charset, content type) of an HTML 200 response, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    return _charset(content_type), content_type


@dataclass(frozen=True)
class _HtmlRecord:
    number: int
    url: str | None
    body: bytes
    charset: str | None


@dataclass(frozen=True)
class _Broken:
    number: int
    detail: str


def _html_records(data: bytes) -> Iterator[_HtmlRecord | _Broken | int]:
    """HTML 200 responses in file order; a _Broken stops the walk; the record count last."""
    number = 0
    records = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    while True:
        try:
            record = next(records)
            number += 1
            response = _html_response(record)
            if response is not None:
                url = record.rec_headers.get_header("WARC-Target-URI") or None
                body = record.content_stream().read()
                # warcio hands out a cut-off record without complaint; the unread part of its
                # declared length shows it.
                if getattr(record.raw_stream, "limit", 0) > 0:
                    yield _Broken(number, "the file ends inside this record")
                    return
                yield _HtmlRecord(number, url, body, response[0])
        except StopIteration:
            break
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError) as err:
            text = str(err).strip()
            yield _Broken(number + 1, text.splitlines()[0] if text else type(err).__name__)
            return
    yield number


def gzip_is_cut_short(data: bytes) -> bool:
    """True when gzip data (one member or many) ends before its last member does. warcio reads
    such a file without complaint, so the missing records would go unnoticed."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return True
    return False


def read_warc(data: bytes, path: str, config: Config) -> Iterator[Item]:
    if not (data.startswith(WARC_MAGIC) or data.startswith(GZIP_MAGIC)):
        yield Skipped(
            Source(path), "not a WARC file (it does not start with 'WARC/' or a gzip header)"
        )
        return
    found_html = False
    for item in _html_records(data):
        if isinstance(item, _Broken):
            yield Skipped(
                Source(path, item.number),
                f"WARC record {item.number} could not be read ({item.detail}); "
                "records after it were not read: "
                "download or copy the file again",
            )
            return
        if isinstance(item, int):
            if data.startswith(GZIP_MAGIC) and gzip_is_cut_short(data):
                yield Skipped(
                    Source(path, item + 1),
                    f"the file is cut short after record {item} (its compressed data ends early): "
                    "records after it are missing; download or copy it again",
                )
                return
            if not found_html:
                yield Skipped(
                    Source(path),
                    f"WARC file has no HTML responses with status 200 ({item} records): "
                    "no articles to read",
                )
            return
        found_html = True
        source = Source(path, item.number)
        try:
            decoded = decode_text(item.body, declared=item.charset or declared_charset(item.body))
        except BinaryInput as err:
            yield Skipped(source, f"HTML response {err}")
            continue
        if decoded.warning:
            yield Warning_(source, decoded.warning)
        yield from read_html_text(decoded.text, source, config, url=item.url)
