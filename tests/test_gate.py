"""The pre-publication gate: inline suppressions, baselines and --diff, as a CI user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from checker.suppress import parse_suppressions
from conftest import REPO

DRAFT = """# Fund

The reconstruction fund totals $2.3 billion.

In its first year the reconstruction fund totals $2.5 billion.
"""


def _check(folder, *args):
    env = {**os.environ, "PYTHONPATH": str(REPO), "FACTLINT_CACHE": str(folder / ".cache")}
    result = subprocess.run([sys.executable, "-m", "checker", "check", "draft.md", "--select", "FC301",
                             "--format", "json", "--output", "-", *args],
                            cwd=folder, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_directives_are_parsed_with_rules_reasons_and_ranges():
    text = ("a\n<!-- factlint-disable-next-line FC201, fc101 -- minister's own figure -->\nb\n"
            "<!-- factlint-disable FC3 -->\nc\nd\n<!-- factlint-enable FC3 -->\n<!-- factlint-disable -->\ne\n")
    next_line, block, everything = parse_suppressions("x.md", text)
    assert (next_line.line, next_line.first, next_line.last) == (2, 3, 3)
    assert next_line.rules == ("FC201", "FC101") and next_line.reason == "minister's own figure"
    assert (block.first, block.last, block.rules) == (4, 7, ("FC3",))
    assert (everything.first, everything.last, everything.rules) == (8, float("inf"), ())


@pytest.mark.model
class TestGate:
    def test_suppression_hides_a_finding_and_unused_one_is_reported(self, tmp_path):
        (tmp_path / "draft.md").write_text(DRAFT)
        code, report = _check(tmp_path)
        assert code == 1 and [f["line"] for f in report["findings"]] == [5]
        suppressed = DRAFT.replace("In its first", "<!-- factlint-disable-next-line FC301 -- checked with the desk -->\nIn its first")
        (tmp_path / "draft.md").write_text(suppressed + "<!-- factlint-disable-next-line FC101 -->\nThe end.\n")
        code, report = _check(tmp_path)
        assert report["findings"] == [] and report["summary"]["suppressed"] == 1
        assert report["unused_suppressions"] == [{"path": "draft.md", "line": 7, "rules": ["FC101"], "reason": None}]
        assert code == 0  # an unused suppression is a warning...
        assert _check(tmp_path, "--fail-on", "warning")[0] == 1  # ...which --fail-on warning counts

    def test_baseline_reports_only_new_findings_and_survives_line_shifts(self, tmp_path):
        (tmp_path / "draft.md").write_text(DRAFT)
        baseline = tmp_path / "baseline.json"
        code, report = _check(tmp_path, "--write-baseline", str(baseline))
        assert len(report["findings"]) == 1 and baseline.is_file()
        shifted = DRAFT.replace("# Fund\n", "# Fund\n\nA new opening paragraph.\n")
        (tmp_path / "draft.md").write_text(shifted + "\nThe reconstruction fund totals $2.7 billion in total.\n")
        code, report = _check(tmp_path, "--baseline", str(baseline))
        assert report["summary"]["baselined"] == 1
        assert [f["figure"]["text"] for f in report["findings"]] == ["$2.7 billion"]

    def test_broken_baseline_is_a_usage_error(self, tmp_path):
        (tmp_path / "draft.md").write_text(DRAFT)
        (tmp_path / "baseline.json").write_text("{not json")
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        result = subprocess.run([sys.executable, "-m", "checker", "check", "draft.md", "--no-cache",
                                 "--baseline", "baseline.json"], cwd=tmp_path, capture_output=True, text=True, env=env)
        assert result.returncode == 2 and "baseline.json: is not a factlint baseline" in result.stderr

    def test_diff_reports_only_changed_lines(self, tmp_path):
        def git(*args):
            subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True,
                           env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})

        git("init", "-q")
        (tmp_path / "draft.md").write_text(DRAFT)
        git("add", "draft.md")
        git("commit", "-qm", "draft")
        assert _check(tmp_path, "--diff", "HEAD")[1]["findings"] == []  # nothing changed since HEAD
        (tmp_path / "draft.md").write_text(DRAFT + "\nThe reconstruction fund totals $2.9 billion, officials said.\n")
        code, report = _check(tmp_path, "--diff", "HEAD")
        assert [f["line"] for f in report["findings"]] == [7] and report["summary"]["outside_diff"] == 1
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        bad = subprocess.run([sys.executable, "-m", "checker", "check", "draft.md", "--no-cache", "--diff", "nope"],
                             cwd=tmp_path, capture_output=True, text=True, env=env)
        assert bad.returncode == 2 and "--diff: git rev-parse failed" in bad.stderr
