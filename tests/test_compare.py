"""Pairs of figures that must be consistent, in conflict or incomparable (tests/figures/compare.yaml).

Each side is [lang, phrase] or [lang, phrase, doc_date] and must yield exactly one figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.compare import Relation, comparable, relation
from checker.figures import extract_figures

PAIRS = yaml.safe_load((Path(__file__).parent / "figures" / "compare.yaml").read_text(encoding="utf-8"))


def _figure(side: list):
    lang, text, *rest = side
    figures = extract_figures(text, lang, rest[0] if rest else None)
    assert len(figures) == 1, f"{text!r} gave {[f.model_dump(exclude_defaults=True) for f in figures]}"
    return figures[0]


@pytest.mark.parametrize("pair", [pytest.param(p, id=p["id"]) for p in PAIRS])
def test_relation(pair: dict) -> None:
    a, b = _figure(pair["a"]), _figure(pair["b"])
    flags = {key: pair.get(key, False) for key in ("compare_bare_counts", "any_unit")}
    expected = Relation[pair["relation"].upper()]
    assert relation(a, b, **flags) is expected
    assert relation(b, a, **flags) is expected, "relation must be symmetric"
    assert comparable(a, b, **flags) is (expected is not Relation.INCOMPARABLE)


def test_vague_is_never_comparable() -> None:
    vague = _figure(["fr", "des milliers de soldats"])
    assert vague.kind == "vague"
    assert relation(vague, vague) is Relation.INCOMPARABLE


@pytest.mark.parametrize("a, b, expected", [
    (["en", "more than 500 songs"], ["en", "over 400 songs"], "conflict"),
    (["en", "more than 300 songs"], ["en", "over 400 songs"], "consistent"),
    (["en", "at least 400 songs"], ["en", "more than 400 songs"], "consistent"),
    (["en", "fewer than 40 staff"], ["fr", "moins de 60 employés"], "conflict"),
    (["en", "up to 80 staff"], ["en", "less than 60 staff"], "consistent"),
    (["en", "more than 500 songs"], ["en", "fewer than 600 songs"], "consistent"),  # two sides: intervals
    (["en", "more than 500 songs"], ["en", "450 songs"], "conflict"),
    (["en", "before 2015"], ["en", "by 2016"], "conflict"),
    (["en", "before 2017"], ["fr", "jusqu'en 2016"], "consistent"),
    (["en", "after 1969"], ["fr", "après 1968"], "conflict"),
    (["en", "after 1969"], ["en", "in 1970"], "consistent"),  # not a bound: intervals
])
def test_a_bound_past_the_others_on_the_same_side_conflicts_when_asked(a, b, expected) -> None:
    """Asymmetric by design: the figure under check comes first."""
    assert relation(_figure(a), _figure(b), stronger_bounds_conflict=True) is Relation[expected.upper()]
    if expected == "conflict" and _figure(b).hedge:
        assert relation(_figure(a), _figure(b)) is Relation.CONSISTENT  # off by default


@pytest.mark.parametrize("a, b, expected", [
    (["en", "less than 109 reviews"], ["en", "110 reviews"], "conflict"),  # 110 allows 105-115
    (["en", "more than 102 reviews"], ["en", "100 reviews"], "conflict"),
    (["en", "fewer than 2,950 theaters"], ["en", "3,000 theaters"], "conflict"),
    (["en", "more than 2,950 theaters"], ["en", "3,000 theaters"], "consistent"),
    (["en", "up to 2,000 workers"], ["en", "2,000 workers"], "consistent"),
    (["en", "less than 109 reviews"], ["en", "about 110 reviews"], "consistent"),  # a hedged figure keeps its range
    (["en", "over 2 million copies"], ["en", "2 million copies"], "consistent"),  # at the bound: rounded
])
def test_a_bound_is_read_against_the_number_a_source_states(a, b, expected) -> None:
    assert relation(_figure(a), _figure(b), stronger_bounds_conflict=True) is Relation[expected.upper()]
    assert relation(_figure(a), _figure(b)) is Relation.CONSISTENT  # off by default: within the rounding


def test_a_strict_bound_excludes_its_number_only_when_written_to_the_unit() -> None:
    assert relation(_figure(["en", "more than 17 seasons"]), _figure(["en", "17 seasons"])) is Relation.CONFLICT
    assert relation(_figure(["en", "more than 17 %"]), _figure(["en", "17 %"])) is Relation.CONFLICT
    # Kept in seconds, a duration's precision is not its written unit's: intervals decide.
    assert relation(_figure(["en", "more than 17 years"]), _figure(["en", "17 years"])) is Relation.CONSISTENT
