"""Nearest-neighbour search over claim vectors with FAISS, rows named by claim id.

Vectors are L2-normalised, so inner product is cosine similarity. Below `COMPRESS_FROM` vectors
the index is flat: exact, and fast enough (a 1,000-word draft's searches take 0.1-0.2 s at 50k
claims). From there an inverted file with 8-bit scalar quantisation (IVF-SQ8) keeps memory at a
quarter of flat's and a draft's search in tens of milliseconds, for about 2% of the ten nearest
neighbours; `bench/index_choice.py` measured the choice (`bench/RESULTS.md`).
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

COMPRESS_FROM = 100_000  # vectors; below it flat search is fast and memory small (RESULTS.md)
NPROBE = 32  # inverted lists searched per query: recall@10 ≈ 0.98 on real claims (RESULTS.md)
# Training: FAISS's defaults (25 k-means iterations, and here 64 vectors per list) took 10-18 s
# of a 100k-claim index run for the same recall@10 as 10 iterations on 40 vectors per list
# (FAISS warns below 39). √n lists rather than 4√n: at 100k and 300k claims the index builds in
# a tenth of the time (0.6-1.5 s against 5-6 s at 100k) with recall@10 as good or better (0.980
# against 0.973), for 10-40 ms more per draft's 50 queries, since each probe scans more
# vectors: `bench/index_choice.py --training`, bench/RESULTS.md.
_TRAIN_PER_LIST = 40
KMEANS_ITERATIONS = 10
LISTS_PER_ROOT = 1


class DamagedIndex(Exception):
    """An index file that does not match its checksum or does not parse."""


class VectorIndex:
    """Cosine search over vectors, each named by an int64 id."""

    def __init__(self, index) -> None:
        self._index = index

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray) -> "VectorIndex":
        """An index of `vectors` named `ids`, of the kind their number calls for."""
        import faiss

        vectors = _rows(vectors)
        dimension = vectors.shape[1]
        if len(vectors) < COMPRESS_FROM:
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        else:
            lists = _lists_for(len(vectors))
            quantizer = faiss.IndexFlatIP(dimension)
            index = faiss.IndexIVFScalarQuantizer(quantizer, dimension, lists, faiss.ScalarQuantizer.QT_8bit,
                                                  faiss.METRIC_INNER_PRODUCT)
            index.own_fields = True
            quantizer.this.disown()  # the IVF index frees it
            sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), lists * _TRAIN_PER_LIST),
                                                     replace=False)
            index.cp.niter = KMEANS_ITERATIONS
            index.train(vectors[np.sort(sample)])
            index.nprobe = NPROBE
        built = cls(index)
        built.add(ids, vectors)
        return built

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def compressed(self) -> bool:
        return not hasattr(self._index, "id_map")

    def suits(self, size: int) -> bool:
        """Whether this kind of index still fits `size` vectors: a flat index that has grown past
        `COMPRESS_FROM`, or an inverted file with half the lists `size` calls for (trained for a
        quarter of it), is rebuilt."""
        if not self.compressed:
            return size < COMPRESS_FROM
        return size >= COMPRESS_FROM and 2 * self._index.nlist >= _lists_for(size)

    def ids(self) -> np.ndarray:
        import faiss

        if not self.compressed:
            return faiss.vector_to_array(self._index.id_map).astype(np.int64)
        lists = self._index.invlists
        return np.concatenate([np.zeros(0, dtype=np.int64)] + [
            faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
            for i in range(lists.nlist) if lists.list_size(i)])

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self._index.add_with_ids(_rows(vectors), np.ascontiguousarray(ids, dtype=np.int64))

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self._index.remove_ids(np.ascontiguousarray(ids, dtype=np.int64))

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[list[tuple[int, float]]]:
        """For each query row, up to `k` (id, similarity) pairs, most similar first; only ids in
        `allowed` when it is given."""
        import faiss

        if not self.size or not len(queries) or k <= 0 or (allowed is not None and not len(allowed)):
            return [[] for _ in range(len(queries))]
        k = min(k, self.size)
        kwargs = {}
        if self.compressed or allowed is not None:
            params = faiss.SearchParametersIVF() if self.compressed else faiss.SearchParameters()
            if self.compressed:
                params.nprobe = NPROBE
            if allowed is not None:
                selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
                params.sel = selector
            kwargs["params"] = params
        scores, rows = self._index.search(_rows(queries), k, **kwargs)
        return [[(int(row), float(score)) for row, score in zip(row_ids, row_scores) if row >= 0]
                for row_ids, row_scores in zip(rows, scores)]

    def to_bytes(self) -> tuple[np.ndarray, int]:
        """The serialised index (FAISS's array of bytes: at 100k claims, a copy to `bytes`
        took a tenth of a second) and its CRC-32, to store beside it."""
        import faiss

        data = faiss.serialize_index(self._index)
        return data, zlib.crc32(data)

    @classmethod
    def read(cls, path: Path, crc: int) -> "VectorIndex":
        """The index written to `path`, checked against its CRC-32 first. FAISS reads the file
        itself: five times faster than parsing the bytes from Python."""
        import faiss

        if not checksum_holds(path, crc):
            raise DamagedIndex("checksum mismatch")
        try:
            index = faiss.read_index(str(path))
        except RuntimeError as exc:  # FAISS reports a bad file as a C++ exception text
            raise DamagedIndex(str(exc).strip().splitlines()[0]) from None
        if hasattr(index, "nprobe"):
            index.nprobe = NPROBE
        return cls(index)


def checksum_holds(path: Path, crc: int) -> bool:
    """Whether an index file's bytes still have the CRC-32 written when it was saved (FAISS
    alone would read a flipped byte inside the vectors without noticing)."""
    return zlib.crc32(path.read_bytes()) == crc


def _lists_for(size: int) -> int:
    """Inverted lists for `size` vectors: about LISTS_PER_ROOT × √n, each trained on enough vectors."""
    return max(1, min(int(LISTS_PER_ROOT * np.sqrt(size)), size // _TRAIN_PER_LIST))


def _rows(vectors: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(vectors, dtype=np.float32)
