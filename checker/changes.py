"""`--diff REF`: the lines of each document changed since a git revision (working tree included)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Sequence

from checker.errors import FactlintError
from checker.models import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: Path) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise FactlintError("--diff needs git, which is not installed") from None
    if result.returncode != 0:
        problem = (result.stderr.strip().splitlines() or ["git failed"])[-1]
        raise FactlintError(f"--diff: git {args[0]} failed ({problem})")
    return result.stdout


def changed_lines(ref: str, files: Sequence[tuple[str, Path]]) -> dict[str, set[int] | None]:
    """For each (path for reports, path on disk): the 1-based lines changed since `ref`, or None
    when the whole file is new to git."""
    if not files:
        return {}
    root = Path(_git(["rev-parse", "--show-toplevel"], Path.cwd()).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    relative = {}
    for display, path in files:
        try:
            relative[path.resolve().relative_to(root.resolve()).as_posix()] = display
        except ValueError:
            raise FactlintError(f"{display}: is outside the git repository {root}; --diff "
                                "checks only files in it") from None
    changed: dict[str, set[int] | None] = {display: set() for display in relative.values()}
    untracked = _git(["ls-files", "--others", "--exclude-standard", "--", *relative], root).splitlines()
    for name in untracked:
        changed[relative[name]] = None
    current = None
    for line in _git(["diff", "--no-color", "--no-ext-diff", "--unified=0", ref, "--", *relative], root).splitlines():
        if line.startswith("+++ "):
            name = line[4:].removeprefix("b/")
            current = relative.get(name)
        elif current is not None and (hunk := _HUNK.match(line)) and changed[current] is not None:
            start, count = int(hunk.group(1)), int(hunk.group(2) or 1)
            changed[current].update(range(start, start + count))
    return changed


def on_changed_lines(findings: Sequence[Finding], changed: dict[str, set[int] | None]) -> list[Finding]:
    """The findings whose figure touches a changed line (all of a new file's)."""
    def touched(finding: Finding) -> bool:
        lines = changed.get(finding.path, set())
        return lines is None or any(n in lines for n in range(finding.line, finding.end_line + 1))

    return [f for f in findings if touched(f)]
