"""The vector store `StoreBackedEncoder` reads and writes, for a process that may not hold
the store open: each lookup is one brief gated read; new vectors go to `PendingWrites` and
reach the store with the next flush. So a comparison computed by the web app reuses every
sentence vector an ingest or an earlier comparison stored, and adds its own."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from newsprism.errors import StoreError
from newsprism.store import text_hash
from newsprism.web.access import StoreGate
from newsprism.web.persist import PendingWrites


class GatedVectorStore:
    read_only = False  # new vectors are kept (pending, then written)

    def __init__(self, gate: StoreGate, pending: PendingWrites) -> None:
        self._gate = gate
        self._pending = pending

    def get_vectors(self, encoder: str, texts: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        hashes = sorted({text_hash(t) for t in texts})
        found = self._pending.vectors(encoder, hashes)
        wanted = [t for t in texts if text_hash(t) not in found]
        if wanted:
            try:
                with self._gate.reading() as store:
                    found.update(store.get_vectors(encoder, wanted, dim))
            except StoreError:
                pass  # busy or missing: the encoder computes them instead
        return found

    def put_vectors(self, encoder: str, vectors: dict[str, np.ndarray]) -> None:
        self._pending.add_vectors(encoder, vectors)
