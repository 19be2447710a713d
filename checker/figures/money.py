"""Currencies around a number: "$100bn", "US$ 27.5 billion", "100 milliards de dollars US", "3 Md€".

Only ISO 4217 codes come out. A dollar whose country the text does not say is taken as the US
dollar and marked as assumed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.figures.text import alternation


class Currency(NamedTuple):
    code: str
    assumed: bool
    start: int  # where the currency's text starts (for a prefix) ...
    end: int  # ... and ends (for a suffix)
    subunit: bool = False  # "cents", "centimes": a hundredth of the currency


# Signs and codes written before the number, with or without a space.
_PREFIXES = {
    "us$": ("USD", False), "u.s.$": ("USD", False), "usd": ("USD", False), "$us": ("USD", False),
    "$": ("USD", True), "c$": ("CAD", False), "ca$": ("CAD", False), "cad": ("CAD", False),
    "a$": ("AUD", False), "au$": ("AUD", False), "aud": ("AUD", False), "hk$": ("HKD", False),
    "nz$": ("NZD", False), "€": ("EUR", False), "eur": ("EUR", False), "£": ("GBP", False),
    "gbp": ("GBP", False), "¥": ("JPY", True), "jpy": ("JPY", False), "chf": ("CHF", False),
    "cny": ("CNY", False), "rub": ("RUB", False), "uah": ("UAH", False), "inr": ("INR", False),
    "₹": ("INR", False), "rs.": ("INR", False), "rs": ("INR", False),
}
# Names and signs written after the number; "de"/"d'"/"of" may come between ("de dollars").
_SUFFIXES = {
    "fr": {
        "dollars us": ("USD", False), "dollars américains": ("USD", False), "dollars": ("USD", True),
        "dollar": ("USD", True), "dollars canadiens": ("CAD", False), "dollars australiens": ("AUD", False),
        "euros": ("EUR", False), "euro": ("EUR", False), "livres sterling": ("GBP", False),
        "livres": ("GBP", True), "francs suisses": ("CHF", False), "roubles": ("RUB", False),
        "rouble": ("RUB", False), "hryvnias": ("UAH", False), "yuans": ("CNY", False), "yuan": ("CNY", False),
        "yens": ("JPY", False), "yen": ("JPY", False), "roupies": ("INR", False),
    },
    "en": {
        "us dollars": ("USD", False), "u.s. dollars": ("USD", False), "american dollars": ("USD", False),
        "dollars": ("USD", True), "dollar": ("USD", True), "canadian dollars": ("CAD", False),
        "australian dollars": ("AUD", False), "euros": ("EUR", False), "euro": ("EUR", False),
        "pounds sterling": ("GBP", False), "sterling": ("GBP", False), "pounds": ("GBP", True), "swiss francs": ("CHF", False),
        "roubles": ("RUB", False), "rubles": ("RUB", False), "hryvnias": ("UAH", False),
        "hryvnia": ("UAH", False), "yuan": ("CNY", False), "yen": ("JPY", False), "rupees": ("INR", False),
    },
}
_SIGNS_AFTER = {"€": ("EUR", False), "$": ("USD", True), "£": ("GBP", False), "usd": ("USD", False),
                "eur": ("EUR", False), "gbp": ("GBP", False), "$ us": ("USD", False), "$us": ("USD", False)}
_SUBUNITS = {"fr": {"centimes": ("EUR", True), "centime": ("EUR", True), "cents": ("USD", True)},
             "en": {"cents": ("USD", True), "cent": ("USD", True)}}

_PREFIX_REGEX = re.compile(rf"(?<![a-z])({alternation(_PREFIXES)})\s?$")
_SUFFIX_REGEX = {
    lang: re.compile(
        rf"(?:\s*({alternation(_SIGNS_AFTER)})|\s+(?:(?:de\s+|d'|of\s+)?)({alternation(_SUFFIXES[lang])}))(?![a-zà-ÿ])"
    )
    for lang in ("fr", "en")
}
_SUBUNIT_REGEX = {lang: re.compile(rf"\s+({alternation(_SUBUNITS[lang])})(?![a-zà-ÿ])") for lang in ("fr", "en")}
_COUNTRY_AFTER = re.compile(r"\s(?:us|u\.s\.|américains)\b")


def currency_before(norm: str, pos: int) -> Currency | None:
    """A currency sign or code ending right before `pos` ("$", "US$ ", "€")."""
    match = _PREFIX_REGEX.search(norm, max(0, pos - 8), pos)
    if match is None:
        return None
    code, assumed = _PREFIXES[match.group(1)]
    return Currency(code, assumed, match.start(1), pos)


def currency_after(norm: str, pos: int, lang: str) -> Currency | None:
    """A currency name or sign right after `pos` ("de dollars US", " €", "d'euros", "bn dollars")."""
    if match := _SUBUNIT_REGEX[lang].match(norm, pos):
        code, assumed = _SUBUNITS[lang][match.group(1)]
        return Currency(code, assumed, pos, match.end(), subunit=True)
    match = _SUFFIX_REGEX[lang].match(norm, pos)
    if match is None:
        return None
    name = match.group(1) or match.group(2)
    code, assumed = (_SIGNS_AFTER if match.group(1) else _SUFFIXES[lang])[name]
    end = match.end()
    if code == "USD" and assumed and (country := _COUNTRY_AFTER.match(norm, end)):
        assumed, end = False, country.end()  # "dollars US", "$ US"
    return Currency(code, assumed, pos, end)
