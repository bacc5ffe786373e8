"""Near-duplicate articles: wire copy run by many outlets, updates of one story.

Each article gets a MinHash signature of its word 5-shingles (datasketch); an LSH index
over the signatures already stored finds earlier articles whose estimated Jaccard
similarity is at least the threshold. The index is rebuilt from the database on opening,
so it survives restarts.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures must be read with it
SHINGLE = 5
THRESHOLD = 0.8
WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(blob: bytes) -> MinHash:
    values = np.frombuffer(blob, dtype=np.uint64)
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


@lru_cache(maxsize=1)
def _bands() -> MinHashLSH:
    """An empty index with the store's parameters: its band ranges and band hash."""
    return MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)


def band_keys(minhash: MinHash) -> list[bytes]:
    """The LSH buckets a signature falls in, one per band, as the index keys them: two
    articles are candidates for each other exactly when they share one of these keys.
    Lets a join (Spark's) find the same candidates as `DuplicateIndex` does."""
    lsh = _bands()
    return [
        index.to_bytes(2, "big") + lsh._H(minhash.hashvalues[start:end])
        for index, (start, end) in enumerate(lsh.hashranges)
    ]


def closest(candidates: Iterable[tuple[str, float]]) -> tuple[str, float] | None:
    """The most similar candidate, ties to the smallest article id, so the choice never
    depends on the order the candidates come in (a set in the index, a shuffle in Spark)."""
    return min(candidates, key=lambda item: (-item[1], item[0]), default=None)


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    return float(from_bytes(first).jaccard(from_bytes(second)))


class DuplicateIndex:
    """Which stored article, if any, an incoming one nearly repeats."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}

    @classmethod
    def load(cls, connection: sqlite3.Connection, threshold: float = THRESHOLD) -> DuplicateIndex:
        index = cls(threshold)
        for row in connection.execute("SELECT article, minhash FROM signatures"):
            index.add(row[0], from_bytes(row[1]))
        return index

    def add(self, article_id: str, minhash: MinHash) -> None:
        if article_id not in self.signatures:
            self.lsh.insert(article_id, minhash)
            self.signatures[article_id] = minhash

    def nearest(self, minhash: MinHash) -> tuple[str, float] | None:
        """The most similar stored article above the threshold, with its similarity."""
        return closest(
            (other, float(minhash.jaccard(self.signatures[other])))
            for other in self.lsh.query(minhash)
        )
