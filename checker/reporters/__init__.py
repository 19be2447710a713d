"""One reporter per output format, each a pure function from a Report to text."""

from checker.reporters.base import Reporter
from checker.reporters.github import GithubReporter
from checker.reporters.html import HtmlReporter
from checker.reporters.json import JsonReporter
from checker.reporters.junit import JunitReporter
from checker.reporters.markdown import MarkdownReporter
from checker.reporters.sarif import SarifReporter
from checker.reporters.terminal import TerminalReporter

REPORTERS: dict[str, type[Reporter]] = {
    reporter.name: reporter
    for reporter in (TerminalReporter, JsonReporter, MarkdownReporter, SarifReporter, GithubReporter,
                     JunitReporter, HtmlReporter)
}

__all__ = ["REPORTERS", "Reporter"]
