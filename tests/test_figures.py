"""Figure extraction cases, read from tests/figures/*.yaml (all but compare.yaml).

Each case lists every figure the phrase must yield, in order (an empty list: no figure at
all). Only the fields a case names are checked. Run one case with `pytest -k <id>`.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
import yaml

from checker.figures import extract_figures

CASES_DIR = Path(__file__).parent / "figures"
_FLOAT_FIELDS = {"value", "low", "high"}


def _load_cases() -> list[pytest.param]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        if path.name == "compare.yaml":
            continue
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            params.append(pytest.param(case, id=f"{path.stem}-{case['id']}"))
    return params


def _same(expected: object, actual: object) -> bool:
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(map(_same, expected, actual))
    if isinstance(expected, str) and isinstance(actual, float):
        expected = float(expected)  # YAML 1.1 reads "1.5e6" as a string
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(actual, (int, float)) and math.isclose(expected, actual, rel_tol=1e-6, abs_tol=1e-9)
    if isinstance(expected, dt.date):
        return actual == expected.isoformat()
    return expected == actual


@pytest.mark.parametrize("case", _load_cases())
def test_figures(case: dict) -> None:
    doc_date = case.get("doc_date")
    figures = extract_figures(case["text"], case["lang"], doc_date)
    for figure in figures:
        assert case["text"][figure.start : figure.end] == figure.text
    described = [f.model_dump(exclude_defaults=True) for f in figures]
    expected = case["figures"] or []
    assert len(figures) == len(expected), f"got {described}"
    for want, got in zip(expected, figures):
        for field, value in want.items():
            assert _same(value, getattr(got, field)), f"{field}: want {value!r}, got {described}"
    starts = [f.start for f in figures]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(figures, figures[1:]))


def test_never_raises_on_odd_input() -> None:
    for text in ["", " ", "\u00a0\u202f", "$", "%%%", "1" * 500, "du 31 au 30 février", "2022-13-45",
                 "entre et", "\x00\ud7ff", "İstanbul 3 İ", "-" * 100, "1.2.3.4", "99/99/2022"]:
        for lang in ("fr", "en", "de"):
            extract_figures(text, lang, dt.date(2025, 1, 1))  # type: ignore[arg-type]
