"""One check from documents to sorted findings: extract → embed → match → rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal, Sequence

import numpy as np

from checker.claims import extract_claims
from checker.embed import Embedder
from checker.kinds import CheckContext, Kind
from checker.match import EmbeddedClaims, neighbours_across, neighbours_within
from checker.models import Claim, Document, Finding

NEIGHBOURS = 10  # source claims considered per claim: enough for a fact restated across sources


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]
    mode: Literal["sources", "peers"] | None
    documents: int
    claims: int
    figures: int


def _mode(drafts: Sequence[Document], sources: Sequence[Document]) -> Literal["sources", "peers"] | None:
    if drafts and sources:
        return "sources"
    return "peers" if len(drafts) + len(sources) > 1 else None


def run_check(drafts: Sequence[Document], sources: Sequence[Document], rules: Sequence[Kind],
              embedder: Callable[[], Embedder]) -> CheckResult:
    """Check drafts against sources; with no sources, drafts against each other; with no
    drafts, sources against each other. `embedder` is called only if there is text to embed."""
    claims: list[Claim] = [c for doc in (*drafts, *sources) for c in extract_claims(doc)]
    vectors = embedder().encode([c.text for c in claims]) if claims else np.zeros((0, 1), np.float32)
    everything = EmbeddedClaims(claims, vectors)
    subject_paths = {d.path for d in (drafts or sources)}
    subjects = everything.subset(subject_paths)
    mode = _mode(drafts, sources)
    floor = min((rule.similarity_floor for rule in rules), default=1.0)
    if mode == "sources":
        others = everything.subset({s.path for s in sources} - subject_paths)
        across = neighbours_across(subjects, others, NEIGHBOURS, floor)
    elif mode == "peers":
        across = neighbours_across(subjects, subjects, NEIGHBOURS, floor)
    else:
        across = []
    within = [context for path in sorted(subject_paths)
              for context in neighbours_within(subjects.subset({path}), floor)]
    context = CheckContext(mode=mode, subjects=across, internal=within)
    findings = sorted((f for rule in rules for f in rule.check(context)), key=lambda f: f.sort_key)
    return CheckResult(findings=findings, mode=mode, documents=len(drafts) + len(sources),
                       claims=len(claims), figures=sum(len(c.figures) for c in claims))
