"""Claims: the sentences of a document that carry figures, and the form the store keeps them in."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from checker.figures import extract_figures
from checker.models import Claim, Document
from checker.terms import claim_terms


def extract_claims(document: Document) -> list[Claim]:
    claims = []
    for sentence in document.sentences:
        figures = extract_figures(sentence.text, document.lang, document.date)
        if figures:
            claims.append(Claim(path=document.path, doc_date=document.date, lang=document.lang,
                                sentence=sentence, figures=tuple(figures), doc_title=document.title))
    return claims


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
        return cls(claim.text, text_key(claim.text), json.dumps(claim.model_dump(mode="json"), ensure_ascii=False),
                   claim_terms(claim), len(claim.figures))
