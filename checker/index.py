"""Nearest-neighbour search over claim vectors with FAISS.

Vectors are L2-normalised, so inner product is cosine similarity and a flat index is exact.
A flat index answers a thousand-word draft against 100k claims in well under a second
(`../shared/research/embeddings.md`); compressed indexes wait until corpora need them.
"""

from __future__ import annotations

import numpy as np


class VectorIndex:
    """Exact cosine search over a fixed set of vectors, rows numbered 0..n-1."""

    def __init__(self, vectors: np.ndarray) -> None:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.size, self.dimension = vectors.shape
        self._index = faiss.IndexFlatIP(self.dimension)
        if self.size:
            self._index.add(vectors)

    def search(self, queries: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """For each query row, up to `k` (row, similarity) pairs, most similar first."""
        if not self.size or not len(queries) or k <= 0:
            return [[] for _ in range(len(queries))]
        k = min(k, self.size)
        scores, rows = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return [
            [(int(row), float(score)) for row, score in zip(row_ids, row_scores) if row >= 0]
            for row_ids, row_scores in zip(rows, scores)
        ]
