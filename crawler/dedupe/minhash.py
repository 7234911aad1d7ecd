"""MinHash signatures over character shingles, and an LSH index of them.

Korean word boundaries are unreliable (particles attach to words: 삼성전자가,
삼성전자의), so texts are compared as sets of character 5-grams with white
space and punctuation removed, not as sets of words. Hashing is vectorised
with numpy and stable across processes (no use of Python's salted ``hash``),
so signatures stored today match signatures computed tomorrow.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import numpy as np

SHINGLE = 5


def _comparable_map() -> np.ndarray:
    """What each UTF-16 code unit becomes in comparable text (0: dropped).

    Kept: digits, Latin letters (in lower case), Hangul jamo and syllables,
    CJK ideographs; everything else (white space, punctuation, symbols,
    surrogate halves of characters beyond the BMP) is dropped.
    """
    table = np.zeros(0x10000, dtype=np.uint16)
    for low, high in [
        (0x30, 0x3A),
        (0x61, 0x7B),
        (0x3131, 0x318F),
        (0x4E00, 0xA000),
        (0xAC00, 0xD7A4),
    ]:
        table[low:high] = np.arange(low, high)
    table[0x41:0x5B] = np.arange(0x61, 0x7B)
    return table


_COMPARABLE = _comparable_map()
_BASE = np.uint64(1_000_003)
_KEY_PRIME = (1 << 61) - 1
_KEY_OFFSET = 0x9E3779B97F4A7C1


def comparable_codes(text: str) -> np.ndarray:
    """The code points two copies of a story share: NFC, no white space or
    punctuation, Latin letters in lower case."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    codes = _COMPARABLE[np.frombuffer(text.encode("utf-16-le"), dtype=np.uint16)]
    return codes[codes != 0]


def body_digest(codes: np.ndarray) -> int:
    """A 63-bit digest of comparable code points: equal for identical bodies."""
    digest = hashlib.blake2b(codes.tobytes(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def shingle_hashes(codes: np.ndarray, size: int = SHINGLE) -> np.ndarray:
    """64-bit hashes of the *size*-grams of the code points *codes*, sorted."""
    codes = codes.astype(np.uint64)
    if len(codes) < size:
        codes = np.pad(codes, (0, size - len(codes)))
    count = len(codes) - size + 1
    hashes = codes[:count].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, size):
            hashes *= _BASE
            hashes += codes[offset : offset + count]
        # A final mix, so that nearby code points spread over all 64 bits.
        hashes ^= hashes >> np.uint64(29)
        hashes *= np.uint64(0xBF58476D1CE4E5B9)
        hashes ^= hashes >> np.uint64(32)
    # Sorted (duplicates do no harm): each bin's minimum is then its first hash.
    hashes.sort()
    return hashes


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

    @cached_property
    def _bin_starts(self) -> np.ndarray:
        """The smallest hash of each bin: bin b holds the hashes whose top bits are b."""
        shift = np.uint64(64 - (self.num_perm.bit_length() - 1))
        return np.arange(self.num_perm, dtype=np.uint64) << shift

    def signature(self, text: str) -> np.ndarray:
        """The signature of *text*: one 32-bit value per bin."""
        return self.signature_of_codes(comparable_codes(text))

    def signature_of_codes(self, codes: np.ndarray) -> np.ndarray:
        """The signature of code points from :func:`comparable_codes`."""
        hashes = shingle_hashes(codes)
        starts = hashes.searchsorted(self._bin_starts)
        ends = np.empty(self.num_perm + 1, dtype=starts.dtype)
        ends[:-1] = starts
        ends[-1] = len(hashes)
        found = ends[1:] > starts
        values = np.zeros(self.num_perm, dtype=np.uint32)
        values[found] = (hashes[starts[found]] >> np.uint64(16)).astype(np.uint32)
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
    """One 61-bit integer per band, from the band's rows and its number.

    The band's number is part of the key, so that the keys of all bands can
    share one table (and one lookup) without two bands' equal rows colliding.
    """
    raw = signature.astype("<u4").tobytes()
    width = 4 * rows
    return [
        (
            int.from_bytes(raw[band * width : (band + 1) * width], "little")
            + (band + 1) * _KEY_OFFSET
        )
        % _KEY_PRIME
        for band in range(bands)
    ]
