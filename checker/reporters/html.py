"""A self-contained HTML report: one file with its CSS and script inline, nothing loaded.

Each finding shows the claim and its evidence side by side with the figures marked, and the
findings can be filtered by category and severity. Every piece of document text goes through
Jinja's autoescaping, and a Content-Security-Policy allows only this report's own style and
script (by hash), so even text that slipped through could neither run nor load anything.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Sequence

from checker.models import Finding, Report, Severity
from checker.rulebook import RuleSpec
from checker.reporters.base import CATEGORIES, describe_value, summary_line

TEMPLATES = Path(__file__).parent / "templates"


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


if TYPE_CHECKING:
    import jinja2


@cache
def _page() -> tuple[jinja2.Template, str, str, str]:
    """The template, its style and script, and the policy that allows exactly those two."""
    import jinja2  # here, not at import: a check that writes no HTML does not pay for it

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return env.get_template("report.html.j2"), css, js, csp


class HtmlReporter:
    name: ClassVar[str] = "html"
    extension: ClassVar[str] = ".html"

    def render(self, report: Report, *, rules: Sequence[RuleSpec] = (), color: bool = False) -> str:
        template, css, js, csp = _page()
        documents: dict[str, list[Finding]] = {}
        for finding in report.findings:
            documents.setdefault(finding.path, []).append(finding)
        return template.render(
            report=report, documents=documents, rules={spec.id: spec for spec in rules},
            categories=CATEGORIES, severities=[s.value for s in Severity], summary_line=summary_line(report),
            describe_value=describe_value, css=css, js=js, csp=csp,
        )
