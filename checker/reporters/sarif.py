"""SARIF 2.1.0, the format code-scanning tools read (GitHub code scanning, VS Code, GitLab).

Each finding is a result at its figure, with the claim as context, every evidence item as a
related location, and a fingerprint that survives line shifts so alerts are tracked across runs.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import ClassVar, Sequence
from urllib.parse import quote

from checker.fingerprint import fingerprint
from checker.models import Evidence, Figure, Finding, Report
from checker.rulebook import RuleSpec
from checker.reporters.base import describe_value, evidence_note

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _artifact_location(path: str) -> dict:
    """A relative path stays relative to the checkout (%SRCROOT%, where CI uploads resolve it);
    an absolute one becomes a file: URI. Separators are forward slashes on every platform."""
    posix = path.replace("\\", "/")
    if posix.startswith("/") or re.match(r"^[A-Za-z]:/", posix):
        return {"uri": "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:")}
    return {"uri": quote(str(PurePosixPath(posix)), safe="/"), "uriBaseId": "%SRCROOT%"}


def _end(line: int, column: int, text: str) -> tuple[int, int]:
    """Line and column just after `text` when it starts at (line, column)."""
    breaks = text.count("\n")
    return (line + breaks, len(text) - text.rfind("\n")) if breaks else (line, column + len(text))


def _context_region(line: int, column: int, claim: str, figure: Figure) -> dict:
    """The whole claim sentence around a figure at (line, column): what a viewer shows as context."""
    before = claim[:figure.start]
    start_line = line - before.count("\n")
    region = {"startLine": start_line}
    # The sentence's first column is only known when it starts on the figure's line.
    if "\n" not in before and column > len(before):
        region["startColumn"] = column - len(before)
    return region | {"endLine": start_line + claim.count("\n"), "snippet": {"text": claim}}


def _help(spec: RuleSpec) -> dict:
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", spec.docs.example)), default=0))
    example = spec.docs.example.rstrip()
    return {
        "text": f"What it does: {_flat(spec.docs.what)}\n\nWhy it matters: {_flat(spec.docs.why)}\n\n"
                f"Example:\n{example}",
        "markdown": f"**What it does**\n\n{_flat(spec.docs.what)}\n\n**Why it matters**\n\n{_flat(spec.docs.why)}"
                    f"\n\n**Example**\n\n{fence}text\n{example}\n{fence}",
    }


def _rule(spec: RuleSpec) -> dict:
    what = _flat(spec.docs.what)
    return {
        "id": spec.id,
        "name": spec.name,
        "shortDescription": {"text": _SENTENCE_END.split(what, maxsplit=1)[0]},
        "fullDescription": {"text": what},
        "help": _help(spec),
        "defaultConfiguration": {"level": _LEVELS[spec.severity.value]},
        "properties": {"category": spec.category, "kind": spec.kind, "tags": ["fact-check", spec.category]},
    }


def _related(index: int, evidence: Evidence) -> dict:
    end_line, end_column = _end(evidence.line, evidence.column, evidence.figure.text)
    return {
        "id": index,
        "physicalLocation": {
            "artifactLocation": _artifact_location(evidence.path),
            "region": {"startLine": evidence.line, "startColumn": evidence.column, "endLine": end_line,
                       "endColumn": end_column, "snippet": {"text": evidence.figure.text}},
            "contextRegion": _context_region(evidence.line, evidence.column, evidence.claim, evidence.figure),
        },
        "message": {"text": f"evidence: “{evidence.figure.text}” ({describe_value(evidence.figure)}), "
                            f"{evidence_note(evidence)}"},
    }


def _result(finding: Finding, rule_index: dict[str, int]) -> dict:
    result = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    result |= {
        "level": _LEVELS[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact_location(finding.path),
            "region": {"startLine": finding.line, "startColumn": finding.column, "endLine": finding.end_line,
                       "endColumn": finding.end_column, "snippet": {"text": finding.figure.text}},
            "contextRegion": _context_region(finding.line, finding.column, finding.claim, finding.figure),
        }}],
        "partialFingerprints": {"factlint/v1": fingerprint(finding)},
        "properties": {"category": finding.category, "figure": finding.figure.model_dump(mode="json")},
    }
    if finding.evidence:
        result["relatedLocations"] = [_related(i, e) for i, e in enumerate(finding.evidence, start=1)]
    return result


class SarifReporter:
    name: ClassVar[str] = "sarif"
    extension: ClassVar[str] = ".sarif"

    def render(self, report: Report, *, rules: Sequence[RuleSpec] = (), color: bool = False) -> str:
        rule_index = {spec.id: i for i, spec in enumerate(rules)}
        run = {
            "tool": {"driver": {"name": report.tool.name, "version": report.tool.version,
                                "semanticVersion": report.tool.version, "rules": [_rule(s) for s in rules]}},
            # Columns count characters (docs/report-schema.md), not UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, rule_index) for f in report.findings],
            "properties": {"summary": report.summary.model_dump(mode="json")},
        }
        sarif = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
