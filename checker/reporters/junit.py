"""JUnit XML, the test-report format every CI system displays (GitLab, Jenkins, Azure, CircleCI).

One testcase per finding, so each shows up by name in the CI's test view: errors and warnings
fail, info findings pass with their details in system-out, and a report without findings is a
single passing testcase. `file` and `line` attributes let GitLab and CircleCI link to the draft.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import ClassVar, Sequence

from checker.models import Finding, Report, Severity
from checker.rulebook import RuleSpec
from checker.reporters.base import describe_value, evidence_note, plural, summary_line

# Characters XML 1.0 cannot carry, even escaped: ElementTree would write them and break the file.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _details(finding: Finding) -> str:
    lines = [f"{finding.severity.value} {finding.rule} [{finding.category}] at "
             f"{finding.path}:{finding.line}:{finding.column}",
             f"claim: {' '.join(finding.claim.split())}",
             f"figure: “{finding.figure.text}”, {describe_value(finding.figure)}"]
    for e in finding.evidence:
        lines += [f"evidence: {e.path}:{e.line}:{e.column} ({evidence_note(e)})",
                  f"  claim: {' '.join(e.claim.split())}",
                  f"  figure: “{e.figure.text}”, {describe_value(e.figure)}"]
    return _xml_safe("\n".join(lines))


def _testcase(suite: ET.Element, finding: Finding) -> None:
    case = ET.SubElement(suite, "testcase", {
        "classname": f"factlint.{finding.category}",
        "name": _xml_safe(f"{finding.path}:{finding.line}:{finding.column} {finding.rule} “{finding.figure.text}”"),
        "file": _xml_safe(finding.path), "line": str(finding.line),
    })
    if finding.severity is Severity.info:
        ET.SubElement(case, "system-out").text = _details(finding)
    else:
        failure = ET.SubElement(case, "failure", {"message": _xml_safe(finding.message), "type": finding.rule})
        failure.text = _details(finding)


class JunitReporter:
    name: ClassVar[str] = "junit"
    extension: ClassVar[str] = ".xml"

    def render(self, report: Report, *, rules: Sequence[RuleSpec] = (), color: bool = False) -> str:
        failures = sum(f.severity is not Severity.info for f in report.findings)
        tests = max(1, len(report.findings))
        counts = {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0"}
        root = ET.Element("testsuites", {"name": "factlint", **counts})
        suite = ET.SubElement(root, "testsuite", {"name": "factlint", **counts})
        properties = ET.SubElement(suite, "properties")
        for key, value in (("version", report.tool.version), ("summary", summary_line(report))):
            ET.SubElement(properties, "property", {"name": f"factlint.{key}", "value": value})
        for finding in report.findings:
            _testcase(suite, finding)
        if not report.findings:
            ET.SubElement(suite, "testcase", {
                "classname": "factlint", "name": f"no findings in {plural(report.summary.documents, 'document')}"})
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
