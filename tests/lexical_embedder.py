"""A deterministic embedder for fast tests: hashed bag of words, figures left out.

Two sentences that share their words (not their numbers) land close, as with the real model, so
rule cases in one language run without loading a model.
"""

from __future__ import annotations

import hashlib
import re
from typing import Sequence

import numpy as np

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


class LexicalEmbedder:
    name = "test-lexical"
    dimension = 256
    concurrent_calls = 2  # a pure function; stores built with it take the overlapping path

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                vectors[row, bucket % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms
