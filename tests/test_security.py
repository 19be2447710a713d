"""Untrusted documents and rule files cannot run code, factlint never goes online, and reports
name files as the user named them. (Escaping in the Markdown and HTML reports is tested with
the reporters.)"""

from __future__ import annotations

import json
import re
import socket
from functools import partial
from pathlib import Path

import pytest

from checker import embed
from checker.corpus import load_corpus
from checker.engine import run_check
from checker.rulebook import load_rules
from checker.store import ClaimStore
from conftest import REPO
from test_bad_input import LEXICAL_MODEL, assert_refused, run_factlint

_CODE_TAG = '!!python/object/apply:os.system ["touch pwned"]'


def test_python_tag_in_front_matter_is_refused_and_not_run(tmp_path):
    (tmp_path / "draft.md").write_text(f"---\ntitle: {_CODE_TAG}\n---\nThe plan has 28 points.\n")
    result = run_factlint("check", "draft.md", "--no-cache", "--model", LEXICAL_MODEL, cwd=tmp_path)
    assert_refused(result, "draft.md: front matter is not valid YAML (could not determine a constructor "
                           "for the tag 'tag:yaml.org,2002:python/object/apply:os.system')")
    assert not (tmp_path / "pwned").exists()


def test_python_tag_in_a_rule_file_is_refused_and_not_run(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "FC901.yaml").write_text(f"id: FC901\nname: {_CODE_TAG}\n")
    result = run_factlint("rules", "--rules", "rules", cwd=tmp_path)
    assert_refused(result, "FC901.yaml: is not valid YAML (could not determine a constructor")
    assert not (tmp_path / "pwned").exists()


# Ways to run code while loading data: pickle and its wrappers, and YAML's full loaders.
_UNSAFE_LOADING = re.compile(
    r"\b(?:import\s+(?:pickle|cPickle|dill|shelve|marshal|joblib)|pickle\.|torch\.load\s*\(|allow_pickle\s*=\s*True"
    r"|yaml\.(?:load|load_all|unsafe_load|full_load)\s*\(|yaml\.(?:Unsafe|Full)?Loader\b)")


def test_no_pickle_and_no_unsafe_yaml_loader_in_factlint():
    sources = sorted((REPO / "checker").rglob("*.py"))
    assert len(sources) > 20
    found = [f"{path.relative_to(REPO)}:{number}: {line.strip()}" for path in sources
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if _UNSAFE_LOADING.search(line)]
    assert found == []


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to resolve a name or open a connection fails the test."""
    attempts: list[str] = []

    def refuse(what):
        def blocked(*args, **kwargs):
            attempts.append(what)
            raise OSError(f"network access attempted during a check: {what}")
        return blocked

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("getaddrinfo", "gethostbyname", "create_connection"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


@pytest.mark.model
def test_a_full_check_with_the_default_model_never_touches_the_network(offline, monkeypatch):
    monkeypatch.setattr(embed, "_loaded", {})  # load the model here, under the block
    store = ClaimStore(None, embed.DEFAULT_MODEL)
    corpus = load_corpus([str(REPO / "seeds/drafts")], [str(REPO / "seeds/sources")],
                         partial(embed.load_embedder, embed.DEFAULT_MODEL), store)
    result = run_check(corpus, load_rules())
    store.close()
    assert {f.rule for f in result.findings} >= {"FC101", "FC102", "FC201", "FC301", "FC401"}
    assert offline == []


def _report_paths(report: dict) -> set[str]:
    return {path for finding in report["findings"]
            for path in (finding["path"], *(evidence["path"] for evidence in finding["evidence"]))}


@pytest.mark.parametrize("drafts, sources, cwd, expected", [
    ("drafts", "wire", ".", {"drafts/a.md", "wire/b.md"}),
    ("./drafts/a.md", "wire/b.md", ".", {"./drafts/a.md", "wire/b.md"}),
    ("../drafts", "../wire", "elsewhere", {"../drafts/a.md", "../wire/b.md"}),
])
def test_report_paths_are_as_given(tmp_path, drafts, sources, cwd, expected):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text("The fund holds $2.3 billion.\n")
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "b.md").write_text("The fund holds $2.5 billion.\n")
    (tmp_path / "elsewhere").mkdir()
    result = run_factlint("check", drafts, "--sources", sources, "--format", "json", "--output", "-",
                          "--fail-on", "never", "--no-cache", "--model", LEXICAL_MODEL, cwd=tmp_path / cwd)
    assert result.returncode == 0, result.stderr
    assert _report_paths(json.loads(result.stdout)) == expected
    assert str(tmp_path) not in result.stdout  # nothing of the file system beyond what was typed


def test_sources_from_the_configuration_stay_relative(tmp_path):
    (tmp_path / "factlint.toml").write_text('sources = ["wire"]\n')
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "b.md").write_text("The fund holds $2.5 billion.\n")
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "a.md").write_text("The fund holds $2.3 billion.\n")
    result = run_factlint("check", "a.md", "--format", "json", "--output", "-", "--fail-on", "never",
                          "--no-cache", "--model", LEXICAL_MODEL, cwd=tmp_path / "desk")
    assert result.returncode == 0, result.stderr
    assert _report_paths(json.loads(result.stdout)) == {"a.md", "../wire/b.md"}
    assert str(tmp_path) not in result.stdout
