"""Dates, written by hand rather than with a date model: faster, and it never invents a date.

"21 novembre", "le 1er mars 2022", "du 14 au 16 février", "Feb. 14-16, 2022", "February 2022",
"en 2022", "late 2022", "2025-11-21", "hier", "last Tuesday". A date without a year takes it from
the document's date (nearest plausible year) or stays year-unknown ("XXXX-11-21").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Iterable, NamedTuple

from checker.figures.text import alternation, first_non_overlapping, has_ascii_digit
from checker.figures.vocabulary import vocabulary

_MONTHS = {
    "fr": {
        "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
        "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
        "décembre": 12, "decembre": 12,
    },
    "en": {
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    },
}
# Abbreviations are only read next to a day or a year, where they cannot be another word.
_MONTH_ABBREVIATIONS = {
    "fr": {"janv": 1, "févr": 2, "fév": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10,
           "nov": 11, "déc": 12, "dec": 12},
    "en": {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "sept": 9, "oct": 10, "nov": 11, "dec": 12},
}
_WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
}
_RELATIVE_DAYS = {
    "fr": {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "demain": 1, "après-demain": 2},
    "en": {"yesterday": -1, "today": 0, "tomorrow": 1},
}
# Parts of a year: "fin 2022", "late 2022" (months covered).
_YEAR_PARTS = {"début": (1, 4), "fin": (9, 12), "mi": (5, 8), "early": (1, 4), "late": (9, 12), "mid": (5, 8)}
_YEAR_CONTEXT = {
    "fr": r"en|depuis|dès|jusqu'en|d'ici|avant|après|de|pour|courant|l'année|année|l'an|exercice|budget|printemps|été|automne|hiver",
    "en": r"in|since|by|until|till|before|after|during|of|from|for|through|throughout|the|a|an|its|their|his|her|year|fiscal|spring|summer|autumn|fall|winter",
}
_MONTH_CONTEXT = {
    "fr": r"en|depuis|dès|jusqu'en|jusqu'à|d'ici|avant|après|mois\s+de|mois\s+d'|fin|début|mi-|courant|de",
    "en": r"in|since|by|until|till|before|after|during|of|from|last|next|this|early|late|mid-?|through",
}

# A year alone (after "en", "in", "since") is read in 1900-2099, where it is rarely a count;
# next to a month or a day any year from 1500 is.
_YEAR = r"(?:19|20)\d{2}(?![\d,.]\d)"
_YEAR_WITH_MONTH = r"(?:1[5-9]|20)\d{2}(?![\d,.]\d)"
_DAY_FR = r"(?:1er|premier|[12]\d|3[01]|0?[1-9])"
_DAY_EN = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"


def _month_regex(lang: str, name: str, with_abbreviations: bool = True) -> str:
    full = rf"(?:{alternation(_MONTHS[lang])})\b"
    if not with_abbreviations:
        return rf"(?P<{name}>{full})"
    return rf"(?P<{name}>{full}|(?:{alternation(_MONTH_ABBREVIATIONS[lang])})\b\.?)"


# Clues: what a sentence must hold for some patterns to match in it, each looked for once per
# sentence. A pattern is tried only on sentences with all its clues: most sentences of a story
# have no month, no dash, no "yesterday", and each pattern scanned costs one to five µs. A clue
# is a few texts, one of which the sentence contains: each text is looked for once, with `in`
# (a memchr, a tenth of the cost of a regex scan for a character class).
Clue = frozenset[str]


def _any_of(*texts: str) -> Clue:
    return frozenset(texts)


# Every pattern that needs a digit needs an ASCII one: the first digit of its years and days is
# written "1", "2", [0-3] or [1-9], never `\d`.
_DIGIT = _any_of(*"0123456789")
_CENTURY = _any_of("19", "20")  # how a year read alone starts: half the sentences with a digit have neither
_DASH = _any_of("-", "–")
_DASH_OR_SLASH = _any_of("-", "–", "/")
_YEAR_AFTER_SEPARATOR = _any_of("/19", "/20", ".19", ".20")  # "21/11/2025", "21.11.2025"
_APOSTROPHE = _any_of("'", "’")
_DECADE = _any_of("années", "0s", "0's")  # either language's decade, in both
_RELATIVE_DAY = {lang: _any_of(*words) for lang, words in _RELATIVE_DAYS.items()}
_LAST = _any_of("last", "dernier")


def _by_first_letter(words: set[str]) -> str:
    """An alternation of `words` grouped by first letter: at each character the regex engine tries
    the one group that can match there, not every word (half the cost for month names)."""
    rests: dict[str, list[str]] = {}
    for word in sorted(words):
        rests.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{re.escape(letter)}(?:{alternation(rest)})" for letter, rest in rests.items())


# Anchors: what every match of a pattern holds, a month name or a year. A pattern with an anchor
# is tried only on sentences with one, and from a few words before the first one: the regex
# engine tries a pattern at every character from where it starts, and dates mostly end
# sentences. A pattern reads at most so many words (runs of `\w`) before its anchor; every word
# of the text that starts between a match and the first anchor is one of those: the match cannot
# start before the start of the next word back. Anchors are numbered: a sentence keeps where it
# holds each in a list.
_MONTH_NAME = {lang: re.compile(rf"(?:{_by_first_letter({*_MONTHS[lang], *_MONTH_ABBREVIATIONS[lang]})})\b")
               for lang in _MONTHS}
_MONTH, _YEAR_ANCHOR = 0, 1
_ANCHORS = {lang: (_MONTH_NAME[lang], re.compile(r"(?:19|20)\d\d")) for lang in _MONTHS}


def _words_back(count: int) -> re.Pattern[str]:
    """Matches `count` words and what precedes each in a reversed text: possessive, so that a
    word is never read as several."""
    return re.compile(rf"(?:\W*+\w++){{{count}}}")


def _patterns(lang: str) -> list[tuple[str, re.Pattern[str], frozenset[Clue], int | None, re.Pattern[str] | None]]:
    """(shape, regex, its clues, its anchor if it has one and what it reads before it as
    `_words_back`); the shape says which named groups the regex fills."""
    day = _DAY_FR if lang == "fr" else _DAY_EN
    weekday = rf"(?:(?:{'|'.join(_WEEKDAYS[lang])}),?\s+)?"
    m1, m2, m = _month_regex(lang, "m1"), _month_regex(lang, "m2"), _month_regex(lang, "m")
    full_month = _month_regex(lang, "m", with_abbreviations=False)
    year_sep = r"\s+" if lang == "fr" else r"(?:,|\s+of)?\s+"
    part_words = [p for p in _YEAR_PARTS if (p in ("début", "fin", "mi")) == (lang == "fr")]
    parts = alternation(part_words)
    # Day ranges, each with the clue of its joiner.
    if lang == "fr":
        day_ranges = [  # "entre le lundi 1er et le mardi 2 mars": eight words before the month
            (rf"(?:(?:du|entre\s+le)\s+)?{weekday}(?P<d1>{day})(?:\s+{m1}(?:\s+(?P<y1>{_YEAR_WITH_MONTH}))?)?\s*(?:au|et\s+le|-|–)\s*{weekday}(?P<d2>{day})\s+{m2}(?:\s+(?P<y2>{_YEAR_WITH_MONTH}))?",
             _any_of("au", "et", "-", "–"), 8),
        ]
        single_days = [(rf"{weekday}(?P<d>{day})\s+{m}(?:\s+(?P<y>{_YEAR_WITH_MONTH}))?", 2)]
    else:
        day_ranges = [
            (rf"(?:(?:from|between)\s+)?{m1}\s+(?P<d1>{day})\s*(?:-|–|to|through|and)\s*(?:{m2}\s+)?(?P<d2>{day})(?:\s?,?\s+(?P<y2>{_YEAR_WITH_MONTH}))?",
             _any_of("-", "–", "to", "through", "and"), 1),
            # "between the 3rd and the 5th of March": seven words before the month
            (rf"(?:(?:from|between)\s+)?(?:the\s+)?(?P<d1>{day})\s*(?:-|–|to|and)\s*(?:the\s+)?(?P<d2>{day})\s+(?:of\s+)?{m2}(?:\s?,?\s+(?P<y2>{_YEAR_WITH_MONTH}))?",
             _any_of("-", "–", "to", "and"), 7),
        ]
        single_days = [
            (rf"{weekday}{m}\s+(?P<d>{day})(?![\d:])(?:\s?,?\s+(?P<y>{_YEAR_WITH_MONTH}))?", 1),
            (rf"{weekday}(?:the\s+)?(?P<d>{day})\s+(?:of\s+)?{m}(?:\s?,?\s+(?P<y>{_YEAR_WITH_MONTH}))?", 4),
        ]
    # Days need a month and, in English, a digit; French days need no digit ("le premier mars").
    day_clues = (_DIGIT,) if lang == "en" else ()
    year_part = _any_of(*part_words)
    month, year = _MONTH, _YEAR_ANCHOR
    shapes = [("day_range", p, (*day_clues, joiner), month, words) for p, joiner, words in day_ranges] + [
        ("day", p, day_clues, month, words) for p, words in single_days] + [
        ("iso", r"(?P<y>(?:19|20)\d{2})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)", (_DIGIT, _DASH), year, 0),
        ("numeric", r"(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>(?:19|20)\d{2})", (_YEAR_AFTER_SEPARATOR,), year, 2),
        # "late - de March 2020", "mid-march 2020": two words
        ("month", rf"(?:(?P<part>{parts})[\s-]+(?:de\s+|d')?)?{m}{year_sep}(?P<y>{_YEAR_WITH_MONTH})", (_DIGIT,),
         month, 2),
        # "jusqu'en mars", "mois d'avril": two words
        ("month", rf"(?:{_MONTH_CONTEXT[lang]})\s*(?P<core>{full_month})(?!\s*\d)", (), month, 2),
        ("year_range", rf"(?:de|entre|from|between)\s+(?P<y1>{_YEAR})\s+(?:à|et|to|and)\s+(?P<y2>{_YEAR})",
         (_DIGIT, _any_of("de", "entre", "from", "between"), _any_of("à", "et", "to", "and")), year, 1),
        ("year_range", rf"(?P<y1>{_YEAR})\s*[-–]\s*(?P<y2>{_YEAR})", (_DIGIT, _DASH), year, 0),
        # "the 2008–09 season", "1990-95": the end year in two digits (not "2001/02/03", a day).
        ("season", rf"(?P<y1>{_YEAR})[-–/](?P<y2>\d{{2}})(?![\d,.]\d|[-–/]\d)", (_DIGIT, _DASH_OR_SLASH), year, 0),
        ("decade", r"(?:les\s+années\s+(?P<y>(?:19|20)\d0)|the\s+(?P<y_en>(?:19|20)\d0)'?s)\b", (_DIGIT, _DECADE),
         year, 2),
        ("year", rf"(?P<part>{parts})[\s-]+(?P<y>{_YEAR})", (_DIGIT, year_part), year, 1),
        # Searched whole: most sentences with a digit hold a year mid-sentence, after "in", where the
        # anchor cost English news sentences more than it saved.
        ("year", rf"(?:(?:{_YEAR_CONTEXT[lang]})\s+|\(\s*)(?P<core>(?P<y>{_YEAR}))\b", (_CENTURY,)),
        # A possessive year ("1998's film") names a time even without "in".
        ("year", rf"(?P<core>(?P<y>{_YEAR}))(?=\s?['’]s\b)", (_DIGIT, _APOSTROPHE), year, 0),
        ("relative", rf"(?P<rel>{alternation(_RELATIVE_DAYS[lang])})", (_RELATIVE_DAY[lang],)),
        ("last_weekday", rf"(?:last\s+(?P<wd1>{'|'.join(_WEEKDAYS['en'])})|(?P<wd2>{'|'.join(_WEEKDAYS['fr'])})\s+dernier)", (_LAST,)),
    ]
    # A shape with an anchor ends with it and how many words the pattern reads before it.
    return [(shape, re.compile(rf"(?<![\w-]){pattern}(?![\w])"), frozenset(clues),
             anchor[0] if anchor else None, _words_back(anchor[1] + 1) if anchor else None)
            for shape, pattern, clues, *anchor in shapes]


class FoundDate(NamedTuple):
    start: int
    end: int
    value: str | list[str]
    low: str
    high: str
    year_resolved: bool


_PATTERNS = {lang: _patterns(lang) for lang in ("fr", "en")}


def _clues_of(patterns: Iterable[tuple]) -> tuple[frozenset[Clue], frozenset[str]]:
    """The clues `patterns` need, and the texts they are made of."""
    clues = frozenset().union(*(needs for _, _, needs, *_ in patterns))
    return clues, frozenset().union(*clues)


def _needs_a_digit(needs: frozenset[Clue]) -> bool:
    """Whether one of `needs` is a clue all of whose texts hold a digit ("1", "/19", "20")."""
    return any(all(map(has_ascii_digit, clue)) for clue in needs)


# The clues looked for in a sentence with a digit, and in one without: only those of the
# patterns that can match without one (month names, "yesterday"), 5 to 11 texts of some 40.
# Most sentences of a story have no digit.
_CLUES = {lang: (_clues_of(patterns), _clues_of(p for p in patterns if not _needs_a_digit(p[2])))
          for lang, patterns in _PATTERNS.items()}
_UNKNOWN_YEAR = "XXXX"
_LEAP_YEAR = 2000  # month lengths for a year-unknown date: allow 29 February


def _month_number(name: str, lang: str) -> int:
    name = name.rstrip(".")
    return _MONTHS[lang].get(name) or _MONTH_ABBREVIATIONS[lang][name]


def _day_number(text: str) -> int:
    """The day of "1er", "premier", "05", "21st", "2nd", "3rd", "4th"."""
    return 1 if text in ("1er", "premier") else int(text.rstrip("stndrh"))


def _days_in_month(year: int, month: int) -> int:
    """`calendar.monthrange(year, month)[1]` without the weekday it also computes: a sixth of
    the cost, and every date read asks it once to three times. `month` is 1-12."""
    return calendar.mdays[month] + (month == 2 and calendar.isleap(year))


@lru_cache(maxsize=4096)  # a document's sentences name the same few days
def nearest_year(month: int, day: int, doc_date: dt.date) -> int:
    """The year that puts month/day nearest the document's date: a month more than about six
    months after the document's month belongs to the previous year."""
    def distance(year: int) -> int:
        return abs((dt.date(year, month, min(day, _days_in_month(year, month))) - doc_date).days)
    return min((doc_date.year - 1, doc_date.year, doc_date.year + 1), key=distance)


def _iso(year: int | None, month: int, day: int | None = None) -> str:
    # %-formatting: half the cost of an f-string with format specs, and most dates write three
    y = _UNKNOWN_YEAR if year is None else "%04d" % year
    return "%s-%02d" % (y, month) if day is None else "%s-%02d-%02d" % (y, month, day)


def _last_day(year: int | None, month: int) -> str:
    return _iso(year, month, _days_in_month(_LEAP_YEAR if year is None else year, month))


def _month_bounds(year: int | None, month: int) -> tuple[str, str]:
    return _iso(year, month, 1), _last_day(year, month)


def _valid_day(year: int | None, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _days_in_month(_LEAP_YEAR if year is None else year, month)


@lru_cache(maxsize=1024)  # the commonest date of news text, and a corpus names a few hundred years
def _year(written: str, part: str | None) -> tuple[str, str, str, bool]:
    """A year ("2016"), or a part of one ("late 2016"): its value, first and last days."""
    year = int(written)
    first_month, last_month = _YEAR_PARTS.get(part or "", (1, 12))
    return str(year), _iso(year, first_month, 1), _last_day(year, last_month), False


class _Resolver:
    """Turns the groups of one match into a date, with the document's date for missing years."""

    def __init__(self, lang: str, doc_date: dt.date | None) -> None:
        self.lang, self.doc_date = lang, doc_date

    def year_for(self, written: str | None, month: int, day: int) -> tuple[int | None, bool]:
        if written:
            return int(written), False
        if self.doc_date is None:
            return None, False
        return nearest_year(month, day, self.doc_date), True

    def day(self, g: dict[str, str | None]) -> tuple[str, str, str, bool] | None:
        month, day = _month_number(g["m"], self.lang), _day_number(g["d"])
        year, resolved = self.year_for(g.get("y"), month, day)
        if not _valid_day(year, month, day):
            return None
        iso = _iso(year, month, day)
        return iso, iso, iso, resolved

    def day_range(self, g: dict[str, str | None]) -> tuple[list[str], str, str, bool] | None:
        month2 = _month_number(g["m2"], self.lang) if g.get("m2") else _month_number(g["m1"], self.lang)
        month1 = _month_number(g["m1"], self.lang) if g.get("m1") else month2
        day1, day2 = _day_number(g["d1"]), _day_number(g["d2"])
        year2, resolved = self.year_for(g.get("y2"), month2, day2)
        if g.get("y1"):
            year1 = int(g["y1"])
        elif year2 is None:
            year1 = None
        else:
            year1 = year2 - 1 if (month1, day1) > (month2, day2) else year2
        if not (_valid_day(year1, month1, day1) and _valid_day(year2, month2, day2)):
            return None
        first, last = _iso(year1, month1, day1), _iso(year2, month2, day2)
        if year1 is not None and first > last:
            return None
        return [first, last], first, last, resolved

    def month(self, g: dict[str, str | None]) -> tuple[str, str, str, bool]:
        month = _month_number(g["m"], self.lang)
        year, resolved = self.year_for(g.get("y"), month, 15)
        low, high = _month_bounds(year, month)
        return _iso(year, month), low, high, resolved

    def year(self, g: dict[str, str | None]) -> tuple[str, str, str, bool]:
        return _year(g["y"], g.get("part"))

    def year_range(self, g: dict[str, str | None]) -> tuple[list[str], str, str, bool] | None:
        first, last = int(g["y1"]), int(g["y2"])
        if last <= first:
            return None
        return [str(first), str(last)], f"{first}-01-01", f"{last}-12-31", False

    def season(self, g: dict[str, str | None]) -> tuple[list[str], str, str, bool] | None:
        """Two years in a row make a season, which spans the turn of the year and is read from
        July to June: "2016-17" and "2017-18" are two seasons, and a final on 20 May 2009 is in
        "2008-09". Further apart, they are a span of years ("1990-95")."""
        first = int(g["y1"])
        last = first - first % 100 + int(g["y2"])
        if int(g["y2"]) == (first + 1) % 100:  # "1999-00" too
            last = first + 1
            return [str(first), str(last)], f"{first}-07-01", f"{last}-06-30", False
        return self.year_range({"y1": str(first), "y2": str(last)})

    def decade(self, g: dict[str, str | None]) -> tuple[list[str], str, str, bool]:
        first = int(g["y"] or g["y_en"])
        return [str(first), str(first + 9)], f"{first}-01-01", f"{first + 9}-12-31", False

    def iso(self, g: dict[str, str | None]) -> tuple[str, str, str, bool] | None:
        year, month, day = int(g["y"]), int(g["mo"]), int(g["d"])
        if not _valid_day(year, month, day):
            return None
        iso = _iso(year, month, day)
        return iso, iso, iso, False

    def numeric(self, g: dict[str, str | None]) -> tuple[str, str, str, bool] | None:
        first, second, year = int(g["a"]), int(g["b"]), int(g["y"])
        # French writes day/month; English usually month/day unless the first cannot be a month.
        day, month = (first, second) if self.lang == "fr" or first > 12 else (second, first)
        if not _valid_day(year, month, day):
            return None
        iso = _iso(year, month, day)
        return iso, iso, iso, False

    def _days_from_doc(self, offset: int) -> tuple[str, str, str, bool] | None:
        if self.doc_date is None:
            return None  # a relative date without a reference is left out, never guessed
        try:
            iso = (self.doc_date + dt.timedelta(days=offset)).isoformat()
        except OverflowError:  # "tomorrow" in a document dated 9999-12-31: past the calendar
            return None
        return iso, iso, iso, True

    def relative(self, g: dict[str, str | None]) -> tuple[str, str, str, bool] | None:
        return self._days_from_doc(_RELATIVE_DAYS[self.lang][g["rel"]])

    def last_weekday(self, g: dict[str, str | None]) -> tuple[str, str, str, bool] | None:
        if self.doc_date is None:
            return None
        weekday = _WEEKDAYS["en"].index(g["wd1"]) if g.get("wd1") else _WEEKDAYS["fr"].index(g["wd2"])
        back = (self.doc_date.weekday() - weekday) % 7 or 7
        return self._days_from_doc(-back)


def find_dates(norm: str, original: str, lang: str, doc_date: dt.date | None) -> list[FoundDate]:
    """Dates in `norm`, longest first where two readings overlap."""
    resolver = _Resolver(lang, doc_date)
    candidates = []
    with_digit, without_digit = _CLUES[lang]
    looked_for, their_texts = with_digit if has_ascii_digit(norm) else without_digit
    texts = {text for text in their_texts if text in norm}
    clues = {clue for clue in looked_for if not texts.isdisjoint(clue)}
    # Where each anchor is first found and the text before it, reversed; None where it is not
    before_anchors: list[tuple[int, str] | None | bool] = [False, False]
    for shape, regex, needs, anchor, words_back in _PATTERNS[lang]:
        if not needs <= clues:
            continue
        start = 0
        if anchor is not None:
            if (before := before_anchors[anchor]) is False:
                first = _ANCHORS[lang][anchor].search(norm)
                before_first = norm[first.start() - 1 :: -1] if first and first.start() else ""
                before = before_anchors[anchor] = first and (first.start(), before_first)
            if before is None:
                continue
            if back := words_back.match(before[1]):
                start = before[0] - back.end()
        for match in regex.finditer(norm, start):
            groups = match.groupdict()
            if lang == "en" and _is_modal_may(match, groups, original):
                continue
            resolved = getattr(resolver, shape)(groups)
            if resolved is None:
                continue
            start, end = match.span("core") if groups.get("core") else match.span()
            if shape == "year" and _counted_noun_after(norm, start, end, lang):
                continue  # "their 2000 members": a count, not a year
            value, low, high, year_resolved = resolved
            candidates.append(FoundDate(start, end, value, low, high, year_resolved))
    longest_first = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start))
    return [_open_ended(found, norm, lang) for found in first_non_overlapping(longest_first, lambda c: (c.start, c.end))]


_NEXT_WORD = re.compile(r"\s+([a-zà-ÿœæ]+)")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|les|leurs|ses|de)\s+$")


def _counted_noun_after(norm: str, start: int, end: int, lang: str) -> bool:
    """A year after a determiner and before a noun the vocabulary counts is a count ("their 2000
    members", "une armée de 2000 soldats"); after "in" it stays a year ("in 2022 troops were
    sent")."""
    word = _NEXT_WORD.match(norm, end)
    return (word is not None and _DETERMINER_BEFORE.search(norm, max(0, start - 8), start) is not None
            and vocabulary().group_of(word.group(1), lang) is not None)


# "before 1990", "after 10 October 1963", "avant 2015": the date is a bound, the interval open on
# the other side ("by", "jusqu'en": up to and including it). "Since 2022" and "depuis 2022" are
# not bounds: they date when something began, and that start is the fact a source can contradict.
_BOUND_WORDS = {
    "en": {"before": "before", "prior to": "before", "until": "by", "till": "by", "by": "by",
           "no later than": "by", "after": "after", "later than": "after"},
    "fr": {"avant": "before", "jusqu'en": "by", "jusqu'au": "by", "jusqu'à": "by", "au plus tard en": "by",
           "après": "after"},
}
# French writes "avant le 15 mars"; English "after the 2006 scandal" bounds the scandal, not 2006
# ("the 15th" is part of the date English patterns read).
_BOUND_BEFORE = {lang: re.compile(r"\b(" + alternation(words) + r")\s+" + (r"(?:(?:le|l')\s*)?" if lang == "fr" else "") + "$",
                                  re.IGNORECASE)
                 for lang, words in _BOUND_WORDS.items()}


def _bound_endings(lang: str) -> re.Pattern[str]:
    """The last two letters of a bound word, or of the article French writes after one: what
    the text before a bound date ends with, but for its spaces. With `_BOUND_BEFORE`'s flag, so
    that it matches wherever that pattern can."""
    endings = {word[-2:] for word in _BOUND_WORDS[lang]} | ({"le", "l'"} if lang == "fr" else set())
    return re.compile(rf"(?:{alternation(endings)})$", re.IGNORECASE)


# Looked for first, in two characters: a date mostly follows "in", "on", "of", "since", where the
# pattern above would be tried at each of the 30 characters before it.
_BOUND_ENDINGS = {lang: _bound_endings(lang) for lang in _BOUND_WORDS}
_EARLIEST, _LATEST = dt.date(1, 1, 1), dt.date(9999, 12, 31)


def _open_ended(found: FoundDate, norm: str, lang: str) -> FoundDate:
    """The date with the bound word written just before it, if any, applied to its days."""
    window = max(0, found.start - 30)
    words_end = window + len(norm[window : found.start].rstrip())
    if not _BOUND_ENDINGS[lang].search(norm, max(window, words_end - 2), words_end):
        return found
    match = _BOUND_BEFORE[lang].search(norm, window, found.start)
    if match is None:
        return found
    year_unknown = _UNKNOWN_YEAR in found.low + found.high
    # Without a year, "before 14 January" is read within that (unknown) year: 1-13 January.
    earliest, latest = (dt.date(_LEAP_YEAR, 1, 1), dt.date(_LEAP_YEAR, 12, 31)) if year_unknown else (_EARLIEST, _LATEST)
    low, high = (dt.date.fromisoformat(d.replace(_UNKNOWN_YEAR, str(_LEAP_YEAR))) for d in (found.low, found.high))
    bound = _BOUND_WORDS[lang][match.group(1).lower()]
    if year_unknown and ((bound == "before" and low == earliest) or (bound == "after" and high == latest)):
        return found  # "before 1 January" of an unknown year leaves it: read as the day itself
    if bound == "before":
        low, high = earliest, low - dt.timedelta(days=1)
    elif bound == "by":
        low = earliest
    else:
        low, high = min(latest, high + dt.timedelta(days=1)), latest
    low_iso, high_iso = low.isoformat(), high.isoformat()
    if year_unknown:
        low_iso, high_iso = _UNKNOWN_YEAR + low_iso[4:], _UNKNOWN_YEAR + high_iso[4:]
    return FoundDate(match.start(), found.end, found.value, low_iso, high_iso, found.year_resolved)


def _is_modal_may(match: re.Match[str], groups: dict[str, str | None], original: str) -> bool:
    """"may" is a month only when written "May"."""
    for name in ("m", "m1", "m2"):
        if groups.get(name) == "may" and original[match.start(name)] != "M":
            return True
    return False
