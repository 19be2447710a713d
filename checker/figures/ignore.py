"""Digits that are not figures: URLs, e-mail addresses, phone numbers, times of day, and names
with a number in them ("Covid-19", "G8", "Boeing 737", "F-16", "A320", "article 5")."""

from __future__ import annotations

import re

from checker.figures.text import alternation, clue_words, has_digit, holds_any

# An address starts where a run of its characters starts: tried from inside a run, it would
# rescan the run from every character, quadratic on a long word or digit string.
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[\s.-]?(?:\(0\)\s?)?\d{1,4}(?:[\s.-]\d{2,4}){2,4}"
    r"|0\d(?:[\s.]\d{2}){4}"
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}-\d{3}-\d{4})(?![\w])"
)
_TIME_OF_DAY = re.compile(
    r"(?<![\w.,])(?:\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?|\d{1,2}\s?[ap]\.?m\.?(?![a-z])|\d{1,2}\s?o'clock)(?![\w])"
)
# "14h30" is a time of day, "1 h 30" a duration, unless the context says otherwise.
_HOURS_MINUTES = re.compile(r"(?<![\w.,])((?:[01]?\d|2[0-3]))\s?h\s?[0-5]\d(?![\w])")
_CLOCK_CONTEXT = re.compile(
    r"(?<![\w])(?:à|vers|dès|jusqu'à|avant|après|entre|et|at|by|until|from)\s+((?:[01]?\d|2[0-3])\s?h(?:\s?[0-5]\d)?)(?![\w])"
)
_DURATION_CONTEXT = re.compile(r"(?:pendant|durant|en|for|during|lasted|took)\s+$")
_FIRST_CLOCK_HOUR = 10  # below this, "h" with minutes is read as a duration ("1 h 30")
# Words that name what the number after them numbers ("Boeing 737", "article 5", "Covid 19").
_NUMBER_NAMES = (
    "boeing", "airbus", "iphone", "windows", "galaxy", "model", "version", "vol", "flight", "route", "article",
    "articles", "chapitre", "chapter", "page", "pages", "ligne", "line", "room", "salle", "résolution",
    "resolution", "n°", "no.", "numéro", "number", "#", "section", "paragraph", "paragraphe", "alinéa", "covid",
    "sars-cov", "apollo", "top", "ligue", "formule", "formula",
)
_NAMED_NUMBER = re.compile(
    r"(?<![\w])(?:[a-zà-ÿ]+-\d+[a-z]*|[a-z]{1,3}\d+[a-z]*\d*"
    rf"|(?:{'|'.join(map(re.escape, _NUMBER_NAMES))})\s?\d+(?:[.,]\d+)*[a-z]*)(?![\w])"
)
# A game's result ("beat Leicester 2-1", "a 29–13 victory"): a range goes up, a result need not.
# The look-behind comes after the first digit, as in _ORDINAL below.
_RESULT = re.compile(r"(\d(?<![\w.,]\d)\d{0,2})\s?[-–]\s?(\d{1,3})(?![\w.,]?\d)")
# The top of a rating scale named without a score: "a normalized rating out of 100".
_SCALES = ("rating", "score", "scale", "note", "noté", "notée")
_SCALE_TOP = re.compile(rf"(?:{alternation(_SCALES)})\s+(?:out\s+of|sur)\s+(?:5|10|20|100)(?![\w.,]?\d)")
# The look-behind after the first digit, not before it: Python's re then skips to the next
# digit in C instead of trying the pattern at every character.
_ORDINAL = re.compile(r"\d(?<![\w.,]\d)\d*(?:er|re|ère|e|è|ème|eme|ième|st|nd|rd|th)(?![a-zà-ÿ])")

# What the patterns above cannot match without, looked for before them (see `holds_any`).
_ADDRESS_CLUES = ("://", "www.", "@")
_PHONE_CLUES = ("+", "(", "-")
_PAIRED_PHONE = re.compile(r"0\d[\s.]\d\d")  # "01 23 45 67 89": the one phone shape without + ( or -
_CLOCK_CLUES = (":", "o'clock")
_AM_PM = re.compile(r"\d\s?[ap]\.?m")
_HOUR_SIGN = re.compile(r"\d\s?h(?![a-zà-ÿ])")  # "14h30", "à 9 h"; not "4 hours", "300 habitants"
# A name glues its number to a letter or a hyphen ("G8", "F-16"), or writes one of
# `_NUMBER_NAMES` before it; a result holds a dash. The look-behind after the digit, as in _ORDINAL.
_GLUED_DIGIT = re.compile(r"\d(?<=[a-z-]\d)")
_NUMBER_NAME_CLUES = clue_words(_NUMBER_NAMES)
_SCALE_CLUES = clue_words(_SCALES)
_DASHES = ("-", "–")


def unreadable_spans(norm: str) -> list[tuple[int, int]]:
    """Spans where no figure at all may be read: URLs, e-mail addresses, phones, times of day."""
    spans = [m.span() for m in _URL_OR_EMAIL.finditer(norm)] if holds_any(norm, _ADDRESS_CLUES) else []
    if not has_digit(norm):
        return spans  # the rest need digits, which most sentences of a story lack
    if holds_any(norm, _PHONE_CLUES) or _PAIRED_PHONE.search(norm):
        spans += [m.span() for m in _PHONE.finditer(norm)]
    if holds_any(norm, _CLOCK_CLUES) or _AM_PM.search(norm):
        spans += [m.span() for m in _TIME_OF_DAY.finditer(norm)]
    if not _HOUR_SIGN.search(norm):
        return spans
    for match in _HOURS_MINUTES.finditer(norm):
        in_duration_context = _DURATION_CONTEXT.search(norm, max(0, match.start() - 12), match.start())
        if int(match.group(1)) >= _FIRST_CLOCK_HOUR and not in_duration_context:
            spans.append(match.span())
    spans.extend(m.span(1) for m in _CLOCK_CONTEXT.finditer(norm))
    return spans


def named_number_spans(norm: str) -> list[tuple[int, int]]:
    """Numbers that name, rank or score rather than measure ("G8", "F-16", "article 5", "21st",
    "won 2-1", "a rating out of 100")."""
    if not has_digit(norm):
        return []
    spans = []
    if _GLUED_DIGIT.search(norm) or holds_any(norm, _NUMBER_NAME_CLUES):
        spans += [m.span() for m in _NAMED_NUMBER.finditer(norm)]
    spans += [m.span() for m in _ORDINAL.finditer(norm)]
    if holds_any(norm, _SCALE_CLUES):
        spans += [m.span() for m in _SCALE_TOP.finditer(norm)]
    if holds_any(norm, _DASHES):
        spans += [m.span() for m in _RESULT.finditer(norm) if int(m.group(1)) > int(m.group(2))]
    return spans
