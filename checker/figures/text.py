"""Text preparation shared by the finders: one same-length, lower-case view of the input.

Every finder matches on this view so that offsets found there are offsets in the input.
"""

from __future__ import annotations

import bisect
import re
from typing import Callable, Iterable, TypeVar

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

# Every character the map changes is non-ASCII, and most sentences hold none: `translate` looks
# up every character in the map, five to ten times the cost of looking for one of them first.
_MAPPED = re.compile(f"[{re.escape(''.join(map(chr, _SAME_LENGTH_MAP)))}]")

_DIGIT = re.compile(r"\d")
_ASCII_DIGIT = re.compile("[0-9]")


def has_digit(text: str) -> bool:
    """Whether `text` has a digit: finders whose patterns all need one skip the many sentences
    of a story that have none."""
    # In an ASCII text (`isascii` is a flag test) \d is [0-9], which re tests at half the cost of
    # looking up each character's Unicode category.
    return (_ASCII_DIGIT if text.isascii() else _DIGIT).search(text) is not None


def has_ascii_digit(text: str) -> bool:
    """Whether `text` has one of 0-9, which every date pattern that needs a digit holds."""
    return _ASCII_DIGIT.search(text) is not None


def holds_any(text: str, parts: Iterable[str]) -> bool:
    """Whether `text` contains one of `parts`. Finders look first for what a pattern cannot
    match without: a substring test is a memchr, a tenth of the cost of a regex scan that
    starts with a look-behind or a character class."""
    for part in parts:  # a loop: any() over a generator costs twice as much
        if part in text:
            return True
    return False


def clue_words(words: Iterable[str]) -> tuple[str, ...]:
    """The words of `words` that contain none of the others, shortest first: a text holds one
    of `words` only if it holds one of these, and a short word is the likeliest to be found
    early by `holds_any`."""
    words = set(words)
    shortest = (w for w in words if not any(other != w and other in w for other in words))
    return tuple(sorted(shortest, key=lambda w: (len(w), w)))


def normalise(text: str) -> str:
    """Lower-case `text` and unify spaces and apostrophes, keeping every character's offset."""
    mapped = text if text.isascii() or not _MAPPED.search(text) else text.translate(_SAME_LENGTH_MAP)
    lowered = mapped.lower()
    if len(lowered) == len(mapped):  # no character lengthened: the usual case, done in C
        return lowered
    # str.lower() can lengthen a character ("İ" -> "i̇"); keep those as they are.
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in mapped)


def alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """A regex alternation of literal words, longest first so that no word shadows a longer one."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class Spans:
    """Spans of a text (start, end), answering "does [start, end) overlap one of them?" in
    logarithmic time: a sentence can hold thousands of numbers, and a scan of every span for
    every number made a one-megabyte line take minutes. Empty spans cover no character."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        # Disjoint spans sorted by start (ends then sorted too): overlapping ones are merged.
        # Sorted first, a span can overlap only the last one kept: one pass, no look-ups.
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if start >= end:
                continue
            if self._ends and start < self._ends[-1]:
                self._ends[-1] = max(end, self._ends[-1])
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        # Only the last span starting before `end` can reach past `start`: ends are sorted.
        last = bisect.bisect_left(self._starts, end) - 1
        return last >= 0 and self._ends[last] > start

    def add(self, start: int, end: int) -> None:
        if start >= end:
            return
        first = bisect.bisect_right(self._ends, start)  # the first span ending after `start`
        last = bisect.bisect_left(self._starts, end)  # past the last span starting before `end`
        if first < last:
            start, end = min(start, self._starts[first]), max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]


def _start_of_spanned(spanned: tuple[tuple[int, int], object]) -> int:
    return spanned[0][0]


def first_non_overlapping(items: list[T], span: Callable[[T], tuple[int, int]]) -> list[T]:
    """`items` in the given order of preference, dropping each one that overlaps an earlier
    kept one; returned sorted by start."""
    if len(items) < 2:
        return list(items)  # most often: a sentence holds one figure of a kind, or none
    # Mostly no two items overlap and all are kept: one pass in text order shows it, at half the
    # cost of the look-ups below for the few figures of a sentence.
    by_start = sorted([(span(item), item) for item in items], key=_start_of_spanned)
    reach = 0
    for (start, end), _ in by_start:
        if start < reach:
            break
        if end > reach:
            reach = end
    else:
        return [item for _, item in by_start]
    kept: list[T] = []
    taken = Spans()
    for item in items:
        start, end = span(item)
        if not taken.overlaps(start, end):
            kept.append(item)
            taken.add(start, end)
    return sorted(kept, key=lambda k: span(k)[0])
