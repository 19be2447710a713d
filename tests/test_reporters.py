"""Reporters: one shared report through every format; document text stays inert."""

from __future__ import annotations

import json

import pytest

from checker.models import Evidence, Figure, Finding, Report, Severity, Summary, Tool
from checker.reporters import REPORTERS

HOSTILE = 'Budget <script>alert(1)</script> of [click](javascript:alert(1)) $2.5 billion ![x](http://x/y.png)'
FIGURE = Figure(text="$2.5 billion", start=HOSTILE.index("$2.5"), end=HOSTILE.index("$2.5") + 12,
                kind="money", value=2.5e9, low=2.45e9, high=2.55e9, currency="USD", currency_assumed=True)
EVIDENCE = Figure(text="$2.3 billion", start=9, end=21, kind="money", value=2.3e9, currency="USD")


def _report() -> Report:
    finding = Finding(rule="FC301", category="internal", severity=Severity.error, message="“$2.5 billion” contradicts",
                      path="draft.md", line=3, column=5, end_line=3, end_column=17, claim=HOSTILE, figure=FIGURE,
                      evidence=(Evidence(path="draft.md", line=1, column=11, claim="The fund $2.3 billion total",
                                         figure=EVIDENCE, similarity=0.81, relatedness=0.81),))
    return Report(tool=Tool(version="0"), findings=[finding], summary=Summary(
        mode=None, model="m", documents=1, claims=2, figures=2, findings=1,
        by_category={"conflict": 0, "stale": 0, "internal": 1, "unsupported": 0},
        by_severity={"error": 1, "warning": 0, "info": 0}))


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_reporter_renders_the_finding(name):
    text = REPORTERS[name]().render(_report())
    assert "FC301" in text and "$2.5 billion" in text.replace("\\", "")


def test_json_round_trips():
    data = json.loads(REPORTERS["json"]().render(_report()))
    assert data["schema_version"] == 1
    assert Report.model_validate(data) == _report()


def test_markdown_escapes_document_text():
    text = REPORTERS["markdown"]().render(_report())
    assert "<script>" not in text and "](javascript:" not in text and "![x](" not in text


def test_terminal_marks_the_figures_and_describes_them():
    text = REPORTERS["terminal"]().render(_report())
    assert "[[$2.5 billion]]" in text and "[[$2.3 billion]]" in text
    assert "money 2.5 billion [USD (assumed)]" in text
    assert text.rstrip().endswith("internal 1, unsupported 0.")
