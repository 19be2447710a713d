"""A draft figure that no related source states, for or against."""

from __future__ import annotations

from typing import Iterator

from checker.kinds.base import CheckContext, Kind
from checker.models import Finding


class UnsupportedFigure(Kind):
    """Only drafts checked against sources: a figure with no comparable figure in any source
    claim close enough to be about the same thing. Vague amounts are never reported."""

    name = "unsupported_figure"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        if context.mode != "sources":
            return
        for subject in context.subjects:
            for figure in self.figures(subject.claim):
                if not self.pairings(figure, subject.neighbours):
                    yield self.finding(subject.claim, figure, [])
