"""Vague amounts, which name an order of magnitude but no value: "des milliers", "plusieurs
centaines", "des centaines de milliers", "thousands", "dozens", "hundreds of thousands",
"several hundred"."""

from __future__ import annotations

import re

from checker.figures.text import holds_any

_MAGNITUDES_FR = r"(?:dizaines|centaines|milliers|millions|milliards)"
_MAGNITUDES_EN = r"(?:tens|dozens|scores|hundreds|thousands|millions|billions|trillions)"
_VAGUE = {
    "fr": re.compile(
        rf"(?<![\w-])(?:(?:des|les|aux|par|plusieurs|quelques|de\s+nombreux|de\s+nombreuses)\s+{_MAGNITUDES_FR}"
        rf"(?:\s+de\s+{_MAGNITUDES_FR})*"
        r"|(?:plusieurs|quelques)\s+(?:centaines|milliers|millions|milliards))(?![\w-])"
    ),
    "en": re.compile(
        rf"(?<![\w-])(?<!\d )(?:(?:(?:several|a\s+few|many)\s+)?(?:dozens|hundreds|thousands|millions|billions|trillions)"
        rf"(?:\s+(?:of|upon)\s+{_MAGNITUDES_EN})*"
        rf"|(?:tens|scores)(?:\s+of\s+{_MAGNITUDES_EN})+"
        r"|(?:several|a\s+few|many|a\s+couple\s+of)\s+(?:hundred|thousand|million|billion))(?![\w-])"
    ),
}


# Every vague amount holds one of these (see `holds_any`).
_CLUES = {
    "fr": ("dizaines", "centaines", "milliers", "millions", "milliards"),
    "en": ("dozens", "scores", "tens", "hundred", "thousand", "million", "billion", "trillion"),
}


def find_vague(norm: str, lang: str) -> list[tuple[int, int]]:
    """Spans of vague amounts."""
    if not holds_any(norm, _CLUES[lang]):
        return []
    return [m.span() for m in _VAGUE[lang].finditer(norm)]
