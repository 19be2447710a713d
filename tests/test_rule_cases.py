"""Every rule's pass/fail cases, as data: tests/rules/<RULE>.yaml.

A case gives small documents (drafts, sources) and the findings expected of that one rule,
with their lines and columns; only the fields a case names are compared. A case with
`model: real` runs with the real default embedding model (for cross-language cases).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.corpus import corpus_from_documents
from checker.embed import load_embedder
from checker.engine import run_check
from checker.reader import read_documents
from checker.rulebook import load_rules
from lexical_embedder import LexicalEmbedder

CASES_DIR = Path(__file__).parent / "rules"
RULES = {rule.spec.id: rule for rule in load_rules()}


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            marks = [pytest.mark.model] if case.get("model") == "real" else []
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{name}", marks=marks)


def _subset(finding: dict, expected: dict) -> dict:
    """The finding's fields that the case names, evidence compared item by item the same way."""
    picked = {}
    for key, value in expected.items():
        if key == "evidence":
            picked[key] = [_subset(e, x) for e, x in zip(finding["evidence"], value)]
            if len(finding["evidence"]) != len(value):
                picked[key].append({"evidence count": len(finding["evidence"])})
        elif key == "figure":
            picked[key] = {k: finding["figure"][k] for k in value}
        else:
            picked[key] = finding[key]
    return picked


def _write(folder: Path, documents: dict[str, str] | None) -> list[str]:
    names = []
    for name, text in (documents or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    return names


@pytest.mark.parametrize("rule_id, case", list(_cases()))
def test_rule_case(rule_id, case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    drafts = read_documents(_write(tmp_path, case.get("drafts")))
    sources = read_documents(_write(tmp_path, case.get("sources")))
    embedder = load_embedder() if case.get("model") == "real" else LexicalEmbedder()
    result = run_check(corpus_from_documents(drafts, sources, lambda: embedder), [RULES[rule_id]])
    found = [f.model_dump(mode="json") for f in result.findings]
    expected = case["findings"]
    assert [_subset(f, x) for f, x in zip(found, expected)] == expected
    assert len(found) == len(expected), f"expected {len(expected)} findings, got {found}"


def test_every_rule_has_passing_and_failing_cases():
    covered = {}
    for path in CASES_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        covered[data["rule"]] = [bool(case["findings"]) for case in data["cases"].values()]
    for rule_id in RULES:
        assert True in covered.get(rule_id, []), f"{rule_id} has no failing case"
        assert False in covered.get(rule_id, []), f"{rule_id} has no passing case"
