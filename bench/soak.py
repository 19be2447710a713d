"""Soak: does memory stay flat over a long life? Run by hand, not in the tests.

    .venv/bin/python bench/soak.py [--sources 10000] [--drafts 1000] [--model use-multilingual]

In one process: index generated source documents into a new cache (as `factlint index`), then
check generated drafts against them one by one (as `factlint check DRAFT --sources DIR`: every
check stores and embeds the draft, reads the index file, searches and runs every rule). The
resident set size (RSS) is sampled after each check once the first `--warm-up` checks have
loaded the model and filled the caches; memory is flat when the last samples are no higher than
the first ones, give or take `--tolerance`.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from checker.corpus import load_corpus, store_files  # noqa: E402
from checker.embed import load_embedder  # noqa: E402
from checker.engine import run_check  # noqa: E402
from checker.reader import find_documents  # noqa: E402
from checker.rulebook import load_rules  # noqa: E402
from checker.store import ClaimStore  # noqa: E402
from generated import generate  # noqa: E402


def _rss_mib() -> float:
    """Resident set size now (not the peak), from /proc."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--drafts", type=int, default=1_000)
    parser.add_argument("--model", default="use-multilingual")
    parser.add_argument("--warm-up", type=int, default=50, help="checks before the first RSS sample")
    parser.add_argument("--tolerance", type=float, default=0.05, help="growth still called flat (fraction)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="factlint-soak-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        sources = folder / "sources"
        generate(sources, args.sources, 6, seed=1)
        drafts = generate(folder / "drafts", args.drafts, 8, seed=2)
        print(f"generated {args.sources} sources and {args.drafts} drafts in {time.perf_counter() - started:.0f} s",
              flush=True)

        embedder = partial(load_embedder, args.model)
        rules = load_rules()
        store = ClaimStore(folder / "cache", args.model)
        try:
            started = time.perf_counter()
            store_files(store, find_documents([str(sources)]), embedder)  # as `factlint index` does
            index = store.claim_index(embedder, persist=True)
            print(f"indexed {index.size} claims ({store.embedded} embedded) in "
                  f"{time.perf_counter() - started:.0f} s; RSS {_rss_mib():.0f} MiB", flush=True)
            del index

            samples: list[float] = []
            findings = 0
            started = time.perf_counter()
            for number, draft in enumerate(drafts, 1):
                result = run_check(load_corpus([str(draft)], [str(sources)], embedder, store), rules)
                findings += len(result.findings)
                if number > args.warm_up:
                    samples.append(_rss_mib())
                if number % 100 == 0:
                    print(f"  {number} checks, {(time.perf_counter() - started) / number:.2f} s each, "
                          f"RSS {_rss_mib():.0f} MiB", flush=True)
        finally:
            store.close()

    tenth = max(1, len(samples) // 10)
    first, last = sum(samples[:tenth]) / tenth, sum(samples[-tenth:]) / tenth
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    flat = last <= first * (1 + args.tolerance)
    print(f"{args.drafts} checks, {findings} findings, {(time.perf_counter() - started) / args.drafts:.2f} s per check")
    print(f"RSS after warm-up: first tenth {first:.0f} MiB, last tenth {last:.0f} MiB, final {samples[-1]:.0f} MiB, "
          f"peak (whole run) {peak:.0f} MiB: {'flat' if flat else 'GROWING'} "
          f"({(last / first - 1) * 100:+.1f}%, tolerance {args.tolerance:.0%})")


if __name__ == "__main__":
    main()
