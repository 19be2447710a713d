"""Find, for each claim, the claims elsewhere that may state the same fact.

Matching only proposes neighbours by meaning (cosine similarity of claim embeddings); whether
their figures agree is for the rules to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Sequence

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


@dataclass(frozen=True)
class EmbeddedClaims:
    claims: Sequence[Claim]
    vectors: np.ndarray

    def subset(self, paths: set[str]) -> "EmbeddedClaims":
        rows = [i for i, claim in enumerate(self.claims) if claim.path in paths]
        return EmbeddedClaims([self.claims[i] for i in rows], self.vectors[rows])


def neighbours_across(subjects: EmbeddedClaims, others: EmbeddedClaims, k: int,
                      min_similarity: float) -> list[ClaimContext]:
    """Each subject claim with its `k` nearest claims among `others` from other documents."""
    index = VectorIndex(others.vectors)
    # Claims of the subject's own document may be among `others` (documents checked against
    # each other): ask for enough rows that k from other documents remain.
    same_document = max((sum(1 for _ in group) for _, group in
                         groupby(sorted(c.path for c in others.claims))), default=0)
    hits = index.search(subjects.vectors, k + same_document)
    contexts = []
    for claim, row_hits in zip(subjects.claims, hits):
        found = [Neighbour(others.claims[row], score) for row, score in row_hits
                 if score >= min_similarity and others.claims[row].path != claim.path]
        contexts.append(ClaimContext(claim, tuple(found[:k])))
    return contexts


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
