"""Soak: does memory stay flat over a long life? Run by hand, not in the tests.

    .venv/bin/python bench/soak.py [--sources 10000] [--drafts 1000] [--model use-multilingual]

In one process: index generated source documents into a new cache (as `factlint index`), then
check generated drafts against them one by one (as `factlint check DRAFT --sources DIR`: every
check reads the cache, embeds the draft's new sentences, searches and runs every rule). The
resident set size (RSS) is sampled after each check once the first `--warm-up` checks have
loaded the model and filled the caches; memory is flat when the last samples are no higher than
the first ones, give or take `--tolerance`.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.corpus import load_corpus  # noqa: E402
from checker.embed import load_embedder  # noqa: E402
from checker.engine import run_check  # noqa: E402
from checker.rulebook import load_rules  # noqa: E402
from checker.store import ClaimStore  # noqa: E402

_SUBJECTS = [("The reconstruction fund holds", "money"), ("The army of the region has", "troops"),
             ("The peace plan has", "points"), ("The strike lasted", "days"), ("Inflation reached", "percent"),
             ("The ministry hired", "people"), ("The company paid", "money"), ("The talks took", "hours")]
_PLACES = ["Kyiv", "Geneva", "Paris", "Lagos", "Lima", "Oslo", "Hanoi", "Quito", "Accra", "Riga"]


def _sentence(rng: random.Random) -> str:
    subject, unit = rng.choice(_SUBJECTS)
    place, year = rng.choice(_PLACES), rng.randint(2015, 2025)
    figure = {"money": f"${rng.randint(1, 900)}.{rng.randint(1, 9)} billion", "troops": f"{rng.randint(1, 900):,}000 troops",
              "points": f"{rng.randint(5, 40)} points", "days": f"{rng.randint(2, 60)} days",
              "percent": f"{rng.randint(1, 30)}.{rng.randint(0, 9)}%", "people": f"{rng.randint(10, 9999):,} people",
              "hours": f"about {rng.randint(2, 12)} hours"}[unit]
    return f"{subject} {figure} in {place} in {year}, officials said on {rng.randint(1, 28)} March."


def _document(rng: random.Random, sentences: int) -> str:
    return f"---\nlang: en\ndate: 2025-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}\n---\n\n" + "\n\n".join(
        " ".join(_sentence(rng) for _ in range(2)) for _ in range(sentences // 2)) + "\n"


def _generate(folder: Path, count: int, sentences: int, seed: int) -> list[Path]:
    folder.mkdir()
    rng = random.Random(seed)
    paths = [folder / f"doc-{number:05}.md" for number in range(count)]
    for path in paths:
        path.write_text(_document(rng, sentences), encoding="utf-8")
    return paths


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
        _generate(sources, args.sources, 6, seed=1)
        drafts = _generate(folder / "drafts", args.drafts, 8, seed=2)
        print(f"generated {args.sources} sources and {args.drafts} drafts in {time.perf_counter() - started:.0f} s",
              flush=True)

        embedder = partial(load_embedder, args.model)
        rules = load_rules()
        store = ClaimStore(folder / "cache", args.model)
        try:
            started = time.perf_counter()
            indexed = load_corpus((), [str(sources)], embedder, store)
            print(f"indexed {len(indexed.claims)} claims ({indexed.embedded} embedded) in "
                  f"{time.perf_counter() - started:.0f} s; RSS {_rss_mib():.0f} MiB", flush=True)
            del indexed

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
