"""Tell French from English, for documents whose front matter gives no `lang`."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

_SAMPLE_CHARS = 4000


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH).build()


def detect_language(text: str) -> Literal["fr", "en"]:
    """French or English; English when the text gives no clue (no letters at all)."""
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return "en"
    from lingua import Language

    return "fr" if _detector().detect_language_of(sample) == Language.FRENCH else "en"
