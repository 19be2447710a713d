"""A stable identity for a finding, so CI tools can tell a new finding from one seen before.

It hashes what the finding is about (the rule, the sentence, what the figure and its evidence
mean) and nothing about where it is: a line inserted above, or an edit elsewhere in the file,
leaves it unchanged, while changing the figure or the sentence makes a new finding.
"""

from __future__ import annotations

import hashlib
import json

from checker.models import Figure, Finding


def _number(value: float | str | None) -> float | str | None:
    # 12 significant digits: the same figure parsed twice never differs by float noise.
    return float(f"{value:.12g}") if isinstance(value, (int, float)) else value


def _meaning(figure: Figure) -> list:
    """What a figure says, not how it is written: "600 000" and "600,000" mean the same."""
    value = [_number(v) for v in figure.value] if isinstance(figure.value, list) else _number(figure.value)
    return [figure.kind, value, figure.currency, figure.unit_group]


def fingerprint(finding: Finding) -> str:
    """32 hex digits, the same for the same finding across runs, line shifts and edits elsewhere."""
    payload = {
        "rule": finding.rule,
        "claim": " ".join(finding.claim.split()).casefold(),
        "figure": _meaning(finding.figure),
        # Sorted: evidence order follows similarity scores, which may move when sources change.
        "evidence": sorted(json.dumps(_meaning(e.figure)) for e in finding.evidence),
    }
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:32]
