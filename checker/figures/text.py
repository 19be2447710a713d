"""Text preparation shared by the finders: one same-length, lower-case view of the input.

Every finder matches on this view so that offsets found there are offsets in the input.
"""

from __future__ import annotations

import re
from typing import Callable, TypeVar

T = TypeVar("T")

# Spaces that typesetters put inside numbers ("600 000", "600 000"); and quote/dash variants.
_SAME_LENGTH_MAP = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2011": "-",
        "\u2010": "-",
        "\u2212": "-",
        "\u2013": "–",
    }
)


def normalise(text: str) -> str:
    """Lower-case `text` and unify spaces and apostrophes, keeping every character's offset."""
    mapped = text.translate(_SAME_LENGTH_MAP)
    # str.lower() can lengthen a character ("İ" -> "i̇"); keep those as they are.
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in mapped)


def alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """A regex alternation of literal words, longest first so that no word shadows a longer one."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def first_non_overlapping(items: list[T], span: Callable[[T], tuple[int, int]]) -> list[T]:
    """`items` in the given order of preference, dropping each one that overlaps an earlier
    kept one; returned sorted by start."""
    kept: list[T] = []
    for item in items:
        start, end = span(item)
        if not overlaps(start, end, [span(k) for k in kept]):
            kept.append(item)
    return sorted(kept, key=lambda k: span(k)[0])
