"""Files factlint writes for the user (reports, baselines)."""

from __future__ import annotations

import os
from pathlib import Path

from checker.errors import FactlintError


def write_atomically(path: Path, text: str, what: str, flag: str) -> None:
    """Write `text` to `path` so that it is either the old file or the whole new one; a failure
    is one line naming the file, what it is, and the `flag` that chooses another place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        raise FactlintError(f"{path}: cannot write the {what} ({exc.strerror or exc}); "
                            f"choose another {flag}") from None
