"""Hedges and bounds around a figure, and the interval [low, high] a figure can mean.

"environ 600 000", "près d'une heure", "more than 1,200", "up to 20%", "600 000 environ",
"5,000 or more". Each hedge is recorded as a normalised keyword.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.figures.text import alternation

ABOUT, NEARLY, MORE_THAN, AT_LEAST, LESS_THAN, UP_TO, BETWEEN = (
    "about", "nearly", "more_than", "at_least", "less_than", "up_to", "between")

_BEFORE = {
    "fr": {
        "environ": ABOUT, "d'environ": ABOUT, "quelque": ABOUT, "autour de": ABOUT,
        "aux alentours de": ABOUT, "de l'ordre de": ABOUT, "à peu près": ABOUT,
        "approximativement": ABOUT, "quelques": ABOUT, "près de": NEARLY, "presque": NEARLY,
        "quasiment": NEARLY, "pratiquement": NEARLY, "plus de": MORE_THAN, "au-delà de": MORE_THAN,
        "un peu plus de": MORE_THAN, "bien plus de": MORE_THAN, "au moins": AT_LEAST,
        "pas moins de": AT_LEAST, "moins de": LESS_THAN, "un peu moins de": LESS_THAN,
        "jusqu'à": UP_TO, "au plus": UP_TO, "au maximum": UP_TO, "pas plus de": UP_TO,
        "entre": BETWEEN,
    },
    "en": {
        "about": ABOUT, "around": ABOUT, "roughly": ABOUT, "approximately": ABOUT, "approx.": ABOUT,
        "some": ABOUT, "an estimated": ABOUT, "estimated": ABOUT, "circa": ABOUT, "nearly": NEARLY,
        "almost": NEARLY, "close to": NEARLY, "just under": NEARLY, "more than": MORE_THAN,
        "over": MORE_THAN, "just over": MORE_THAN, "well over": MORE_THAN, "upwards of": MORE_THAN,
        "in excess of": MORE_THAN, "above": MORE_THAN, "greater than": MORE_THAN,
        "larger than": MORE_THAN, "bigger than": MORE_THAN, "higher than": MORE_THAN, "at least": AT_LEAST,
        "no fewer than": AT_LEAST, "no less than": AT_LEAST, "fewer than": LESS_THAN,
        "less than": LESS_THAN, "under": LESS_THAN, "below": LESS_THAN, "smaller than": LESS_THAN,
        "lower than": LESS_THAN, "up to": UP_TO,
        "as many as": UP_TO, "as much as": UP_TO, "no more than": UP_TO, "at most": UP_TO,
        "between": BETWEEN,
    },
}
_AFTER = {
    "fr": {"environ": ABOUT, "ou plus": AT_LEAST, "et plus": AT_LEAST, "au moins": AT_LEAST},
    "en": {"or so": ABOUT, "or more": AT_LEAST, "or less": UP_TO, "plus": AT_LEAST},
}
_BEFORE_REGEX = {lang: re.compile(rf"(?<![\w'-])({alternation(words)})\s+$") for lang, words in _BEFORE.items()}
# French elides "de" before a vowel: "près d'un million", "plus d'une heure".
_ELIDABLE = {phrase[: -len(" de")]: keyword for phrase, keyword in _BEFORE["fr"].items() if phrase.endswith(" de")}
_ELIDED_REGEX = re.compile(rf"(?<![\w'-])({alternation(_ELIDABLE)})\s+d'$")
_AFTER_REGEX = {lang: re.compile(rf"\s+({alternation(words)})(?![\w-])") for lang, words in _AFTER.items()}


class Hedge(NamedTuple):
    keyword: str
    start: int
    end: int


# "averaged over 12 reviewers", "spread over 3 days": "over" after these verbs spans, not bounds.
_NOT_A_BOUND = re.compile(r"(?:averaged|spread|spanning|distributed|divided|split)\s+over\s+$", re.I)


# Most numbers follow no hedge: the regexes are tried only when the text before the number ends
# like one, with "d'" or with a hedge's last word and spaces (`$` also matches before a last "\n").
_ELISION_ENDS = ("d'", "d'\n")
_LAST_WORDS = {lang: tuple({phrase.split()[-1] for phrase in words}) for lang, words in _BEFORE.items()}


def hedge_before(norm: str, pos: int, lang: str) -> Hedge | None:
    """A hedge ending right before `pos` ("plus de ", "près d'", "about ")."""
    window = max(0, pos - 24)
    before = norm[window:pos]
    if lang == "fr" and before.endswith(_ELISION_ENDS) and (elided := _ELIDED_REGEX.search(norm, window, pos)):
        return Hedge(_ELIDABLE[" ".join(elided.group(1).split())], elided.start(1), pos)
    word_end = len(before.rstrip())
    if word_end == len(before) or not before.endswith(_LAST_WORDS[lang], 0, word_end):
        return None
    if lang == "en" and _NOT_A_BOUND.search(norm, max(0, pos - 40), pos):
        return None
    match = _BEFORE_REGEX[lang].search(norm, window, pos)
    if match is None:
        return None
    return Hedge(_BEFORE[lang][" ".join(match.group(1).split())], match.start(1), pos)


def hedge_after(norm: str, pos: int, lang: str) -> Hedge | None:
    """A hedge right after a figure ending at `pos` ("600 000 environ", "5,000 or more")."""
    match = _AFTER_REGEX[lang].match(norm, pos)
    if match is None:
        return None
    return Hedge(_AFTER[lang][match.group(1)], pos, match.end())


_ABOUT_MARGIN = 0.10  # "about 18,000" covers 16,200 .. 19,800
_NEARLY_MARGIN = 0.10  # "nearly 600" means a little under 600
# A round figure is read as rounded at its last non-zero digit ("600,000": 550,000 .. 650,000),
# but never as vaguer than this: "$100bn" is not "$50bn .. $150bn", "près de 1000" not 500.
_ROUNDING_CAP = 0.10


def bounds(value: float, step: float, hedge: str | None, *, approximate: bool = False) -> tuple[float | None, float | None]:
    """What a figure written as `value` (precise to `step`) can mean under `hedge`.

    An exact figure covers half its last significant digit either side (see `_ROUNDING_CAP`);
    quantities are never negative, so an upper bound alone starts at 0. An `approximate` number
    ("une dizaine") keeps its whole step: the word itself is the hedge.
    """
    tolerance = step / 2 if approximate or not value else min(step / 2, _ROUNDING_CAP * abs(value))
    if hedge == ABOUT:
        return min(value - tolerance, value * (1 - _ABOUT_MARGIN)), max(value + tolerance, value * (1 + _ABOUT_MARGIN))
    if hedge == NEARLY:
        return min(value - tolerance, value * (1 - _NEARLY_MARGIN)), value
    if hedge in (MORE_THAN, AT_LEAST):
        return value, None
    if hedge in (LESS_THAN, UP_TO):
        return 0.0, value
    return value - tolerance, value + tolerance
