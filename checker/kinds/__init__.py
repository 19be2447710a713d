"""The kinds of check a rule file can extend, by name."""

from checker.kinds.base import CheckContext, Kind
from checker.kinds.figure_conflict import FigureConflict
from checker.kinds.internal_conflict import InternalConflict
from checker.kinds.stale_figure import StaleFigure
from checker.kinds.unsupported_figure import UnsupportedFigure

KINDS: dict[str, type[Kind]] = {
    kind.name: kind for kind in (FigureConflict, UnsupportedFigure, InternalConflict, StaleFigure)
}

__all__ = ["KINDS", "CheckContext", "Kind"]
