"""The gender a person's given name points to, so "she" is not read as "Mark Roesler".

The names come from the name–gender table of the `nomquamgender` package (Van Buskirk,
Clauset & Larremore 2023, "An open-source cultural consensus approach to name-based gender
classification"), which gives, for each name, the share of women among its bearers pooled
from many sources. A name counts only when it is clear: at least `MIN_BEARERS` bearers and a
share of women at most `CLEAR_SHARE` or at least 1 - `CLEAR_SHARE` ("Mark", "Gretchen"; not
"Kim", "Jordan" or "Chris").

The package's table is 22 MB of JSON and takes about 1 s to parse, longer than analysing a
short story, so the names with enough bearers (clear or `UNCLEAR`) are written once per
machine to a small table under the cache folder (`default_cache_dir`), which loads in
milliseconds.
"""

from __future__ import annotations

import json
import os
import threading
import unicodedata
from pathlib import Path

from newsprism.config import default_cache_dir

MIN_BEARERS = 100
CLEAR_SHARE = 0.1
UNCLEAR = "?"  # a given name borne by men and women alike
# Raised when the rule above changes, so an older table is built again.
_TABLE_VERSION = 2

_lock = threading.Lock()
_table: dict[str, str] | None = None


def given_name_gender(full_name: str) -> str | None:
    """"m" or "f" when the first word of a name of two or more words is a clear given name;
    None otherwise. A one-word name is most often a surname ("Page", "Reid") and says
    nothing."""
    words = full_name.split()
    if len(words) < 2:
        return None
    return first_name_gender(words[0])


def first_name_gender(word: str) -> str | None:
    """"m" or "f" for a word known to be used as a given name ("Tara" where the article also
    names "Tara Reid"); None when the name is unclear or unknown."""
    gender = _gender_table().get(_ascii_lower(word))
    return None if gender == UNCLEAR else gender


def is_given_name(word: str) -> bool:
    """The word is a given name of at least `MIN_BEARERS` people, clear or not ("Dale")."""
    return _ascii_lower(word) in _gender_table()


def _ascii_lower(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return folded.lower()


def _gender_table() -> dict[str, str]:
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = _load_or_build(default_cache_dir())
    return _table


def _table_path(cache_dir: Path) -> Path:
    from importlib.metadata import version

    return cache_dir / f"given-names-nqg{version('nomquamgender')}-v{_TABLE_VERSION}.json"


def _load_or_build(cache_dir: Path) -> dict[str, str]:
    path = _table_path(cache_dir)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    table = _names_from_package()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        tmp.write_text(json.dumps(table, sort_keys=True), encoding="utf-8")
        tmp.replace(path)  # atomic: a concurrent process reads a whole table or none
    except OSError:
        pass  # a read-only cache folder: the table is rebuilt per process instead
    return table


def _names_from_package() -> dict[str, str]:
    """Every name of `MIN_BEARERS` or more bearers, as "m", "f" or `UNCLEAR`. The package's data
    file is read where it is installed: importing the package (which
    `importlib.resources.files` does) would parse the same file again and import pandas."""
    from importlib.util import find_spec

    spec = find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the nomquamgender package is not installed; run `make install`")
    path = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for name, row in raw.items():
        # row: [sources, bearers, share of women, ...]
        if not (name.isascii() and name.isalpha()) or row[1] < MIN_BEARERS:
            continue
        share = row[2]
        table[name] = "m" if share <= CLEAR_SHARE else "f" if share >= 1 - CLEAR_SHARE else UNCLEAR
    return table


def names_fitting(names: list[str], gender: str) -> list[str]:
    """The names a person of `gender` can bear: those whose given name is clearly of that
    gender when there are any, else those whose given name says nothing ("Mr. LaRue" is "Fred
    LaRue" before "Leslie LaRue", and never "Grace LaRue")."""
    known = [name for name in names if given_name_gender(name) == gender]
    return known or [name for name in names if given_name_gender(name) is None]
