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
