"""Near-duplicate detection for wire copy: MinHash signatures and an LSH index."""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["NUM_PERM", "THRESHOLD", "signature", "signature_bytes", "from_bytes", "WireIndex"]

NUM_PERM = 128
THRESHOLD = 0.3
SCHEME = "affine32"
_WORD = re.compile(r"\w+")


def _shingles(text: str, size: int = 4) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """MinHash of a text's word 4-shingles."""
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(list(_shingles(text)))
    return minhash


def signature_bytes(minhash: MinHash) -> bytes:
    """Compact storage form of a signature."""
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(raw: bytes) -> MinHash:
    """Rebuild a signature from its stored form."""
    values = np.frombuffer(raw, dtype=np.uint64).copy()
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


class WireIndex:
    """LSH over source signatures: finds earlier copies of a story without comparing all pairs."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def add(self, source_id: str, minhash: MinHash) -> None:
        """Index a source's signature."""
        if source_id not in self._signatures:
            self._lsh.insert(source_id, minhash)
            self._signatures[source_id] = minhash

    def nearest(self, minhash: MinHash) -> tuple[str, float] | None:
        """The most similar indexed source above the threshold, with its estimated Jaccard."""
        best: tuple[str, float] | None = None
        for source_id in self._lsh.query(minhash):
            score = minhash.jaccard(self._signatures[source_id])
            if score >= THRESHOLD and (best is None or score > best[1]):
                best = (source_id, score)
        return best
