"""A document that gives two different figures for the same fact."""

from __future__ import annotations

from typing import Iterator

from checker.compare import Relation
from checker.kinds.base import CheckContext, Kind
from checker.models import Finding


class InternalConflict(Kind):
    """Each claim against the earlier, closely similar claims of its own document: a figure
    conflicts when such a claim gives a comparable figure that cannot be true with it and
    no comparable figure of that claim agrees with it."""

    name = "internal_conflict"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for subject in context.internal:
            claim = subject.claim
            for figure in self.figures(claim):
                for neighbour in subject.neighbours:
                    pairings = self.pairings(figure, [neighbour])
                    if any(p.relation is Relation.CONSISTENT for p in pairings):
                        continue
                    conflicts = [p for p in pairings if p.relation is Relation.CONFLICT]
                    if conflicts:
                        yield self.finding(claim, figure, conflicts)
                        break
