"""Numbers read with what surrounds them: currency, percent sign, time unit or counted noun,
hedges ("plus de", "about") and ranges ("entre 10 et 20", "10-20%", "between 10 and 20 million")."""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from checker.figures import counts, durations, hedges, money, percent
from checker.figures.numbers import Number, find_numbers, with_scale
from checker.figures.text import Spans, first_non_overlapping
from checker.figures.vocabulary import score_group, vocabulary
from checker.models import Figure


class Quantity(NamedTuple):
    start: int
    end: int
    kind: str  # "count", "money", "percent" or "duration"
    value: float
    step: float
    number: Number | None = None  # None for fractions and "half an hour"
    currency: str | None = None
    currency_assumed: bool = False
    unit: str | None = None
    unit_group: str | None = None
    hedge: str | None = None


# A score on a rating scale: "7.9/10", "42 out of 100", "3,5 sur 5", "4 out of 5 stars". Not "3
# out of 5 people" or "4 out of 5 years", a share of a count or of a time.
_SCORE_SCALE = {
    "en": re.compile(r"\s*(?:/|out\s+of)\s*(?P<d>5|10|20|100)(?![\d.,]\d|\w|\s+times\b)(?P<stars>\s+stars?\b)?"),
    "fr": re.compile(r"\s*(?:/|sur)\s*(?P<d>5|10|20|100)(?![\d.,]\d|\w|\s+fois\b)(?P<stars>\s+étoiles?\b)?"),
}


def _score_scale(norm: str, end: int, lang: str) -> tuple[int, int] | None:
    """Where the rating scale after a number ends, and its top, when one follows it."""
    scale = _SCORE_SCALE[lang].match(norm, end)
    if scale is None:
        return None
    if not scale.group("stars") and (counts.read_counted_noun(norm, norm, scale.end(), lang, False)
                                     or durations.read_unit(norm, scale.end(), lang)):
        return None
    return scale.end(), int(scale.group("d"))


_RATE_AFTER = re.compile(r"\s+(?:per|pour|for\s+every|sur)\b")  # "cases fell to 5 per 100,000": a rate
_YEARS = range(1000, 2101)  # a plain integer here without a known noun is a year, not a count
_SMALLEST_COUNT_IN_WORDS = 10  # "deux dirigeants" is grammar, "vingt-huit soldats" a figure
# Lakh and crore with neither currency nor noun: Indian English counts rupees in them.
_INDIAN_SCALES = {1e5, 1e7}


def _read(norm: str, original: str, number: Number, lang: str) -> Quantity | None:
    """The quantity a number expresses, from what is written right before and after it."""
    value, step, end = number.value, number.step, number.end
    common = {"number": number, "hedge": hedges.ABOUT if number.approximate else None}
    if prefix := money.currency_before(norm, number.start):
        return Quantity(prefix.start, end, "money", value, step, currency=prefix.code,
                        currency_assumed=prefix.assumed, **common)
    if (percent_end := percent.percent_sign_after(norm, end)) is not None:
        return Quantity(number.start, percent_end, "percent", value, step, **common)
    if currency := money.currency_after(norm, end, lang):
        factor = 0.01 if currency.subunit else 1.0
        return Quantity(number.start, currency.end, "money", value * factor, step * factor,
                        currency=currency.code, currency_assumed=currency.assumed, **common)
    if unit := durations.read_unit(norm, end, lang):
        seconds = value * unit.unit_seconds + unit.extra_seconds
        precision = unit.step_seconds or step * unit.unit_seconds
        return Quantity(number.start, unit.end, "duration", seconds, precision, **common)
    if score := _score_scale(norm, end, lang):
        scale_end, denominator = score
        return Quantity(number.start, scale_end, "count", value, step, unit=original[end:scale_end].strip(),
                        unit_group=score_group(denominator), **common)
    if value == 1 and number.in_words:
        return None  # "un accord", "one of them": an article or a pronoun, not a count
    after_scale = number.scale > 1 or number.approximate
    noun = counts.read_counted_noun(norm, original, end, lang, after_scale)
    known = noun is not None and vocabulary().group_of(" ".join(noun.unit.lower().split()), lang) is not None
    if noun is None and not number.in_words and not _RATE_AFTER.match(norm, end):
        hedge = hedges.hedge_before(norm, number.start, lang)
        if before := counts.counted_noun_before(norm, original, hedge.start if hedge else number.start, lang):
            return Quantity(number.start, end, "count", value, step, unit=before.unit, unit_group=before.group, **common)
    if number.plain_integer and int(value) in _YEARS and not known:
        return None  # a year outside a date phrase, or a count of nothing we know
    if number.in_words and value < _SMALLEST_COUNT_IN_WORDS and not known:
        return None
    if noun is None:
        if number.in_words or (number.plain_integer and _names_number(original, number.start)):
            return None
        if number.scale in _INDIAN_SCALES:
            return Quantity(number.start, end, "money", value, step, currency="INR", currency_assumed=True, **common)
        return Quantity(number.start, end, "count", value, step, **common)
    return Quantity(number.start, noun.end, "count", value, step, unit=noun.unit, unit_group=noun.group, **common)


def _names_number(original: str, start: int) -> bool:
    """Whether a number counting nothing ends a name ("Resident Evil 5", "Series 7", "Windows
    10"): it follows a capitalised word that does not start the sentence ("Only 5 were found")."""
    # Indices, not slices: a sentence can be a megabyte with a number every few characters.
    word_end = start
    while word_end and original[word_end - 1] in " \t":
        word_end -= 1
    if word_end == start:
        return False  # "A320": one word
    word_start = word_end
    while word_start and original[word_start - 1].isalnum():
        word_start -= 1
    if word_start == word_end or not original[word_start].isupper():
        return False
    before = word_start
    while before and original[before - 1].isspace():
        before -= 1
    return before > 0


def _fraction_quantities(norm: str, lang: str) -> list[Quantity]:
    found = [Quantity(s, e, "percent", round(v, 2), percent.FRACTION_STEP) for s, e, v in percent.find_fractions(norm, lang)]
    found += [Quantity(s, e, "duration", v, v / 2) for s, e, v in durations.find_fraction_durations(norm, lang)]
    return found


_RANGE_JOINERS = {"fr": re.compile(r"\s*(?:-|–|à|au)\s*$"), "en": re.compile(r"\s*(?:-|–|to|through)\s*$")}
_BETWEEN_JOINERS = {"fr": re.compile(r"\s+et\s+$"), "en": re.compile(r"\s+and\s+$")}
# "passé de 5 % à 7 %", "rose from 5% to 7%": a change between two figures, not a range.
_CHANGE_BEFORE = {
    "fr": re.compile(r"\b(?:pass|augment|baiss|grimp|chut|recul|progress|diminu|bondi|tomb|mont|élev|réduit)\w*\s+(?:de\s+|d')$"),
    "en": re.compile(r"\b(?:rose|risen|rise|rising|fell|fallen|fall|increas|decreas|grew|grow|jump|climb|drop|declin|went|gone|up|down|cut|raise|rais|reduc)\w*\s+from\s+$"),
}


def _same_measure(first: Quantity, second: Quantity) -> bool:
    if first.kind != second.kind:
        return False
    return first.currency == second.currency and first.unit_group == second.unit_group


def _in_measure_of(bare: Quantity, measured: Quantity, number: Number) -> Quantity:
    """`bare` read in the unit of `measured` (hours in seconds, cents in dollars)."""
    factor = measured.value / measured.number.value if measured.number and measured.number.value else 1.0
    return measured._replace(start=bare.start, end=bare.end, value=number.value * factor,
                             step=number.step * factor, number=number)


def _range_pair(first: Quantity, second: Quantity) -> tuple[Quantity, Quantity] | None:
    """The two ends of a range, when the measure is written on one end only ("10 to 20 million
    people", "entre 10 et 20 %", "$10-12bn"), or None when they cannot form a range."""
    if first.number is not None and second.number is not None:
        scale = second.number.scale
        if first.number.scale == 1 and scale > 1 and first.number.value * scale < second.number.value:
            first = first._replace(number=(n := with_scale(first.number, scale)), value=n.value, step=n.step)
    if _same_measure(first, second):
        return first, second
    bare_first = first.kind == "count" and first.unit is None and first.number is not None
    bare_second = second.kind == "count" and second.unit is None and second.number is not None
    if bare_first and not bare_second:
        return _in_measure_of(first, second, first.number), second
    if bare_second and not bare_first:
        return first, _in_measure_of(second, first, second.number)
    return None


def _merge_ranges(norm: str, lang: str,
                  quantities: list[Quantity]) -> list[tuple[Quantity, Quantity | None, hedges.Hedge | None]]:
    """Pairs quantities into ranges: (first, second or None, hedge before first)."""
    merged: list[tuple[Quantity, Quantity | None, hedges.Hedge | None]] = []
    index = 0
    while index < len(quantities):
        first = quantities[index]
        hedge = hedges.hedge_before(norm, first.start, lang)
        second = quantities[index + 1] if index + 1 < len(quantities) else None
        if second is not None:
            gap = norm[first.end : second.start]
            between = hedge is not None and hedge.keyword == hedges.BETWEEN and _BETWEEN_JOINERS[lang].match(gap)
            plain = _RANGE_JOINERS[lang].match(gap) and not _CHANGE_BEFORE[lang].search(norm, max(0, first.start - 30), first.start)
            pair = _range_pair(first, second) if (between or plain) else None
            if pair is not None and pair[0].value < pair[1].value:
                merged.append((*pair, hedge if between else None))
                index += 2
                continue
        merged.append((first, None, hedge))
        index += 1
    return merged


def _figure(original: str, start: int, end: int, q: Quantity, **meaning: object) -> Figure:
    return Figure(text=original[start:end], start=start, end=end, kind=q.kind, currency=q.currency,
                  currency_assumed=q.currency_assumed, unit=q.unit, unit_group=q.unit_group, **meaning)


def _clean(value: float) -> float:
    """Drops binary noise from scaling ("4.2" * 1e9 -> 4200000000.0000005)."""
    return float("%.12g" % value)  # %-formatting: a fifth cheaper than an f-string with a format spec


def find_quantities(norm: str, original: str, lang: str, blocked: list[tuple[int, int]]) -> list[Figure]:
    """Counts, money, percents and durations, with their hedges and ranges."""
    longest_first = sorted(_fraction_quantities(norm, lang), key=lambda q: (q.start, -(q.end - q.start)))
    taken = Spans(blocked)
    specials = [q for q in first_non_overlapping(longest_first, lambda q: (q.start, q.end))
                if not taken.overlaps(q.start, q.end)]
    for special in specials:
        taken.add(special.start, special.end)
    singles = []
    for number in find_numbers(norm, lang, taken):
        if taken.overlaps(number.start, number.end):
            continue  # inside a figure already read: the 100 of "42 out of 100"
        # A finite number can still overflow in its unit ("10^300 centuries" in seconds): not a figure.
        if (q := _read(norm, original, number, lang)) is not None and math.isfinite(q.value):
            singles.append(q)
            taken.add(q.start, q.end)
    quantities = sorted(specials + singles, key=lambda q: q.start)
    figures = []
    for first, second, hedge_before in _merge_ranges(norm, lang, quantities):
        if second is not None:
            start, hedge = (hedge_before.start, hedge_before.keyword) if hedge_before else (first.start, None)
            figures.append(_figure(original, start, second.end, first, value=[_clean(first.value), _clean(second.value)],
                                   low=_clean(first.value), high=_clean(second.value), hedge=hedge))
            continue
        start, end, hedge = first.start, first.end, None
        # "entre" without a second figure bounds nothing
        if hedge_before is not None and hedge_before.keyword != hedges.BETWEEN:
            start, hedge = hedge_before.start, hedge_before.keyword
        if hedge is None and (after := hedges.hedge_after(norm, end, lang)):
            hedge, end = after.keyword, after.end
        hedge = hedge or first.hedge
        low, high = hedges.bounds(first.value, first.step, hedge,
                                  approximate=first.number is not None and first.number.approximate)
        figures.append(_figure(original, start, end, first, value=_clean(first.value),
                               low=None if low is None else _clean(max(low, 0.0)),
                               high=None if high is None else _clean(high), hedge=hedge))
    return figures
