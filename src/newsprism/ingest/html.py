"""HTML pages: main text and metadata by trafilatura (Barbaresi, ACL 2021), offline.

The page is parsed from the string we were given; trafilatura is never asked to fetch
anything. Its text has one extracted block (paragraph, heading, list item) a line; we
separate blocks by a blank line so paragraphs are visible to the analysis, and drop a first
block that only repeats the title (the title is kept in `Article.title`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.metadata import extract_metadata

from newsprism.config import Config
from newsprism.ingest.build import Found, Item, build_article
from newsprism.ingest.decode import BinaryInput, decode_text
from newsprism.model import Skipped, Source, Warning_

# trafilatura logs every page it finds no text in; those become our own Skipped reasons.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True)
class Extracted:
    text: str
    found: Found
    used_fallback: bool


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _parse(html: str):
    """A fresh lxml tree (trafilatura prunes the tree it is given, so each pass needs one)."""
    tree = trafilatura.load_html(html)
    if tree is not None:
        return tree
    # trafilatura refuses fragments such as "<p>…</p>"; lxml wraps them in a document.
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", html))
    except (lxml.etree.ParserError, ValueError):
        return None


def _blocks(text: str | None, title: str | None) -> str:
    lines = [line.strip() for line in (text or "").split("\n")]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == title.strip():
        lines = lines[1:]
    return "\n\n".join(lines)


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of a page, or None when it has no text at all."""
    tree = _parse(html)
    if tree is None:
        return None
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False
    )
    used_fallback = False
    if document is None or not (document.text or "").strip():
        # Too little text for trafilatura's main-content heuristics: take all visible text.
        tree = _parse(html)
        metadata_tree = _parse(html)
        if tree is None or metadata_tree is None:
            return None
        _element, text, _length = trafilatura.baseline(tree)
        document = extract_metadata(metadata_tree, default_url=url)
        document.text = text
        used_fallback = True
    title = document.title or None
    text = _blocks(document.text, title)
    if not text:
        return None
    metadata = {
        key: str(value).strip()
        for key, value in (
            ("author", document.author),
            ("sitename", document.sitename),
            ("description", document.description),
        )
        if value and str(value).strip()
    }
    found = Found(
        title=title,
        url=document.url or url,
        outlet=document.sitename or None,
        published=document.date or None,
        metadata=metadata,
    )
    return Extracted(text, found, used_fallback)


def read_html_text(
    html: str, source: Source, config: Config, url: str | None = None
) -> Iterator[Item]:
    extracted = extract_html(html, url)
    if extracted is None:
        yield Skipped(
            source,
            "no article text found in the HTML page: save the article page itself, not an index",
        )
        return
    if extracted.used_fallback:
        yield Warning_(
            source, "main article text could not be told apart from the page; used all visible text"
        )
    yield from build_article(extracted.text, source, extracted.found, config)


def read_html(data: bytes, path: str, config: Config) -> Iterator[Item]:
    source = Source(path)
    try:
        decoded = decode_text(data, declared=declared_charset(data))
    except BinaryInput as err:
        yield Skipped(source, f"{err}; expected an HTML file")
        return
    if decoded.warning:
        yield Warning_(source, decoded.warning)
    yield from read_html_text(decoded.text, source, config)
