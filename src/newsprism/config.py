"""All settings in one dataclass. CLI flags map onto these fields.

Every threshold says how it was chosen (which data, which figure). Thresholds tuned on data
are tuned on the ECB+ `train` split or on the project's own annotated sets under `bench/data`,
never on the `dev` split the figures in BENCHMARKS.md are reported on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024


def default_cache_dir() -> Path:
    """Where locally built artefacts (the distilled static encoder) live."""
    base = os.environ.get("NEWSPRISM_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return (root / "newsprism") if not os.environ.get("NEWSPRISM_CACHE") else root


@dataclass(frozen=True)
class Config:
    # ---- ingest ----
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    # Texts shorter than this (after stripping) are skipped as "no article text".
    min_text_chars: int = 1
    # ---- corpus ----
    # Articles per committed transaction: a kill loses at most one batch; larger batches
    # amortise the per-commit cost (opening the store, writing the story index).
    ingest_batch_size: int = 256
    # Worker processes computing features/analysis ahead of the commits in a local ingest:
    # 0 = all in the main process (the library default: a caller's script may lack the
    # `if __name__ == "__main__"` guard that spawned processes need); None =
    # engines.workers.auto_workers, which the CLI uses.
    ingest_workers: int | None = 0
    # ---- analysis ----
    nlp_batch_size: int = 32
    # spaCy's max_length guard; articles are far shorter, this only stops pathological input.
    nlp_max_chars: int = 1_000_000
    # ---- embeddings ----
    encoder: str = "minilm"  # "minilm" (sentence-transformers) or "static" (model2vec)
    embed_batch_size: int = 64
    cache_dir: Path = field(default_factory=default_cache_dir)
    # ---- progress ----
    quiet: bool = False

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]
