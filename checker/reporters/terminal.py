"""The terminal report: each finding with the draft sentence and the evidence beside it."""

from __future__ import annotations

import re
import textwrap
from typing import ClassVar, Sequence

import click

from checker.models import Figure, Finding, Report
from checker.rulebook import RuleSpec
from checker.reporters.base import describe_value, evidence_note, summary_line, unused_suppression_line

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
_WIDTH = 100
_KEEP_TOGETHER = "\u00a0"  # joins the words of a figure so wrapping never splits it


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _marked(sentence: str, figure: Figure, color: bool) -> str:
    """The sentence on one line with its figure picked out: bold when coloured, [[brackets]] when not."""
    inside = _flat(sentence[figure.start:figure.end]).replace(" ", _KEEP_TOGETHER)
    mark = click.style(inside, bold=True, underline=True) if color else f"[[{inside}]]"
    return _flat(sentence[:figure.start]).lstrip() + mark + _flat(sentence[figure.end:]).rstrip()


def _block(label: str, text: str) -> list[str]:
    lines = textwrap.wrap(text, _WIDTH - 12, break_long_words=False) or [""]
    lines = [line.replace(_KEEP_TOGETHER, " ") for line in lines]
    return [f"  {label:<9}│ {lines[0]}"] + [f"  {'':<9}│ {line}" for line in lines[1:]]


class TerminalReporter:
    name: ClassVar[str] = "terminal"
    extension: ClassVar[str] = ".txt"

    def _finding(self, finding: Finding, color: bool) -> list[str]:
        severity = finding.severity.value
        head = (f"{finding.path}:{finding.line}:{finding.column}: "
                f"{click.style(severity, fg=_SEVERITY_COLOURS[severity], bold=True) if color else severity} "
                f"{finding.rule} [{finding.category}] {finding.message}")
        lines = [head]
        lines += _block("claim", _marked(finding.claim, finding.figure, color))
        lines += _block("", f"figure: {describe_value(finding.figure)}")
        for evidence in finding.evidence:
            lines += _block("evidence", f"{evidence.path}:{evidence.line}:{evidence.column} "
                                        f"({evidence_note(evidence)})")
            lines += _block("", _marked(evidence.claim, evidence.figure, color))
            lines += _block("", f"figure: {describe_value(evidence.figure)}")
        return lines

    def render(self, report: Report, *, rules: Sequence[RuleSpec] = (), color: bool = False) -> str:
        out: list[str] = []
        for finding in report.findings:
            out += self._finding(finding, color) + [""]
        out += [unused_suppression_line(u) for u in report.unused_suppressions]
        out.append(summary_line(report))
        return "\n".join(out) + "\n"
