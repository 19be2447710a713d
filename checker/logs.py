"""How factlint's warnings reach the terminal: one line each on stderr, in the main process
and in the process that reads files (`checker.read_ahead`)."""

from __future__ import annotations

import logging
import os
import sys


class _OneLineFormatter(logging.Formatter):
    """`factlint: warning: <message>`; a traceback only with FACTLINT_DEBUG (a logged bug)."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"factlint: {record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info and os.environ.get("FACTLINT_DEBUG"):
            line += "\n" + self.formatException(record.exc_info)
        return line


def log_to_stderr() -> None:
    """Warnings of the checker (a skipped folder link, a cache that cannot be written) as one
    line each on stderr, where they do not mix with a report on stdout."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter())
    logger = logging.getLogger("checker")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
