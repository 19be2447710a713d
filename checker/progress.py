"""Progress bars for long runs: shown on a terminal after a couple of seconds, never in logs or CI."""

from __future__ import annotations

import sys

from tqdm import tqdm

SHOW_AFTER_S = 2.0  # a quick run never draws a bar


def progress(total: int, desc: str, unit: str) -> tqdm:
    """A bar on stderr; `disable=None` turns it off when stderr is not a terminal."""
    return tqdm(total=total, desc=f"factlint: {desc}", unit=f" {unit}s", file=sys.stderr, disable=None,
                delay=SHOW_AFTER_S, leave=False, dynamic_ncols=True)
