"""Figure extraction throughput on news sentences, one core.

    .venv/bin/python bench/figures_speed.py [--rounds N]

Reads every sentence of the RTE-3 dev premises (French and English: Wikipedia and news prose),
pins the process to one core, and times `extract_figures` over all of them; median of rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.figures import extract_figures  # noqa: E402
from checker.reader import split_sentences  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "rte3_fr_en" / "rte3_fr_en_dev.jsonl"


def sentences(field: str) -> list[str]:
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    texts = dict.fromkeys(row[field] for row in rows)
    return [s.text for text in texts for s in split_sentences(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not DATA.is_file():
        sys.exit(f"{DATA}: RTE-3 data not found; it lives in ../shared/data (see its README)")
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    started = time.perf_counter()
    extract_figures("Le 21 novembre, 600 000 personnes.", "fr")
    print(f"first call (word lists and patterns built): {time.perf_counter() - started:.2f} s\n")
    print("| language | sentences | figures | sentences/s (median of rounds) |\n|---|---|---|---|")
    for lang, field in (("fr", "fr_premise"), ("en", "en_premise")):
        texts = sentences(field)
        timings, figures = [], 0
        for _ in range(args.rounds):
            started = time.perf_counter()
            figures = sum(len(extract_figures(text, lang)) for text in texts)
            timings.append(time.perf_counter() - started)
        print(f"| {lang} | {len(texts)} | {figures} | {len(texts) / statistics.median(timings):,.0f} |")


if __name__ == "__main__":
    main()
