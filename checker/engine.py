"""One check, from the claims of a corpus to sorted findings: match → rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

from checker.corpus import Corpus
from checker.kinds import CheckContext, Kind
from checker.match import neighbours_across, neighbours_within
from checker.models import Finding

NEIGHBOURS = 10  # source claims considered per claim: enough for a fact restated across sources


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    mode: Literal["sources", "peers"] | None
    documents: int
    claims: int
    figures: int


def _mode(drafts: Sequence[str], sources: Sequence[str]) -> Literal["sources", "peers"] | None:
    if drafts and sources:
        return "sources"
    return "peers" if len(drafts) + len(sources) > 1 else None


def run_check(corpus: Corpus, rules: Sequence[Kind]) -> CheckResult:
    """Check drafts against sources; with no sources, drafts against each other; with no
    drafts, sources against each other. Every document is also checked against itself."""
    subjects = corpus.subjects
    mode = _mode(corpus.draft_paths, corpus.source_paths)
    floor = min((rule.similarity_floor for rule in rules), default=1.0)
    across = neighbours_across(subjects, corpus.evidence, NEIGHBOURS, floor) if corpus.evidence else []
    within = [context for path in sorted({c.path for c in subjects.claims})
              for context in neighbours_within(subjects.subset({path}), floor)]
    context = CheckContext(mode=mode, subjects=across, internal=within)
    findings = sorted((f for rule in rules for f in rule.check(context)), key=lambda f: f.sort_key)
    return CheckResult(findings=findings, mode=mode,
                       documents=len(set(corpus.draft_paths) | set(corpus.source_paths)),
                       claims=corpus.claims, figures=corpus.figures)
