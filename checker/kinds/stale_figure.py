"""A figure that agrees with an older source while a newer one has changed it."""

from __future__ import annotations

from typing import Iterator

from checker.compare import Relation
from checker.kinds.base import CheckContext, Kind
from checker.models import Finding


class StaleFigure(Kind):
    """The newest dated statement of the fact disagrees with the figure, and the figure's own
    support (agreeing sources, or between peers the figure's own document) is older."""

    name = "stale_figure"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        if context.mode is None:
            return
        for subject in context.subjects:
            claim = subject.claim
            for figure in self.figures(claim):
                pairings = self.pairings(figure, subject.neighbours)
                support = [p.date for p in pairings if p.relation is Relation.CONSISTENT and p.date]
                if context.mode == "peers" and claim.doc_date:
                    support.append(claim.doc_date)
                if not support:
                    continue
                newer = [p for p in pairings if p.relation is Relation.CONFLICT and p.date and p.date > max(support)]
                if newer:
                    newer.sort(key=lambda p: (p.date, p.relatedness), reverse=True)
                    yield self.finding(claim, figure, newer)
