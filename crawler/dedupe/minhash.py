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
from dataclasses import dataclass

import numpy as np

SHINGLE = 5
# Everything but Latin letters, digits, Hangul and CJK ideographs: explicit
# ranges scan faster than the Unicode-aware \W, and keep what a story's text is.
_NOISE = re.compile("[^0-9A-Za-z\uac00-\ud7a3\u3131-\u318e\u4e00-\u9fff]+")
_MASK32 = np.uint64(0xFFFFFFFF)
_BASE = np.uint64(1_000_003)


def comparable_text(text: str) -> str:
    """NFC text without white space and punctuation: what two copies of a story share."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _NOISE.sub("", text).lower()


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """64-bit hashes of the character *size*-grams of *text*, sorted."""
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
    # Sorted (duplicates do no harm): each bin's minimum is then its first hash.
    return np.sort(hashes)


@dataclass(frozen=True)
class MinHasher:
    """One-permutation MinHash with *num_perm* bins (a power of two).

    Every shingle is hashed once; its top bits choose a bin and the smallest
    hash in each bin is that bin's value. Empty bins (short texts) borrow the
    value of the next non-empty bin. This estimates Jaccard similarity like
    *num_perm* independent permutations at the cost of one: the shingle
    hashes come out of :func:`shingle_hashes` sorted, so each bin's minimum
    is the first hash of its run.
    """

    num_perm: int = 64

    def __post_init__(self) -> None:
        if self.num_perm & (self.num_perm - 1) or not 2 <= self.num_perm <= 1024:
            raise ValueError("num_perm must be a power of two between 2 and 1024")

    def signature(self, text: str) -> np.ndarray:
        """The signature of *text*: one 32-bit value per bin."""
        return self.signature_of_comparable(comparable_text(text))

    def signature_of_comparable(self, text: str) -> np.ndarray:
        """The signature of text already passed through :func:`comparable_text`."""
        hashes = shingle_hashes(text)
        shift = np.uint64(64 - (self.num_perm.bit_length() - 1))
        bins = (hashes >> shift).astype(np.int64)
        wanted = np.arange(self.num_perm)
        first = np.searchsorted(bins, wanted)
        found = first < len(hashes)
        found[found] = bins[first[found]] == wanted[found]
        values = np.zeros(self.num_perm, dtype=np.uint32)
        values[found] = ((hashes[first[found]] >> np.uint64(16)) & _MASK32).astype(np.uint32)
        if not found.all() and found.any():
            filled = np.flatnonzero(found)
            empty = np.flatnonzero(~found)
            values[empty] = values[filled[np.searchsorted(filled, empty) % len(filled)]]
        return values


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
