"""Configuration: found, validated with the file and key named, overridden by flags."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.config import document_filter, find_config, load_config
from checker.errors import FactlintError
from checker.rulebook import load_rules, override_params, select_rules
from conftest import REPO


def test_nearest_file_upwards_and_pyproject_table(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.factlint]\nfail_on = 'warning'\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert find_config(nested) == tmp_path / "pyproject.toml"
    config, path = load_config(None)
    assert config.fail_on == "warning" and path == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "factlint.toml").write_text("sources = ['wire']\n")
    config, path = load_config(None)
    assert path == tmp_path / "a" / "factlint.toml"
    assert config.sources == ["../wire"]  # relative to the file, expressed from the current folder


def test_pyproject_without_table_is_not_a_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(tmp_path) is None


@pytest.mark.parametrize("text, problem", [
    ("sourcez = ['a']\n", "unknown key 'sourcez' (allowed: sources, include"),
    ("fail_on = 'sometimes'\n", "'fail_on' is 'sometimes'; input should be 'error', 'warning' or 'never'"),
    ("select = 'FC1'\n", "'select': Input should be a valid list"),
    ("fail_on = \n", "is not valid TOML"),
])
def test_bad_config_names_file_key_and_allowed_values(tmp_path, text, problem):
    path = tmp_path / "factlint.toml"
    path.write_text(text)
    with pytest.raises(FactlintError) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}: ") and problem in str(error.value)


def test_select_and_ignore_by_id_and_prefix():
    rules = load_rules()
    ids = lambda chosen: [r.spec.id for r in chosen]  # noqa: E731
    assert ids(select_rules(rules, ["FC1"], [])) == ["FC101", "FC102"]
    assert ids(select_rules(rules, [], ["FC1", "fc401"])) == ["FC201", "FC301"]
    assert ids(select_rules(rules, ["FC1", "FC201"], ["FC102"])) == ["FC101", "FC201"]
    with pytest.raises(FactlintError, match="unknown rule 'FC9'"):
        select_rules(rules, ["FC9"], [])


def test_rule_parameters_from_config_are_validated(tmp_path):
    origin = tmp_path / "factlint.toml"
    rules = override_params(load_rules(), {"FC101": {"min_similarity": 0.7}}, origin)
    assert next(r for r in rules if r.spec.id == "FC101").params.min_similarity == 0.7
    with pytest.raises(FactlintError, match=r"\[rules.FC101\] min_similarity: Input should be less than"):
        override_params(load_rules(), {"FC101": {"min_similarity": 3}}, origin)
    with pytest.raises(FactlintError, match=r"\[rules.FC101\] tolerance: Extra inputs"):
        override_params(load_rules(), {"FC101": {"tolerance": 3}}, origin)
    with pytest.raises(FactlintError, match=r"\[rules.FC999\] names no rule"):
        override_params(load_rules(), {"FC999": {}}, origin)


def test_include_exclude_and_gitignore(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("drafts/private/\n")
    for name in ("drafts/a.md", "drafts/old/b.md", "drafts/private/c.md", "drafts/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "factlint.toml").write_text("include = ['*.md']\nexclude = ['drafts/old/']\n")
    config, path = load_config(None)
    keep = document_filter(config, path)
    kept = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")
                  if p.is_file() and ".git" not in p.parts and keep(p))
    assert kept == ["drafts/a.md"]
    config = config.model_copy(update={"respect_gitignore": False})
    assert document_filter(config, path)(tmp_path / "drafts/private/c.md")


@pytest.mark.model
def test_cli_uses_config_and_flags_override_it(tmp_path):
    (tmp_path / "draft.md").write_text("Some 40,000 prisoners would be exchanged in the first month.\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "wire.md").write_text("Prisoners would be exchanged, officials said.\n")
    (tmp_path / "factlint.toml").write_text("sources = ['src']\nfail_on = 'warning'\nselect = ['FC2']\n")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "checker", "check", "draft.md", "--no-cache",
                               "--format", "json", "--output", "-", *args], cwd=tmp_path,
                              capture_output=True, text=True, env={"PYTHONPATH": str(REPO)})

    configured = run()
    assert configured.returncode == 1, configured.stderr  # an unsupported figure fails on warning
    assert [f["rule"] for f in json.loads(configured.stdout)["findings"]] == ["FC201"]
    assert run("--fail-on", "error").returncode == 0
    assert json.loads(run("--select", "FC1").stdout)["findings"] == []
