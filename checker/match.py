"""Find, for each claim, the claims elsewhere that may state the same fact.

Candidates come from two searches: dense (cosine similarity of claim embeddings, FAISS) and
lexical (BM25 over the claims' rare words, `checker.word_index`). Both lists are fused and
re-ranked by relatedness, the cosine plus the weight of the words shared. Matching only
proposes neighbours; whether their figures agree is for the rules to judge.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol, Sequence

import numpy as np

from checker.index import VectorIndex
from checker.models import Claim
from checker.terms import claim_terms, shared_weight, terms
from checker.word_index import WordIndex


# Dense candidates are re-ranked by the rare words they share with the claim under check
# (`checker.terms`): relatedness = cosine + LEXICAL_WEIGHT × shared word weight (0..1). It picks
# the neighbours kept and tells the figure-conflict rule which of two sources is closer to the
# claim; thresholds stay on the cosine, so claims in two languages, which share few words, are
# judged as before. Tuned on VitaminC (bench/RESULTS.md).
LEXICAL_WEIGHT = 0.5
CANDIDATES_PER_NEIGHBOUR = 2  # dense candidates fetched for each neighbour kept
LEXICAL_PER_NEIGHBOUR = 1  # lexical candidates fetched for each neighbour kept


@dataclass(frozen=True)
class Neighbour:
    claim: Claim
    similarity: float  # cosine of the two claims' embeddings
    shared_words: float = 0.0  # share (0..1) of the claim's word weight this neighbour repeats

    @property
    def relatedness(self) -> float:
        """Similarity plus shared words: ranks neighbours."""
        return self.similarity + LEXICAL_WEIGHT * self.shared_words


@dataclass(frozen=True)
class ClaimContext:
    """A claim under check and its neighbours, most similar first."""

    claim: Claim
    neighbours: tuple[Neighbour, ...]


class ClaimSearch(Protocol):
    """Where claims under check find their neighbours."""

    def nearest(self, claims: Sequence[Claim], vectors: np.ndarray, k: int) -> list[list[Neighbour]]:
        """For each claim (with its vector), up to `k` nearest claims of other documents, most
        similar first."""

    def sharing_words(self, claims: Sequence[Claim], words: Sequence[frozenset[str]], vectors: np.ndarray,
                      k: int) -> list[list[Neighbour]]:
        """For each claim (with its words, `checker.terms.terms`, and its vector), up to `k`
        claims of other documents that share its rarest words, best BM25 score first, with
        their cosine."""

    def term_weights(self, words: set[str]) -> dict[str, float]:
        """The weight of each word among the claims searched (`checker.terms.idf`)."""


@dataclass(frozen=True)
class EmbeddedClaims:
    """Claims and their vectors, in memory: searched exactly, row by row."""

    claims: Sequence[Claim]
    vectors: np.ndarray

    def subset(self, paths: set[str]) -> "EmbeddedClaims":
        rows = [i for i, claim in enumerate(self.claims) if claim.path in paths]
        return EmbeddedClaims([self.claims[i] for i in rows], self.vectors[rows])

    def nearest(self, claims: Sequence[Claim], vectors: np.ndarray, k: int) -> list[list[Neighbour]]:
        if not self.claims:
            return [[] for _ in claims]
        index = VectorIndex.build(np.arange(len(self.claims)), self.vectors)
        return [[Neighbour(self.claims[row], score) for row, score in hits
                 if self.claims[row].path != claim.path][:k]
                for claim, hits in zip(claims, index.search(vectors, k + self._same_document))]

    def sharing_words(self, claims: Sequence[Claim], words: Sequence[frozenset[str]], vectors: np.ndarray,
                      k: int) -> list[list[Neighbour]]:
        found = self._words.search(words, k + self._same_document)
        return [[Neighbour(self.claims[row], float(self.vectors[row] @ vector)) for row in rows
                 if self.claims[row].path != claim.path][:k]
                for claim, vector, rows in zip(claims, vectors, found)]

    def term_weights(self, words: set[str]) -> dict[str, float]:
        return self._words.weights(words)

    @cached_property
    def _same_document(self) -> int:
        """The most claims of one document: the claims under check may be among these
        (documents checked against each other), and searches ask for that many more rows so
        that k from other documents remain."""
        return max(Counter(c.path for c in self.claims).values(), default=0)

    @cached_property
    def _words(self) -> WordIndex:
        return WordIndex.in_memory([claim_terms(c) for c in self.claims])


def neighbours_across(subjects: EmbeddedClaims, others: ClaimSearch, k: int,
                      min_similarity: float) -> list[ClaimContext]:
    """Each subject claim with its `k` most related claims among `others` from other documents,
    at least `min_similarity` similar."""
    subject_terms = [terms(claim.text) for claim in subjects.claims]
    dense = others.nearest(subjects.claims, subjects.vectors, CANDIDATES_PER_NEIGHBOUR * k)
    lexical = others.sharing_words(subjects.claims, subject_terms, subjects.vectors, LEXICAL_PER_NEIGHBOUR * k)
    weights = others.term_weights(set().union(*subject_terms))
    contexts = []
    for claim, words, *found in zip(subjects.claims, subject_terms, dense, lexical):
        candidates = {(n.claim.path, n.claim.sentence.start): n for hits in found for n in hits}
        ranked = sorted((Neighbour(n.claim, n.similarity, shared_weight(words, claim_terms(n.claim), weights))
                         for n in candidates.values()), key=lambda n: -n.relatedness)
        # Filtered before the k are kept: a lexical candidate below the floor must not take the
        # place of a dense one above it.
        contexts.append(ClaimContext(claim, tuple([n for n in ranked if n.similarity >= min_similarity][:k])))
    return contexts


def neighbours_within(document: EmbeddedClaims, min_similarity: float) -> list[ClaimContext]:
    """Each claim of one document with the earlier claims of that document that resemble it."""
    similarities = document.vectors @ document.vectors.T if len(document.claims) else np.zeros((0, 0))
    contexts = []
    for i, claim in enumerate(document.claims):
        # One document: its claims share its subject's words, so only the cosine tells them apart.
        earlier = [Neighbour(document.claims[j], float(similarities[i, j]))
                   for j in range(i) if similarities[i, j] >= min_similarity]
        earlier.sort(key=lambda n: -n.relatedness)
        contexts.append(ClaimContext(claim, tuple(earlier)))
    return contexts
