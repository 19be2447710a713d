"""The pre-commit hook definition, run by the real pre-commit tool against a temporary repository.

Slow (pre-commit installs factlint into an environment of its own, a couple of minutes), so it
is marked like the other tests that load the real model; CI runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


@pytest.mark.model
def test_hook_fails_a_commit_whose_draft_contradicts_the_sources(tmp_path):
    pre_commit = Path(sys.executable).with_name("pre-commit")
    if not pre_commit.exists() or not (REPO / ".git").exists():
        pytest.skip("needs the pre-commit tool (pip install -e '.[dev]') and a git checkout of factlint")
    project = tmp_path / "newsroom"
    (project / "wire").mkdir(parents=True)
    (project / "factlint.toml").write_text('sources = ["wire"]\n')
    (project / "wire" / "agency.md").write_text("The plan caps the army at 600,000 troops.\n")
    (project / "draft.md").write_text("The plan caps the army at 800,000 troops.\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "FACTLINT_CACHE": str(tmp_path / "c")}
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "."], cwd=project, check=True)

    def run_hook(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(pre_commit), "try-repo", str(REPO), "factlint", "--files", *files],
                              cwd=project, env=env, capture_output=True, text=True, timeout=900)

    failing = run_hook("draft.md")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "FC101" in failing.stdout and "“800,000 troops” conflicts with “600,000 troops”" in failing.stdout
    (project / "draft.md").write_text("The plan caps the army at 600 000 soldiers.\n")
    passing = run_hook("draft.md")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    shutil.rmtree(tmp_path / "pre-commit-home", ignore_errors=True)
