"""Durations: a number followed by a time unit, in seconds ("cent jours", "90 minutes", "1 h 30",
"une heure et demie", "an hour and a half", "half an hour", "une demi-heure")."""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.figures.text import alternation, holds_any

_MINUTE, _HOUR, _DAY = 60.0, 3600.0, 86400.0
_YEAR = 365.25 * _DAY
_UNIT_SECONDS = {
    "fr": {
        "secondes": 1.0, "seconde": 1.0, "minutes": _MINUTE, "minute": _MINUTE, "min": _MINUTE,
        "heures": _HOUR, "heure": _HOUR, "h": _HOUR, "jours": _DAY, "jour": _DAY,
        "journées": _DAY, "journée": _DAY, "semaines": 7 * _DAY, "semaine": 7 * _DAY,
        "mois": _YEAR / 12, "ans": _YEAR, "an": _YEAR, "années": _YEAR, "année": _YEAR,
        "décennies": 10 * _YEAR, "décennie": 10 * _YEAR, "siècles": 100 * _YEAR, "siècle": 100 * _YEAR,
    },
    "en": {
        "seconds": 1.0, "second": 1.0, "minutes": _MINUTE, "minute": _MINUTE, "mins": _MINUTE,
        "min": _MINUTE, "hours": _HOUR, "hour": _HOUR, "hrs": _HOUR, "hr": _HOUR, "h": _HOUR,
        "days": _DAY, "day": _DAY, "weeks": 7 * _DAY, "week": 7 * _DAY, "months": _YEAR / 12,
        "month": _YEAR / 12, "years": _YEAR, "year": _YEAR, "decades": 10 * _YEAR,
        "decade": 10 * _YEAR, "centuries": 100 * _YEAR, "century": 100 * _YEAR,
    },
}
_UNIT_REGEX = {
    lang: re.compile(rf"(?:\s*-\s*|\s+|(?=h(?![a-zà-ÿ])))(?:de\s+|d')?({alternation(units)})(?![a-zà-ÿ])")
    for lang, units in _UNIT_SECONDS.items()
}
# "1 h 30", "1h30": minutes after an hour sign.
_MINUTES_AFTER_HOURS = re.compile(r"\s?([0-5]\d)(?:\s?(?:min|mn))?(?![\w])")
_HALF_AFTER = {"fr": re.compile(r"\s+et\s+demie?\b"), "en": re.compile(r"\s+and\s+a\s+half\b")}
# "half an hour", "une demi-heure", "a half-hour", "un quart d'heure"
_FRACTION_OF_UNIT = {
    "fr": re.compile(r"\b(?:(une|un)\s+)?(demi|quart)[\s-](?:d')?(heure|journée|jour|semaine|siècle)\b"),
    "en": re.compile(r"\b(?:(?:(an?)\s+)?(half)[\s-](?:an?\s+)?|(an?\s+)?(quarter)\s+(?:of\s+)?an?\s+)(hour|day|week|century)\b"),
}
_FRACTION_CLUES = {"fr": ("demi", "quart"), "en": ("half", "quarter")}  # what those need (see `holds_any`)
# English "an hour", "a day and a half": the article is the number (French "une" is read as one).
_ONE_UNITS_EN = ("hour", "day", "week", "month", "year", "decade", "century")
# The look-behind after the "a", not a \b before it: re then skips to the next "a" in C instead of
# trying the pattern at every character.
_ONE_UNIT_EN = re.compile(rf"a(?<!\wa)n?\s+({'|'.join(_ONE_UNITS_EN)})(\s+and\s+a\s+half)?\b")


class DurationUnit(NamedTuple):
    unit_seconds: float
    end: int
    extra_seconds: float = 0.0  # "et demie" (half a unit) or the minutes of "1 h 30"
    step_seconds: float | None = None  # precision when the extra part sets it


def read_unit(norm: str, pos: int, lang: str) -> DurationUnit | None:
    """A time unit right after a number ending at `pos`, with its "et demie" or minutes."""
    half_before = _HALF_AFTER[lang].match(norm, pos)  # "one and a half hours"
    match = _UNIT_REGEX[lang].match(norm, half_before.end() if half_before else pos)
    if match is None:
        return None
    unit_seconds = _UNIT_SECONDS[lang][match.group(1)]
    half_after = None if half_before else _HALF_AFTER[lang].match(norm, match.end())
    if half_before or half_after:
        end = (half_after or match).end()
        return DurationUnit(unit_seconds, end, unit_seconds / 2, unit_seconds / 2)
    if match.group(1) == "h" and (minutes := _MINUTES_AFTER_HOURS.match(norm, match.end())):
        return DurationUnit(unit_seconds, minutes.end(), float(minutes.group(1)) * _MINUTE, _MINUTE)
    return DurationUnit(unit_seconds, match.end())


def find_fraction_durations(norm: str, lang: str) -> list[tuple[int, int, float]]:
    """Durations without a number: "half an hour", "une demi-heure", "un quart d'heure",
    "an hour and a half", as (start, end, seconds)."""
    found = []
    units = _UNIT_SECONDS[lang]
    fractions = _FRACTION_OF_UNIT[lang].finditer(norm) if holds_any(norm, _FRACTION_CLUES[lang]) else ()
    for match in fractions:
        fraction = "quarter" if "quart" in match.group(0) else "half"
        unit = match.groups()[-1]
        found.append((match.start(), match.end(), units[unit] * (0.25 if fraction == "quarter" else 0.5)))
    if lang == "en" and holds_any(norm, _ONE_UNITS_EN):
        for match in _ONE_UNIT_EN.finditer(norm):
            found.append((match.start(), match.end(), units[match.group(1)] * (1.5 if match.group(2) else 1.0)))
    return found
