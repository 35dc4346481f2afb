"""An encoder that remembers: vectors are looked up in the store by (encoder, text hash) and
only texts never seen before are encoded, then kept. Comparing a stored story twice, or two
stories sharing wire sentences, never re-encodes a sentence."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from newsprism.embed import Encoder
from newsprism.store import Store, text_hash


class StoreBackedEncoder:
    def __init__(self, encoder: Encoder, store: Store) -> None:
        self._encoder = encoder
        self._store = store
        self.name = encoder.name
        self.dim = encoder.dim
        self.encoded = 0  # texts actually sent to the model (for tests and benchmarks)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        known = self._store.get_vectors(self.name, texts, self.dim)
        missing: dict[str, str] = {}
        for text in texts:
            h = text_hash(text)
            if h not in known and h not in missing:
                missing[h] = text
        if missing:
            hashes = sorted(missing)
            fresh = self._encoder.encode([missing[h] for h in hashes])
            self.encoded += len(hashes)
            new = dict(zip(hashes, fresh))
            if not self._store.read_only:
                self._store.put_vectors(self.name, new)
            known.update(new)
        return np.stack([known[text_hash(t)] for t in texts]).astype(np.float32, copy=False)
