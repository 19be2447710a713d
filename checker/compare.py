"""Whether two figures can be compared, and whether they agree.

Two figures conflict only when the intervals [low, high] they can mean cannot overlap; an
interval that merely touches another ("février" ends where "mars" starts, 28 ± 0.5 meets
29 ± 0.5) does not overlap it, since both are read as half-open.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import Enum

from checker.figures.hedges import AT_LEAST, LESS_THAN, MORE_THAN, UP_TO
from checker.figures.vocabulary import score_scale_top, vocabulary
from checker.models import Figure


class Relation(Enum):
    INCOMPARABLE = "incomparable"
    CONSISTENT = "consistent"
    CONFLICT = "conflict"


_UNKNOWN_YEAR = "XXXX"
_PROJECTION_YEAR = 2000  # a leap year, so that a year-unknown 29 February has a place
_RELATIVE_TOLERANCE = 1e-9  # float noise from scaling ("4.2" * 1e9) is not an overlap


def on_percent_scale(figure: Figure) -> Figure:
    """A score read as a share of its scale ("7.9/10" as 79 %, "42 out of 100" as 42 %), so that
    it compares with a percentage and with a score on another scale; any other figure as it is."""
    top = score_scale_top(figure.unit_group) if figure.kind == "count" else None
    if top is None:
        return figure
    factor = 100 / top

    def scaled(x):
        return [v * factor for v in x] if isinstance(x, list) else None if x is None else x * factor
    return figure.model_copy(update={"kind": "percent", "value": scaled(figure.value), "low": scaled(figure.low),
                                     "high": scaled(figure.high), "unit": None, "unit_group": None})


def comparable(a: Figure, b: Figure, *, compare_bare_counts: bool = False, any_unit: bool = False) -> bool:
    """Same kind (never "vague"; a score is a percentage, `on_percent_scale`); money in the same
    currency; counts of compatible nouns, or two counts of nothing when `compare_bare_counts`.
    With `any_unit`, counts compare whatever they count: enough to say a source states the same
    number, never to call a conflict."""
    return _comparable(on_percent_scale(a), on_percent_scale(b), compare_bare_counts, any_unit)


def _comparable(a: Figure, b: Figure, compare_bare_counts: bool, any_unit: bool) -> bool:
    if a.kind != b.kind or a.kind == "vague":
        return False
    if a.kind == "money":
        return a.currency is not None and a.currency == b.currency
    if a.kind == "count":
        if any_unit:
            return True
        if a.unit_group is None or b.unit_group is None:
            return compare_bare_counts and a.unit_group is None and b.unit_group is None
        return vocabulary().are_compatible(a.unit_group, b.unit_group)
    if a.kind == "date":
        return _day_bounds(a) is not None and _day_bounds(b) is not None
    return True


def relation(a: Figure, b: Figure, *, compare_bare_counts: bool = False, any_unit: bool = False,
             stronger_bounds_conflict: bool = False) -> Relation:
    """How figure `a` (the one under check) stands to `b`. With `stronger_bounds_conflict`, a
    bound of `a` past `b`'s on the same side ("more than 500 songs" against "over 400 songs",
    "under 40 staff" against "fewer than 60", "before 2015" against "by 2016") conflicts,
    although both bounds can hold: had the writer of `b` known more, they would have said it.
    A weaker one ("more than 300 songs", "before 2017") is what `b` implies. A bound past the
    number `b` states without a hedge conflicts too ("less than 109 reviews" against "110
    reviews"), though the rounding of `b` would allow it."""
    # Whether each is written to the unit, read before a score becomes a share of 100.
    a_to_unit, b_to_unit = _to_the_unit(a), _to_the_unit(b)
    a, b = on_percent_scale(a), on_percent_scale(b)
    if not _comparable(a, b, compare_bare_counts, any_unit):
        return Relation.INCOMPARABLE
    edge = _bound_edge(a)
    if stronger_bounds_conflict and edge is not None and (other := _bound_edge(b)) is not None and edge[0] == other[0]:
        (side, mine), theirs = edge, other[1]
        stronger = mine > theirs if side == "lower" else mine < theirs
        if stronger and not (isinstance(mine, float) and math.isclose(mine, theirs, rel_tol=_RELATIVE_TOLERANCE)):
            return Relation.CONFLICT
        return Relation.CONSISTENT
    if stronger_bounds_conflict and edge is not None and _past_stated_value(edge, b):
        return Relation.CONFLICT
    if a.kind == "date":
        overlapping = _dates_overlap(a, b)
    else:
        overlapping = (_overlap(_number_interval(a), _number_interval(b))
                       and not _strictly_excludes(a, b, b_to_unit) and not _strictly_excludes(b, a, a_to_unit))
    return Relation.CONSISTENT if overlapping else Relation.CONFLICT


_LOWER_BOUNDS, _UPPER_BOUNDS = {MORE_THAN, AT_LEAST}, {LESS_THAN, UP_TO}
_EARLIEST_DAY, _LATEST_DAY = dt.date(1, 1, 1).isoformat(), dt.date(9999, 12, 31).isoformat()


def _bound_edge(figure: Figure) -> tuple[str, float | str] | None:
    """("lower", edge) for a figure bounded from below only ("more than 500", "after 1969": its
    threshold or first day), ("upper", edge) for one bounded from above only ("up to 60",
    "before September 2017": its threshold or last day), else None."""
    if figure.kind == "date":
        bounds = _day_bounds(figure)
        if bounds is None or _UNKNOWN_YEAR in bounds[0]:
            return None  # a year-unknown bound stays within its year
        low, high = bounds
        return ("upper", high) if low == _EARLIEST_DAY else ("lower", low) if high == _LATEST_DAY else None
    if not isinstance(figure.value, (int, float)):
        return None
    side = "lower" if figure.hedge in _LOWER_BOUNDS else "upper" if figure.hedge in _UPPER_BOUNDS else None
    return (side, float(figure.value)) if side else None


def is_numeric_bound(figure: Figure) -> bool:
    """"more than 500", "under $90 million": a number bounded on one side only."""
    return figure.kind != "date" and _bound_edge(figure) is not None


def distance_to_bound(bound: Figure, other: Figure) -> float:
    """How far, relatively, `other`'s value lies from the edge of a numeric `bound` (0 at the
    edge): a writer bounds a number near it ("less than $90 million" for $91.1 million)."""
    edge = float(on_percent_scale(bound).value)
    other = on_percent_scale(other)
    if (other_edge := _bound_edge(other)) is not None:
        theirs = float(other_edge[1])  # "under $91 million" is near $90 million, not at $45.5 million
    else:
        low, high = _number_interval(other)
        theirs = (low + high) / 2
    return abs(theirs - edge) / max(abs(theirs), abs(edge), 1e-12)


def _past_stated_value(edge: tuple[str, float | str], stated: Figure) -> bool:
    """"less than 109 reviews" against "110 reviews": the bound leaves out the number the
    source states, though not all of what its rounding allows (105-115)."""
    side, mine = edge
    if stated.hedge is not None or stated.kind in ("date", "duration") or not isinstance(stated.value, (int, float)):
        return False
    theirs = float(stated.value)
    if math.isclose(float(mine), theirs, rel_tol=_RELATIVE_TOLERANCE):
        return False  # at the bound itself: `_strictly_excludes` decides
    return theirs < float(mine) if side == "lower" else theirs > float(mine)


def _to_the_unit(figure: Figure) -> bool:
    """Written to the unit ("17", "7/10"), not to tens or millions ("2 million")."""
    if figure.kind in ("date", "vague"):
        return False
    low, high = _number_interval(figure)
    return high - low <= 1.0


def _strictly_excludes(bound: Figure, exact: Figure, exact_to_the_unit: bool) -> bool:
    """"more than 17 seasons" excludes "17 seasons", and "under 18" excludes "eighteen": a
    figure written to the unit without a hedge is that number, which a strict bound at it
    rules out. ("over 2 million" does not exclude "2 million", a rounded figure. Durations are
    kept in seconds, not in the unit they were written in, so they keep their intervals.)"""
    return (bound.hedge in (MORE_THAN, LESS_THAN) and exact.hedge is None and exact.kind != "duration"
            and isinstance(exact.value, (int, float)) and exact_to_the_unit
            and math.isclose(float(bound.value), float(exact.value), rel_tol=_RELATIVE_TOLERANCE))


def width(figure: Figure) -> float:
    """How much a figure leaves open: the length of its interval (in days for dates, with a
    year-unknown date read in a leap year); infinite when a bound is open."""
    if figure.kind == "date":
        bounds = _day_bounds(figure)
        if bounds is None:
            return math.inf
        low, high = (_projected(*bounds) if _UNKNOWN_YEAR in bounds[0]
                     else (_ordinal(bounds[0]), _ordinal(bounds[1]) + 1))
        return float(high - low)
    low, high = _number_interval(on_percent_scale(figure))
    return high - low


def _number_interval(figure: Figure) -> tuple[float, float]:
    value = figure.value if isinstance(figure.value, (int, float)) else None
    low = figure.low if figure.low is not None else (value if figure.high is None else None)
    high = figure.high if figure.high is not None else (value if figure.low is None else None)
    return (-math.inf if low is None else float(low)), (math.inf if high is None else float(high))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    low, high = max(a[0], b[0]), min(a[1], b[1])
    finite = [abs(x) for x in (*a, *b) if math.isfinite(x)]
    return high - low > _RELATIVE_TOLERANCE * max(finite, default=1.0)


def _day_bounds(figure: Figure) -> tuple[str, str] | None:
    """The first and last day a date can be, as ISO strings (year possibly "XXXX")."""
    low, high = figure.low, figure.high
    if isinstance(low, str) and isinstance(high, str) and len(low) == len(high) == 10:
        return low, high
    return None


def _ordinal(iso: str, year: int | None = None) -> int:
    y, m, d = iso.split("-")
    return dt.date(year if year is not None else int(y), int(m), int(d)).toordinal()


def _dates_overlap(a: Figure, b: Figure) -> bool:
    """Day intervals overlap; a year-unknown date is compared by month and day only."""
    (a_low, a_high), (b_low, b_high) = _day_bounds(a), _day_bounds(b)
    if _UNKNOWN_YEAR not in a_low + b_low:
        return _overlap((_ordinal(a_low), _ordinal(a_high) + 1), (_ordinal(b_low), _ordinal(b_high) + 1))
    for low, high in ((a_low, a_high), (b_low, b_high)):
        if _UNKNOWN_YEAR not in low:
            spans_a_year = _ordinal(high) - _ordinal(low) >= 365
            wraps_new_year = high[5:] < low[5:]
            if spans_a_year or wraps_new_year:
                return True  # every month and day fits somewhere in it
    return _overlap(_projected(a_low, a_high), _projected(b_low, b_high))


def _projected(low: str, high: str) -> tuple[float, float]:
    """Month/day bounds placed in one leap year, as a half-open interval of day ordinals."""
    return _ordinal(low, _PROJECTION_YEAR), _ordinal(high, _PROJECTION_YEAR) + 1
