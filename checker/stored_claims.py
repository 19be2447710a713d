"""A claim as the store writes it: the key of its sentence's vector, its JSON, its words.

Apart from `checker.claims`, so that opening the store does not import the figure readers: a
run with nothing changed reads no file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from checker.models import Claim
from checker.terms import claim_terms


def text_key(text: str) -> str:
    """What the store names a sentence's vector by."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SerialisedClaim:
    """A claim as the store writes it. The reader process sends these rather than Claims:
    strings cross between processes much cheaper than pydantic models."""

    text: str
    key: str  # text_key(text)
    payload: str  # the claim as JSON
    words: frozenset[str]  # claim_terms: what the word index holds
    figures: int

    @classmethod
    def of(cls, claim: Claim) -> "SerialisedClaim":
        # pydantic's own JSON writer: a third of the cost of model_dump then json.dumps, and
        # read back to an equal claim (every claim of the seeds, VitaminC and a 20k corpus).
        return cls(claim.text, text_key(claim.text), claim.model_dump_json(), claim_terms(claim), len(claim.figures))
