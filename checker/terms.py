"""The words two claims share, weighed by how rare they are among the sources.

Dense vectors place a sentence by its general meaning: "the population of Lyon was 513,000" and
"the population of Lille was 236,000" land close. The words they share say whether they state
the same fact: a rare shared word ("Lyon") counts for much, a common one ("population") for
little. Weights are inverse document frequencies (BM25's) over the claims searched; only words
of three letters or more that are not function words (`rules/vocabulary/function-words.yaml`)
count, accents folded, so "Genève" and "Geneve" match.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Mapping

import yaml

from checker.models import Claim
from checker.paths import builtin_rules_dir

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_ASCII_WORD = re.compile(r"[a-z]{3,}")  # `_WORD` in a lower-cased ASCII text: ranges, not categories


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    lists = yaml.safe_load((builtin_rules_dir() / "vocabulary" / "function-words.yaml").read_text(encoding="utf-8"))
    return frozenset(_fold(word) for words in lists.values() for word in words.split())


def _fold(word: str) -> str:
    if word.isascii():  # nothing to decompose: most words, and the fast way
        return word.lower()
    # casefold, not lower: a final "ς" folds to "σ", as the word index's tokenizer stores it.
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def terms(text: str) -> frozenset[str]:
    """The content words of a text, folded."""
    # An ASCII text is folded whole, in C: lower-casing it moves no word boundary.
    words = _ASCII_WORD.findall(text.lower()) if text.isascii() else map(_fold, _WORD.findall(text))
    return frozenset(words).difference(_function_words())


def claim_terms(claim: Claim) -> frozenset[str]:
    """The words a claim is read with: its sentence's and its document title's ("the film
    grossed $4 million" in an article titled "The Night Before")."""
    return terms(claim.text) | terms(claim.doc_title) if claim.doc_title else terms(claim.text)


def idf(document_frequency: int, documents: int) -> float:
    """BM25's inverse document frequency: near 0 for a word in every claim, high for a rare one."""
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def shared_weight(subject: frozenset[str], other: frozenset[str], weights: Mapping[str, float]) -> float:
    """The share of the subject's word weight that the other claim repeats, 0..1."""
    total = sum(weights.get(w, 0.0) for w in subject)
    return sum(weights.get(w, 0.0) for w in subject & other) / total if total else 0.0


def weights_of(words: Iterable[str], frequencies: Mapping[str, int], documents: int) -> dict[str, float]:
    """Weights of `words` given their document frequencies among `documents` claims (a word
    no claim has gets the highest weight)."""
    return {w: idf(frequencies.get(w, 0), max(documents, 1)) for w in words}
