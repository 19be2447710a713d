"""A figure that another document states differently for the same fact."""

from __future__ import annotations

from typing import Iterator

from pydantic import Field, model_validator

from checker.compare import Relation, is_numeric_bound, relation, width
from checker.kinds.base import (CheckContext, FigureParams, Kind, Pairing, about_this_figure, bounded_by_value,
                                is_unsaid_count)
from checker.models import Claim, Figure, Finding
from checker.terms import terms


_ABOUT_AS_PRECISE = 4  # how much wider than the draft's figure an agreeing one may be


def _states_bare(figure: Figure, sentence: Claim) -> bool:
    """Whether `sentence` gives the number of count `figure` where one of them lacks its noun
    ("92 cases, 59 in Republika Srpska and 33 in the Federation" for "33 cases in the
    Federation", "9,464 people" for "9,464 of Romania's inhabitants"). A bound allows too many
    numbers for a bare one to say it is stated."""
    if figure.kind != "count" or is_numeric_bound(figure):
        return False
    return any(other.kind == "count" and (is_unsaid_count(figure) or is_unsaid_count(other))
               and relation(figure, other, any_unit=True) is Relation.CONSISTENT
               and width(other) <= _ABOUT_AS_PRECISE * width(figure) for other in sentence.figures)


class FigureConflictParams(FigureParams):
    # A source that agrees, even in a sentence less like the draft's than the conflicting one,
    # is reason enough not to cry conflict: the draft may well be citing it. Unless it is vaguer
    # than the draft's figure itself: "since 2022" does not back "March 2022".
    min_support_similarity: float = Field(0.3, ge=0.0, le=1.0)
    # ...but not one far less related than the conflicting claim: a story about another town
    # that happens to give the draft's figure does not back it. None: any agreeing claim does.
    max_support_gap: float | None = Field(None, ge=0.0)
    # A sentence in the draft's language that repeats less than this share of the draft
    # sentence's word weight names other things ("the film" of another page, where the draft
    # names its film): it is not cited as conflicting. Across languages only the cosine can tell.
    min_shared_words_same_language: float | None = Field(None, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _support_below_conflict(self) -> "FigureConflictParams":
        if self.min_support_similarity > self.min_similarity:
            raise ValueError("min_support_similarity must not exceed min_similarity")
        return self


class FigureConflict(Kind):
    """Against sources, a draft figure conflicts when source claims at least `min_similarity`
    similar give comparable figures that disagree, and no source claim at least
    `min_support_similarity` similar (and at most `max_support_gap` less related than the
    conflicting claim) agrees with it at least as precisely as the figure is written. Between
    peers, every disagreement is shown once (on the document that sorts first); one between
    documents of different dates is an update, left to the stale-figure kind."""

    name = "figure_conflict"
    Params = FigureConflictParams
    params: FigureConflictParams

    @property
    def similarity_floor(self) -> float:
        return min(self.params.min_support_similarity, super().similarity_floor)

    def _names_the_same_things(self, claim: Claim, pairing: Pairing) -> bool:
        floor = self.params.min_shared_words_same_language
        return (floor is None or pairing.claim.lang != claim.lang or pairing.neighbour.shared_words >= floor
                or not terms(claim.text))  # "It was 5.": no word to tell by

    def check(self, context: CheckContext) -> Iterator[Finding]:
        peers = context.mode != "sources"
        stronger = self.params.stronger_bounds_conflict
        for subject in context.subjects:
            claim = subject.claim
            pairings_of = [(figure, bounded_by_value(figure, self.pairings(figure, subject.neighbours, both_ways=peers),
                                                     stronger_bounds_conflict=stronger))
                           for figure in self.figures(claim)]
            counterparts = self.counterparts(pairings_of)
            for figure, pairings in pairings_of:
                # A sentence that also gives a figure agreeing with this one, about as precisely
                # ("12 and 13 March" for "13 March", not "2022" for "3 March 2022"), is about this
                # fact through that figure: its other figures count other things. So is one that
                # gives the number bare.
                agreeing_sentences = {id(p.claim) for p in pairings if p.relation is Relation.CONSISTENT
                                      and width(p.figure) <= _ABOUT_AS_PRECISE * width(figure)}
                agreeing_sentences |= {id(p.claim) for p in pairings if _states_bare(figure, p.claim)}
                conflicts = [p for p in about_this_figure(pairings, figure, counterparts)
                             if p.relation is Relation.CONFLICT and id(p.claim) not in agreeing_sentences
                             and self._names_the_same_things(claim, p)]
                if context.mode == "sources":
                    # A count is backed by the same number where one of them leaves its noun unsaid:
                    # "70" by "70 cases", "68 cases" by "cases in Heinsberg rose to 68".
                    support = bounded_by_value(figure, self.pairings(
                        figure, subject.neighbours, self.params.min_support_similarity, unsaid_counts=True),
                        stronger_bounds_conflict=stronger)
                    agreeing = [p for p in support if p.relation is Relation.CONSISTENT
                                and width(p.figure) <= width(figure)]
                    gap = self.params.max_support_gap
                    closest = max((p.relatedness for p in conflicts), default=0.0)
                    if any(gap is None or p.relatedness >= closest - gap for p in agreeing):
                        continue
                    newest = max((p.date for p in conflicts if p.date), default=None)
                    if newest and any(p.date and p.date < newest for p in agreeing):
                        continue  # an older source agrees, a newer one differs: an update, for stale_figure
                else:
                    conflicts = [p for p in conflicts if claim.path < p.claim.path
                                 and not (claim.doc_date and p.date and claim.doc_date != p.date)]
                if conflicts:
                    yield self.finding(claim, figure, conflicts)
