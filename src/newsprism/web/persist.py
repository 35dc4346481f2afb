"""Results the web app computed and would like to keep in the store: deep analyses and
sentence vectors. They are written opportunistically, in one brief read-write open after a
computation; if the store is busy (an ingest batch) they stay pending for the next attempt."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Sequence

import numpy as np

from newsprism.errors import StoreError
from newsprism.model import AnalyzedArticle
from newsprism.web.access import StoreGate

log = logging.getLogger("newsprism.web")

# Pending vectors beyond this are dropped oldest first (they are only a cache): about 150 MB
# of MiniLM vectors at most.
MAX_PENDING_VECTORS = 100_000
# A flush waits this long for in-process readers before giving up until next time.
FLUSH_WAIT_SECONDS = 2.0


class PendingWrites:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._analyses: dict[str, AnalyzedArticle] = {}
        # (encoder name, text hash) -> vector, in insertion order
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()

    def add_analyses(self, analyzed: Sequence[AnalyzedArticle]) -> None:
        with self._lock:
            for item in analyzed:
                self._analyses[item.id] = item

    def add_vectors(self, encoder: str, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            for text_hash, vector in vectors.items():
                self._vectors[(encoder, text_hash)] = vector
            while len(self._vectors) > MAX_PENDING_VECTORS:
                self._vectors.popitem(last=False)

    def vectors(self, encoder: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            return {h: self._vectors[(encoder, h)] for h in hashes if (encoder, h) in self._vectors}

    def counts(self) -> tuple[int, int]:
        with self._lock:
            return len(self._analyses), len(self._vectors)

    def flush(self, gate: StoreGate) -> bool:
        """Write what is pending; True if the store took it (or nothing was pending)."""
        with self._lock:
            analyses = list(self._analyses.values())
            vectors = list(self._vectors.items())
        if not analyses and not vectors:
            return True
        try:
            with gate.writing(wait_seconds=FLUSH_WAIT_SECONDS) as store:
                with store.transaction():
                    store.put_analyses(analyses)
                    by_encoder: dict[str, dict[str, np.ndarray]] = {}
                    for (encoder, text_hash), vector in vectors:
                        by_encoder.setdefault(encoder, {})[text_hash] = vector
                    for encoder, found in sorted(by_encoder.items()):
                        store.put_vectors(encoder, found)
        except StoreError as exc:
            log.info("analyses not saved yet (%s); will retry after the next computation", exc)
            return False
        with self._lock:
            for item in analyses:
                if self._analyses.get(item.id) is item:
                    del self._analyses[item.id]
            for key, vector in vectors:
                if self._vectors.get(key) is vector:
                    del self._vectors[key]
        log.info("saved %d analyses and %d sentence vectors to the store", len(analyses), len(vectors))
        return True
