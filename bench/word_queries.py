"""Cost of lexical candidate queries when every claim queries all the others, as when sources
are checked against each other without drafts (issue 5).

    .venv/bin/python bench/word_queries.py [--claims 5000,20000] [--query-words 3,5,100]

Claims are synthetic: 14 words each, drawn from a 40,000-word vocabulary with Zipf frequencies
(a few words in many claims, most in few), seed 1. Each claim queries the index of all of them
(`WordIndex.search`, 210 results: k = 10 plus a 200-claim document of its own), with at most
`--query-words` of its rarest words.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker import word_index  # noqa: E402
from checker.word_index import WordIndex  # noqa: E402

VOCABULARY = 40_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", default="5000,20000")
    parser.add_argument("--query-words", default="3,5,100")
    args = parser.parse_args()
    rng = random.Random(1)
    vocabulary = ["".join(rng.choice("abcdefghijklmnop") for _ in range(7)) for _ in range(VOCABULARY)]
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    print("| claims | query words | all queries s | per query ms |\n|---|---|---|---|")
    for size in (int(n) for n in args.claims.split(",")):
        claims = [frozenset(rng.choices(vocabulary, weights, k=14)) for _ in range(size)]
        index = WordIndex.in_memory(claims)
        for query_words in (int(n) for n in args.query_words.split(",")):
            word_index.QUERY_WORDS = query_words
            started = time.perf_counter()
            index.search(claims, 210)
            seconds = time.perf_counter() - started
            print(f"| {size:,} | {query_words} | {seconds:.2f} | {1000 * seconds / size:.2f} |", flush=True)


if __name__ == "__main__":
    main()
