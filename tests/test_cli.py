"""The command line: formats, exit codes and one-line errors, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import REPO

SEEDS = REPO / "seeds"


CACHE = Path(tempfile.mkdtemp(prefix="factlint-test-cache-"))


def factlint(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACTLINT_CACHE": str(CACHE)}
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd or REPO, input=stdin, env=env,
                          capture_output=True, text=True, timeout=300)


def test_rules_lists_every_rule():
    result = factlint("rules")
    assert result.returncode == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert ids == ["FC101", "FC102", "FC201", "FC301", "FC401"]


def test_help_lists_every_command():
    result = factlint("--help")
    assert result.returncode == 0
    commands = result.stdout.split("Commands:")[1].splitlines()
    assert [line.split()[0] for line in commands if line.strip()] == [
        "check", "index", "merge", "figures", "rules", "rule"]


def test_rule_prints_three_part_docs():
    result = factlint("rule", "fc101")
    assert result.returncode == 0
    for heading in ("## What it does", "## Why it matters", "## Example"):
        assert heading in result.stdout


def test_unknown_rule_is_a_usage_error():
    result = factlint("rule", "FC999")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "unknown rule 'FC999'" in result.stderr


def test_figures_prints_json_lines(tmp_path):
    result = factlint("figures", "--lang", "en", "The army has 600,000 troops.", "No figure here.")
    assert result.returncode == 0
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert first[0]["kind"] == "count" and first[0]["value"] == 600000
    assert second == []


def test_figures_reads_stdin_and_resolves_year():
    result = factlint("figures", "--lang", "fr", "--date", "2025-11-22", "-", stdin="Le 21 novembre.\n")
    figure = json.loads(result.stdout)[0]
    assert figure["kind"] == "date" and figure["value"] == "2025-11-21" and figure["year_resolved"]


@pytest.mark.parametrize("args, problem", [
    (["check", "missing.md"], "missing.md: does not exist"),
    (["check"], "nothing to check"),
    (["check", "seeds/drafts", "--format", "pdf"], "Invalid value for '--format'"),
    (["figures", "--date", "21/11/2025", "x"], "Invalid value for '--date'"),
    (["chekc", "seeds/drafts"], "No such command 'chekc'"),
])
def test_usage_errors_exit_2_with_one_line(args, problem):
    result = factlint(*args)
    assert result.returncode == 2
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_utf8_names_the_file(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Le budget atteint 3 millions d'€ à Genève.".encode("cp1252"))
    result = factlint("check", str(bad))
    assert result.returncode == 2
    assert f"{bad}: is not valid UTF-8" in result.stderr and "iconv" in result.stderr


def test_broken_rule_file_names_the_file(tmp_path):
    (tmp_path / "FC999.yaml").write_text("id: FC999\nname: x\ncategory: conflict\nextends: nope\n"
                                        "severity: error\nmessage: m\ndocs: {what: a, why: b, example: c}\n")
    result = factlint("rules", "--rules", str(tmp_path))
    assert result.returncode == 2
    assert "FC999.yaml: unknown kind 'nope'" in result.stderr


@pytest.mark.model
class TestCheckOnSeeds:
    """The demo documents through every format and exit code."""

    def test_terminal_report_shows_each_category_and_fails_on_error(self):
        result = factlint("check", "seeds/drafts", "--sources", "seeds/sources")
        assert result.returncode == 1, result.stderr
        for rule in ("FC101", "FC102", "FC201", "FC301", "FC401"):
            assert rule in result.stdout
        assert "[[800,000 troops]]" in result.stdout and "[[600 000 personnes]]" in result.stdout

    def test_json_report_follows_the_contract(self, tmp_path):
        output = tmp_path / "out" / "report.json"
        result = factlint("check", "seeds/drafts", "--sources", "seeds/sources", "--format", "json",
                          "--output", str(output), "--fail-on", "never")
        assert result.returncode == 0, result.stderr
        report = json.loads(output.read_text())
        assert report["schema_version"] == 1 and report["tool"]["name"] == "factlint"
        assert {f["category"] for f in report["findings"]} == {"conflict", "unsupported", "internal", "stale"}
        finding = report["findings"][0]
        assert set(finding) == {"rule", "category", "severity", "message", "path", "line", "column",
                                "end_line", "end_column", "claim", "figure", "evidence"}
        keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in report["findings"]]
        assert keys == sorted(keys)

    def test_markdown_to_stdout(self):
        result = factlint("check", "seeds/drafts", "--sources", "seeds/sources", "--format", "markdown",
                          "--output", "-", "--fail-on", "never")
        assert result.returncode == 0
        assert result.stdout.startswith("# factlint report")
        assert "## Conflict" in result.stdout

    def test_default_report_lands_in_reports(self, tmp_path):
        (tmp_path / "draft.md").write_text("The plan caps the army at 800,000 troops.\n")
        result = factlint("check", "draft.md", "--format", "json", cwd=tmp_path)
        assert result.returncode == 0
        assert json.loads((tmp_path / "reports" / "factlint.json").read_text())["findings"] == []

    def test_fail_on_decides_the_exit_code(self, tmp_path):
        (tmp_path / "draft.md").write_text("Some 40,000 prisoners would be exchanged in the first month.\n")
        args = ("check", str(tmp_path / "draft.md"), "--sources", "seeds/sources/en-minerals-deal.md")
        assert factlint(*args).returncode == 0  # an unsupported figure is a warning
        assert factlint(*args, "--fail-on", "warning").returncode == 1

    def test_sources_checked_against_each_other(self):
        result = factlint("check", "--sources", "seeds/sources", "--format", "json", "--output", "-")
        report = json.loads(result.stdout)
        assert report["summary"]["mode"] == "peers"
        stale = [f for f in report["findings"] if f["rule"] == "FC401"]
        assert stale and stale[0]["path"].endswith("fr-plan-28-points.txt")


@pytest.mark.model
def test_index_then_reindex_embeds_nothing(tmp_path):
    cache = tmp_path / "cache"
    first = factlint("index", "seeds/sources", "--cache", str(cache))
    assert first.returncode == 0, first.stderr
    assert "4 read" in first.stderr and "0 sentences embedded" not in first.stderr
    second = factlint("index", "seeds/sources", "--cache", str(cache))
    assert "0 read, 12 claims, 0 sentences embedded" in second.stderr
    other_model = factlint("index", "seeds/sources", "--cache", str(cache), "--model", "all-MiniLM-L6-v2")
    assert other_model.returncode == 2 and "built with model 'use-multilingual'" in other_model.stderr
