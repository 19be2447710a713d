"""The counted-noun vocabulary (`rules/vocabulary/units.yaml`), loaded once per process."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

import yaml

from checker.paths import builtin_rules_dir


@dataclass(frozen=True)
class Vocabulary:
    groups_by_noun: dict[str, dict[str, str]]  # lang -> noun -> group
    compatible: dict[str, frozenset[str]]  # group -> groups it may be compared with
    known_groups: frozenset[str] = field(default=frozenset())

    def group_of(self, noun: str, lang: str) -> str | None:
        return self.groups_by_noun.get(lang, {}).get(noun.lower())

    def longest_noun(self, lang: str) -> int:
        """Words in the vocabulary's longest noun of `lang`."""
        return self._longest_nouns.get(lang, 1)

    @cached_property
    def _longest_nouns(self) -> dict[str, int]:  # asked for at every counted number
        return {lang: max((n.count(" ") + 1 for n in nouns), default=1) for lang, nouns in self.groups_by_noun.items()}

    def are_compatible(self, group_a: str, group_b: str) -> bool:
        """Same group, groups declared compatible, or two nouns the vocabulary does not list that
        are spelt alike across languages ("membres" / "members", "patients" / "patients")."""
        if group_a == group_b or group_b in self.compatible.get(group_a, frozenset()):
            return True
        if group_a in self.known_groups or group_b in self.known_groups:
            return False
        return _cognates(group_a, group_b)


_SCORE_GROUP = "out of "  # the group of a score on a rating scale: "out of 10" for "7.9/10"


def score_group(top: int) -> str:
    """The unit group of a score out of `top`."""
    return f"{_SCORE_GROUP}{top}"


def score_scale_top(group: str | None) -> float | None:
    """The top of a score's scale (10 for "out of 10"), None for any other group."""
    return float(group[len(_SCORE_GROUP):]) if group and group.startswith(_SCORE_GROUP) else None


_COGNATE_RATIO = 0.8  # membre/member 0.83, compositeur/composer 0.84; mission/missile 0.71


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _cognates(a: str, b: str) -> bool:
    a, b = _plain(a), _plain(b)
    if not (a.isalpha() and b.isalpha()):
        return False  # rating scales ("out of 10", "out of 100") are never alike
    return min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= _COGNATE_RATIO


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    path = builtin_rules_dir() / "vocabulary" / "units.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    groups = (data or {}).get("groups") or {}
    by_noun: dict[str, dict[str, str]] = {"fr": {}, "en": {}}
    compatible: dict[str, set[str]] = {}
    for group, entry in groups.items():
        for lang in ("fr", "en"):
            for noun in entry.get(lang) or ():
                by_noun[lang][str(noun).lower()] = group
        for other in entry.get("compatible") or ():
            # Declared on either side, the relation holds both ways.
            compatible.setdefault(group, set()).add(other)
            compatible.setdefault(other, set()).add(group)
    return Vocabulary(by_noun, {g: frozenset(o) for g, o in compatible.items()}, frozenset(groups))


def singular(noun: str, lang: str) -> str:
    """A rough singular, used as the group of a noun the vocabulary does not list."""
    noun = noun.lower()
    if lang == "en" and noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if lang == "en" and noun.endswith(("sses", "shes", "ches", "xes", "zzes")) and not noun.endswith(("aches", "iches")):
        return noun[:-2]  # losses, matches, boxes; not caches, niches
    if lang == "fr" and noun.endswith("aux") and len(noun) > 4:
        return noun[:-3] + "al"
    if noun.endswith(("s", "x")) and not noun.endswith(("ss", "us")) and len(noun) > 3:
        return noun[:-1]
    return noun
