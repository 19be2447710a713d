"""Which FAISS index for the store, and from what size: measured, not guessed (issue 5).

    .venv/bin/python bench/index_choice.py [--sizes 36000,100000,300000,1000000] [--queries 1000]
    .venv/bin/python bench/index_choice.py --training [--sizes 100000,300000]

Vectors: every distinct sentence of VitaminC real (claims and evidence, about 36k) embedded with
the default model; larger corpora are those vectors again with noise added (each copy about 0.9
cosine from its original, renormalised), which keeps the clusters of real text. Queries: VitaminC
claims, embedded. For each size and index: build time, bytes serialised (what the store writes
and reads), query throughput (k=10, one query at a time as a check asks them in batches of a
draft: batches of 50) and recall@10 against the exact flat index.

With `--training`: the index factlint builds (`checker.index.VectorIndex.build`, IVF-SQ8) with
the inverted lists, k-means iterations and training vectors per list it uses, against FAISS's
default 25 iterations on 64 vectors per list, and against fewer lists: build time, recall@10,
and the time of a draft's batch of 50 queries.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import faiss  # noqa: E402

from checker.embed import load_embedder  # noqa: E402
from vitaminc import DATA, read_rows  # noqa: E402

K = 10
CACHE = Path("/tmp/factlint-vitaminc-vectors.npz")


def real_vectors(model: str) -> tuple[np.ndarray, np.ndarray]:
    if CACHE.exists():
        saved = np.load(CACHE)
        return saved["corpus"], saved["queries"]
    rows = read_rows(DATA)
    sentences = sorted({r["claim"] for r in rows} | {r["evidence"] for r in rows})
    claims = sorted({r["claim"] for r in rows})
    embedder = load_embedder(model)
    started = time.perf_counter()
    corpus = embedder.encode(sentences).astype(np.float32)
    print(f"embedded {len(sentences)} sentences in {time.perf_counter() - started:.0f} s", flush=True)
    rng = np.random.default_rng(0)
    queries = embedder.encode([claims[i] for i in rng.choice(len(claims), 2000, replace=False)]).astype(np.float32)
    np.savez(CACHE, corpus=corpus, queries=queries)
    return corpus, queries


def grown(corpus: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    if size <= len(corpus):
        return corpus[:size]
    copies = [corpus]
    while sum(len(c) for c in copies) < size:
        noisy = corpus + rng.normal(0, 0.02, corpus.shape).astype(np.float32)  # ~0.9 cosine at 512-d
        copies.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
    return np.ascontiguousarray(np.concatenate(copies)[:size])


def candidates(size: int, dimension: int) -> dict[str, callable]:
    nlist = int(4 * np.sqrt(size))
    ip = faiss.METRIC_INNER_PRODUCT

    def ivf(kind: str, nprobe: int):
        def build():
            quantizer = faiss.IndexFlatIP(dimension)
            if kind == "sq8":
                index = faiss.IndexIVFScalarQuantizer(quantizer, dimension, nlist, faiss.ScalarQuantizer.QT_8bit, ip)
            elif kind == "pq":
                index = faiss.IndexIVFPQ(quantizer, dimension, nlist, 64, 8, ip)
            else:
                index = faiss.IndexIVFFlat(quantizer, dimension, nlist, ip)
            index.nprobe = nprobe
            return index, quantizer
        return build

    def flat():
        return faiss.IndexFlatIP(dimension), None

    def hnsw():
        index = faiss.IndexHNSWFlat(dimension, 32, ip)
        index.hnsw.efSearch = 64
        return index, None

    found = {"flat": flat, "ivf-flat nprobe 16": ivf("flat", 16), "ivf-sq8 nprobe 16": ivf("sq8", 16),
             "ivf-sq8 nprobe 32": ivf("sq8", 32), "ivf-pq64 nprobe 32": ivf("pq", 32)}
    if size <= 300_000:  # HNSW's build time and memory past that are in ../shared/research/embeddings.md
        found["hnsw32 ef64"] = hnsw
    return found


def training(sizes: list[int], corpus: np.ndarray, queries: np.ndarray, rng: np.random.Generator) -> None:
    from checker import index as store_index

    print("| claims | inverted lists | k-means iterations, training vectors per list | build s | recall@10 | 50 queries, ms |")
    print("|---|---|---|---|---|---|")
    chosen = (store_index.LISTS_PER_ROOT, store_index.KMEANS_ITERATIONS, store_index._TRAIN_PER_LIST)
    variants = [(chosen[0], 25, 64), chosen] + [(per_root, *chosen[1:]) for per_root in (2, 1) if per_root != chosen[0]]
    for size in sizes:
        vectors = grown(corpus, size, rng)
        exact = faiss.IndexFlatIP(vectors.shape[1])
        exact.add(vectors)
        truth = exact.search(queries, K)[1]
        for per_root, iterations, per_list in variants:
            store_index.LISTS_PER_ROOT, store_index.KMEANS_ITERATIONS, store_index._TRAIN_PER_LIST = (
                per_root, iterations, per_list)
            started = time.perf_counter()
            built = store_index.VectorIndex.build(np.arange(size), vectors)
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            found = [hits for start in range(0, len(queries), 50) for hits in built.search(queries[start:start + 50], K)]
            per_batch = (time.perf_counter() - started) / max(1, len(queries) / 50) * 1000
            recall = np.mean([len({i for i, _ in hits} & set(row)) / K for hits, row in zip(found, truth)])
            print(f"| {size:,} | {store_index._lists_for(size):,} ({per_root}√n) | {iterations}, {per_list} | "
                  f"{seconds:.1f} | {recall:.3f} | {per_batch:.1f} |", flush=True)
        store_index.LISTS_PER_ROOT, store_index.KMEANS_ITERATIONS, store_index._TRAIN_PER_LIST = chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="36000,100000,300000,1000000")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--model", default="use-multilingual")
    parser.add_argument("--training", action="store_true", help="compare how the chosen index is trained")
    args = parser.parse_args()
    faiss.omp_set_num_threads(2)
    corpus, queries = real_vectors(args.model)
    queries = queries[: args.queries]
    rng = np.random.default_rng(1)
    if args.training:
        training([int(s) for s in args.sizes.split(",")], corpus, queries, rng)
        return
    print("| claims | index | build s | MB serialised | queries/s | recall@10 |")
    print("|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        vectors = grown(corpus, size, rng)
        exact = None
        for name, make in candidates(size, vectors.shape[1]).items():
            index, _ = make()
            started = time.perf_counter()
            if not index.is_trained:
                index.train(vectors[rng.choice(len(vectors), min(len(vectors), 100 * int(4 * np.sqrt(size))),
                                               replace=False)])
            index.add(vectors)
            build = time.perf_counter() - started
            megabytes = len(faiss.serialize_index(index)) / 1e6
            started = time.perf_counter()
            rows = np.concatenate([index.search(queries[i:i + 50], K)[1] for i in range(0, len(queries), 50)])
            rate = len(queries) / (time.perf_counter() - started)
            if exact is None:
                exact = rows
            recall = np.mean([len(set(a) & set(b)) / K for a, b in zip(rows, exact)])
            print(f"| {size:,} | {name} | {build:.1f} | {megabytes:.0f} | {rate:,.0f} | {recall:.3f} |", flush=True)
            del index


if __name__ == "__main__":
    main()
