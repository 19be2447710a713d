"""Files read and their claims extracted, in order, ahead of the store that saves them.

Past `PROCESS_FROM` files the reading runs in a second process. Reading and extracting are
pure Python: in the process that embeds, they would take turns on the interpreter lock with
the model's glue code and leave a core idle (bench/RESULTS.md: indexing 20k claims took
20.0-21.2 s in one process at 151% CPU, 18.4-18.7 s with a reader process at 171%). Fewer files
are read in this process: starting another costs about 0.3 s.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from checker.claims import extract_claims
from checker.errors import InputError
from checker.logs import log_to_stderr
from checker.reader import read_document
from checker.stored_claims import SerialisedClaim

PROCESS_FROM = 64  # files to read
_FILES_PER_TASK = 16  # per message between the processes
_TASKS_AHEAD = 4  # the reader stays at most this many tasks ahead of the store: memory stays bounded

log = logging.getLogger(__name__)


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
def extracted_files(files: Sequence[FileToRead]) -> Iterator[Iterator[list[ExtractedFile]]]:
    """The files, read and extracted, in their order, in groups read together (to be stored
    together). A file that cannot be read raises its InputError where it comes, after a group
    of the files before it."""
    tasks = [files[start:start + _FILES_PER_TASK] for start in range(0, len(files), _FILES_PER_TASK)]
    if len(files) < PROCESS_FROM:
        yield _read_here(files)
        return
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_reader)
    try:
        yield _in_order(pool, tasks)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read_here(files: Sequence[FileToRead]) -> Iterator[list[ExtractedFile]]:
    """File by file: each is stored before the next is read."""
    return (group for file in files for group in _unpacked(_extract([file])))


def _in_order(pool: ProcessPoolExecutor, tasks: list[Sequence[FileToRead]]) -> Iterator[list[ExtractedFile]]:
    """The tasks' files, the first read here while the reader process starts (its imports take
    a few tenths of a second, and the model can start on these files), the rest by the reader
    process, at most `_TASKS_AHEAD` tasks ahead. If the process dies (killed for memory; or a
    script run without `if __name__ == "__main__":`, which a spawned process runs again), the
    rest is read here."""
    pending: deque[Future[list[ExtractedFile | InputError]]] = deque()
    submitted = 1  # tasks handed out: the first to this process

    def hand_out() -> None:
        nonlocal submitted
        while submitted < len(tasks) and len(pending) <= _TASKS_AHEAD:
            pending.append(pool.submit(_extract, tasks[submitted]))
            submitted += 1

    done = 0  # tasks whose files were given
    try:
        with _interrupts_for_this_process():  # the process starts at the first task it is given
            hand_out()
        yield from _unpacked(_extract(tasks[0]))
        done = 1
        while pending:
            hand_out()
            results = pending.popleft().result()
            done += 1
            yield from _unpacked(results)
    except BrokenProcessPool as exc:
        log.warning("the process reading files stopped (%s); reading the rest in this one", exc)
        yield from _read_here([file for task in tasks[done:] for file in task])


@contextmanager
def _interrupts_for_this_process() -> Iterator[None]:
    """Ctrl-C is ignored while the reader process starts, which it inherits: a signal during
    its start-up (imports take half a second) would print its traceback. The main process
    stops it on Ctrl-C. Signals are only handled in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _start_reader() -> None:
    """In the reader process: factlint's one-line warnings, and an end with the main process.
    Killed outright, that process never tells its pool's reader to stop, and the reader would
    wait for work forever."""
    log_to_stderr()
    main = multiprocessing.parent_process()
    if main is not None:
        threading.Thread(target=_exit_after, args=(main,), daemon=True, name="factlint-main-watch").start()


def _exit_after(main: multiprocessing.process.BaseProcess) -> None:
    main.join()
    os._exit(1)


def _unpacked(results: list[ExtractedFile | InputError]) -> Iterator[list[ExtractedFile]]:
    """A task's files as one group; where one could not be read, the files before it, then its error."""
    read = [result for result in results if not isinstance(result, InputError)]
    if read:
        yield read
    if len(read) < len(results):
        raise results[len(read)]


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

