"""The interface of a reporter and the wording shared by the human-readable ones."""

from __future__ import annotations

from typing import ClassVar, Protocol, Sequence

from checker.models import Evidence, Figure, Report, UnusedSuppression
from checker.rulebook import RuleSpec

CATEGORIES = ("conflict", "stale", "internal", "unsupported")


class Reporter(Protocol):
    """Turns a whole report into the text of one format. Pure: no I/O; `rules` are the rules
    that ran (for formats that describe them, like SARIF); `color` asks for terminal colours."""

    name: ClassVar[str]
    extension: ClassVar[str]

    def render(self, report: Report, *, rules: Sequence[RuleSpec] = (), color: bool = False) -> str: ...


def _number(value: float) -> str:
    for scale, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:,.6g} {name}"
    return f"{int(value):,}" if value == int(value) else f"{value:,.6g}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _duration(seconds: float) -> str:
    for size, name in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{seconds / size:g} {name}"
    return f"{seconds:g} s"


def describe_value(figure: Figure) -> str:
    """The figure's normalised meaning, e.g. "count 600,000 (personnel)" or "money 1e+11 USD"."""
    value = figure.value
    if isinstance(value, list):
        shown = " to ".join(str(v) if isinstance(v, str) else _number(v) for v in value)
    elif isinstance(value, (int, float)):
        shown = _duration(value) if figure.kind == "duration" else _number(value)
    else:
        shown = str(value) if value is not None else "?"
    if figure.kind == "percent":
        shown += "%"
    extras = []
    if figure.currency:
        extras.append(figure.currency + (" (assumed)" if figure.currency_assumed else ""))
    if figure.unit_group or figure.unit:
        extras.append(figure.unit_group or figure.unit)
    if figure.hedge:
        extras.append(figure.hedge.replace("_", " "))
    return f"{figure.kind} {shown}" + (f" [{', '.join(extras)}]" if extras else "")


def evidence_note(evidence: Evidence) -> str:
    """How close the evidence is and when it was published: "similarity 0.66, 2025-11-24"."""
    return f"similarity {evidence.similarity:.2f}" + (f", {evidence.date.isoformat()}" if evidence.date else "")


def summary_line(report: Report) -> str:
    s = report.summary
    if not s.findings:
        line = (f"No findings: {plural(s.figures, 'figure')} in {plural(s.claims, 'claim')} "
                f"of {plural(s.documents, 'document')} checked.")
    else:
        severities = ", ".join(plural(n, k) for k, n in s.by_severity.items() if n)
        categories = ", ".join(f"{k} {s.by_category.get(k, 0)}" for k in CATEGORIES)
        line = (f"{plural(s.findings, 'finding')} ({severities}) in {plural(s.documents, 'document')}, "
                f"{plural(s.figures, 'figure')} checked: {categories}.")
    hidden = [f"{n} {why}" for n, why in ((s.suppressed, "suppressed inline"), (s.baselined, "in the baseline"),
                                          (s.outside_diff, "outside the diff")) if n]
    if hidden:
        line += f" Not shown: {', '.join(hidden)}."
    if report.unused_suppressions:
        line += f" {plural(len(report.unused_suppressions), 'unused suppression').capitalize()}."
    return line


def unused_suppression_line(unused: UnusedSuppression) -> str:
    named = " ".join(unused.rules) or "all rules"
    return f"{unused.path}:{unused.line}: warning: this suppression ({named}) suppresses nothing; remove it"
