"""Files read and their claims extracted, in order, ahead of the store that saves them.

Past `PROCESS_FROM` files the reading runs in a second process. Reading and extracting are
pure Python: in the process that embeds, they would take turns on the interpreter lock with
the model's tokenizer and the glue between its matrix products, and leave a core idle
(bench/RESULTS.md: indexing 20k claims, 20.0 s in one process, 17.9 s with a reader process).
Fewer files are read in this process: starting another costs about 0.3 s.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from checker.claims import extract_claims
from checker.errors import InputError
from checker.reader import read_document
from checker.stored_claims import SerialisedClaim

import os; PROCESS_FROM = int(os.environ.get("FLP", 64))  # files to read
_FILES_PER_TASK = 16  # per message between the processes
_TASKS_AHEAD = 4  # the reader stays at most this many tasks ahead of the store: memory stays bounded


@dataclass(frozen=True)
class FileToRead:
    display: str  # as reports show it
    path: Path  # resolved
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class ExtractedFile:
    file: FileToRead
    sha256: str  # of the decoded text
    claims: list[SerialisedClaim]


@contextmanager
def extracted_files(files: Sequence[FileToRead]) -> Iterator[Iterator[ExtractedFile]]:
    """The files, read and extracted, in their order. A file that cannot be read raises its
    InputError where it comes, after the files before it."""
    tasks = [files[start:start + _FILES_PER_TASK] for start in range(0, len(files), _FILES_PER_TASK)]
    if len(files) < PROCESS_FROM:
        yield (found for task in tasks for found in _unpacked(_extract(task)))
        return
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_leave_interrupts)
    try:
        yield _in_order(pool, tasks)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_order(pool: ProcessPoolExecutor, tasks: list[Sequence[FileToRead]]) -> Iterator[ExtractedFile]:
    pending: deque[Future[list[ExtractedFile | InputError]]] = deque()
    for task in tasks:
        pending.append(pool.submit(_extract, task))
        if len(pending) > _TASKS_AHEAD:
            yield from _unpacked(pending.popleft().result())
    while pending:
        yield from _unpacked(pending.popleft().result())


def _unpacked(results: list[ExtractedFile | InputError]) -> Iterator[ExtractedFile]:
    for result in results:
        if isinstance(result, InputError):
            raise result
        yield result


def _extract(files: Sequence[FileToRead]) -> list[ExtractedFile | InputError]:
    """Read and extract each file; a file that cannot be read gives its error in its place."""
    results: list[ExtractedFile | InputError] = []
    for file in files:
        try:
            document = read_document(file.path, file.display)
        except InputError as error:
            results.append(error)
            break  # the store stops at it: reading further would be wasted
        sha = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        results.append(ExtractedFile(file, sha, [SerialisedClaim.of(c) for c in extract_claims(document)]))
    return results


def _leave_interrupts() -> None:
    """In the reader process: Ctrl-C is for the main process, which stops the reader."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
