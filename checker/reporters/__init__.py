"""One reporter per output format, each a pure function from a Report to text."""

from checker.reporters.base import Reporter
from checker.reporters.json import JsonReporter
from checker.reporters.markdown import MarkdownReporter
from checker.reporters.terminal import TerminalReporter

REPORTERS: dict[str, type[Reporter]] = {
    reporter.name: reporter for reporter in (TerminalReporter, JsonReporter, MarkdownReporter)
}

__all__ = ["REPORTERS", "Reporter"]
