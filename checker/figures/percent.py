"""Percentages: "72.4%", "3,5 %", "10 pour cent", "20 percent", and fractions read as percents
("three quarters" = 75, "deux tiers" = 66.67, "la moitié" = 50)."""

from __future__ import annotations

import re

from checker.figures.text import alternation, holds_any

_PERCENT_SIGN = re.compile(r"\s?(?:%|pour\s?cent\b|pourcents?\b|per\s?cent\b|pct\b)")

_FRACTIONS = {
    "fr": {
        "la moitié": 50.0, "moitié": 50.0, "un tiers": 100 / 3, "deux tiers": 200 / 3,
        "un quart": 25.0, "trois quarts": 75.0, "un cinquième": 20.0, "un dixième": 10.0,
    },
    "en": {
        "half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3,
        "one-third": 100 / 3, "two thirds": 200 / 3, "two-thirds": 200 / 3, "a quarter": 25.0,
        "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
        "a fifth": 20.0, "one fifth": 20.0, "a tenth": 10.0, "one tenth": 10.0,
    },
}
# A fraction of a whole is followed by what it divides: "la moitié des", "half of", "two thirds
# of", "half the"; this keeps out "the second half", "à moitié vide", "quarter" (of a year).
_FRACTION_REGEX = {
    "fr": re.compile(rf"(?<![\w-])({alternation(_FRACTIONS['fr'])})(?=\s+(?:des?|du|d'|de\s+l')|\s*[,.;)]|\s*$)"),
    "en": re.compile(
        rf"(?<![\w-])(?<!first )(?<!second )(?<!last )(?<!and )({alternation(_FRACTIONS['en'])})"
        r"(?=\s+(?:of|the|its|their|his|her|our|all)\b|\s*[,.;)]|\s*$)"
    ),
}
# Every fraction holds its last word ("tiers", "quarter"; see `holds_any`).
_FRACTION_CLUES = {lang: {phrase.replace("-", " ").split()[-1] for phrase in fractions}
                   for lang, fractions in _FRACTIONS.items()}
# Fractions are a rounded way of speaking: read "three quarters" as 75 give or take 2.5 points.
FRACTION_STEP = 5.0


def percent_sign_after(norm: str, pos: int) -> int | None:
    """End of a percent sign or word right after `pos`, or None."""
    match = _PERCENT_SIGN.match(norm, pos)
    return match.end() if match else None


def find_fractions(norm: str, lang: str) -> list[tuple[int, int, float]]:
    """Fractions of a whole as (start, end, percent)."""
    if not holds_any(norm, _FRACTION_CLUES[lang]):
        return []
    return [(m.start(1), m.end(1), _FRACTIONS[lang][" ".join(m.group(1).split())])
            for m in _FRACTION_REGEX[lang].finditer(norm)]
