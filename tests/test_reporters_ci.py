"""CI formats (SARIF, GitHub annotations, JUnit XML, HTML) and the fingerprint that tracks findings."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from checker.fingerprint import fingerprint
from checker.models import Evidence, Figure, Finding, Report, Severity, Summary, Tool
from checker.reporters import REPORTERS
from checker.reporters.base import CATEGORIES
from checker.rulebook import load_rules
from conftest import REPO, SHARED_DATA

SARIF_SCHEMA = SHARED_DATA / "sarif" / "sarif-schema-2.1.0.json"
HOSTILE = ("Budget <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) "
           "of $2.5 billion\x00\x1b.")
HOSTILE_PATH = "<img src=x onerror=alert(1)>.md"


def _figure(text: str, sentence: str, **meaning) -> Figure:
    start = sentence.index(text)
    return Figure(text=text, start=start, end=start + len(text), **meaning)


def _finding(rule: str, category: str, severity: Severity, claim: str, figure: Figure, line: int, **fields) -> Finding:
    column = 1 + figure.start  # the claim starts its line
    return Finding(rule=rule, category=category, severity=severity, message=fields.pop("message", f"{rule} says so"),
                   path=fields.pop("path", "drafts/plan.md"), line=line, column=column, end_line=line,
                   end_column=column + len(figure.text), claim=claim, figure=figure, **fields)


TROOPS = "Ukraine's forces would be capped at 800,000 troops, the plan says."
SOURCE = "Selon le document, les effectifs\nsont réduits à 600 000 personnes."
FUND = "The fund would total $2.3 billion."
CALL = "The call lasted about two hours."


def _findings() -> list[Finding]:
    troops = _figure("800,000 troops", TROOPS, kind="count", value=800000.0, unit="troops", unit_group="personnel")
    evidence = Evidence(path="sources\\fr-plan.txt", line=8, column=16, claim=SOURCE, similarity=0.71, relatedness=0.71,
                        figure=_figure("600 000 personnes", SOURCE, kind="count", value=600000.0,
                                       unit="personnes", unit_group="personnel"))
    hostile = _figure("$2.5 billion", HOSTILE, kind="money", value=2.5e9, currency="USD", currency_assumed=True)
    return [
        _finding("FC101", "conflict", Severity.error, TROOPS, troops, 3, evidence=(evidence,),
                 message="“800,000 troops” conflicts with “600 000 personnes” in sources/fr-plan.txt:8"),
        _finding("FC201", "unsupported", Severity.warning, FUND,
                 _figure("$2.3 billion", FUND, kind="money", value=2.3e9, currency="USD"), 5,
                 message="no source backs “$2.3 billion”, 100% sure:\nreally"),
        _finding("FC401", "stale", Severity.info, CALL,
                 _figure("about two hours", CALL, kind="duration", value=7200.0, hedge="about"), 7),
        _finding("FC301", "internal", Severity.error, HOSTILE, hostile, 9, message=f"hostile {HOSTILE}",
                 evidence=(Evidence(path=HOSTILE_PATH, line=5, column=22, claim=HOSTILE, similarity=0.8, relatedness=0.8,
                                    figure=hostile),)),
    ]


def _report(findings: list[Finding] | None = None) -> Report:
    findings = _findings() if findings is None else findings
    return Report(tool=Tool(version="0.1.0"), findings=findings, summary=Summary(
        mode="sources", model="m", documents=2, claims=4, figures=5, findings=len(findings),
        by_category={c: sum(f.category == c for f in findings) for c in CATEGORIES},
        by_severity={s.value: sum(f.severity is s for f in findings) for s in Severity}))


@pytest.fixture(scope="module")
def rules():
    return [rule.spec for rule in load_rules()]


def test_new_formats_are_registered_with_their_extensions():
    assert {name: REPORTERS[name].extension for name in ("sarif", "github", "junit", "html")} == {
        "sarif": ".sarif", "github": ".github.txt", "junit": ".xml", "html": ".html"}


# Fingerprint

def test_fingerprint_survives_line_shifts_and_reflowed_text():
    finding = _findings()[0]
    moved = finding.model_copy(update={
        "line": finding.line + 12, "column": finding.column + 4, "end_line": finding.end_line + 12,
        "end_column": finding.end_column + 4, "claim": "  " + finding.claim.replace(" ", "\n  ").upper(),
        "evidence": tuple(e.model_copy(update={"line": e.line + 3, "similarity": 0.5}) for e in finding.evidence)})
    assert fingerprint(moved) == fingerprint(finding)
    assert re.fullmatch(r"[0-9a-f]{32}", fingerprint(finding))


def test_fingerprint_changes_when_the_finding_does():
    finding = _findings()[0]
    evidence = finding.evidence[0]
    changed = [
        finding.model_copy(update={"figure": finding.figure.model_copy(update={"value": 900000.0})}),
        finding.model_copy(update={"figure": finding.figure.model_copy(update={"unit_group": "people"})}),
        finding.model_copy(update={"evidence": (evidence.model_copy(update={
            "figure": evidence.figure.model_copy(update={"value": 500000.0})}),)}),
        finding.model_copy(update={"claim": finding.claim.replace("plan", "draft")}),
        finding.model_copy(update={"rule": "FC102"}),
    ]
    prints = {fingerprint(f) for f in changed} | {fingerprint(finding)}
    assert len(prints) == len(changed) + 1


# SARIF

@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}: the shared data folder is absent")
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is missing: pip install -e '.[dev]'")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)

    def validate(sarif: dict) -> dict:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(sarif)]
        assert errors == []
        return sarif
    return validate


def _sarif(report: Report, rules=()) -> dict:
    return json.loads(REPORTERS["sarif"]().render(report, rules=rules))


@pytest.mark.parametrize("with_rules", [True, False])
@pytest.mark.parametrize("findings", [None, []], ids=["findings", "empty"])
def test_sarif_is_valid_against_the_official_schema(sarif_validator, rules, with_rules, findings):
    sarif_validator(_sarif(_report(findings), rules if with_rules else ()))


def test_sarif_describes_every_rule_that_ran(rules):
    driver = _sarif(_report(), rules)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "factlint" and driver["version"] == "0.1.0"
    assert [r["id"] for r in driver["rules"]] == [spec.id for spec in rules]
    fc101 = driver["rules"][0]
    assert fc101["name"] == "figure-conflict"
    assert fc101["shortDescription"]["text"].startswith("Flags a count") and \
        fc101["shortDescription"]["text"].endswith("newer source has changed is FC401's).")
    assert fc101["fullDescription"]["text"].startswith(fc101["shortDescription"]["text"] + " A source sentence")
    for part in ("**What it does**", "**Why it matters**", "**Example**", "```text\nDraft:"):
        assert part in fc101["help"]["markdown"]
    assert "Why it matters: " in fc101["help"]["text"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels == {spec.id: {"error": "error", "warning": "warning", "info": "note"}[spec.severity.value]
                      for spec in rules}


def test_sarif_results_locate_the_figure_and_its_evidence(rules):
    run = _sarif(_report(), rules)["runs"][0]
    conflict, unsupported, stale, _ = run["results"]
    assert run["tool"]["driver"]["rules"][conflict["ruleIndex"]]["id"] == conflict["ruleId"] == "FC101"
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note", "error"]
    location = conflict["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "drafts/plan.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 37, "endLine": 3, "endColumn": 51,
                                  "snippet": {"text": "800,000 troops"}}
    assert location["contextRegion"]["snippet"]["text"] == TROOPS
    assert location["contextRegion"]["startColumn"] == 1
    related = conflict["relatedLocations"][0]
    assert related["id"] == 1
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "sources/fr-plan.txt"
    assert related["physicalLocation"]["region"]["snippet"]["text"] == "600 000 personnes"
    assert related["physicalLocation"]["contextRegion"]["startLine"] == 7  # the sentence began a line earlier
    assert "“600 000 personnes”" in related["message"]["text"] and "similarity 0.71" in related["message"]["text"]
    assert conflict["partialFingerprints"] == {"factlint/v1": fingerprint(_findings()[0])}
    assert conflict["properties"]["category"] == "conflict"
    assert conflict["properties"]["figure"]["value"] == 800000.0
    assert "relatedLocations" not in unsupported


def test_sarif_absolute_and_spaced_paths_are_uris():
    finding = _findings()[1]
    absolute = finding.model_copy(update={"path": "/home/ed/my drafts/plan.md"})
    windows = finding.model_copy(update={"path": "C:\\drafts\\plan.md"})
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]
            for r in _sarif(_report([absolute, windows]))["runs"][0]["results"]]
    assert uris == [{"uri": "file:///home/ed/my%20drafts/plan.md"}, {"uri": "file:///C:/drafts/plan.md"}]


def factlint_seeds(output_format: str) -> str:
    result = subprocess.run([sys.executable, "-m", "checker", "check", "seeds/drafts", "--sources", "seeds/sources",
                             "--format", output_format, "--output", "-"],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr  # the seeds hold errors
    return result.stdout


@pytest.mark.model
def test_sarif_of_the_seeds_is_valid_and_complete(sarif_validator):
    run = sarif_validator(json.loads(factlint_seeds("sarif")))["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rule_ids == ["FC101", "FC102", "FC201", "FC301", "FC401"]
    results = run["results"]
    assert len(results) == run["properties"]["summary"]["findings"] > 0
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    assert len({r["partialFingerprints"]["factlint/v1"] for r in results}) == len(results)
    assert all(r["relatedLocations"] for r in results if r["properties"]["category"] != "unsupported")


# GitHub annotations

def test_github_writes_one_annotation_per_finding():
    lines = REPORTERS["github"]().render(_report()).splitlines()
    assert lines[0] == ("::error file=drafts/plan.md,line=3,col=37,endLine=3,endColumn=51,title=FC101 conflict::"
                        "“800,000 troops” conflicts with “600 000 personnes” in sources/fr-plan.txt:8 "
                        "(evidence: sources\\fr-plan.txt:8)")
    assert [line.split(" ", 1)[0] for line in lines[:4]] == ["::error", "::warning", "::notice", "::error"]
    assert lines[4].startswith("4 findings") and len(lines) == 5


def test_github_escapes_properties_and_message():
    unsupported = _findings()[1].model_copy(update={"path": "a,b:c%d.md"})
    line = REPORTERS["github"]().render(_report([unsupported])).splitlines()[0]
    assert line.startswith("::warning file=a%2Cb%3Ac%25d.md,line=5,")
    assert line.endswith("::no source backs “$2.3 billion”, 100%25 sure:%0Areally")
    hostile = REPORTERS["github"]().render(_report([_findings()[3]])).splitlines()[0]
    assert "\n" not in hostile and f"(evidence: {HOSTILE_PATH}:5)" in hostile


# JUnit XML

def test_junit_fails_a_testcase_per_error_or_warning():
    root = ET.fromstring(REPORTERS["junit"]().render(_report()))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "3", "0")
    cases = suite.findall("testcase")
    assert [c.find("failure") is not None for c in cases] == [True, True, False, True]
    conflict = cases[0]
    assert conflict.get("classname") == "factlint.conflict" and conflict.get("file") == "drafts/plan.md"
    assert conflict.get("line") == "3" and "FC101" in conflict.get("name")
    failure = conflict.find("failure")
    assert failure.get("type") == "FC101" and failure.get("message").startswith("“800,000 troops” conflicts")
    assert "evidence: sources\\fr-plan.txt:8:16 (similarity 0.71)" in failure.text
    assert "about two hours" in cases[2].find("system-out").text  # info: passes, details kept
    assert "<script>" in cases[3].find("failure").get("message")  # escaped in the file, intact once parsed


def test_junit_without_findings_is_one_passing_testcase():
    suite = ET.fromstring(REPORTERS["junit"]().render(_report([]))).find("testsuite")
    (case,) = suite.findall("testcase")
    assert suite.get("failures") == "0" and list(case) == [] and case.get("name") == "no findings in 2 documents"


# HTML

class _Page(HTMLParser):
    """The tags, attributes and inline code of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.code: dict[str, list[str]] = {"script": [], "style": []}
        self._inside: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._inside = tag if tag in self.code else None

    def handle_endtag(self, tag):
        self._inside = None

    def handle_data(self, data):
        if self._inside:
            self.code[self._inside].append(data)


def _html(report: Report | None = None, rules=()) -> str:
    return REPORTERS["html"]().render(report or _report(), rules=rules)


def test_html_keeps_hostile_text_inert():
    html = _html()
    for attack in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", 'href="javascript:'):
        assert attack not in html
    page = _Page(html)
    assert [tag for tag, _ in page.tags if tag in ("script", "img", "iframe", "object")] == ["script"]
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not dropped


def test_html_is_self_contained_under_a_strict_policy():
    html = _html()
    page = _Page(html)
    (policy,) = [attrs["content"] for tag, attrs in page.tags
                 if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    assert policy.startswith("default-src 'none';") and "connect-src" not in policy
    for kind in ("script", "style"):
        (code,) = page.code[kind]
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in policy
    links = [a.get("href") or a.get("src") for _, a in page.tags if "href" in a or "src" in a]
    assert links and all(link.startswith(("#", "data:")) for link in links)
    assert "url(" not in page.code["style"][0] and "@import" not in page.code["style"][0]


def test_html_sets_claims_beside_evidence_with_figures_marked(rules):
    html = _html(rules=rules)
    assert "capped at <mark>800,000 troops</mark>, the plan" in html
    assert "réduits à <mark>600 000 personnes</mark>." in html
    assert "sources\\fr-plan.txt:8:16" in html and "drafts/plan.md:3:37" in html
    assert html.count('<article class="finding') == 4
    filters = re.findall(r'data-filter="(\w+)" value="(\w+)"', html)
    assert filters == [("category", c) for c in CATEGORIES] + \
        [("severity", s) for s in ("error", "warning", "info")]
    assert 'href="#rule-FC101"' in html and 'id="rule-FC101"' in html
    assert '<span class="n">1</span>conflict' in html


def test_html_without_findings_says_so():
    html = _html(_report([]))
    assert "No findings: 5 figures in 4 claims of 2 documents checked." in html
    assert "<nav" not in html and "<script" not in html  # no findings, nothing to filter
