"""The counted noun after a number: "600 000 personnes", "800,000 Ukrainian troops", "28-point plan"."""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.figures.vocabulary import singular, vocabulary


class CountedNoun(NamedTuple):
    unit: str  # as written
    group: str
    end: int


_WORD = re.compile(r"[a-zà-ÿœæ]+")
# A capitalised name with a number ("COVID-19", "F-16") is one word, which a count skips over:
# "10 COVID-19 cases" counts cases. Not "members-10": a noun and another number.
_NAME_WITH_NUMBER = re.compile(r"[a-zà-ÿœæ]+-\d+[a-z]*(?![\w-])")
_GAP = re.compile(r"-|\s+")
_OF = {"fr": re.compile(r"\s+(?:de\s+|d')"), "en": re.compile(r"\s+of\s+")}

# Words that follow a number without being what it counts. Unknown nouns are accepted only
# when they are not one of these, so "en 2022 ont été" or "3 fois" make no count.
_NOT_NOUNS = {
    "fr": set(
        """le la les l un une des du de d et ou à au aux en dans par pour sur sous avec sans chez
        entre vers contre que qu qui quoi dont où ce cet cette ces son sa ses leur leurs mon ma mes
        notre nos votre vos il elle ils elles on nous vous je tu se s y ne n pas plus moins très
        aussi déjà encore environ ont a est sont été était étaient sera seront serait fut avait
        avaient avoir être fait font peut doit selon après avant depuis pendant lors mais donc car
        ni soit comme si tous toutes tout autres autre derniers dernières premiers premières
        prochains prochaines seulement fois ans an jours mois heures minutes semaines années
        contre supplémentaires fr cf etc""".split()
    ),
    "en": set(
        """the a an of and or to in on at by for with from into over under about than as that which
        who whom whose this these those it its their his her our your my we they he she you i is
        are was were be been being has have had will would can could may might must shall should
        do does did not no nor more less most least also only just still even each every all some
        any other others such new own same so then there here when where while after before during
        since until up down out off against between through across around along among per plus
        minus times years days months hours weeks minutes us u s percent cent what how why if but
        yet already""".split()
    ),
}
# English adjectives between a number and its noun: skipped when looking for a known noun,
# never a noun themselves.
_ADJECTIVES_EN = set(
    """new more other additional extra further different former total local foreign active
    american russian ukrainian british french european chinese israeli palestinian german
    western allied enemy armed elite regular""".split()
)
# Words that end the phrase a number counts: "18 million albums worldwide" counts albums, and
# "Xbox 360 version sold" counts versions (irregular verbs; regular ones end in -ed).
_ADVERBS_EN = set("worldwide overseas abroad domestically ago today yesterday apiece altogether overall".split())
_IRREGULAR_VERBS_EN = set(  # past forms that are not also nouns ("12 lives", "5 hits" count)
    """sold won lost made grew rose fell took gave got held saw became came went paid spent built
    kept led met ran told brought bought said wrote written began begun drew drawn fought flew
    stood sat""".split()
)
# Prepositions and time words _NOT_NOUNS does not list: "40 floors above ground".
_PHRASE_ENDS_EN = set("above below inside outside like unlike despite within without beyond behind near last next via amid".split())
_MONTHS_AND_DAYS = set(
    """janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    lundi mardi mercredi jeudi vendredi samedi dimanche january february march april may june
    july august september october november december monday tuesday wednesday thursday friday
    saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_MAX_ADJECTIVES_BEFORE_NOUN = 2  # English puts adjectives first: "800,000 Ukrainian troops"


def _words_from(norm: str, original: str, pos: int, limit: int, glued: bool) -> list[re.Match[str]]:
    """Up to `limit` words from `pos`; the first one starts at `pos` when `glued`, else after a
    space or hyphen. Punctuation ends the run."""
    words: list[re.Match[str]] = []
    while len(words) < limit:
        if not (glued and not words):
            gap = _GAP.match(norm, pos)
            if gap is None:
                break
            pos = gap.end()
        name = _NAME_WITH_NUMBER.match(norm, pos) if original[pos:pos + 1].isupper() else None
        word = name or _WORD.match(norm, pos)
        if word is None:
            break
        words.append(word)
        pos = word.end()
    return words


def _known_noun_at(words: list[re.Match[str]], index: int, lang: str, original: str) -> CountedNoun | None:
    """The longest vocabulary noun (possibly several words) starting at `words[index]`."""
    vocab = vocabulary()
    texts = [word.group() for word in words[index : index + vocab.longest_noun(lang)]]
    for length in range(len(texts), 0, -1):
        group = vocab.group_of(" ".join(texts[:length]), lang)
        if group is not None:
            end = words[index + length - 1].end()
            return CountedNoun(unit=original[words[index].start() : end], group=group, end=end)
    return None


def is_noun_candidate(word: str, lang: str) -> bool:
    return (len(word) >= 3 and word.isalpha() and word not in _NOT_NOUNS[lang] and word not in _MONTHS_AND_DAYS
            and not (lang == "en" and word in _ADJECTIVES_EN))


def read_counted_noun(norm: str, original: str, pos: int, lang: str, after_scale: bool) -> CountedNoun | None:
    """The noun counted by the number ending at `pos`, or None when none follows it.

    After a scale word or an approximate noun the noun comes with "de"/"of" ("1,5 million de
    personnes", "une dizaine de soldats"). Unknown nouns are grouped by their singular form.
    """
    glued = False
    if after_scale and (of := _OF[lang].match(norm, pos)):
        pos, glued = of.end(), True
    words = _words_from(norm, original, pos, 1 + _MAX_ADJECTIVES_BEFORE_NOUN, glued)
    if not words:
        return None
    known = _known_noun_at(words, 0, lang, original)
    if known is None and lang == "en":
        for index in range(1, len(words)):
            between = words[index - 1].group()
            if between in _NOT_NOUNS[lang] and between not in _ADJECTIVES_EN:
                break  # an adjective or a participle may come between: "40 new cases", "7 reported cases"
            known = _known_noun_at(words, index, lang, original)
            if known is not None:
                break
    if known is not None:
        return known
    hyphenated = norm.startswith("-", pos)  # "28-point plan", "a 300-strong force": the word itself
    head = _english_head(words) if lang == "en" and not hyphenated else words[0]
    if head is None or not is_noun_candidate(head.group(), lang):
        return None
    return CountedNoun(unit=original[head.start() : head.end()], group=singular(head.group(), lang), end=head.end())


# A verb that gives the count of the noun before it: "the confirmed cases reached 134", "les
# décès ont atteint 56". Only nouns the vocabulary knows are read this way.
_COUNT_VERB_BEFORE = {
    "en": re.compile(r"([a-z]+)\s+(?:(?:has|have|had)\s+)?(?:reached|rose\s+to|risen\s+to|climbed\s+to|"
                     r"increased\s+to|grew\s+to|jumped\s+to|fell\s+to|dropped\s+to|declined\s+to|"
                     r"stood\s+at|stands\s+at|totall?ed|totals|numbered)\s+$"),
    "fr": re.compile(r"([a-zà-ÿœæ]+)\s+(?:(?:ont|a)\s+atteint|atteignent|atteint|s'élèvent\s+à|s'élève\s+à|"
                     r"(?:sont|est)\s+passée?s?\s+à|(?:ont|a)\s+grimpé\s+à)\s+$"),
}


def counted_noun_before(norm: str, original: str, start: int, lang: str) -> CountedNoun | None:
    """The noun that a verb just before `start` (where a number, or its hedge, starts) gives the
    count of, when the vocabulary knows that noun."""
    match = _COUNT_VERB_BEFORE[lang].search(norm, max(0, start - 60), start)
    if match is None:
        return None
    group = vocabulary().group_of(match.group(1), lang)
    if group is None:
        return None
    # `end` is where the noun ends, before the number: a figure read this way stops at its number.
    return CountedNoun(unit=original[match.start(1) : match.end(1)], group=group, end=match.end(1))


def _english_head(words: list[re.Match[str]]) -> re.Match[str] | None:
    """The noun an English number counts when the vocabulary does not know it: the last word of
    the noun phrase after it ("9 studio albums", "77.9 million active users"), which ends where
    `_ends_phrase` says ("5 people died") and loses a trailing adverb ("18 million albums
    worldwide")."""
    phrase: list[re.Match[str]] = []
    for word in words:
        if _ends_phrase(word.group(), first=not phrase):
            break
        phrase.append(word)
        if _looks_plural(word.group()):
            break  # the counted noun: "40 floors above ground", "10 dentists agree"
    while phrase and _is_adverb(phrase[-1].group()):
        phrase.pop()
    if not phrase or _is_verb_form(phrase[-1].group()):
        return None  # "Spider-Man 2 received": no noun follows the number
    return phrase[-1]


def _ends_phrase(word: str, first: bool) -> bool:
    """Whether an English word ends (or, `first`, prevents) the noun phrase after a number: a
    function word, a month, a verb ("2 received"); an "-ing" word may open it ("20 wedding
    guests"), a known adjective always may ("3 armed groups")."""
    if word in _ADJECTIVES_EN:
        return False
    if word in _NOT_NOUNS["en"] or word in _MONTHS_AND_DAYS or word in _IRREGULAR_VERBS_EN or word in _PHRASE_ENDS_EN:
        return True
    return _is_verb_form(word) and (not first or word.endswith("ed"))


def _looks_plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


def _is_verb_form(word: str) -> bool:
    return len(word) > 4 and word.endswith(("ed", "ing"))


def _is_adverb(word: str) -> bool:
    return (len(word) > 4 and word.endswith("ly")) or word in _ADVERBS_EN
