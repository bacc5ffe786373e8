"""Near-duplicate articles: wire copy run by many outlets, updates of one story.

Each article gets a MinHash signature of its word 5-shingles (datasketch); an LSH index
over the signatures already stored finds earlier articles whose estimated Jaccard
similarity is at least the threshold. The index is rebuilt from the database on opening,
so it survives restarts.
"""

from __future__ import annotations

import re
import sqlite3

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
        best = None
        for other in self.lsh.query(minhash):
            similarity = minhash.jaccard(self.signatures[other])
            if best is None or similarity > best[1]:
                best = (other, similarity)
        return best
