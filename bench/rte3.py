"""RTE-3 dev, French premise as source, English hypothesis as draft: what factlint reports.

    .venv/bin/python bench/rte3.py [--model NAME] [--data PATH]

Counts, per label, the pairs whose hypothesis carries a figure and which get a conflict, an
unsupported figure or any finding. The ones that matter: contradictions whose figure differs
from the premise (should be conflicts) and entailments with figures (should get nothing).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.corpus import corpus_from_documents  # noqa: E402
from checker.embed import DEFAULT_MODEL, load_embedder  # noqa: E402
from checker.engine import run_check  # noqa: E402
from checker.reader import parse_document  # noqa: E402
from checker.rulebook import load_rules  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "rte3_fr_en" / "rte3_fr_en_dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", action="store_true", help="print each pair that got a finding")
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"{args.data}: RTE-3 data not found; it lives in ../shared/data (see its README)")
    rows = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    rules = load_rules()
    embedder = load_embedder(args.model)
    counts: Counter = Counter()
    started = time.perf_counter()
    for row in rows:
        draft = parse_document("hypothesis.txt", row["en_hypothesis"])
        source = parse_document("premise.txt", row["fr_premise"])
        draft.lang, source.lang = "en", "fr"
        findings = run_check(corpus_from_documents([draft], [source], lambda: embedder), rules).findings
        group = (row["label"], "differing figure" if row["hyp_numbers_not_in_premise"]
                 else "figure" if row["hyp_has_number"] else "no figure")
        categories = {f.category for f in findings}
        counts[group] += 1
        counts[group + ("conflict",)] += "conflict" in categories
        counts[group + ("unsupported",)] += "unsupported" in categories
        counts[group + ("any",)] += bool(findings)
        if args.show and findings:
            print(f"{row['id']} {row['label']}: {row['en_hypothesis']}")
            for f in findings:
                print(f"    {f.rule} {f.message}")
    elapsed = time.perf_counter() - started
    print(f"model {args.model}, {len(rows)} pairs in {elapsed:.1f} s\n")
    print("| label | hypothesis | pairs | conflict | unsupported | any finding |")
    print("|---|---|---|---|---|---|")
    for group in sorted(k for k in counts if len(k) == 2):
        print(f"| {group[0]} | {group[1]} | {counts[group]} | {counts[group + ('conflict',)]} | "
              f"{counts[group + ('unsupported',)]} | {counts[group + ('any',)]} |")


if __name__ == "__main__":
    main()
