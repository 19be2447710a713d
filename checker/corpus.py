"""Gather what a check needs: the claims under check with their vectors, and where they find
evidence.

Files go through the store: unchanged ones are not read again, known sentences are not embedded
again, and the sources are searched through the store's index without loading their claims;
only the neighbours found are read back. `--no-cache` uses a store in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from checker.embed import Embedder
from checker.index import COMPRESS_FROM, VectorIndex
from checker.match import ClaimSearch, EmbeddedClaims, Neighbour
from checker.models import Claim, Document
from checker.progress import progress
from checker.reader import find_documents, unreadable
from checker.store import ClaimStore, StoredDocument

# Claims of the index outside the evidence (the drafts' own, say) are dropped after an unfiltered
# search up to this many; past it FAISS filters during the search, which is slower per query.
_FILTER_AFTER = 256


@dataclass(frozen=True)
class Corpus:
    draft_paths: list[str]
    source_paths: list[str]
    subjects: EmbeddedClaims  # the claims under check: the drafts', or without drafts the sources'
    evidence: ClaimSearch | None  # where subjects find other documents' claims; None: nowhere
    claims: int  # of every document, subjects and evidence
    figures: int
    embedded: int = 0  # sentences embedded by this run (0: the model was not needed)
    read: int = 0  # files read by this run (the rest came from the store)


class StoredClaims:
    """The claims of some stored files, searched through the store's index. Words are weighed
    over the stored claims other than `subjects` (the drafts, stored too), as they would be over
    the sources alone when the store holds nothing else."""

    def __init__(self, store: ClaimStore, index: VectorIndex, ids: np.ndarray, shown_as: dict[str, str],
                 subjects: Sequence[Claim], embedder: Callable[[], Embedder]) -> None:
        self._store, self._index, self._shown_as = store, index, shown_as
        self._ids = ids
        self._subjects = subjects
        self._embedder = embedder
        self._outside = index.size - len(ids)  # ids is a subset of the index's

    def nearest(self, claims: Sequence[Claim], vectors: np.ndarray, k: int) -> list[list[Neighbour]]:
        if self._outside <= _FILTER_AFTER:
            wanted = self._wanted
            hits = [[(i, s) for i, s in row if wanted is None or i in wanted][:k]
                    for row in self._index.search(vectors, k + self._outside)]
        elif self._index.compressed and len(self._ids) < COMPRESS_FROM:
            # A few of a big store's claims may sit in inverted lists the search does not probe:
            # a selection small enough for a flat index is searched exactly.
            hits = VectorIndex.build(*self._store.vectors_of(self._ids, self._embedder)).search(vectors, k)
        else:
            hits = self._index.search(vectors, k, allowed=self._ids)
        found = self._store.claims_by_id([i for row in hits for i, _ in row], self._shown_as)
        return [[Neighbour(found[i], score) for i, score in row] for row in hits]

    def sharing_words(self, claims: Sequence[Claim], words: Sequence[frozenset[str]], vectors: np.ndarray,
                      k: int) -> list[list[Neighbour]]:
        if self._outside <= _FILTER_AFTER:  # as `nearest`: few others, dropped after the search
            wanted = self._wanted
            hits = [[i for i in row if wanted is None or i in wanted][:k]
                    for row in self._store.sharing_words(words, k + self._outside)]
        else:
            hits = self._store.sharing_words(words, k, within=self._ids)
        ids, found_vectors = self._store.vectors_of(np.unique([i for row in hits for i in row]), self._embedder)
        vector_of = dict(zip(ids.tolist(), found_vectors))
        found = self._store.claims_by_id(ids.tolist(), self._shown_as)
        return [[Neighbour(found[i], float(vector_of[i] @ vector)) for i in row if i in found]
                for row, vector in zip(hits, vectors)]

    def term_weights(self, words: set[str]) -> dict[str, float]:
        return self._store.word_weights(words, leave_out=self._subjects)

    @cached_property
    def _wanted(self) -> set[int] | None:
        """The ids of the evidence, when the store holds other claims too."""
        return set(self._ids.tolist()) if self._outside else None


def store_files(store: ClaimStore, files: Sequence[tuple[str, Path]], embedder: Callable[[], Embedder]) -> int:
    """Read, extract, store and embed the files (display path, resolved path: as
    `find_documents` gives them) the store does not hold as they are now; returns how many were
    read. Embedding runs alongside reading (see `ClaimStore.embedding_alongside`), and many
    files are read in a second process (`read_ahead`)."""
    known = store.fresh_documents()
    changed = []
    for display, path in files:
        try:
            stat = path.stat()
        except OSError as exc:  # gone since it was listed
            raise unreadable(display, exc) from None
        if known.get(str(path)) != (stat.st_size, stat.st_mtime_ns):
            changed.append((display, path, stat.st_size, stat.st_mtime_ns))
    if not changed:
        return 0
    # Imported here: the figure readers take a tenth of a second to import, which a run with
    # nothing changed (`factlint index` again, a warm check) need not pay.
    from checker.read_ahead import FileToRead, extracted_files

    held = store.held_documents()
    never_read = any(str(path) not in held for _, path, _, _ in changed)
    changed = [FileToRead(*file) for file in changed]
    with progress(total=len(changed), desc="reading", unit="file") as bar, \
            store.embedding_alongside(embedder, load_now=never_read) as embed, \
            extracted_files(changed) as extracted:
        for group in extracted:
            store.save_documents([StoredDocument(found.file.path, found.file.size, found.file.mtime_ns,
                                                 found.sha256, found.claims) for found in group])
            embed([claim for found in group for claim in found.claims])
            bar.update(len(group))
    return len(changed)


def load_corpus(drafts: Sequence[str], sources: Sequence[str], embedder: Callable[[], Embedder],
                store: ClaimStore, keep: Callable[[Path], bool] | None = None) -> Corpus:
    """The corpus of the documents under `drafts` and `sources` (files or folders; `keep`
    filters what folders hold, see `find_documents`). Searching it reads from `store`: keep the
    store open until the check is done."""
    draft_files, source_files = find_documents(drafts, keep), find_documents(sources, keep)
    read = store_files(store, draft_files + source_files, embedder)
    subject_files = draft_files or source_files
    subject_claims = store.claims_of({path: display for display, path in subject_files})
    vectors, _ = store.vectors([c.text for c in subject_claims], embedder)
    subjects = EmbeddedClaims(subject_claims, vectors)
    evidence: ClaimSearch | None = None
    if draft_files and source_files:
        subject_paths = {path for _, path in draft_files}
        evidence_files = {path: display for display, path in source_files if path not in subject_paths}
        index = store.claim_index(embedder, persist=False)
        evidence = StoredClaims(store, index, store.claim_ids(list(evidence_files)),
                                {str(p): display for p, display in evidence_files.items()}, subject_claims, embedder)
    elif len(draft_files) + len(source_files) > 1:
        evidence = subjects
    claims, figures = store.counts([path for _, path in {*draft_files, *source_files}])
    return Corpus([d for d, _ in draft_files], [d for d, _ in source_files], subjects, evidence,
                  claims, figures, store.embedded, read)


def corpus_from_documents(drafts: Sequence[Document], sources: Sequence[Document],
                          embedder: Callable[[], Embedder]) -> Corpus:
    """A corpus of documents already read (tests, benchmarks), embedded in memory."""
    from checker.claims import extract_claims  # the figure readers, imported when used (see `store_files`)

    claims = [c for doc in (*drafts, *sources) for c in extract_claims(doc)]
    texts = [c.text for c in claims]
    vectors = embedder().encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    everything = EmbeddedClaims(claims, vectors)
    draft_paths, source_paths = [d.path for d in drafts], [s.path for s in sources]
    subjects = everything.subset(set(draft_paths or source_paths))
    evidence: ClaimSearch | None = None
    if drafts and sources:
        evidence = everything.subset(set(source_paths) - set(draft_paths))
    elif len(drafts) + len(sources) > 1:
        evidence = subjects
    return Corpus(draft_paths, source_paths, subjects, evidence, len(claims), sum(len(c.figures) for c in claims),
                  len(texts), len(drafts) + len(sources))
