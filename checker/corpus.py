"""Gather what a check needs: the claims of every draft and source, and their vectors.

With a store, unchanged files are not read again and known sentences are not embedded again;
without one, everything is read, extracted and embedded in memory.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from checker.claims import extract_claims
from checker.embed import Embedder
from checker.models import Claim, Document
from checker.reader import find_documents, read_document
from checker.store import ClaimStore


@dataclass(frozen=True)
class Corpus:
    draft_paths: list[str]
    source_paths: list[str]
    claims: list[Claim]
    vectors: np.ndarray
    embedded: int = 0  # sentences embedded by this run (0: the model was not needed)
    read: int = 0  # files read by this run (the rest came from the store)


def _claims_of(display: str, path, store: ClaimStore | None) -> tuple[list[Claim], bool]:
    """The claims of one file, and whether it had to be read."""
    if store is not None:
        stat = path.stat()
        stored = store.document(path)
        if stored and (stored.size, stored.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            # Copying is a third of a warm check over 10,000 sources: only when the name changed.
            return [c if c.path == display else c.model_copy(update={"path": display}) for c in stored.claims], False
    document = read_document(path, display)
    claims = extract_claims(document)
    if store is not None:
        sha = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        store.save_document(path, stat.st_size, stat.st_mtime_ns, sha, claims)
    return claims, True


def load_corpus(drafts: Sequence[str], sources: Sequence[str], embedder: Callable[[], Embedder],
                store: ClaimStore | None = None, keep: Callable[[Path], bool] | None = None) -> Corpus:
    """Claims and vectors of the documents under `drafts` and `sources` (files or folders;
    `keep` filters what folders hold, see `find_documents`)."""
    draft_files, source_files = find_documents(drafts, keep), find_documents(sources, keep)
    claims: list[Claim] = []
    read = 0
    for display, path in draft_files + source_files:
        found, was_read = _claims_of(display, path, store)
        claims += found
        read += was_read
    texts = [c.text for c in claims]
    if store is not None:
        vectors, embedded = store.vectors(texts, embedder)
    else:
        vectors, embedded = _embed(texts, embedder), len(texts)
    return Corpus([d for d, _ in draft_files], [d for d, _ in source_files], claims, vectors, embedded, read)


def corpus_from_documents(drafts: Sequence[Document], sources: Sequence[Document],
                          embedder: Callable[[], Embedder]) -> Corpus:
    """A corpus of documents already read (tests, benchmarks), embedded in memory."""
    claims = [c for doc in (*drafts, *sources) for c in extract_claims(doc)]
    texts = [c.text for c in claims]
    return Corpus([d.path for d in drafts], [s.path for s in sources], claims, _embed(texts, embedder),
                  len(texts), len(drafts) + len(sources))


def _embed(texts: list[str], embedder: Callable[[], Embedder]) -> np.ndarray:
    return embedder().encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
