"""The JSON report: the public, versioned interface (docs/report-schema.md)."""

from __future__ import annotations

from typing import ClassVar, Sequence

from checker.models import Report
from checker.rulebook import RuleSpec


class JsonReporter:
    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"

    def render(self, report: Report, *, rules: Sequence[RuleSpec] = (), color: bool = False) -> str:
        return report.model_dump_json(indent=2) + "\n"
