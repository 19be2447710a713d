"""A figure that another document states differently for the same fact."""

from __future__ import annotations

from typing import Iterator

from checker.compare import Relation
from checker.kinds.base import CheckContext, Kind
from checker.models import Finding


class FigureConflict(Kind):
    """Against sources, a draft figure conflicts when related source claims give comparable
    figures and none of them agrees. Between peers, every disagreement is shown once (on the
    document that sorts first); one between documents of different dates is an update, left
    to the stale-figure kind."""

    name = "figure_conflict"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for subject in context.subjects:
            claim = subject.claim
            for figure in self.figures(claim):
                pairings = self.pairings(figure, subject.neighbours)
                conflicts = [p for p in pairings if p.relation is Relation.CONFLICT]
                if context.mode == "sources":
                    if any(p.relation is Relation.CONSISTENT for p in pairings):
                        continue
                else:
                    conflicts = [p for p in conflicts if claim.path < p.claim.path
                                 and not (claim.doc_date and p.date and claim.doc_date != p.date)]
                if conflicts:
                    yield self.finding(claim, figure, conflicts)
