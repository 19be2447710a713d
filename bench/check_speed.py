"""Wall time and peak memory of whole `factlint check` runs, each in a new process.

    .venv/bin/python bench/check_speed.py [--repeat N]

1. The seeds demo: seeds/drafts against seeds/sources.
2. One 1,000-word English draft against 100 French sources, built from RTE-3 dev sentences
   (English hypotheses and premises for the draft, French premises for the sources).

"cold": an empty cache before every run (`--cache` in a new folder), so everything is read and
embedded; "warm": the cache the previous run left, so nothing new is embedded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "rte3_fr_en" / "rte3_fr_en_dev.jsonl"
FACTLINT = [sys.executable, "-m", "checker"]


def measure(args: list[str], cache: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one run in a fresh process."""
    args = [*args, "--cache", str(cache)]
    started = time.perf_counter()
    process = subprocess.Popen(FACTLINT + args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"factlint failed: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def build_corpus(folder: Path) -> tuple[Path, Path]:
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    premises = list(dict.fromkeys(r["fr_premise"] for r in rows))
    sources = folder / "sources"
    sources.mkdir()
    for i in range(100):
        chunk = premises[i::100]
        (sources / f"source-{i:03}.md").write_text(
            f"---\nlang: fr\ndate: 2024-01-{1 + i % 28:02}\n---\n\n" + "\n\n".join(chunk) + "\n", encoding="utf-8")
    words, paragraphs = 0, []
    for row in rows:
        for text in (row["en_hypothesis"], row["en_premise"]):
            paragraphs.append(text)
            words += len(text.split())
        if words >= 1000:
            break
    draft = folder / "draft.md"
    draft.write_text("---\nlang: en\n---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return draft, sources


def report(name: str, args: list[str], repeat: int, scratch: Path) -> None:
    """One row for cold runs (a new cache each time) and one for warm runs (a filled cache)."""
    cold = [measure(args, Path(tempfile.mkdtemp(dir=scratch))) for _ in range(repeat)]
    warm_cache = Path(tempfile.mkdtemp(dir=scratch))
    measure(args, warm_cache)
    warm = [measure(args, warm_cache) for _ in range(repeat)]
    for label, runs in (("cold", cold), ("warm", warm)):
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        print(f"| {name}, {label} | {seconds:.2f} s | {peak:.0f} MiB | {len(runs)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not DATA.is_file():
        sys.exit(f"{DATA}: RTE-3 data not found; it lives in ../shared/data (see its README)")
    print("| run | wall time (median) | peak RSS (max) | runs |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        demo = ["check", "seeds/drafts", "--sources", "seeds/sources", "--fail-on", "never"]
        report("seeds demo (5 documents)", demo, args.repeat, scratch)
        draft, sources = build_corpus(scratch)
        big = ["check", str(draft), "--sources", str(sources), "--fail-on", "never"]
        words = len(draft.read_text(encoding="utf-8").split())
        report(f"{words}-word draft vs 100 sources", big, args.repeat, scratch)


if __name__ == "__main__":
    main()
