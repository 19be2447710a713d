"""A draft figure that no related source states, for or against."""

from __future__ import annotations

from typing import Iterator

from pydantic import Field, model_validator

from checker.compare import Relation
from checker.kinds.base import CheckContext, FigureParams, Kind, about_this_figure
from checker.models import Finding


class UnsupportedFigureParams(FigureParams):
    # A figure contradicted by a source claim this alike is a conflict, not an unsupported figure.
    min_conflict_similarity: float = Field(0.5, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _conflict_above_support(self) -> "UnsupportedFigureParams":
        if self.min_conflict_similarity < self.min_similarity:
            raise ValueError("min_conflict_similarity must not be below min_similarity")
        return self


class UnsupportedFigure(Kind):
    """Only drafts checked against sources: a figure that no source claim close enough to be
    about the same thing states, for or against. A count is backed by the same number whatever
    noun the source counts it with (the vocabulary of counted nouns is never complete, least of
    all across languages); a figure contradicted by a claim at least `min_conflict_similarity`
    alike is the conflict rules' to report, unless the contradicting figure stands for another
    figure of the sentence (`Kind.counterparts`). Vague amounts are never reported."""

    name = "unsupported_figure"
    Params = UnsupportedFigureParams
    params: UnsupportedFigureParams

    def check(self, context: CheckContext) -> Iterator[Finding]:
        if context.mode != "sources":
            return
        for subject in context.subjects:
            floor = self.params.min_conflict_similarity
            stated_of = [(figure, self.pairings(figure, subject.neighbours, floor))
                         for figure in self.figures(subject.claim)]
            counterparts = self.counterparts(stated_of)
            for figure, stated in stated_of:
                backed = any(p.relation is Relation.CONSISTENT
                             for p in self.pairings(figure, subject.neighbours, any_unit=True))
                # A source figure standing for another figure of the sentence does not state this one.
                if not backed and not about_this_figure(stated, figure, counterparts):
                    yield self.finding(subject.claim, figure, [])
