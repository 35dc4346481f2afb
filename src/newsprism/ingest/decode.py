"""Bytes to text: detect binary input and decode with a stated fallback chain.

Order: UTF-8 (a BOM is dropped) -> UTF-16/UTF-32 when a BOM says so -> an encoding the
container declares (HTML meta charset, HTTP header) -> cp1252 -> latin-1. Every step after
UTF-8 that is not announced by a BOM is reported, so a user knows the text may be mis-read.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that plain text legitimately contains.
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
# Above this share of control bytes a file is treated as binary. Text in any single-byte or
# UTF-8 encoding has almost none; random or compressed data has about 12 %.
_MAX_CONTROL_SHARE = 0.05
# ... and at least this many: in a file of a few dozen bytes one stray control character
# (a backspace pasted into a JSON line) is already 5 %, and the file is still text.
_MIN_CONTROLS = 8
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    # Set when the encoding was a guess the user should hear about.
    warning: str | None = None


class BinaryInput(ValueError):
    """The bytes are not text in any encoding we read."""


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first few kilobytes mean "not text"."""
    if bom_encoding(data) in ("utf-16", "utf-32"):
        return False  # NULs are expected there
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True  # as git and grep judge it: text never holds NUL
    if not head:
        return False
    controls = sum(
        1 for byte in head if (byte < 0x20 or byte == 0x7F) and byte not in _TEXT_CONTROLS
    )
    return controls >= _MIN_CONTROLS and controls / len(head) > _MAX_CONTROL_SHARE


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode `data`; raise BinaryInput when it is not text.

    `declared` is an encoding the container names (e.g. an HTML meta charset); it is tried
    after UTF-8, because pages often declare latin-1 while actually serving UTF-8.
    """
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError as err:
            raise BinaryInput(
                f"starts with a {encoding} byte-order mark but is not valid {encoding}"
            ) from err
    if looks_binary(data):
        raise BinaryInput("contains NUL or control bytes, so it is not a text file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        first_bad = err.start
    declared_codec = _known_codec(declared)
    if declared_codec and declared_codec != "utf-8":
        try:
            return Decoded(data.decode(declared_codec), declared_codec)
        except UnicodeDecodeError:
            pass
    for fallback in ("cp1252", "latin-1"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        return Decoded(
            text,
            fallback,
            f"not valid UTF-8 (first bad byte at offset {first_bad}); read as {fallback}. "
            "Save the file as UTF-8 if characters look wrong.",
        )
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover
