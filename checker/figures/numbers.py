"""Numbers as written in news text: digits with any thousands separator, number words, scale words.

"600 000", "600,000", "600.000", "1,5 million", "$12.5bn", "3 000 milliards", "six cent mille",
"quatre-vingt-dix-neuf", "twenty-eight", "a million", "une dizaine". Each comes with `step`, the
value of its last significant digit, from which the tolerance of an exact figure is derived.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from checker.figures.text import Spans, alternation, clue_words, first_non_overlapping, holds_any


class Number(NamedTuple):
    start: int
    end: int
    value: float
    step: float  # value of the last significant digit, scale included ("4.2 billion" -> 1e8)
    scale: float = 1.0  # multiplier of a scale word ("milliards" -> 1e9), 1 when there is none
    in_words: bool = False
    approximate: bool = False  # "une dizaine", "a dozen": the word itself means "about"
    plain_integer: bool = False  # digits only, no separator, no decimals, no scale: may be a year


_UNITS_FR = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
    "octante": 80, "nonante": 90,
}
_UNITS_EN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_HUNDRED = {"fr": {"cent", "cents"}, "en": {"hundred"}}
# Word scales; French "billion" is 10^12 (long scale).
_SCALE_WORDS = {
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
           "billion": 1e12, "billions": 1e12},
    "en": {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "lakh": 1e5, "crore": 1e7},  # Indian English: "₹50 crore" is 500 million rupees
}
# Abbreviated scales written after digits ("$12.5bn", "600k", "3 Md€"). A bare "m" is also
# metres, so it counts as "million" only next to a currency sign.
_SCALE_ABBREVIATIONS = {
    "fr": {"k": 1e3, "md": 1e9, "mds": 1e9, "mrd": 1e9, "mrds": 1e9, "bn": 1e9},
    "en": {"k": 1e3, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12},
}
_MONEY_ONLY_ABBREVIATION = {"m": 1e6}
# "une dizaine de soldats": a noun that is itself an approximate number.
_APPROXIMATE_NOUNS = {
    "fr": {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
           "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
           "millier": 1000},
    "en": {"dozen": 12},
}

# The look-behinds come after the first digit, not before it: Python's re then skips to the
# next digit in C instead of trying the pattern at every character (three times faster).
_DIGITS = re.compile(
    r"(?P<int>\d(?<![\w.,/:@#°]\d)(?<![a-zà-ÿ]-\d)"
    r"(?:\d{0,2}(?:(?P<sep>[ ,.'])\d{3})(?:(?P=sep)\d{3})*|\d*))"
    r"(?P<dec>[.,]\d+)?"
    r"(?![.,]?\d)"
)
_CURRENCY_SIGN_BEFORE = re.compile(r"[$€£¥₹]\s?$")
_CURRENCY_SIGN_AFTER = re.compile(r"\s?[$€£¥₹]")


def _number_words(lang: str) -> set[str]:
    units = _UNITS_FR if lang == "fr" else _UNITS_EN
    words = set(units) | _HUNDRED[lang] | set(_SCALE_WORDS[lang])
    if lang == "en":
        words |= {w + "s" for w in ("hundred", "thousand", "million", "billion", "trillion")}
    return words


def _word_regex(lang: str) -> re.Pattern[str]:
    word = rf"(?:{alternation(_number_words(lang))})"
    joiner = r"(?:-et-|\s+et\s+|[\s-]+)" if lang == "fr" else r"(?:\s+and\s+|[\s-]+)"
    article = r"(?:une?\s+)" if lang == "fr" else r"(?:an?\s+)"
    scale_start = alternation(_HUNDRED[lang] | set(_SCALE_WORDS[lang]))
    return re.compile(
        rf"(?<![\w-])(?:{article}(?=(?:{scale_start})\b))?{word}(?:{joiner}{word})*(?!\w)"
    )


_WORD_REGEX = {lang: _word_regex(lang) for lang in ("fr", "en")}
_WORD_CLUES = {lang: clue_words(_number_words(lang)) for lang in ("fr", "en")}  # see `holds_any`
_STANDALONE_WORDS = {"fr": set(_UNITS_FR) | {"cent", "mille"}, "en": set(_UNITS_EN)}
_TOKEN = re.compile(r"[a-zà-ÿ]+")


def _step_of_integer(value: float) -> float:
    """Trailing zeros of a number of 100 or more are read as rounding ("600,000" is to the
    nearest 100,000); smaller integers ("28", "20") are taken as exact to the unit."""
    integer = int(round(value))
    if integer < 100:
        return 1.0
    step = 1
    while integer % (step * 10) == 0:
        step *= 10
    return float(step)


def _words_value(tokens: list[str], lang: str) -> tuple[float, int] | None:
    """Value of a run of number words and how many tokens of it form one number.

    Stops at an "and"/"et" that does not continue a number ("two and three" is two numbers).
    """
    units = _UNITS_FR if lang == "fr" else _UNITS_EN
    total, current, used = 0.0, 0.0, 0
    last_scale = float("inf")
    for i, token in enumerate(tokens):
        if token in ("et", "and"):
            if lang == "fr":
                continues = i + 1 < len(tokens) and tokens[i + 1] in ("un", "une", "onze")  # vingt et un
            else:
                continues = i > 0 and (tokens[i - 1] in _HUNDRED["en"] or _scale_of(tokens[i - 1], lang))
            if not continues:
                break
        elif token in ("a", "an"):
            current = 1
        elif token in units:
            if token in ("vingt", "vingts") and current % 100 == 4:
                current += 80 - 4  # quatre-vingt(s)
            else:
                current += units[token]
        elif token in _HUNDRED[lang]:
            current = (current or 1) * 100
        elif scale := _scale_of(token, lang):
            if scale < last_scale:
                total += (current or 1) * scale
            else:  # "mille milliards": a larger scale multiplies all that came before it
                total = ((total + current) or 1) * scale
            current, last_scale = 0, scale
        used = i + 1
    if used == 0 or tokens[used - 1] in ("a", "an", "et", "and"):
        return None
    return total + current, used


def _scale_of(token: str, lang: str) -> float | None:
    scales = _SCALE_WORDS[lang]
    return scales.get(token) or (scales.get(token[:-1]) if lang == "en" and token.endswith("s") else None)


def _find_word_numbers(norm: str, lang: str) -> list[Number]:
    found: list[Number] = []
    if not holds_any(norm, _WORD_CLUES[lang]):
        return found
    for match in _WORD_REGEX[lang].finditer(norm):
        spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(match.group())]
        tokens = [t for t, _, _ in spans]
        pos = 0
        while pos < len(tokens):
            parsed = _words_value(tokens[pos:], lang)
            if parsed is None:
                pos += 1
                continue
            value, used = parsed
            if used == 1 and tokens[pos] not in _STANDALONE_WORDS[lang]:
                pos += 1  # "des millions", "thousands": a magnitude, not a number
                continue
            if math.isfinite(value):  # "mille mille mille ..." overflows: words, not a figure
                start = match.start() + spans[pos][1]
                end = match.start() + spans[pos + used - 1][2]
                scale = _scale_of(tokens[pos + used - 1], lang) or 1.0
                found.append(Number(start, end, value, _step_of_integer(value), scale=scale, in_words=True))
            pos += used
    return found


def _approximate_noun_regex(lang: str) -> re.Pattern[str]:
    article = r"(?:une?|a)" if lang == "fr" else r"(?:an?|one)"
    return re.compile(rf"\b{article}\s+({alternation(_APPROXIMATE_NOUNS[lang])})\b")


_APPROXIMATE_NOUN_REGEX = {lang: _approximate_noun_regex(lang) for lang in ("fr", "en")}


def _find_approximate_nouns(norm: str, lang: str) -> list[Number]:
    if not holds_any(norm, _APPROXIMATE_NOUNS[lang]):
        return []
    # "une dizaine" is anything from about 8 to 12: a step of half the value, on top of "about".
    return [
        Number(m.start(), m.end(), float(v := _APPROXIMATE_NOUNS[lang][m.group(1)]), v / 2,
               in_words=True, approximate=True)
        for m in _APPROXIMATE_NOUN_REGEX[lang].finditer(norm)
    ]


def _digits_value(match: re.Match[str], lang: str, scaled: bool) -> tuple[float, float] | None:
    """Value and step of a digit string. The separator that is not the language's decimal
    mark groups thousands; a single three-digit group after the decimal mark ("1,500" in
    French, "1.500" in English) is read as decimals only before a scale word (`scaled`) or a
    percent. None for a string of more digits than a float holds: an identifier or noise, not
    a figure."""
    integer, sep, decimals = match.group("int", "sep", "dec")
    decimals = decimals or ""
    decimal_mark = "," if lang == "fr" else "."
    # The percent is looked for last: only such a group needs it.
    if (sep and sep == decimal_mark and integer.count(sep) == 1 and not decimals
            and (scaled or _PERCENT_AHEAD.match(match.string, match.end()))):
        integer, decimals = integer.split(sep)[0], "." + integer.split(sep)[1]
    elif sep:
        integer = integer.replace(sep, "")
    digits = decimals[1:]
    value = float(f"{integer}.{digits}" if digits else integer)
    if not math.isfinite(value):
        return None
    return value, 10.0 ** -len(digits) if digits else _step_of_integer(value)


def _scale_after(norm: str, start: int, end: int, lang: str) -> tuple[float, int] | None:
    """A scale word or abbreviation right after the number at `start`..`end`: its multiplier
    and where it ends."""
    match = _SCALE_AFTER[lang].match(norm, end)
    if match is None:
        return None
    word = match.group(1)
    attached = match.start(1) == end
    if scale := _scale_of(word, lang):
        return scale, match.end()
    if word in _MONEY_ONLY_ABBREVIATION:
        # The currency sign is looked for only here: most numbers have no scale after them.
        if (_CURRENCY_SIGN_BEFORE.search(norm, max(0, start - 2), start)
                or _CURRENCY_SIGN_AFTER.match(norm, match.end())):
            return _MONEY_ONLY_ABBREVIATION[word], match.end()
        return None
    if attached or word != "k":
        return _SCALE_ABBREVIATIONS[lang][word], match.end()
    return None


def _scale_regex(lang: str) -> re.Pattern[str]:
    words = set(_SCALE_WORDS[lang]) | set(_SCALE_ABBREVIATIONS[lang]) | set(_MONEY_ONLY_ABBREVIATION)
    if lang == "en":
        words |= {w + "s" for w in _SCALE_WORDS["en"]}
    return re.compile(rf" ?({alternation(words)})(?![a-zà-ÿ0-9])")


_SCALE_AFTER = {lang: _scale_regex(lang) for lang in ("fr", "en")}
_PERCENT_AHEAD = re.compile(r"\s?(?:%|pour\s?cent|per\s?cent)")


def _find_digit_numbers(norm: str, lang: str, blocked: Spans | None = None) -> list[Number]:
    """Numbers written in digits; those that overlap `blocked` are left out before their value
    is read."""
    found = []
    for match in _DIGITS.finditer(norm):
        start, end = match.span()
        scale = _scale_after(norm, start, end, lang)
        if blocked is not None and blocked.overlaps(start, scale[1] if scale else end):
            continue
        digits = _digits_value(match, lang, scaled=scale is not None)
        if digits is None or not math.isfinite(digits[0] * (scale[0] if scale else 1.0)):
            continue
        value, step = digits
        if scale is None:
            plain = match.group("sep") is None and match.group("dec") is None
            found.append(Number(start, end, value, step, plain_integer=plain))
        else:
            multiplier, end = scale
            found.append(Number(start, end, value * multiplier, step * multiplier, scale=multiplier))
    return found


def find_numbers(norm: str, lang: str, blocked: Spans | None = None) -> list[Number]:
    """All numbers in `norm` (see `text.normalise`), sorted, without overlaps; those that
    overlap `blocked` (the day of a date) are left out."""
    in_words = _find_approximate_nouns(norm, lang) + _find_word_numbers(norm, lang)
    if not in_words:
        # Digit numbers come in text order and apart (a scale word after one holds no digit):
        # none can hide another, so the blocked ones need not be read.
        return _find_digit_numbers(norm, lang, blocked)
    by_preference = sorted(_find_digit_numbers(norm, lang) + in_words, key=lambda n: (n.start, -(n.end - n.start)))
    numbers = first_non_overlapping(by_preference, lambda n: (n.start, n.end))
    return numbers if blocked is None else [n for n in numbers if not blocked.overlaps(n.start, n.end)]


def with_scale(number: Number, scale: float) -> Number:
    """`number` read with a scale word written only after its range partner ("10 to 20 million")."""
    return number._replace(value=number.value * scale, step=number.step * scale, scale=scale)
