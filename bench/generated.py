"""Generated newsroom-like documents for the speed and soak benchmarks: every sentence carries a
figure, with subjects, places and years drawn so that sentences repeat their shape but rarely
their words (a corpus of n sentences embeds about n distinct sentences)."""

from __future__ import annotations

import random
from pathlib import Path

_SUBJECTS = [("The reconstruction fund holds", "money"), ("The army of the region has", "troops"),
             ("The peace plan has", "points"), ("The strike lasted", "days"), ("Inflation reached", "percent"),
             ("The ministry hired", "people"), ("The company paid", "money"), ("The talks took", "hours")]
_PLACES = ["Kyiv", "Geneva", "Paris", "Lagos", "Lima", "Oslo", "Hanoi", "Quito", "Accra", "Riga"]


def sentence(rng: random.Random) -> str:
    subject, unit = rng.choice(_SUBJECTS)
    place, year = rng.choice(_PLACES), rng.randint(2015, 2025)
    figure = {"money": f"${rng.randint(1, 900)}.{rng.randint(1, 9)} billion", "troops": f"{rng.randint(1, 900):,}000 troops",
              "points": f"{rng.randint(5, 40)} points", "days": f"{rng.randint(2, 60)} days",
              "percent": f"{rng.randint(1, 30)}.{rng.randint(0, 9)}%", "people": f"{rng.randint(10, 9999):,} people",
              "hours": f"about {rng.randint(2, 12)} hours"}[unit]
    return f"{subject} {figure} in {place} in {year}, officials said on {rng.randint(1, 28)} March."


def document(rng: random.Random, sentences: int) -> str:
    return f"---\nlang: en\ndate: 2025-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}\n---\n\n" + "\n\n".join(
        " ".join(sentence(rng) for _ in range(2)) for _ in range(sentences // 2)) + "\n"


def generate(folder: Path, count: int, sentences: int, seed: int) -> list[Path]:
    """`count` documents of `sentences` sentences each in a new `folder`."""
    folder.mkdir()
    rng = random.Random(seed)
    paths = [folder / f"doc-{number:05}.md" for number in range(count)]
    for path in paths:
        path.write_text(document(rng, sentences), encoding="utf-8")
    return paths
