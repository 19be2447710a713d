"""Errors a user can act on. The CLI prints each as one line and exits with code 2."""

from __future__ import annotations

from pathlib import Path


class FactlintError(Exception):
    """A usage, configuration or input problem; the message says what to do."""


class InputError(FactlintError):
    """A file that cannot be used; the message names it."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
