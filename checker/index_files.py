"""The index file beside the store: the FAISS index of every stored claim's vector.

A file is named by the claims it holds and its checksum: `claims-<last id>-<count>-<crc>.faiss`.
Claim ids only grow (SQLite AUTOINCREMENT), so the last id and the count name one set of claims:
a file matches the store exactly when its name matches the claims table, and a file of an older
state is brought up to date by adding and removing claims. Files are written whole under a
temporary name, flushed to disk and renamed: a reader sees a complete file or none. A damaged
file is only a slower run: it is reported, deleted and built again from the store, which holds
every vector.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker.index import DamagedIndex, VectorIndex, checksum_holds

_NAME = re.compile(r"claims-(\d+)-(\d+)-([0-9a-f]{8})\.faiss")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClaimsState:
    """Which claims the store holds: the highest id and how many."""

    last_id: int
    count: int

    @classmethod
    def of(cls, ids: np.ndarray) -> "ClaimsState":
        return cls(int(ids.max()) if len(ids) else 0, len(ids))

    def file_name(self, crc: int) -> str:
        return f"claims-{self.last_id}-{self.count}-{crc:08x}.faiss"


@dataclass(frozen=True)
class IndexFile:
    state: ClaimsState
    index: VectorIndex


def _on_disk(folder: Path) -> list[tuple[ClaimsState, int, Path]]:
    found = []
    for path in folder.glob("claims-*.faiss"):
        match = _NAME.fullmatch(path.name)
        if match:
            found.append((ClaimsState(int(match[1]), int(match[2])), int(match[3], 16), path))
    return found


def is_current(folder: Path, state: ClaimsState) -> bool:
    """Whether the file of `state` is there and its checksum holds, read without loading it
    into FAISS (what `factlint index` asks of an unchanged store). A damaged file is left to
    `read_nearest` to report."""
    for file_state, crc, path in _on_disk(folder):
        if file_state == state:
            try:
                return checksum_holds(path, crc)
            except OSError:
                return False
    return False


def read_nearest(folder: Path, state: ClaimsState) -> IndexFile | None:
    """The file that matches `state`, else the newest one, else None. A damaged file is
    reported and deleted, and the next one tried."""
    candidates = sorted(_on_disk(folder), key=lambda c: (c[0] != state, -c[0].last_id, -c[0].count))
    for file_state, crc, path in candidates:
        try:
            return IndexFile(file_state, VectorIndex.read(path, crc))
        except FileNotFoundError:  # replaced by a concurrent run since the listing
            continue
        except (DamagedIndex, OSError) as exc:
            log.warning("%s: the index file is damaged (%s); deleting it and rebuilding from the store", path, exc)
            path.unlink(missing_ok=True)
    return None


def write(folder: Path, state: ClaimsState, index: VectorIndex) -> None:
    """Write the index for `state` and delete the files of older states. A failure (disk full)
    is a warning: the store is intact and the next run builds the index again."""
    data, crc = index.to_bytes()
    target = folder / state.file_name(crc)
    partial = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        with open(partial, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        log.warning("%s: cannot write the index file (%s); the next run rebuilds it", target, exc.strerror or exc)
        return
    for other_state, _, path in _on_disk(folder):
        if path != target and other_state.last_id <= state.last_id:
            path.unlink(missing_ok=True)
