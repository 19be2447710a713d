"""VitaminC "real" test set: English Wikipedia claims checked against pooled evidence (issue 5).

    .venv/bin/python bench/vitaminc.py [--sample N] [--seed S] [--pool P] [--model NAME]
                                       [--show K] [--rules DIR] [--data PATH] [--output PATH]

What is measured, on the rows whose claim carries a (non-vague) figure as factlint reads it:

- conflict detection: positives are REFUTES rows whose claim has a figure whose value no
  evidence figure has ("differing figure"), negatives the SUPPORTS rows; a row is flagged when
  factlint reports a conflict or stale finding on its claim. Also with every REFUTES row as a
  positive.
- unsupported figures: how often NOT ENOUGH INFO rows, and SUPPORTS rows, get an unsupported
  finding.

Setup. A newsroom's sources mix many stories, so each claim is not checked against its own
evidence alone: rows are checked in batches, one Corpus and one `run_check` per batch, with
every claim of the batch a draft document of its own and, as sources, a pool of `--pool`
evidence texts from as many different pages: the evidence paired with the batch's rows, topped
up with evidence of other pages; each evidence text carries its page's title (front matter
`title`, as a newsroom source carries its headline), the claims none. A page never gives two
evidence texts to one pool: VitaminC
pairs a claim with the evidence before and after a Wikipedia revision, and with both in the
pool the claim would be checked against a source that supports it and one that refutes it.

Baseline, scored in the same run: the digit strings of the claim ("4,523,000" -> "4523000")
against those of the evidence. Conflict: a digit string of the claim is missing from the
evidence paired with the row (the baseline is told which evidence that is; factlint is not).
Unsupported: a digit string of the claim is missing from every evidence text of the pool.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import platform
import random
import re
import shlex
import subprocess
import sys
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker import match  # noqa: E402
from checker.claims import extract_claims  # noqa: E402
from checker.compare import Relation, relation, width  # noqa: E402
from checker.corpus import Corpus  # noqa: E402
from checker.embed import DEFAULT_MODEL, load_embedder  # noqa: E402
from checker.engine import NEIGHBOURS, run_check  # noqa: E402
from checker.figures import extract_figures  # noqa: E402
from checker.match import EmbeddedClaims  # noqa: E402
from checker.models import Claim, Figure, Finding  # noqa: E402
from checker.reader import parse_document  # noqa: E402
from checker.rulebook import load_rules  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "vitaminc_real" / "vitaminc_real.zip"
SUPPORTS, REFUTES, NEI = "SUPPORTS", "REFUTES", "NOT ENOUGH INFO"
CONFLICT_CATEGORIES = {"conflict", "stale"}
# Digit runs with their thousands separators and decimal point: "4,523,000", "9.8", "2020".
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


# ---------------------------------------------------------------------------------------------
# Data


@dataclass
class Row:
    """One VitaminC row and everything the run learns about it."""

    uid: str
    label: str
    claim: str
    evidence: str
    page: str
    claim_figures: list[Figure]
    evidence_id: int = -1
    differs: bool = False  # the claim has a figure whose value no evidence figure has
    findings: list[Finding] = field(default_factory=list)
    baseline_conflict: bool = False
    baseline_unsupported: bool = False

    @property
    def draft_path(self) -> str:
        return f"claim/{self.uid}.txt"

    def flagged(self, categories: set[str]) -> bool:
        return any(f.category in categories for f in self.findings)


def read_rows(path: Path) -> list[dict]:
    """The rows of test.jsonl, read from the zip in memory (or from a .jsonl file)."""
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.open(encoding="utf-8")]
    with zipfile.ZipFile(path) as archive:
        name = next((n for n in archive.namelist() if n.endswith("test.jsonl")), None)
        if name is None:
            sys.exit(f"{path}: no test.jsonl inside; expected the VitaminC real zip (see ../shared/data/README.md)")
        with archive.open(name) as raw:
            return [json.loads(line) for line in io.TextIOWrapper(raw, encoding="utf-8")]


def page_half(page: str) -> str:
    """Which half of the pages a page belongs to, stably across runs and machines."""
    return "tune" if int(hashlib.sha256(page.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def non_vague(figures: Iterable[Figure]) -> list[Figure]:
    return [f for f in figures if f.kind != "vague"]


def value_key(figure: Figure) -> object:
    """What "the same figure" means for the ground truth: the same value, whatever the wording
    ("4,523,000" = "4.5 million" only when the values are equal)."""
    return tuple(figure.value) if isinstance(figure.value, list) else figure.value


def digit_strings(text: str) -> set[str]:
    return {m.group(0).replace(",", "") for m in _DIGITS.finditer(text)}


# ---------------------------------------------------------------------------------------------
# Documents and claims


class EvidenceBank:
    """Every distinct evidence text of the data set as a source document, read once: pools
    are built from it batch after batch."""

    def __init__(self, raw_rows: Sequence[dict]) -> None:
        self.texts: list[str] = []
        self.pages: list[str] = []
        self._ids: dict[str, int] = {}
        for raw in raw_rows:
            if raw["evidence"] not in self._ids:
                self._ids[raw["evidence"]] = len(self.texts)
                self.texts.append(raw["evidence"])
                self.pages.append(raw["page"])
        self._claims: dict[int, list[Claim]] = {}

    def id_of(self, text: str) -> int:
        return self._ids[text]

    @staticmethod
    def path(evidence_id: int) -> str:
        return f"evidence/{evidence_id}.txt"

    def claims(self, evidence_id: int) -> list[Claim]:
        if evidence_id not in self._claims:
            self._claims[evidence_id] = english_claims(self.path(evidence_id), self.texts[evidence_id],
                                                       page_title(self.pages[evidence_id]))
        return self._claims[evidence_id]


def page_title(page: str) -> str:
    """The Wikipedia title as written ("Byzantium -LRB-film-RRB-" -> "Byzantium (film)")."""
    return page.replace("-LRB-", "(").replace("-RRB-", ")").replace("-COLON-", ":").replace("_", " ")


def english_claims(path: str, text: str, title: str | None = None) -> list[Claim]:
    """The claims of one text; an evidence text carries its page's title, as a newsroom source
    carries its headline (drafts, the claims, have none)."""
    document = parse_document(path, text)
    document.lang = "en"  # VitaminC is English; detection on one short sentence can slip
    document.title = title
    return extract_claims(document)


class VectorCache:
    """One vector per distinct sentence, embedded once however many pools it joins."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._vectors: dict[str, np.ndarray] = {}
        self.seconds = 0.0

    def fill(self, texts: Iterable[str], chunk: int = 2048) -> None:
        missing = sorted({t for t in texts if t not in self._vectors})
        if not missing:
            return
        embedder = load_embedder(self.model)
        started = time.perf_counter()
        for at in range(0, len(missing), chunk):
            part = missing[at:at + chunk]
            for text, vector in zip(part, embedder.encode(part)):
                self._vectors[text] = vector
            print(f"  embedded {min(at + chunk, len(missing)):,}/{len(missing):,} sentences", file=sys.stderr)
        self.seconds += time.perf_counter() - started

    @property
    def size(self) -> int:
        return len(self._vectors)

    def matrix(self, claims: Sequence[Claim]) -> np.ndarray:
        if not claims:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._vectors[c.text] for c in claims]).astype(np.float32)


# ---------------------------------------------------------------------------------------------
# Batches


@dataclass
class Batch:
    rows: list[Row]
    pool: list[int]  # evidence ids, at most one per page


def plan_batches(rows: list[Row], bank: EvidenceBank, pool_size: int, rng: random.Random) -> list[Batch]:
    """Spread the rows' evidence texts over batches so no page gives two texts to one batch,
    then top each pool up to `pool_size` with evidence of the other checked rows, from pages the
    batch does not touch. (Filling from the checked rows keeps the embedding bill to the rows
    checked; filler without a figure would be invisible to the checker, so it is skipped.)

    A page with many revisions (the 2020 coronavirus pages have hundreds) sets the least number
    of batches; each page's texts go to the least-loaded batches."""
    by_evidence: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_evidence[row.evidence_id].append(row)
    by_page: dict[str, list[int]] = defaultdict(list)
    for evidence_id in by_evidence:
        by_page[bank.pages[evidence_id]].append(evidence_id)
    count = max(math.ceil(len(by_evidence) / pool_size), max(len(ids) for ids in by_page.values()))
    pools: list[list[int]] = [[] for _ in range(count)]
    pages = sorted(by_page, key=lambda p: (-len(by_page[p]), p))
    for page in pages:
        ids = by_page[page]
        rng.shuffle(ids)
        targets = sorted(range(count), key=lambda b: (len(pools[b]), rng.random()))[: len(ids)]
        for batch, evidence_id in zip(targets, ids):
            pools[batch].append(evidence_id)
    fillers = sorted(i for i in by_evidence if bank.claims(i))
    batches = []
    for pool in pools:
        used_pages = {bank.pages[i] for i in pool}
        candidates = [i for i in rng.sample(fillers, min(len(fillers), 4 * pool_size))
                      if bank.pages[i] not in used_pages]
        extra: list[int] = []
        for evidence_id in candidates:
            if len(pool) + len(extra) >= pool_size:
                break
            if bank.pages[evidence_id] not in used_pages:
                used_pages.add(bank.pages[evidence_id])
                extra.append(evidence_id)
        batches.append(Batch([r for i in pool for r in by_evidence[i]], pool + extra))
    return batches


# ---------------------------------------------------------------------------------------------
# Checking


def check_batch(batch: Batch, drafts: dict[str, list[Claim]], bank: EvidenceBank, vectors: VectorCache,
                rules: list) -> None:
    """One Corpus, one run_check: every claim of the batch against the whole pool."""
    draft_claims = [c for row in batch.rows for c in drafts[row.uid]]
    source_claims = [c for i in batch.pool for c in bank.claims(i)]
    corpus = Corpus(draft_paths=[r.draft_path for r in batch.rows],
                    source_paths=[bank.path(i) for i in batch.pool],
                    subjects=EmbeddedClaims(draft_claims, vectors.matrix(draft_claims)),
                    evidence=EmbeddedClaims(source_claims, vectors.matrix(source_claims)),
                    claims=len(draft_claims) + len(source_claims),
                    figures=sum(len(c.figures) for c in draft_claims + source_claims))
    by_path = {row.draft_path: row for row in batch.rows}
    for finding in run_check(corpus, rules).findings:
        by_path[finding.path].findings.append(finding)


def score_baseline(batch: Batch, bank: EvidenceBank) -> None:
    pool_digits = set().union(*(digit_strings(bank.texts[i]) for i in batch.pool))
    for row in batch.rows:
        claim_digits = digit_strings(row.claim)
        row.baseline_conflict = bool(claim_digits - digit_strings(row.evidence))
        row.baseline_unsupported = bool(claim_digits - pool_digits)


# ---------------------------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class Detection:
    positives: int
    negatives: int
    true_positives: int
    false_positives: int

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_positives / self.negatives if self.negatives else 0.0


def detection(positives: list[Row], negatives: list[Row], flagged) -> Detection:
    return Detection(len(positives), len(negatives), sum(map(flagged, positives)), sum(map(flagged, negatives)))


def rate(rows: list[Row], flagged) -> float:
    return sum(map(flagged, rows)) / len(rows) if rows else 0.0


# ---------------------------------------------------------------------------------------------
# Why factlint missed or raised a conflict (for the analysis, not the score)


MISS_REASONS = [
    "evidence has no figure factlint reads",
    "no comparable figure in the evidence (counted noun missing or different, other currency, other kind)",
    "comparable figures agree as intervals (hedges, precision)",
    "paired evidence below the conflict similarity floor or not among the nearest",
    "conflict suppressed by an agreeing figure of its own evidence",
    "conflict suppressed by an agreeing figure of another page",
]


@dataclass(frozen=True)
class Pool:
    """A batch's source claims and their vectors, for the diagnosis."""

    claims: list[Claim]
    matrix: np.ndarray


def conflict_rule_for(figure: Figure, rules: list):
    return next((r for r in rules if r.spec.category == "conflict" and figure.kind in r.params.kinds), None)


def diagnose_miss(row: Row, drafts: dict[str, list[Claim]], bank: EvidenceBank, vectors: VectorCache,
                  pool: Pool, rules: list) -> tuple[int, float]:
    """How far the most promising differing figure of a missed row got through the conflict
    rule (replaying `FigureConflict` against the row's own evidence): an index into
    MISS_REASONS, and the best similarity of claim to paired evidence."""
    own_path = bank.path(row.evidence_id)
    evidence_claims = bank.claims(row.evidence_id)
    draft_claims = drafts[row.uid]
    if not draft_claims or not evidence_claims:
        return 0, 0.0
    draft_vectors = vectors.matrix(draft_claims)
    similarity = draft_vectors @ vectors.matrix(evidence_claims).T
    pool_similarity = draft_vectors @ pool.matrix.T
    evidence_values = {value_key(f) for c in evidence_claims for f in non_vague(c.figures)}
    stage = 1
    for i, claim in enumerate(draft_claims):
        nearest = np.argsort(-pool_similarity[i])[:NEIGHBOURS]
        for figure in non_vague(claim.figures):
            rule = conflict_rule_for(figure, rules)
            if rule is None or value_key(figure) in evidence_values:
                continue
            options = {"compare_bare_counts": rule.params.compare_bare_counts,
                       "stronger_bounds_conflict": rule.params.stronger_bounds_conflict}
            for j, other in enumerate(evidence_claims):
                for theirs in other.figures:
                    verdict = relation(figure, theirs, **options)
                    if verdict is Relation.CONSISTENT:
                        stage = max(stage, 2)
                    elif verdict is Relation.CONFLICT:
                        retrieved = similarity[i, j] >= pool_similarity[i, nearest[-1]]
                        if similarity[i, j] < rule.params.min_similarity or not retrieved:
                            stage = max(stage, 3)
                            continue
                        # Which source agreed with the claim, at least as precisely, close enough?
                        supporters = {pool.claims[k].path for k in nearest
                                      if pool_similarity[i, k] >= rule.params.min_support_similarity
                                      for f in pool.claims[k].figures
                                      if relation(figure, f, **options) is Relation.CONSISTENT
                                      and width(f) <= width(theirs)}
                        stage = max(stage, 4 if own_path in supporters else 5 if supporters else 3)
    return stage, float(similarity.max())


FALSE_ALARM_CAUSES = [
    "cites another page's evidence (cross-story match)",
    "cites its own evidence, whose figures differ from the claim's (label allows it: bounds, rounding, implication)",
    "cites its own evidence, which has the claim's figure too (figure reading or pairing)",
]


def false_alarm_cause(row: Row, bank: EvidenceBank) -> int:
    own = bank.path(row.evidence_id)
    cited = {e.path for f in row.findings if f.category in CONFLICT_CATEGORIES for e in f.evidence}
    if own not in cited:
        return 0
    return 1 if row.differs else 2


# ---------------------------------------------------------------------------------------------
# Output


def describe(figure: Figure) -> str:
    bounds = "" if figure.low is None and figure.high is None else f" [{figure.low}, {figure.high}]"
    unit = f" {figure.unit_group or figure.unit or figure.currency or ''}".rstrip()
    return f"“{figure.text}” {figure.kind} {figure.value}{bounds}{unit}"


def show_row(row: Row, drafts, bank: EvidenceBank, note: str) -> None:
    print(f"- {row.uid} [{row.label}] {note}")
    print(f"    claim:    {row.claim}")
    print(f"    evidence: {row.evidence}")
    print(f"    claim figures:    {'; '.join(describe(f) for c in drafts[row.uid] for f in c.figures) or '-'}")
    print(f"    evidence figures: {'; '.join(describe(f) for c in bank.claims(row.evidence_id) for f in c.figures) or '-'}")
    for finding in row.findings:
        print(f"    {finding.rule} {finding.category}: {finding.message}")
        for cited in finding.evidence:
            whose = "own evidence" if cited.path == bank.path(row.evidence_id) else "OTHER PAGE"
            print(f"      <- {whose}, similarity {cited.similarity:.2f}, {describe(cited.figure)}: {cited.claim[:150]}")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or "unknown CPU")
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}, {ram:.1f} GiB RAM, Python {platform.python_version()}"


def checker_state() -> str:
    """The commit measured, and whether the code or rules differ from it (read-only git)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()
    dirty = git("status", "--porcelain", "--", "checker", "rules")
    return f"commit {git('rev-parse', '--short', 'HEAD') or 'unknown'}" + (
        f", with uncommitted changes in {len(dirty.splitlines())} files of checker/ or rules/" if dirty else "")


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def markdown(args, command: str, counts: dict, conflict_sets: dict, unsupported: dict, misses: dict,
             alarms: Counter, timing: dict) -> str:
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"## {date} · issue 5 · VitaminC real test set, claims against pooled evidence",
        "",
        f"- command: `{command}`",
        f"- machine: {machine()}",
        f"- code: {checker_state()}",
        f"- model {args.model}, {'rules from ' + str(args.rules) if args.rules else 'bundled rules'}; seed {args.seed}; {timing['batches']} batches; source pool per "
        f"batch (`--pool {args.pool}`): {timing['pool_texts']:.0f} evidence texts from as many pages on average, "
        f"{timing['pool_claims']:.0f} sentences with figures",
        f"- rows: {counts['all']:,} in the test set, {counts['numeric']:,} whose claim has a non-vague figure "
        f"(numeric subset); checked: {counts['checked']:,} "
        + ("(all of them)" if counts['checked'] == counts['numeric'] else f"(random sample, seed {args.seed})"),
        f"- checked rows by label: SUPPORTS {counts[SUPPORTS]:,}, REFUTES {counts[REFUTES]:,} "
        f"(differing figure {counts['refutes_differing']:,}), NOT ENOUGH INFO {counts[NEI]:,}",
        f"- time: {timing['total']:.0f} s wall for {counts['checked']:,} claims ({counts['checked'] / timing['total']:.0f} claims/s): "
        f"reading and figures {timing['read']:.0f} s, embedding {timing['embed']:.0f} s "
        f"({timing['sentences']:,} sentences), matching and rules {timing['check']:.0f} s",
        "",
        "| measure | rows | factlint | baseline (digit strings) |",
        "|---|---|---|---|",
    ]
    for name, (rows_text, ours, base) in conflict_sets.items():
        lines.append(f"| {name}: precision / recall / F1 | {rows_text} | "
                     f"{ours.precision:.3f} / {ours.recall:.3f} / **{ours.f1:.3f}** | "
                     f"{base.precision:.3f} / {base.recall:.3f} / {base.f1:.3f} |")
    ours, base = next(iter(conflict_sets.values()))[1:]
    everything = Detection(ours.positives, ours.negatives, ours.positives, ours.negatives)
    lines.append(f"| (reference: flag every row) precision / recall / F1 | | {everything.precision:.3f} / 1.000 / "
                 f"{everything.f1:.3f} | |")
    lines.append(f"| conflict false alarms on SUPPORTS | {ours.negatives:,} | **{pct(ours.false_alarm_rate)}** | "
                 f"{pct(base.false_alarm_rate)} |")
    for name, (n, ours_rate, base_rate) in unsupported.items():
        lines.append(f"| {name} | {n:,} | {pct(ours_rate)} | {pct(base_rate)} |")
    lines += ["", "Why factlint missed a REFUTES row with a differing figure (replaying the conflict rule "
              "against the row's own evidence):", "",
              "| cause | rows | median similarity, claim to paired evidence |", "|---|---|---|"]
    for i, reason in enumerate(MISS_REASONS):
        similarities = [s for _, s in misses.get(i, [])]
        median = f"{float(np.median(similarities)):.2f}" if similarities else "-"
        lines.append(f"| {reason} | {len(similarities):,} | {median} |")
    lines += ["", "Why factlint raised a conflict on a SUPPORTS row:", "", "| cause | rows |", "|---|---|"]
    lines += [f"| {cause} | {alarms[i]:,} |" for i, cause in enumerate(FALSE_ALARM_CAUSES)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="vitaminc_real.zip or test.jsonl")
    parser.add_argument("--sample", "--limit", type=int, default=None, metavar="N",
                        help="check a random sample of N rows of the numeric subset (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pool", type=int, default=500, help="evidence texts (one per page) per source pool")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--rules", type=Path, default=None, help="rules folder (default: the bundled rules)")
    parser.add_argument("--pages", choices=["all", "tune", "test"], default="all",
                        help="all rows, or one half of the pages (split by a hash of the page title): tune "
                             "settings on one half and report them on the other")
    parser.add_argument("--lexical-weight", type=float, default=None,
                        help=f"weight of shared words in relatedness (default: {match.LEXICAL_WEIGHT})")
    parser.add_argument("--show", type=int, default=0, metavar="K", help="print K example rows of each error kind")
    parser.add_argument("--output", type=Path, default=Path("-"),
                        help="also write the Markdown results to this file (default: print only; "
                             "bench/RESULTS.md keeps the runs worth keeping)")
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"{args.data}: VitaminC data not found; it lives in ../shared/data/vitaminc_real (see its README)")
    command = ".venv/bin/python bench/vitaminc.py " + shlex.join(sys.argv[1:])
    rng = random.Random(args.seed)
    started = time.perf_counter()

    raw_rows = read_rows(args.data)
    bank = EvidenceBank(raw_rows)
    numeric = [Row(r["unique_id"], r["label"], r["claim"], r["evidence"], r["page"], figures)
               for r in raw_rows if (figures := non_vague(extract_figures(r["claim"], "en")))]
    if not numeric:
        sys.exit("no claim has a figure factlint reads: is figure extraction broken? (try `factlint figures`)")
    if args.pages != "all":
        numeric = [r for r in numeric if page_half(r.page) == args.pages]
    if args.lexical_weight is not None:
        match.LEXICAL_WEIGHT = args.lexical_weight
    rows = sorted(rng.sample(numeric, args.sample), key=lambda r: r.uid) if args.sample and args.sample < len(numeric) else numeric
    drafts = {row.uid: english_claims(row.draft_path, row.claim) for row in rows}
    for row in rows:
        row.evidence_id = bank.id_of(row.evidence)
        evidence_values = {value_key(f) for c in bank.claims(row.evidence_id) for f in non_vague(c.figures)}
        row.differs = any(value_key(f) not in evidence_values for f in row.claim_figures)
    batches = plan_batches(rows, bank, args.pool, rng)
    read_seconds = time.perf_counter() - started
    print(f"{len(rows):,} rows of {len(numeric):,} numeric ({len(raw_rows):,} in all), {len(batches)} batches "
          f"({read_seconds:.0f} s reading)", file=sys.stderr)

    vectors = VectorCache(args.model)
    vectors.fill([c.text for claims in drafts.values() for c in claims]
                 + [c.text for b in batches for i in b.pool for c in bank.claims(i)])
    rules = load_rules(args.rules)
    check_started = time.perf_counter()
    for number, batch in enumerate(batches, 1):
        check_batch(batch, drafts, bank, vectors, rules)
        score_baseline(batch, bank)
        if number % 50 == 0:
            print(f"  checked {number}/{len(batches)} batches", file=sys.stderr)
    check_seconds = time.perf_counter() - check_started
    total = time.perf_counter() - started

    by_label = {label: [r for r in rows if r.label == label] for label in (SUPPORTS, REFUTES, NEI)}
    differing = [r for r in by_label[REFUTES] if r.differs]
    conflict = lambda r: r.flagged(CONFLICT_CATEGORIES)  # noqa: E731
    unsupported = lambda r: r.flagged({"unsupported"})  # noqa: E731
    base_conflict = lambda r: r.baseline_conflict  # noqa: E731
    base_unsupported = lambda r: r.baseline_unsupported  # noqa: E731
    supports = by_label[SUPPORTS]
    conflict_sets = {
        "conflict, REFUTES with differing figure vs SUPPORTS":
            (f"{len(differing):,} + {len(supports):,}", detection(differing, supports, conflict),
             detection(differing, supports, base_conflict)),
        "conflict, all REFUTES vs SUPPORTS":
            (f"{len(by_label[REFUTES]):,} + {len(supports):,}", detection(by_label[REFUTES], supports, conflict),
             detection(by_label[REFUTES], supports, base_conflict)),
    }
    unsupported_rates = {
        "unsupported on NOT ENOUGH INFO (higher is better)":
            (len(by_label[NEI]), rate(by_label[NEI], unsupported), rate(by_label[NEI], base_unsupported)),
        "unsupported on SUPPORTS (lower is better)":
            (len(supports), rate(supports, unsupported), rate(supports, base_unsupported)),
        "conflict on NOT ENOUGH INFO (no ground truth; for reference)":
            (len(by_label[NEI]), rate(by_label[NEI], conflict), rate(by_label[NEI], base_conflict)),
    }

    # Diagnose each error against the pool its row was checked in.
    batch_of = {row.uid: batch for batch in batches for row in batch.rows}
    pools: dict[int, Pool] = {}
    missed: dict[int, list[tuple[Row, float]]] = defaultdict(list)
    for row in (r for r in differing if not conflict(r)):
        batch = batch_of[row.uid]
        if id(batch) not in pools:
            claims = [c for i in batch.pool for c in bank.claims(i)]
            pools[id(batch)] = Pool(claims, vectors.matrix(claims))
        stage, similarity = diagnose_miss(row, drafts, bank, vectors, pools[id(batch)], rules)
        missed[stage].append((row, similarity))
    alarms: dict[int, list[Row]] = defaultdict(list)
    for row in (r for r in supports if conflict(r)):
        alarms[false_alarm_cause(row, bank)].append(row)

    counts = {"all": len(raw_rows), "numeric": len(numeric), "checked": len(rows),
              "refutes_differing": len(differing), **{k: len(v) for k, v in by_label.items()}}
    timing = {"total": total, "read": read_seconds, "embed": vectors.seconds, "check": check_seconds,
              "sentences": vectors.size, "batches": len(batches),
              "pool_texts": float(np.mean([len(b.pool) for b in batches])),
              "pool_claims": float(np.mean([sum(len(bank.claims(i)) for i in b.pool) for b in batches]))}
    report = markdown(args, command, counts, conflict_sets, unsupported_rates,
                      missed, Counter({k: len(v) for k, v in alarms.items()}),
                      timing)
    print(report)
    if str(args.output) != "-":
        args.output.write_text(report, encoding="utf-8")
        print(f"written to {args.output}", file=sys.stderr)

    if args.show:
        for stage, reason in enumerate(MISS_REASONS):
            print(f"\n### missed ({reason}): {len(missed[stage])}")
            for row, similarity in missed[stage][: args.show]:
                show_row(row, drafts, bank, f"best similarity to paired evidence {similarity:.2f}")
        for cause, text in enumerate(FALSE_ALARM_CAUSES):
            print(f"\n### false alarm on SUPPORTS ({text}): {len(alarms[cause])}")
            for row in alarms[cause][: args.show]:
                show_row(row, drafts, bank, "")
        for label in (SUPPORTS, NEI):
            flagged = [r for r in by_label[label] if unsupported(r)]
            print(f"\n### unsupported on {label}: {len(flagged)}")
            for row in flagged[: args.show]:
                show_row(row, drafts, bank, "")


if __name__ == "__main__":
    main()
