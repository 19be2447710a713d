"""Vague amounts, which name an order of magnitude but no value: "des milliers", "plusieurs
centaines", "des centaines de milliers", "thousands", "dozens", "hundreds of thousands",
"several hundred"."""

from __future__ import annotations

import re

from checker.figures.text import alternation, clue_words, holds_any

# Plural magnitudes ("des milliers", "thousands of"), the English ones that only multiply
# another ("tens of thousands"), and the singular ones "plusieurs" and "several" take.
_PLURALS = {"fr": ("dizaines", "centaines", "milliers", "millions", "milliards"),
            "en": ("dozens", "hundreds", "thousands", "millions", "billions", "trillions")}
_MULTIPLES_EN = ("tens", "scores")
_SEVERAL = {"fr": ("centaines", "milliers", "millions", "milliards"),
            "en": ("hundred", "thousand", "million", "billion")}
_MAGNITUDES_FR = alternation(_PLURALS["fr"])
_MAGNITUDES_EN = alternation((*_MULTIPLES_EN, *_PLURALS["en"]))
_VAGUE = {
    "fr": re.compile(
        rf"(?<![\w-])(?:(?:des|les|aux|par|plusieurs|quelques|de\s+nombreux|de\s+nombreuses)\s+(?:{_MAGNITUDES_FR})"
        rf"(?:\s+de\s+(?:{_MAGNITUDES_FR}))*"
        rf"|(?:plusieurs|quelques)\s+(?:{alternation(_SEVERAL['fr'])}))(?![\w-])"
    ),
    "en": re.compile(
        rf"(?<![\w-])(?<!\d )(?:(?:(?:several|a\s+few|many)\s+)?(?:{alternation(_PLURALS['en'])})"
        rf"(?:\s+(?:of|upon)\s+(?:{_MAGNITUDES_EN}))*"
        rf"|(?:{alternation(_MULTIPLES_EN)})(?:\s+of\s+(?:{_MAGNITUDES_EN}))+"
        rf"|(?:several|a\s+few|many|a\s+couple\s+of)\s+(?:{alternation(_SEVERAL['en'])}))(?![\w-])"
    ),
}
# Every vague amount holds a plural magnitude, or an English singular one and a word that counts
# it ("several", "a few", "many", "a couple of"): looked for first (see `holds_any`). Money
# figures hold the singular alone ("$14 billion"), other sentences "many" or "few" alone.
_PLURAL_CLUES = {"fr": clue_words((*_PLURALS["fr"], *_SEVERAL["fr"])),
                 "en": clue_words((*_MULTIPLES_EN, *_PLURALS["en"]))}
_SINGULAR_CLUES_EN = clue_words(_SEVERAL["en"])
_COUNTING_CLUES_EN = ("several", "few", "many", "couple")


def find_vague(norm: str, lang: str) -> list[tuple[int, int]]:
    """Spans of vague amounts."""
    if not (holds_any(norm, _PLURAL_CLUES[lang])
            or lang == "en" and holds_any(norm, _SINGULAR_CLUES_EN) and holds_any(norm, _COUNTING_CLUES_EN)):
        return []
    return [m.span() for m in _VAGUE[lang].finditer(norm)]
