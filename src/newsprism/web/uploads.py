"""Reading a multipart upload into memory, within limits, without touching the disk.

The request body is streamed through python-multipart's parser; file parts are kept as
bytes (never spooled to a temporary file), each bounded in size, their number bounded, and
the whole request bounded. A file's name is reduced to its last path component and used only
as a label (the article's source); nothing is ever written under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from newsprism.ingest.formats import SUPPORTED, reader_for_name

MAX_FIELD_BYTES = 1024
MAX_FIELDS = 16


class UploadRejected(Exception):
    """The request as a whole cannot be accepted; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class UploadedFile:
    name: str  # sanitised file name
    data: bytes


@dataclass
class UploadForm:
    files: list[UploadedFile] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


def clean_file_name(raw: str | None) -> str:
    """The last path component of a browser-supplied name, without control characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("", name).strip().lstrip(".")
    return name[:200] or "upload"


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0
    refused: str | None = None


async def read_upload(request: Request, max_files: int, max_file_bytes: int, max_request_bytes: int) -> UploadForm:
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in params:
        raise UploadRejected(415, "send the files as multipart/form-data (the upload form does this)")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_request_bytes:
        raise UploadRejected(413, f"the upload is larger than {max_request_bytes // (1024 * 1024)} MB in total")

    form = UploadForm()
    part = _Part()
    header_field: list[bytes] = []
    header_value: list[bytes] = []
    headers: dict[bytes, bytes] = {}
    files_seen = 0

    def on_part_begin() -> None:
        nonlocal part
        part = _Part()
        headers.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.append(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.append(data[start:end])

    def on_header_end() -> None:
        headers[b"".join(header_field).lower()] = b"".join(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        nonlocal files_seen
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        part.name = disposition.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in disposition:
            part.filename = clean_file_name(disposition[b"filename"].decode("utf-8", "replace"))
            if not disposition[b"filename"]:
                part.refused = "empty"  # the browser sends an empty file part when none was chosen
                return
            files_seen += 1
            if files_seen > max_files:
                part.refused = f"more than {max_files} files in one upload; send the rest separately"
            elif reader_for_name(part.filename) is None:
                part.refused = f"not a format newsprism reads ({SUPPORTED})"
        elif len(form.fields) >= MAX_FIELDS:
            part.refused = "too many form fields"

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part.refused:
            return
        part.size += end - start
        limit = max_file_bytes if part.filename is not None else MAX_FIELD_BYTES
        if part.size > limit:
            part.refused = f"larger than the {limit // (1024 * 1024)} MB limit per file" if part.filename is not None else "form field too long"
            part.chunks.clear()
            return
        part.chunks.append(data[start:end])

    def on_part_end() -> None:
        if part.filename is None:
            if not part.refused:
                form.fields[part.name] = b"".join(part.chunks).decode("utf-8", "replace")
            return
        if part.refused == "empty":
            return
        if part.refused:
            form.rejected.append((part.filename, part.refused))
        else:
            form.files.append(UploadedFile(part.filename, b"".join(part.chunks)))

    parser = MultipartParser(
        params[b"boundary"],
        {
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
        },
    )
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_request_bytes:
                raise UploadRejected(413, f"the upload is larger than {max_request_bytes // (1024 * 1024)} MB in total")
            parser.write(chunk)
        parser.finalize()
    except UploadRejected:
        raise
    except Exception as exc:  # a malformed body: python-multipart raises its own errors
        raise UploadRejected(400, f"the upload could not be read as a form ({type(exc).__name__})") from None
    return form
