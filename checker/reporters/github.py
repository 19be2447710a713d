"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.

Printed to stdout by default (`factlint check ... --format github` in a workflow step). GitHub shows at
most 10 error and 10 warning annotations per step on the diff; the rest stay in the step's log.
"""

from __future__ import annotations

from typing import ClassVar, Sequence

from checker.models import Finding, Report
from checker.rulebook import RuleSpec
from checker.reporters.base import summary_line, unused_suppression_line

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message after `::`, as GitHub's runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property: `:` and `,` would end it early."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = {
        "file": finding.path.replace("\\", "/"),
        "line": finding.line, "col": finding.column,
        "endLine": finding.end_line, "endColumn": finding.end_column,
        "title": f"{finding.rule} {finding.category}",
    }
    message = finding.message
    if finding.evidence:
        places = dict.fromkeys(f"{e.path}:{e.line}" for e in finding.evidence)  # two figures of one line: once
        message += f" (evidence: {', '.join(places)})"
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{_COMMANDS[finding.severity.value]} {joined}::{escape_data(message)}"


class GithubReporter:
    name: ClassVar[str] = "github"
    extension: ClassVar[str] = ".github.txt"

    def render(self, report: Report, *, rules: Sequence[RuleSpec] = (), color: bool = False) -> str:
        # The summary is a plain line: the runner prints it in the log without annotating.
        unused = [f"::warning file={escape_property(u.path)},line={u.line},title=unused suppression::"
                  f"{escape_data(unused_suppression_line(u))}\n" for u in report.unused_suppressions]
        return "".join(annotation(f) + "\n" for f in report.findings) + "".join(unused) + summary_line(report) + "\n"
