"""What every kind of check shares: its parameters, what it is given, how it reports."""

from __future__ import annotations

import datetime as dt
import math
from abc import ABC, abstractmethod
from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar, Iterable, Iterator, Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field

from checker.compare import Relation, distance_to_bound, is_numeric_bound, relation, width
from checker.match import ClaimContext, Neighbour
from checker.models import Claim, Evidence, Figure, FigureKind, Finding
from checker.rulebook import RuleSpec

NUMERIC_KINDS: list[FigureKind] = ["count", "money", "percent", "duration"]


class FigureParams(BaseModel):
    """Parameters every figure check takes."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[Literal["count", "money", "percent", "date", "duration"]] = Field(
        default_factory=lambda: list(NUMERIC_KINDS), min_length=1)
    min_similarity: float = Field(0.5, ge=0.0, le=1.0)
    # A sentence less similar than min_similarity still states the fact when it repeats most
    # of the claim's rare words: long source sentences dilute the cosine of a short claim.
    min_shared_words: float | None = Field(None, ge=0.0, le=1.0)
    min_similarity_sharing_words: float = Field(0.0, ge=0.0, le=1.0)
    # ...but only for a figure of the same order as the draft's, within this ratio: a sentence
    # about a whole country repeats the words of a draft's about one town ("5 recoveries" in
    # Burkina Faso against "more than 400 recoveries" in Oman). None: any figure.
    max_ratio_sharing_words: float | None = Field(None, ge=1.0)
    compare_bare_counts: bool = False
    # Below both floors, a sentence still states the fact when it gives a figure of the same kind
    # (and counted noun) within `near_value` of the draft's, relatively, from this cosine on: a
    # writer who bounds or revises a number stays near it ("less than $80 million" against a
    # worldwide total of $81.5 million in a long box-office sentence). None: never.
    min_similarity_near_value: float | None = Field(None, ge=0.0, le=1.0)
    near_value: float = Field(0.05, ge=0.0, le=1.0)
    # "more than 500" conflicts with a source's "over 400" (`checker.compare.relation`).
    stronger_bounds_conflict: bool = False
    max_evidence: int = Field(3, ge=1, le=20)


@dataclass(frozen=True)
class CheckContext:
    """What the rules judge.

    `mode` says how `subjects` were matched: "sources" (drafts against sources), "peers"
    (documents against each other) or None (no other document). `internal` pairs each claim
    with the earlier claims of its own document.
    """

    mode: Literal["sources", "peers"] | None
    subjects: list[ClaimContext]
    internal: list[ClaimContext]


@dataclass(frozen=True)
class Pairing:
    """A figure elsewhere (in the neighbour's claim) that can be compared with the figure under check."""

    figure: Figure
    neighbour: Neighbour
    relation: Relation

    @property
    def claim(self) -> Claim:
        return self.neighbour.claim

    @property
    def relatedness(self) -> float:
        return self.neighbour.relatedness

    @property
    def date(self) -> dt.date | None:
        return self.claim.doc_date


class Kind(ABC):
    """The logic of one kind of check; a rule file supplies its words and numbers."""

    name: ClassVar[str]
    Params: ClassVar[type[FigureParams]] = FigureParams

    def __init__(self, spec: RuleSpec, params: FigureParams) -> None:
        self.spec = spec
        self.params = params

    @abstractmethod
    def check(self, context: CheckContext) -> Iterator[Finding]: ...

    def figures(self, claim: Claim) -> Iterator[Figure]:
        """The figures of a claim this rule looks at."""
        return (f for f in claim.figures if f.kind in self.params.kinds)

    @property
    def similarity_floor(self) -> float:
        """The least similar neighbour this rule ever looks at: matching fetches down to it."""
        if self.params.min_shared_words is None:
            return self.params.min_similarity
        return min(self.params.min_similarity, self.params.min_similarity_sharing_words)

    def pairings(self, figure: Figure, neighbours: Iterable[Neighbour], min_similarity: float | None = None,
                 *, any_unit: bool = False, unsaid_counts: bool = False, both_ways: bool = False) -> list[Pairing]:
        """Every comparable figure in the neighbours close enough (`min_similarity`, by default
        the rule's) to state the same fact (`any_unit`: counts whatever they count, see
        `checker.compare.comparable`; `unsaid_counts`: a count without a noun compares with any
        count, and any count but a bound with it: a bound allows too many numbers for a bare
        one to state it). `relation` reads `figure` as the one under check; with
        `both_ways` (documents checked as peers, neither under check) a pair conflicts when
        either reading says so."""
        floor = self.params.min_similarity if min_similarity is None else min_similarity
        sharing = self.params.min_shared_words
        options = {"compare_bare_counts": self.params.compare_bare_counts, "any_unit": any_unit,
                   "stronger_bounds_conflict": self.params.stronger_bounds_conflict}
        found = []
        near_floor = self.params.min_similarity_near_value
        for neighbour in neighbours:
            close = neighbour.similarity >= floor or (
                    sharing is not None and neighbour.shared_words >= sharing
                    and neighbour.similarity >= self.params.min_similarity_sharing_words)
            if not close and (near_floor is None or neighbour.similarity < near_floor):
                continue
            ratio = None if neighbour.similarity >= floor else self.params.max_ratio_sharing_words
            for other in neighbour.claim.figures:
                if not close and not _near_in_value(figure, other, self.params.near_value):
                    continue
                if ratio is not None and not _within_ratio(figure, other, ratio):
                    continue
                verdict = relation(figure, other, **options)
                if verdict is Relation.INCOMPARABLE and unsaid_counts and figure.kind == "count" and (
                        is_unsaid_count(figure) or (is_unsaid_count(other) and not is_numeric_bound(figure))):
                    verdict = relation(figure, other, **{**options, "any_unit": True})
                if both_ways and verdict is Relation.CONSISTENT:
                    verdict = relation(other, figure, **options)
                if verdict is not Relation.INCOMPARABLE:
                    found.append(Pairing(other, neighbour, verdict))
        return found

    @staticmethod
    def counterparts(pairings_of: Sequence[tuple[Figure, list[Pairing]]]) -> dict[int, int]:
        """Given each figure of a claim with its pairings, which figure each source figure
        stands for (by `id`), when it is the only one agreeing with it as precisely: "600,000
        troops" in a source is the counterpart of the 600,000 of "grew from 600,000 to 800,000
        troops", not a conflict with the 800,000. When several source figures agree with a
        figure, which one states it cannot be told."""
        found = {}
        for figure, pairings in pairings_of:
            if math.isinf(width(figure)):
                continue  # "more than 500 soldiers" stands for no one source figure
            agreeing = [p for p in pairings if p.relation is Relation.CONSISTENT and width(p.figure) <= width(figure)]
            if len(agreeing) == 1:
                found[id(agreeing[0].figure)] = id(figure)
        return found

    def finding(self, claim: Claim, figure: Figure, evidence: list[Pairing]) -> Finding:
        """A finding on `figure`, placed at the figure itself, citing at most max_evidence pairings."""
        cited = evidence[: self.params.max_evidence]
        first = cited[0] if cited else None
        values = {
            "figure": figure.text,
            "evidence_figure": first.figure.text if first else "",
            "evidence_path": first.claim.path if first else "",
            "evidence_line": first.claim.sentence.line if first else "",
            "evidence_date": first.date.isoformat() if first and first.date else "undated",
            "similarity": f"{first.neighbour.similarity:.2f}" if first else "",
        }
        start, end = claim.sentence.start + figure.start, claim.sentence.start + figure.end
        line, column = _offset_position(claim, start)
        end_line, end_column = _offset_position(claim, end)
        return Finding(
            rule=self.spec.id, category=self.spec.category, severity=self.spec.severity,
            message=self.spec.message.format(**values), path=claim.path,
            line=line, column=column, end_line=end_line, end_column=end_column,
            claim=claim.text, figure=figure,
            evidence=tuple(_evidence(pairing) for pairing in cited),
        )


_CLEARLY_NEARER = 2.0  # how much farther the next figure of a sentence must be from a bound
_SAME_VALUE = 0.01  # relative distances under 1% are all "at the bound": none is clearly nearer


def bounded_by_value(figure: Figure, pairings: list[Pairing], *,
                     stronger_bounds_conflict: bool = False) -> list[Pairing]:
    """The pairings of `figure`, where a one-sided bound ("less than $90 million worldwide")
    keeps, in each source sentence, only the figure it bounds when one is clearly the nearest
    in value (a score to a score, a percentage to a percentage, first): a writer bounds a
    number near it, so the $91.1 million total rather than the $10 million budget, which the
    bound allows but does not speak of. When two figures are about as near ("under 27 crore"
    against a gross of 27.69 crore and a budget of 26 crore), either may be meant and the
    sentence keeps both. A count of the sentence whose noun is left unsaid competes too: "more
    than 62 cases" bounds the 61 of "nine new cases, bringing the total to 61", and is paired
    with it (`stronger_bounds_conflict` as in `relation`). Other figures keep every pairing."""
    if not is_numeric_bound(figure):
        return pairings
    by_sentence: dict[int, list[Pairing]] = defaultdict(list)
    for pairing in pairings:
        by_sentence[id(pairing.claim)].append(pairing)
    return [p for sentence in by_sentence.values() for p in _bounded(figure, sentence, stronger_bounds_conflict)]


def _bounded(bound: Figure, pairings: list[Pairing], stronger_bounds_conflict: bool) -> list[Pairing]:
    """Of one sentence's pairings, the one `bound` is about, or all of them when that is unclear."""
    def cost(figure: Figure) -> float:
        written_alike = (bound.kind, bound.unit_group) == (figure.kind, figure.unit_group) or is_unsaid_count(figure)
        return distance_to_bound(bound, figure) + (0.0 if written_alike else 1.0)

    candidates = {id(p.figure): p.figure for p in pairings}
    if bound.kind == "count":
        candidates |= {id(f): f for f in pairings[0].claim.figures if is_unsaid_count(f)}
    (nearest, least), *others = sorted(((f, cost(f)) for f in candidates.values()), key=lambda fc: fc[1])
    clear = _CLEARLY_NEARER * max(least, _SAME_VALUE)
    if any(c < clear for _, c in others):
        return pairings
    if about_it := [p for p in pairings if p.figure is nearest]:
        return about_it
    verdict = relation(bound, nearest, any_unit=True, stronger_bounds_conflict=stronger_bounds_conflict)
    return [Pairing(nearest, pairings[0].neighbour, verdict)]


def _near_in_value(figure: Figure, other: Figure, tolerance: float) -> bool:
    """Whether `other` gives a single number of `figure`'s kind (a count, of a named noun) within
    `tolerance` of `figure`'s number (or bound), relatively. Dates are not numbers here."""
    if figure.kind == "date" or figure.kind != other.kind or (figure.kind == "count" and other.unit_group is None):
        return False
    if not isinstance(figure.value, (int, float)) or not isinstance(other.value, (int, float)):
        return False
    mine, theirs = float(figure.value), float(other.value)
    return abs(mine - theirs) <= tolerance * max(abs(mine), abs(theirs))


def _within_ratio(figure: Figure, other: Figure, ratio: float) -> bool:
    """Whether two single numbers are within `ratio` of each other (dates, ranges and zeros
    always are)."""
    if figure.kind == "date" or not isinstance(figure.value, (int, float)) or not isinstance(other.value, (int, float)):
        return True
    mine, theirs = abs(float(figure.value)), abs(float(other.value))
    return not (mine and theirs) or max(mine, theirs) <= ratio * min(mine, theirs)


def is_unsaid_count(figure: Figure) -> bool:
    """A count whose noun is left unsaid ("bringing the total to 61")."""
    return figure.kind == "count" and figure.unit_group is None


def about_this_figure(pairings: list[Pairing], figure: Figure, counterparts: dict[int, int]) -> list[Pairing]:
    """The pairings of `figure` whose source figure does not stand for another figure of its
    claim (see `Kind.counterparts`)."""
    return [p for p in pairings if counterparts.get(id(p.figure), id(figure)) == id(figure)]


def _evidence(pairing: Pairing) -> Evidence:
    claim = pairing.claim
    line, column = _offset_position(claim, claim.sentence.start + pairing.figure.start)
    return Evidence(path=claim.path, line=line, column=column, claim=claim.text, figure=pairing.figure,
                    similarity=round(pairing.neighbour.similarity, 4),
                    relatedness=round(pairing.relatedness, 4), date=pairing.date)


def _offset_position(claim: Claim, offset: int) -> tuple[int, int]:
    """1-based line and column of a document offset that lies inside the claim's sentence."""
    sentence = claim.sentence
    before = claim.text[: offset - sentence.start]
    newlines = before.count("\n")
    if not newlines:
        return sentence.line, sentence.column + len(before)
    return sentence.line + newlines, len(before) - before.rfind("\n")
