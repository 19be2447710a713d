"""The Markdown report, for pull requests and editors. Document text is escaped so a hostile
source cannot inject links, images or HTML into the rendered page."""

from __future__ import annotations

import re
from typing import ClassVar, Sequence

from checker.models import Figure, Finding, Report
from checker.rulebook import RuleSpec
from checker.reporters.base import CATEGORIES, describe_value, summary_line

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def escape(text: str) -> str:
    """Text that renders as itself in Markdown (and inert in the HTML it becomes)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _marked(sentence: str, figure: Figure) -> str:
    return (escape(sentence[:figure.start]) + "**" + escape(sentence[figure.start:figure.end]) + "**"
            + escape(sentence[figure.end:]))


class MarkdownReporter:
    name: ClassVar[str] = "markdown"
    extension: ClassVar[str] = ".md"

    def _finding(self, finding: Finding) -> list[str]:
        lines = [
            f"### {finding.severity.value} {finding.rule} · {finding.category} · "
            f"`{finding.path}:{finding.line}:{finding.column}`",
            "",
            escape(finding.message),
            "",
            f"> {_marked(finding.claim, finding.figure)}",
            ">",
            f"> figure: {escape(describe_value(finding.figure))}",
            "",
        ]
        if finding.evidence:
            lines += ["| evidence | claim | figure | similarity |", "|---|---|---|---|"]
            for e in finding.evidence:
                where = f"`{e.path}:{e.line}:{e.column}`" + (f" ({e.date.isoformat()})" if e.date else "")
                lines.append(f"| {where} | {_marked(e.claim, e.figure)} | "
                             f"{escape(describe_value(e.figure))} | {e.similarity:.2f} |")
            lines.append("")
        return lines

    def render(self, report: Report, *, rules: Sequence[RuleSpec] = (), color: bool = False) -> str:
        s = report.summary
        lines = ["# factlint report", "", escape(summary_line(report)), "",
                 "| category | findings |", "|---|---|"]
        lines += [f"| {c} | {s.by_category.get(c, 0)} |" for c in CATEGORIES]
        lines.append("")
        for category in CATEGORIES:
            found = [f for f in report.findings if f.category == category]
            if found:
                lines += [f"## {category.capitalize()} ({len(found)})", ""]
                for finding in found:
                    lines += self._finding(finding)
        return "\n".join(lines) + "\n"
