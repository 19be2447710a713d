"""Rule files: validated on load, every bad file named with what is wrong."""

from __future__ import annotations

import pytest
import yaml

from checker.errors import InputError
from checker.paths import builtin_rules_dir
from checker.rulebook import load_rules

VALID = yaml.safe_load((builtin_rules_dir() / "FC101.yaml").read_text(encoding="utf-8"))


def _write(folder, name, data):
    (folder / name).write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")


def test_bundled_rules_load_with_docs():
    rules = load_rules()
    assert [r.spec.id for r in rules] == ["FC101", "FC102", "FC201", "FC301", "FC401"]
    assert {r.spec.category for r in rules} == {"conflict", "unsupported", "internal", "stale"}
    for rule in rules:
        assert rule.spec.docs.what and rule.spec.docs.why and rule.spec.docs.example


@pytest.mark.parametrize("change, problem", [
    ({"extends": "nope"}, "unknown kind 'nope'"),
    ({"params": {"min_similarity": 0.5, "tolerance": 3}}, "invalid params (tolerance: Extra inputs"),
    ({"params": {"min_similarity": 2}}, "invalid params (min_similarity: Input should be less than"),
    ({"severity": "fatal"}, "invalid rule (severity:"),
    ({"id": "X1"}, "invalid rule (id: String should match"),
    ({"levle": "error"}, "invalid rule (levle: Extra inputs"),
])
def test_bad_rule_files_are_named(tmp_path, change, problem):
    _write(tmp_path, "FC101.yaml", {**VALID, **change})
    with pytest.raises(InputError, match=rf"FC101\.yaml: {__import__('re').escape(problem)}"):
        load_rules(tmp_path)


def test_broken_yaml_and_duplicate_ids(tmp_path):
    _write(tmp_path, "FC101.yaml", "id: [unclosed\n")
    with pytest.raises(InputError, match="FC101.yaml: is not valid YAML"):
        load_rules(tmp_path)
    _write(tmp_path, "FC101.yaml", VALID)
    _write(tmp_path, "FC101-copy.yaml", VALID)
    with pytest.raises(InputError, match="rule id FC101 is already used"):
        load_rules(tmp_path)


def test_empty_rule_folder(tmp_path):
    with pytest.raises(InputError, match="holds no rule files"):
        load_rules(tmp_path)
