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


@dataclass(frozen=True)
class Neighbour:
    claim: Claim
    similarity: float


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
        return [[Neighbour(self.claims[row], score) for row, score in hits if self.claims[row].path != claim.path][:k]
                for claim, hits in zip(claims, index.search(vectors, k + same_document))]


def neighbours_across(subjects: EmbeddedClaims, others: ClaimSearch, k: int,
                      min_similarity: float) -> list[ClaimContext]:
    """Each subject claim with its `k` nearest claims among `others` from other documents."""
    hits = others.nearest(subjects.claims, subjects.vectors, k)
    return [ClaimContext(claim, tuple(n for n in found if n.similarity >= min_similarity))
            for claim, found in zip(subjects.claims, hits)]


def neighbours_within(document: EmbeddedClaims, min_similarity: float) -> list[ClaimContext]:
    """Each claim of one document with the earlier claims of that document that resemble it."""
    similarities = document.vectors @ document.vectors.T if len(document.claims) else np.zeros((0, 0))
    contexts = []
    for i, claim in enumerate(document.claims):
        earlier = [Neighbour(document.claims[j], float(similarities[i, j])) for j in range(i)
                   if similarities[i, j] >= min_similarity]
        earlier.sort(key=lambda n: -n.similarity)
        contexts.append(ClaimContext(claim, tuple(earlier)))
    return contexts
