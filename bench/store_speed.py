"""Indexing throughput, re-indexing, and checks against large stores (issue 5), each step a new
`factlint` process as a user runs it.

    .venv/bin/python bench/store_speed.py [--claims 10000,100000] [--repeat 3] [--encode-sample 20000]

For each store size: generate sources of 20 claims each (`bench/generated.py`) and
1. `factlint index SOURCES`: claims/s (start-up and model load included), peak RSS;
2. the raw `encode` throughput of the same model on the same claim sentences, in this process
   (up to `--encode-sample` of them), just before and just after 1, and the ratio of 1 to
   their mean;
3. `factlint index SOURCES` again, nothing changed: time, as a share of 1;
4. `factlint check DRAFT --sources SOURCES` with a 1,000-word English draft (RTE-3 sentences,
   as in `check_speed.py`): cold is the first check of a draft the store has never seen (its
   sentences are embedded, so the model loads), warm the same draft checked again; median time
   and peak RSS over `--repeat` drafts;
5. the store's size on disk (SQLite file and index file).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from check_speed import DATA, measure  # noqa: E402
from checker.embed import load_embedder  # noqa: E402
from generated import generate  # noqa: E402

PER_DOCUMENT = 20


def drafts(folder: Path, count: int) -> list[Path]:
    """`count` English drafts of about 1,000 words, from different RTE-3 rows each."""
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    paths, row = [], 0
    for number in range(count):
        paragraphs, words = [], 0
        while words < 1000:
            for text in (rows[row]["en_hypothesis"], rows[row]["en_premise"]):
                paragraphs.append(text)
                words += len(text.split())
            row += 1
        path = folder / f"draft-{number}.md"
        path.write_text("---\nlang: en\n---\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def claim_sentences(cache: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(cache / "store.sqlite") as db:
        return [json.loads(payload)["sentence"]["text"] for (payload,) in db.execute("SELECT claim FROM claims")]


def generated_sentences(folder: Path) -> list[str]:
    """The claim sentences of the generated sources, in store order, read as the store reads them."""
    from checker.claims import extract_claims
    from checker.reader import find_documents, read_document

    return [c.text for display, path in find_documents([str(folder)])
            for c in extract_claims(read_document(path, display))]


def raw_encode_rate(model: str, sentences: list[str]) -> float:
    embedder = load_embedder(model)
    embedder.encode(sentences[:64])  # warm the model up, as indexing's first batch does
    started = time.perf_counter()
    for start in range(0, len(sentences), 256):  # the batch size the store embeds with
        embedder.encode(sentences[start:start + 256])
    return len(sentences) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--encode-sample", type=int, default=20_000)
    parser.add_argument("--model", default="use-multilingual")
    args = parser.parse_args()
    print("| store | step | result |\n|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory(prefix="factlint-store-speed-") as tmp:
        scratch = Path(tmp)
        for size in (int(s) for s in args.claims.split(",")):
            label = f"{size:,} claims"
            sources, cache = scratch / f"sources-{size}", scratch / f"cache-{size}"
            generate(sources, size // PER_DOCUMENT, PER_DOCUMENT, seed=size)
            # The raw rate is measured just before and just after the index run, on the claim
            # sentences (generated again: the same seed gives the same sentences), and indexing
            # is divided by their mean: this VM's speed drifts within minutes.
            before = raw_encode_rate(args.model, generated_sentences(sources)[: args.encode_sample])
            index = ["index", str(sources), "--model", args.model]
            seconds, peak = measure(index, cache)
            stored = claim_sentences(cache)
            rate = len(stored) / seconds
            print(f"| {label} | index, new store | {len(stored):,} claims in {seconds:.1f} s: {rate:.0f} claims/s, "
                  f"peak RSS {peak:.0f} MiB |", flush=True)
            sample = stored[: args.encode_sample]
            after = raw_encode_rate(args.model, sample)
            raw = (before + after) / 2
            print(f"| {label} | raw encode, same sentences ({len(sample):,}), before / after the index run | "
                  f"{before:.0f} / {after:.0f} sentences/s: indexing at {rate / raw:.0%} of their mean |", flush=True)
            again, _ = measure(index, cache)
            print(f"| {label} | index again, nothing changed | {again:.2f} s, {again / seconds:.1%} of the first |",
                  flush=True)
            runs = {"cold": [], "warm": []}
            for draft in drafts(scratch, args.repeat):
                check = ["check", str(draft), "--sources", str(sources), "--fail-on", "never", "--model", args.model]
                runs["cold"].append(measure(check, cache))
                runs["warm"].append(measure(check, cache))
                draft.unlink()
            for kind, results in runs.items():
                print(f"| {label} | 1,000-word draft, {kind} | {statistics.median(r[0] for r in results):.2f} s, "
                      f"peak RSS {max(r[1] for r in results):.0f} MiB ({len(results)} runs) |", flush=True)
            on_disk = {p.name: p.stat().st_size / 2**20 for p in cache.iterdir() if p.is_file()}
            files = ", ".join(f"{name.split('-')[0] if name.endswith('.faiss') else name} {mib:.0f} MiB"
                              for name, mib in sorted(on_disk.items()) if mib >= 0.05)
            print(f"| {label} | size on disk | {sum(on_disk.values()):.0f} MiB ({files}) |", flush=True)


if __name__ == "__main__":
    main()
