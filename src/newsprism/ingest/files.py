"""Finding and reading input files: the only part of ingestion that touches the file system.

Folders are walked recursively in sorted order (names compared as strings, each folder's
entries in order), so the same folder always gives the same sequence. Entries whose name
starts with a dot (.git, .DS_Store) are passed over inside folders; symbolic links to
folders inside a walked folder are not followed (no cycles). A path named explicitly is
always read.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsprism.config import Config
from newsprism.model import Skipped, Source

STDIN = "-"


@dataclass(frozen=True)
class Input:
    path: str
    data: bytes


def _too_big(size: int, config: Config) -> str:
    return (
        f"file is {size:,} bytes, over the {config.max_file_bytes:,}-byte limit (max_file_bytes): "
        "split it or raise the limit"
    )


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied: make the file readable for this user"
    if isinstance(err, FileNotFoundError):
        return "no such file or folder: check the path"
    if isinstance(err, IsADirectoryError):
        return "is a folder where a file was expected"
    return f"could not be read ({err.strerror or err}): check the path and the disk"


def read_file(path: str, config: Config) -> Input | Skipped:
    """The bytes of one file, or why they cannot be read. The size is checked before reading."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return Skipped(
                Source(path),
                "not a regular file (a device, socket or pipe): give a file or a folder",
            )
        if info.st_size > config.max_file_bytes:
            return Skipped(Source(path), _too_big(info.st_size, config))
        with open(path, "rb") as handle:
            data = handle.read(config.max_file_bytes + 1)
    except OSError as err:
        return Skipped(Source(path), _os_reason(err))
    if len(data) > config.max_file_bytes:  # it grew after stat
        return Skipped(Source(path), _too_big(len(data), config))
    return Input(path, data)


def read_stdin(stream: BinaryIO | None, config: Config) -> Input | Skipped:
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        data = stream.read(config.max_file_bytes + 1)
    except (OSError, ValueError) as err:
        return Skipped(Source(STDIN), f"standard input could not be read ({err})")
    if len(data) > config.max_file_bytes:
        return Skipped(
            Source(STDIN),
            f"standard input is over the {config.max_file_bytes:,}-byte limit (max_file_bytes)",
        )
    return Input(STDIN, data)


def _walk(folder: str) -> Iterator[str | Skipped]:
    """Files under `folder`, depth-first in sorted name order."""
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
    except OSError as err:
        yield Skipped(Source(folder), "folder " + _os_reason(err))
        return
    for entry in listed:
        if entry.name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            yield from _walk(entry.path)
        else:
            yield entry.path


def find_files(paths: tuple[str | os.PathLike[str], ...]) -> Iterator[str | Skipped]:
    """Each path as given ('-' included), folders expanded to the files under them."""
    for given in paths:
        path = os.fspath(given)  # pathlib.Path is welcome too
        if path == STDIN:
            yield path
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.lexists(path) or os.path.exists(path):
            yield path
        else:
            yield Skipped(Source(path), "no such file or folder: check the path")
