"""Baselines: accept today's findings once, then fail only on new ones.

A baseline file records findings by fingerprint (rule, normalised claim and figures: see
`checker.fingerprint`), so it holds when lines move or other paragraphs change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from checker.errors import FactlintError
from checker.files import write_atomically
from checker.fingerprint import fingerprint
from checker.models import Finding

BASELINE_VERSION = 1


def write_baseline(path: Path, findings: Sequence[Finding]) -> None:
    entries = {fingerprint(f): {"rule": f.rule, "path": f.path, "claim": " ".join(f.claim.split()),
                                "figure": f.figure.text} for f in findings}
    payload = {"factlint_baseline": BASELINE_VERSION, "findings": dict(sorted(entries.items()))}
    write_atomically(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "baseline",
                     "--write-baseline path")


def read_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FactlintError(f"{path}: cannot read the baseline ({exc.strerror or exc}); check the path") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FactlintError(f"{path}: is not a factlint baseline ({exc}); write one with --write-baseline") from None
    if not isinstance(data, dict) or data.get("factlint_baseline") != BASELINE_VERSION \
            or not isinstance(data.get("findings"), dict):
        raise FactlintError(f"{path}: is not a factlint baseline (version {BASELINE_VERSION}); "
                            "write one with --write-baseline")
    return set(data["findings"])


def new_findings(findings: Sequence[Finding], baseline: set[str]) -> tuple[list[Finding], int]:
    """The findings the baseline does not record, and how many it does."""
    kept = [f for f in findings if fingerprint(f) not in baseline]
    return kept, len(findings) - len(kept)
