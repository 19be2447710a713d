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
        self.problem = problem

    def __reduce__(self):  # raised in the reader process, raised again in the main one
        return type(self), (self.path, self.problem)


class EmbedderError(FactlintError):
    """A model cannot be loaded; the message says which and what to do."""
