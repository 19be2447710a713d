"""Cross-lingual retrieval, measured apart from the rules: does the draft sentence find its source?

    .venv/bin/python bench/retrieval.py [--model NAME] [--data PATH]

RTE-3 dev (800 pairs): each English hypothesis is a query, and the distinct premises of the set
are the pool, French (the cross-lingual case: French sources, English draft) or English (the
same-language control). A query hits when its own premise is among the first k. Ranked by the
dense cosine alone, and by factlint's relatedness (cosine re-ranked by shared rare words,
`checker.match`: the first `CANDIDATES_PER_NEIGHBOUR × NEIGHBOURS` dense candidates re-ranked).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.embed import DEFAULT_MODEL, load_embedder  # noqa: E402
from checker.engine import NEIGHBOURS  # noqa: E402
from checker.match import CANDIDATES_PER_NEIGHBOUR, LEXICAL_WEIGHT  # noqa: E402
from checker.terms import shared_weight, terms, weights_of  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "rte3_fr_en" / "rte3_fr_en_dev.jsonl"


def ranks(queries: list[str], pool: list[str], own: list[int], embedder) -> tuple[np.ndarray, np.ndarray]:
    """The 0-based rank of each query's own premise: by cosine, and by relatedness."""
    similarity = embedder.encode(queries) @ embedder.encode(pool).T
    pool_terms = [terms(text) for text in pool]
    frequencies: dict[str, int] = {}
    for words in pool_terms:
        for word in words:
            frequencies[word] = frequencies.get(word, 0) + 1
    weights = weights_of(set(frequencies), frequencies, len(pool))
    dense, reranked = [], []
    candidates = CANDIDATES_PER_NEIGHBOUR * NEIGHBOURS
    for row, (query, target) in enumerate(zip(queries, own)):
        order = np.argsort(-similarity[row])
        dense.append(int(np.where(order == target)[0][0]))
        words = terms(query)
        top = sorted(order[:candidates], key=lambda j: -(similarity[row, j]
                                                         + LEXICAL_WEIGHT * shared_weight(words, pool_terms[j], weights)))
        reranked.append(top.index(target) if target in top else dense[-1])
    return np.array(dense), np.array(reranked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    embedder = load_embedder(args.model)
    print("| premises | ranking | R@1 | R@5 | R@10 | MRR |\n|---|---|---|---|---|---|")
    for language in ("fr", "en"):
        premises = list(dict.fromkeys(r[f"{language}_premise"] for r in rows))
        own = [premises.index(r[f"{language}_premise"]) for r in rows]
        for name, found in zip(("cosine", "relatedness"), ranks([r["en_hypothesis"] for r in rows], premises, own,
                                                                embedder)):
            recall = [np.mean(found < k) for k in (1, 5, 10)]
            print(f"| {language} ({len(premises)}) | {name} | " + " | ".join(f"{r:.3f}" for r in recall)
                  + f" | {np.mean(1 / (found + 1)):.3f} |")


if __name__ == "__main__":
    main()
