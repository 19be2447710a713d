"""Find, for each claim, the claims elsewhere that may state the same fact.

Matching only proposes neighbours by meaning (cosine similarity of claim embeddings); whether
their figures agree is for the rules to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections import Counter
from typing import Protocol, Sequence

import numpy as np

from checker.index import VectorIndex
from checker.models import Claim
from checker.terms import shared_weight, terms, weights_of


# Dense candidates are re-ranked by the rare words they share with the claim under check
# (`checker.terms`): relatedness = cosine + LEXICAL_WEIGHT × shared word weight (0..1). It picks
# the neighbours kept and tells the figure-conflict rule which of two sources is closer to the
# claim; thresholds stay on the cosine, so claims in two languages, which share few words, are
# judged as before. Tuned on VitaminC (bench/RESULTS.md).
LEXICAL_WEIGHT = 0.5
CANDIDATES_PER_NEIGHBOUR = 2  # dense candidates fetched for each neighbour kept


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
        # The claims under check may be among these (documents checked against each other): ask
        # for enough rows that k from other documents remain.
        same_document = max(Counter(c.path for c in self.claims).values())
        return [[Neighbour(self.claims[row], score) for row, score in hits
                 if self.claims[row].path != claim.path][:k]
                for claim, hits in zip(claims, index.search(vectors, k + same_document))]

    def term_weights(self, words: set[str]) -> dict[str, float]:
        frequencies = Counter(w for claim in self.claims for w in terms(claim.text) & words)
        return weights_of(words, frequencies, len(self.claims))


def neighbours_across(subjects: EmbeddedClaims, others: ClaimSearch, k: int,
                      min_similarity: float) -> list[ClaimContext]:
    """Each subject claim with its `k` most related claims among `others` from other documents,
    at least `min_similarity` similar."""
    hits = others.nearest(subjects.claims, subjects.vectors, CANDIDATES_PER_NEIGHBOUR * k)
    subject_terms = [terms(claim.text) for claim in subjects.claims]
    weights = others.term_weights(set().union(*subject_terms))
    contexts = []
    for claim, words, found in zip(subjects.claims, subject_terms, hits):
        ranked = sorted((Neighbour(n.claim, n.similarity, shared_weight(words, _context_terms(n.claim), weights))
                         for n in found), key=lambda n: -n.relatedness)
        contexts.append(ClaimContext(claim, tuple(n for n in ranked[:k] if n.similarity >= min_similarity)))
    return contexts


def _context_terms(claim: Claim) -> frozenset[str]:
    """The words a source claim is read with: its sentence's and its document title's ("the
    film grossed $4 million" in an article titled "The Night Before")."""
    return terms(claim.text) | terms(claim.doc_title) if claim.doc_title else terms(claim.text)


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
