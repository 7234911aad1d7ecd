"""MinHash signatures over character shingles, and an LSH index of them.

Korean word boundaries are unreliable (particles attach to words: 삼성전자가,
삼성전자의), so texts are compared as sets of character 5-grams with white
space and punctuation removed, not as sets of words. Hashing is vectorised
with numpy and stable across processes (no use of Python's salted ``hash``),
so signatures stored today match signatures computed tomorrow.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

SHINGLE = 5
_NOISE = re.compile(r"[\W_]+")
_MASK32 = np.uint64(0xFFFFFFFF)
_BASE = np.uint64(1_000_003)


def comparable_text(text: str) -> str:
    """NFC text without white space and punctuation: what two copies of a story share."""
    return _NOISE.sub("", unicodedata.normalize("NFC", text)).lower()


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """Distinct 64-bit hashes of the character *size*-grams of *text*."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < size:
        codes = np.pad(codes, (0, size - len(codes)))
    hashes = np.zeros(len(codes) - size + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            hashes = hashes * _BASE + codes[offset : offset + len(hashes)]
        # A final mix, so that nearby code points spread over all 64 bits.
        hashes ^= hashes >> np.uint64(29)
        hashes *= np.uint64(0xBF58476D1CE4E5B9)
        hashes ^= hashes >> np.uint64(32)
    return np.unique(hashes)


@dataclass(frozen=True)
class MinHasher:
    """Computes *num_perm*-value MinHash signatures with fixed, seeded permutations."""

    num_perm: int = 64
    seed: int = 1
    _a: np.ndarray = field(init=False, repr=False)
    _b: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        object.__setattr__(
            self, "_a", rng.integers(1, 2**63, self.num_perm, dtype=np.uint64) | np.uint64(1)
        )
        object.__setattr__(self, "_b", rng.integers(0, 2**63, self.num_perm, dtype=np.uint64))

    def signature(self, text: str) -> np.ndarray:
        """The signature of *text* (32-bit values, one per permutation)."""
        hashes = shingle_hashes(comparable_text(text))
        with np.errstate(over="ignore"):
            # Multiply-shift hashing: a*h + b keeps its high 32 bits.
            mixed = (hashes[None, :] * self._a[:, None] + self._b[:, None]) >> np.uint64(32)
        return (mixed & _MASK32).min(axis=1).astype(np.uint32)


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(first == second)) / len(first)


def bands_for(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band whose S-curve crosses 1/2 nearest *threshold*.

    A pair of similarity s shares at least one band with probability
    1 - (1 - s^r)^b; the crossing point is about (1/b)^(1/r).
    """
    best = (num_perm, 1)
    best_error = float("inf")
    for rows in range(1, num_perm + 1):
        if num_perm % rows:
            continue
        bands = num_perm // rows
        error = abs((1 / bands) ** (1 / rows) - threshold)
        if error < best_error:
            best, best_error = (bands, rows), error
    return best


def band_keys(signature: np.ndarray, bands: int, rows: int) -> list[int]:
    """One 63-bit integer per band, folded from the band's rows of *signature*."""
    folded = signature.reshape(bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        keys = folded[:, 0].copy()
        for column in range(1, rows):
            keys = keys * np.uint64(0x9E3779B97F4A7C15) + folded[:, column]
    return (keys >> np.uint64(1)).tolist()
