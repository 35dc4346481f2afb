"""MinHash signatures (Broder, 1997) of shingle sets, in numpy, with fixed seeds so a
signature computed today matches one stored last year."""

from __future__ import annotations

import functools
from typing import Sequence

import numpy as np

from newsprism.stories.tokens import stable_hash

_PRIME = np.uint64((1 << 61) - 1)


@functools.lru_cache(maxsize=8)
def _coefficients(perms: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20240611)
    a = rng.integers(1, (1 << 31) - 1, size=perms, dtype=np.uint64)
    b = rng.integers(0, (1 << 31) - 1, size=perms, dtype=np.uint64)
    return a, b


def minhash_signature(shingles: Sequence[str], perms: int) -> np.ndarray:
    """`perms` minimum hashes (uint32) of the shingle set; all-max for an empty set."""
    if not shingles:
        return np.full(perms, np.iinfo(np.uint32).max, dtype=np.uint32)
    hashes = np.fromiter({stable_hash(s) for s in shingles}, dtype=np.uint64)
    a, b = _coefficients(perms)
    # (a*x + b) mod p with x < 2^32 and a, b < 2^31 stays below 2^64.
    values = (hashes[:, None] * a[None, :] + b[None, :]) % _PRIME
    return (values.min(axis=0) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))
