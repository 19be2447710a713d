"""Inline suppressions: a writer's considered decision, recorded next to the text.

    <!-- factlint-disable-next-line FC201 -- figure from the minister's own statement -->
    <!-- factlint-disable FC101 FC102 -- quoting the 2019 report as it stood -->
    ...
    <!-- factlint-enable FC101 FC102 -->

Rules are named by id or id prefix; none names every rule. A suppression that suppresses
nothing is reported, so stale ones do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from checker.models import Finding, UnusedSuppression

_DIRECTIVE = re.compile(
    r"<!--\s*factlint-(?P<action>disable-next-line|disable|enable)\b(?P<rules>[^>]*?)"
    r"(?:\s--(?!>)\s*(?P<reason>.*?))?\s*-->", re.S)


@dataclass
class Suppression:
    path: str
    line: int  # where the comment is
    first: int  # the lines it covers, inclusive
    last: float
    rules: tuple[str, ...]
    reason: str | None
    used: bool = field(default=False)

    def covers(self, finding: Finding) -> bool:
        return (finding.path == self.path and self.first <= finding.line <= self.last
                and (not self.rules or any(finding.rule.startswith(r) for r in self.rules)))


def parse_suppressions(path: str, text: str) -> list[Suppression]:
    """The suppressions written in one document. A `disable` without its `enable` runs to the
    end of the file."""
    found: list[Suppression] = []
    open_blocks: list[Suppression] = []
    for match in _DIRECTIVE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        end_line = text.count("\n", 0, match.end()) + 1
        rules = tuple(r.upper() for r in match.group("rules").replace(",", " ").split())
        reason = (match.group("reason") or "").strip() or None
        action = match.group("action")
        if action == "disable-next-line":
            found.append(Suppression(path, line, end_line + 1, end_line + 1, rules, reason))
        elif action == "disable":
            block = Suppression(path, line, end_line, float("inf"), rules, reason)
            found.append(block)
            open_blocks.append(block)
        else:
            for block in [b for b in open_blocks if not rules or set(b.rules) & set(rules) or not b.rules]:
                block.last = line
                open_blocks.remove(block)
    return found


def read_suppressions(files: Iterable[tuple[str, Path]]) -> list[Suppression]:
    """Suppressions of the Markdown files among `files` ((path for reports, path on disk))."""
    suppressions = []
    for display, path in files:
        if path.suffix.lower() in (".md", ".markdown"):
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            if "factlint-" in text:
                suppressions += parse_suppressions(display, text)
    return suppressions


def apply_suppressions(findings: Sequence[Finding], suppressions: Sequence[Suppression]
                       ) -> tuple[list[Finding], int, list[UnusedSuppression]]:
    """The findings no suppression covers, how many were suppressed, and the unused suppressions."""
    kept, suppressed = [], 0
    for finding in findings:
        covering = [s for s in suppressions if s.covers(finding)]
        for suppression in covering:
            suppression.used = True
        if covering:
            suppressed += 1
        else:
            kept.append(finding)
    unused = [UnusedSuppression(path=s.path, line=s.line, rules=list(s.rules), reason=s.reason)
              for s in suppressions if not s.used]
    return kept, suppressed, unused
