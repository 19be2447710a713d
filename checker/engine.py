"""One check, from the claims of a corpus to sorted findings: match → rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

from checker.corpus import Corpus
from checker.kinds import CheckContext, Kind
from checker.match import EmbeddedClaims, neighbours_across, neighbours_within
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
    everything = EmbeddedClaims(corpus.claims, corpus.vectors)
    subject_paths = set(corpus.draft_paths or corpus.source_paths)
    subjects = everything.subset(subject_paths)
    mode = _mode(corpus.draft_paths, corpus.source_paths)
    floor = min((rule.similarity_floor for rule in rules), default=1.0)
    if mode == "sources":
        others = everything.subset(set(corpus.source_paths) - subject_paths)
        across = neighbours_across(subjects, others, NEIGHBOURS, floor)
    elif mode == "peers":
        across = neighbours_across(subjects, subjects, NEIGHBOURS, floor)
    else:
        across = []
    within = [context for path in sorted(subject_paths)
              for context in neighbours_within(subjects.subset({path}), floor)]
    context = CheckContext(mode=mode, subjects=across, internal=within)
    findings = sorted((f for rule in rules for f in rule.check(context)), key=lambda f: f.sort_key)
    return CheckResult(findings=findings, mode=mode,
                       documents=len(set(corpus.draft_paths) | set(corpus.source_paths)),
                       claims=len(corpus.claims), figures=sum(len(c.figures) for c in corpus.claims))
