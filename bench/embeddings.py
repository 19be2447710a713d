"""Which sentence embedder should factlint use offline? Measured on RTE-3 dev (800 pairs).

For each model: cross-lingual retrieval (each English hypothesis, a draft, ranks every distinct
French premise, a source; English premises give the monolingual reference), on all pairs and on
pairs whose hypothesis carries a number; how far the cosine of a true pair sits from the best
wrong premise, with the threshold that keeps 90% of true pairs; and, in fresh processes, load
time, encoding speed and peak RSS.

    PYTHONPATH=. .venv/bin/python bench/embeddings.py [--models NAME ...] [--data FILE]

All four models take about 15 minutes on 2 cores; to run them one (or a few) at a time, pass
--append to keep the models measured by earlier runs in the results file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "rte3_fr_en" / "rte3_fr_en_dev.jsonl"
RESULTS = REPO / "bench" / "embeddings_results.md"
USE_DENOISED = "use-multilingual (denoise on)"
MODELS = ["use-multilingual", USE_DENOISED, "all-MiniLM-L6-v2", "multilingual-e5-small"]
KEEP = 0.90  # share of true pairs the suggested threshold keeps
BATCH = 64
STATE_TAG = "<!-- measurements (read back by --append):"


def load_model(name: str):
    """The factlint embedder `name`, or USE multilingual with its number masking on."""
    from checker.embed import UniversalSentenceEncoder, load_embedder

    if name != USE_DENOISED:
        return load_embedder(name)
    model = UniversalSentenceEncoder(denoise=True)
    model.name = USE_DENOISED
    return model


def load_pairs(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def encode_unique(model, texts: list[str]) -> tuple[np.ndarray, list[int]]:
    """Vectors of the distinct texts, and the row of each input text among them."""
    index = {t: i for i, t in enumerate(dict.fromkeys(texts))}
    return model.encode(list(index)), [index[t] for t in texts]


def score(model, pairs: list[dict], premise_field: str) -> dict[str, np.ndarray]:
    """Per pair: rank of its own premise, best rank of any premise paired with the same
    hypothesis, cosine to its own premise, and cosines to the premises not paired with it."""
    hyp_vecs, hyp_rows = encode_unique(model, [p["en_hypothesis"] for p in pairs])
    prem_vecs, prem_rows = encode_unique(model, [p[premise_field] for p in pairs])
    sims = hyp_vecs[hyp_rows] @ prem_vecs.T
    same_hyp = np.equal.outer(hyp_rows, hyp_rows).astype(np.float32)
    gold = same_hyp @ np.eye(len(prem_vecs), dtype=np.float32)[prem_rows] > 0
    own = sims[np.arange(len(pairs)), prem_rows]
    ranks = 1 + (sims > own[:, None]).sum(axis=1)
    any_rank = 1 + (sims > np.where(gold, sims, -np.inf).max(axis=1)[:, None]).sum(axis=1)
    return {"rank": ranks, "any_rank": any_rank, "true": own, "wrong": np.where(gold, -np.inf, sims)}


def retrieval(s: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, float]:
    r = s["rank"][mask]
    out = {f"R@{k}": float(np.mean(r <= k)) for k in (1, 5, 10)}
    out["MRR"] = float(np.mean(1.0 / r))
    out["R@1 any"] = float(np.mean(s["any_rank"][mask] <= 1))
    return out


def deciles(v: np.ndarray) -> str:
    return "/".join(f"{x:.3f}" for x in np.quantile(v, [0.1, 0.5, 0.9]))


def separation(s: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, float]:
    true, wrong = s["true"][mask], s["wrong"][mask]
    threshold = float(np.quantile(true, 1 - KEEP))
    wrong_above = (wrong >= threshold).sum(axis=1)
    return {"true p10/50/90": deciles(true), "best wrong p10/50/90": deciles(wrong.max(axis=1)),
            "threshold": threshold, "hyps with a wrong above": float(np.mean(wrong_above > 0)),
            "wrong above per hyp (median)": float(np.median(wrong_above))}


def quality(name: str, pairs: list[dict]) -> tuple[list[list], list[list]]:
    model = load_model(name)
    number = np.array([bool(p["hyp_has_number"]) for p in pairs])
    subsets = {"all": np.ones_like(number), "with number": number}
    ret_rows, sep_rows = [], []
    for lang, field in (("FR", "fr_premise"), ("EN", "en_premise")):
        s = score(model, pairs, field)
        for subset, mask in subsets.items():
            ret_rows.append([name, lang, subset, int(mask.sum()), *retrieval(s, mask).values()])
            if lang == "FR":
                sep_rows.append([name, subset, *separation(s, mask).values()])
    return ret_rows, sep_rows


def worker(name: str, pairs: list[dict]) -> None:
    """In a fresh process: time to the first vector (import, load, one sentence), premises
    encoded per second, peak RSS."""
    texts = [p["fr_premise"] for p in pairs] + [p["en_premise"] for p in pairs]
    start = time.perf_counter()
    model = load_model(name)
    model.encode(texts[:1])  # some backends load their weights on first use
    load_s = time.perf_counter() - start
    batches = [texts[i:i + BATCH] for i in range(0, len(texts), BATCH)]
    model.encode(batches[0])  # warm-up
    start = time.perf_counter()
    for batch in batches:
        model.encode(batch)
    rate = len(texts) / (time.perf_counter() - start)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"dim": model.dimension, "load_s": load_s, "sent_s": rate, "rss_mb": rss_mb}))


def speed(name: str, data: Path, runs: int) -> list:
    """Medians over `runs` fresh processes."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    cmd = [sys.executable, __file__, "--worker", name, "--data", str(data)]
    results = [json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True,
                                         text=True).stdout.splitlines()[-1]) for _ in range(runs)]
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    return [name, int(med["dim"]), med["load_s"], med["sent_s"], med["rss_mb"]]


def table(header: list[str], rows: list[list]) -> str:
    def cell(v) -> str:
        if not isinstance(v, float):
            return str(v)
        return f"{v:.3f}" if v <= 1 else f"{v:.1f}" if v < 100 else f"{v:.0f}"

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(map(cell, r)) + " |" for r in rows])


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "?")
    ram_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"nproc {nproc}, {cpu}, {ram_kb / 2**20:.1f} GiB RAM"


def previous_results(out: Path | None) -> dict:
    """The measurements kept (as JSON in a comment) at the end of an earlier results file."""
    text = out.read_text(encoding="utf-8") if out and out.is_file() else ""
    if STATE_TAG not in text:
        return {"runs": [], "retrieval": [], "separation": [], "speed": []}
    return json.loads(text.split(STATE_TAG, 1)[1].rsplit("-->", 1)[0])


def render(state: dict, n_pairs: int) -> str:
    runs = "\n".join(f"- {r['date']}: `{r['command']}`" for r in state["runs"])
    return "\n\n".join([
        f"# Embedding models on RTE-3 dev ({n_pairs} pairs)",
        f"Machine: {machine()}. Runs (a model re-measured replaces its earlier rows):\n{runs}",
        "## Retrieval: English hypothesis -> distinct premises, rank of the pair's own premise\n"
        "(`R@1 any`: top-1 is any premise paired with the same hypothesis text)\n\n"
        + table(["model", "premises", "pairs", "n", "R@1", "R@5", "R@10", "MRR", "R@1 any"],
                state["retrieval"]),
        "## Separation (French premises): cosine to own premise vs best wrong premise\n"
        f"(threshold = 10th percentile of true cosines, keeps {KEEP:.0%} of true pairs; "
        "then how many wrong premises reach it)\n\n"
        + table(["model", "pairs", "true p10/50/90", "best wrong p10/50/90", "threshold",
                 "hyps with a wrong premise above", "wrong premises above per hyp (median)"],
                state["separation"]),
        f"## Speed: {2 * n_pairs} FR+EN premises in batches of {BATCH} after a warm-up; "
        "median over fresh processes\n\n"
        + table(["model", "dim", "first vector s (import+load+1 sentence)", "sent/s",
                 "peak RSS MB"], state["speed"]),
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", nargs="+", default=MODELS, help=f"default: {MODELS}")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--speed-runs", type=int, default=3, help="fresh processes per model (median)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--append", action="store_true",
                    help="keep the other models measured by earlier runs in --out")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.data.is_file():
        sys.exit(f"{args.data}: RTE-3 FR/EN data not found (see ../shared/data/README.md); "
                 "give its path with --data")
    pairs = load_pairs(args.data)
    if args.worker:
        return worker(args.worker, pairs)

    state = previous_results(args.out if args.append else None)
    for key in ("retrieval", "separation", "speed"):
        state[key] = [row for row in state[key] if row[0] not in args.models]
    for name in args.models:
        print(f"[{name}]", file=sys.stderr, flush=True)
        ret, sep = quality(name, pairs)
        state["retrieval"] += ret
        state["separation"] += sep
        state["speed"].append(speed(name, args.data, args.speed_runs))
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    command = f"PYTHONPATH={os.environ.get('PYTHONPATH', '')} " + shlex.join([sys.executable, *sys.argv])
    state["runs"].append({"date": date, "command": command})
    report = render(state, len(pairs))
    print(report)
    args.out.write_text(f"{report}\n\n{STATE_TAG}\n{json.dumps(state)}\n-->\n", encoding="utf-8")


if __name__ == "__main__":
    main()
