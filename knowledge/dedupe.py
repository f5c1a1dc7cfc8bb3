"""Near-duplicate detection for wire copy: MinHash signatures and an LSH index.

Signatures are datasketch's ``affine32`` MinHash of a text's word 4-shingles (SHA-1 of each
shingle, 128 permutations, seed 1). Ingest computes them here with numpy, value for value
the same as datasketch's, without importing datasketch (which takes scipy, most of a second)
or building a MinHash object per text.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # datasketch is imported on first use: it is slow to import
    from datasketch import MinHash

__all__ = ["BANDS", "NUM_PERM", "ROWS", "THRESHOLD", "band_keys", "from_bytes", "jaccard",
           "signature", "signature_bytes", "signature_of"]

NUM_PERM = 128
THRESHOLD = 0.3
SCHEME = "affine32"
_WORD = re.compile(r"\w+")


# ASCII bytes: word characters (\w in ASCII: letters, digits, "_") lower-cased, the rest spaces.
_ASCII_WORDS = bytes(ord(chr(c).lower()) if c < 128 and (chr(c).isalnum() or c == 95) else 32
                     for c in range(256))


def _shingle_list(text: str, size: int = 4) -> list[bytes]:
    """The text's word ``size``-shingles, repeats included (a minimum is the same over a
    list as over its set)."""
    if text.isascii():  # the words read off the bytes: \w+ of the case-folded text
        words: list[bytes] = text.encode().translate(_ASCII_WORDS).split()
    else:
        words = [w.encode() for w in _WORD.findall(text.casefold())]
    if len(words) < size:
        return [b" ".join(words)] if words else []
    return list(map(b" ".join, zip(*(words[i:] for i in range(size)), strict=False)))


def _shingles(text: str, size: int = 4) -> set[bytes]:
    """The text's word ``size``-shingles: what its MinHash is taken over."""
    return set(_shingle_list(text, size))


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """datasketch's affine32 permutations for seed 1: rows ``a`` (odd) and ``b``."""
    generator = np.random.RandomState(1)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return np.array([a, b])


_EMPTY = np.full(NUM_PERM, 0xFFFF_FFFF, dtype=np.uint64).tobytes()


def signature_of(text: str) -> bytes:
    """The stored form of ``signature(text)``, computed without building a MinHash."""
    shingles = _shingle_list(text)
    if not shingles:
        return _EMPTY
    sha1 = hashlib.sha1
    hashes = np.frombuffer(b"".join([sha1(s).digest()[:4] for s in shingles]), dtype="<u4")
    hashes = hashes ^ (hashes >> np.uint32(16))  # MurmurHash3's finaliser, as datasketch
    hashes *= np.uint32(0x85EB_CA6B)
    hashes ^= hashes >> np.uint32(13)
    hashes *= np.uint32(0xC2B2_AE35)
    hashes ^= hashes >> np.uint32(16)
    a, b = _permutations()
    values = (a[:, None] * hashes[None, :] + b[:, None]).min(axis=1)
    return values.astype(np.uint64).tobytes()


def signature(text: str) -> MinHash:
    """MinHash of a text's word 4-shingles (a datasketch object; see ``signature_of``)."""
    return from_bytes(signature_of(text))


def signature_bytes(minhash: MinHash) -> bytes:
    """Compact storage form of a signature."""
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(raw: bytes) -> MinHash:
    """Rebuild a signature from its stored form."""
    from datasketch import MinHash

    values = np.frombuffer(raw, dtype=np.uint64).copy()
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME,
                   permutations=_permutations())


BANDS, ROWS = 42, 3  # LSH banding: candidates from about Jaccard 0.29 upwards


def band_keys(minhash: MinHash | bytes) -> list[tuple[int, int]]:
    """(band, key) pairs of a signature (an object or its stored bytes): sources sharing
    any pair are candidate copies."""
    values = (np.frombuffer(minhash, dtype=np.uint64) if isinstance(minhash, bytes)
              else np.asarray(minhash.hashvalues, dtype=np.uint64))
    rows = values[: BANDS * ROWS].reshape(BANDS, ROWS)
    # In uint64 the shifts wrap above bit 63, which the mask drops anyway: the same keys as
    # with Python's unbounded integers.
    keys = ((rows[:, 0] << np.uint64(31)) ^ (rows[:, 1] << np.uint64(15)) ^ rows[:, 2]) \
        & np.uint64(0x7FFF_FFFF_FFFF_FFFF)
    return list(enumerate(keys.tolist()))


def jaccard(a: MinHash | bytes, b: MinHash | bytes) -> float:
    """Estimated Jaccard similarity of two signatures (objects or stored bytes)."""
    def values(x: MinHash | bytes) -> np.ndarray:
        if isinstance(x, bytes):
            return np.frombuffer(x, dtype=np.uint64)
        return np.asarray(x.hashvalues, dtype=np.uint64)

    left = values(a)
    return np.count_nonzero(left == values(b)) / len(left)
