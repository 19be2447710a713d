"""`factlint check`: check drafts against sources and write a report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click

from checker import __version__
from checker.baseline import new_findings, read_baseline, write_baseline
from checker.changes import changed_lines, on_changed_lines
from checker.commands.options import (cache_option, config_option, configured, model_loader, model_option,
                                      rules_option)
from checker.config import document_filter, load_config
from checker.corpus import load_corpus
from checker.engine import CheckResult, run_check
from checker.errors import FactlintError
from checker.exit_codes import ExitCode
from checker.files import write_atomically
from checker.models import Finding, Report, Severity, Summary, Tool, UnusedSuppression
from checker.reporters import REPORTERS
from checker.reporters.base import CATEGORIES, plural
from checker.rulebook import load_rules, override_params, select_rules
from checker.store import ClaimStore
from checker.suppress import apply_suppressions, read_suppressions

DEFAULT_REPORT_DIR = Path("reports")
# Formats a person or a CI runner reads from the terminal; the others land in reports/.
STDOUT_FORMATS = {"terminal", "github"}
FAIL_ON = {"error": Severity.error, "warning": Severity.warning, "never": None}


@dataclass(frozen=True)
class Reported:
    """The findings a person is shown, once suppressions, --diff and --baseline have had their say."""

    findings: list[Finding]
    unused_suppressions: list[UnusedSuppression] = field(default_factory=list)
    suppressed: int = 0
    outside_diff: int = 0
    baselined: int = 0


def build_report(result: CheckResult, model: str | None, shown: Reported) -> Report:
    categories = Counter(f.category for f in shown.findings)
    severities = Counter(f.severity.value for f in shown.findings)
    return Report(
        tool=Tool(version=__version__),
        findings=shown.findings,
        unused_suppressions=shown.unused_suppressions,
        summary=Summary(
            mode=result.mode, model=model, documents=result.documents, claims=result.claims,
            figures=result.figures, findings=len(shown.findings),
            by_category={c: categories.get(c, 0) for c in CATEGORIES},
            by_severity={s.value: severities.get(s.value, 0) for s in Severity},
            suppressed=shown.suppressed, baselined=shown.baselined, outside_diff=shown.outside_diff,
        ),
    )


def select_shown(result: CheckResult, subject_paths: list[str], diff: str | None,
                 baseline: Path | None, write_to: Path | None) -> Reported:
    """Apply inline suppressions, then --diff, then record (--write-baseline) or filter
    (--baseline) by baseline: a baseline records what is left after the writer's decisions."""
    subject_files = [(path, Path(path)) for path in subject_paths]
    findings, suppressed, unused = apply_suppressions(result.findings, read_suppressions(subject_files))
    outside = 0
    if diff:
        kept = on_changed_lines(findings, changed_lines(diff, subject_files))
        findings, outside = kept, len(findings) - len(kept)
    if write_to:
        write_baseline(write_to, findings)
    baselined = 0
    if baseline:
        findings, baselined = new_findings(findings, read_baseline(baseline))
    return Reported(findings, unused, suppressed, outside, baselined)


def exit_code(report: Report, fail_on: str) -> ExitCode:
    """1 when a finding (or, as a warning, an unused suppression) reaches --fail-on."""
    threshold = FAIL_ON[fail_on]
    if threshold is None:
        return ExitCode.OK
    ranks = [f.severity.rank for f in report.findings] + [Severity.warning.rank] * len(report.unused_suppressions)
    return ExitCode.FINDINGS if any(rank >= threshold.rank for rank in ranks) else ExitCode.OK


@click.command("check")
@click.argument("drafts", nargs=-1)
@click.option("--sources", "-s", multiple=True,
              help="A source file or folder (repeatable). Without it, drafts are checked on their own "
                   "and against each other; with it and no draft, sources are checked against each other.")
@click.option("--format", "-f", "output_format", type=click.Choice(sorted(REPORTERS)), default="terminal",
              show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Where to write the report; `-` for stdout. Default: stdout for terminal and github, "
                   "reports/factlint<ext> for the other formats.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="error", show_default=True,
              help="Exit 1 when a finding of this severity or worse is reported.")
@click.option("--select", multiple=True, help="Only these rules, by id or id prefix (repeatable): FC1, FC201.")
@click.option("--ignore", multiple=True, help="Not these rules, by id or id prefix (repeatable).")
@model_option
@rules_option
@cache_option
@click.option("--no-cache", is_flag=True, help="Read and embed everything afresh; write no cache.")
@config_option
@click.option("--diff", "diff_ref", metavar="REF", default=None,
              help="Report only findings on lines changed since this git revision (working tree included).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Report only findings this baseline file does not record.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Record the current findings in this baseline file.")
def check(drafts: tuple[str, ...], sources: tuple[str, ...], output_format: str, output: str | None,
          fail_on: str, select: tuple[str, ...], ignore: tuple[str, ...], model: str, rules_dir: Path | None,
          cache_dir: Path, no_cache: bool, config_path: Path | None, diff_ref: str | None,
          baseline: Path | None, write_baseline: Path | None) -> None:
    """Check the figures of DRAFTS (files or folders) against their sources.

    Settings come from the flags, else from the configuration file, else from the defaults."""
    config, config_file = load_config(config_path)
    sources = sources or tuple(config.sources)
    fail_on = configured("fail_on", fail_on, config.fail_on)
    model = configured("model", model, config.model)
    cache_dir = Path(configured("cache_dir", cache_dir, config.cache))
    rules_dir = rules_dir or (Path(config.rules_path) if config.rules_path else None)
    if not drafts and not sources:
        raise FactlintError("nothing to check: give a draft, or --sources to check sources against each other")
    embedder = model_loader(model, None if no_cache else cache_dir)
    rules = override_params(load_rules(rules_dir), config.rules, config_file)
    rules = select_rules(rules, list(select or config.select), list(ignore or config.ignore))
    store = ClaimStore(None if no_cache else cache_dir, model)
    try:
        corpus = load_corpus(drafts, sources, embedder, store,
                             document_filter(config, config_file))
        result = run_check(corpus, rules)
    finally:
        store.close()
    shown = select_shown(result, corpus.draft_paths or corpus.source_paths, diff_ref, baseline, write_baseline)
    report = build_report(result, model if result.claims else None, shown)
    specs = [rule.spec for rule in rules]
    reporter = REPORTERS[output_format]()
    if output is None and output_format not in STDOUT_FORMATS:
        output = str(DEFAULT_REPORT_DIR / f"factlint{reporter.extension}")
    if output in (None, "-"):
        color = output is None and output_format == "terminal" and click.get_text_stream("stdout").isatty()
        click.echo(reporter.render(report, rules=specs, color=color), nl=False)
    else:
        write_atomically(Path(output), reporter.render(report, rules=specs), "report", "--output")
        click.echo(f"factlint: {plural(len(report.findings), 'finding')}; report written to {output}", err=True)
    click.get_current_context().exit(int(exit_code(report, fail_on)))
