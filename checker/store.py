"""The cache of claims and embeddings (`.factlint/` by default): SQLite, one file.

Embedding is the slow step, so vectors are kept by the hash of the sentence they embed: text
that has not changed is never embedded again, whichever file it moves to. Claims are kept per
file with its size, modification time and content hash, so an unchanged file is not even read;
they are re-extracted whenever the figure readers change (`extractor_fingerprint`).

Every write is one SQLite transaction: an interrupted run (even killed outright) leaves the
store as it was before that write. Several factlint processes may share a store: SQLite's own
locking serialises their writes (WAL journal, so readers never wait; every write takes the
write lock up front with BEGIN IMMEDIATE, so two writers cannot deadlock; a busy store is waited
for up to `BUSY_TIMEOUT_S`). No lock file of ours: one left behind by a killed run would block
the next.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from checker.embed import Embedder
from checker.errors import FactlintError
from checker.models import Claim
from checker.paths import builtin_rules_dir

SCHEMA_VERSION = 1
STORE_FILE = "store.sqlite"
BUSY_TIMEOUT_S = 60  # a concurrent run holds the write lock for one document or one batch of vectors
IN_MEMORY = ":memory:"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL, extractor TEXT NOT NULL, claims TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (sha256 TEXT PRIMARY KEY, vector BLOB NOT NULL);
"""
# Why a cache cannot be written: a read-only checkout, a CI cache restored read-only.
_UNWRITABLE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}
_UNWRITABLE_SQLITE = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM}

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A hash of everything that decides which claims a file yields: reader, figure readers and
    the counted-noun vocabulary. A new factlint that reads figures differently re-extracts."""
    package = Path(__file__).resolve().parent
    files = [package / "reader.py", package / "claims.py", *sorted((package / "figures").glob("*.py")),
             *sorted((builtin_rules_dir() / "vocabulary").glob("*.yaml"))]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredDocument:
    size: int
    mtime_ns: int
    sha256: str
    claims: list[Claim]


class ClaimStore:
    """Claims and vectors of one embedding model, in `folder`/store.sqlite."""

    def __init__(self, folder: Path, model: str) -> None:
        """Open (or create) the store in `folder`. A damaged store, or one built with another
        model or schema, is refused with what to do; a folder that cannot be written is not an
        error: the run works with a store in memory, and says so."""
        self.folder = folder
        self.path = folder / STORE_FILE
        self.model = model
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open(str(self.path))
        except OSError as exc:
            if exc.errno not in _UNWRITABLE_ERRNOS:
                raise FactlintError(f"{folder}: cannot create the cache folder ({exc.strerror or exc}); "
                                    "choose another with --cache") from None
            self._db = self._open_in_memory(exc.strerror or str(exc))
        except sqlite3.Error as exc:
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
            if code in _UNWRITABLE_SQLITE:
                self._db = self._open_in_memory(str(exc))
            elif code == sqlite3.SQLITE_BUSY:
                raise FactlintError(f"{self.path}: the cache stayed locked by another factlint for "
                                    f"{BUSY_TIMEOUT_S} s; let it finish and run again") from None
            else:
                raise self._unreadable(str(exc)) from None

    def _open(self, target: str) -> sqlite3.Connection:
        db = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            _use_write_ahead_log(db)
            db.executescript(_SCHEMA)
            # Damage past the first pages (a truncated or overwritten file) would otherwise
            # surface mid-run; quick_check reads every page once (~0.1 s per 100 MB).
            verdict = db.execute("PRAGMA quick_check(1)").fetchone()[0]
            if verdict != "ok":  # "*** in database main ***\nOn tree page 7 cell 1: ...": one line
                raise self._unreadable(verdict.splitlines()[-1])
            expected = {"schema_version": str(SCHEMA_VERSION), "model": self.model}
            with _Transaction(db):  # read and first write together: two new runs race here
                meta = dict(db.execute("SELECT key, value FROM meta"))
                if not meta:
                    db.executemany("INSERT INTO meta VALUES (?, ?)", expected.items())
                    meta = expected
        except BaseException:
            db.close()
            raise
        for key, value in expected.items():
            if meta.get(key) != value:
                db.close()
                raise FactlintError(
                    f"{self.path}: the cache was built with {key} {meta.get(key)!r}, not {value!r}; "
                    f"delete {self.folder} (or give another --cache) to rebuild it")
        return db

    def _open_in_memory(self, reason: str) -> sqlite3.Connection:
        log.warning("%s: cannot write the cache (%s); working without it this run (give a writable "
                    "--cache, or --no-cache to silence this)", self.folder, reason)
        return self._open(IN_MEMORY)

    def _unreadable(self, problem: str) -> FactlintError:
        return FactlintError(f"{self.path}: the cache is unreadable ({problem}); delete {self.folder} "
                             "and run again to rebuild it")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """A write; one the disk refuses (full, turned read-only, locked too long) is one line."""
        try:
            with _Transaction(self._db):
                yield
        except sqlite3.OperationalError as exc:
            raise FactlintError(f"{self.path}: cannot write the cache ({exc}); free some space, give "
                                "another --cache, or run with --no-cache") from None

    def close(self) -> None:
        self._db.close()

    # Documents -------------------------------------------------------------------------------

    def document(self, path: Path) -> StoredDocument | None:
        """What the store holds for a file, if the readers have not changed since."""
        row = self._db.execute(
            "SELECT size, mtime_ns, sha256, claims FROM documents WHERE path = ? AND extractor = ?",
            (str(path.resolve()), extractor_fingerprint())).fetchone()
        if row is None:
            return None
        claims = [Claim.model_validate(c) for c in json.loads(row[3])]
        return StoredDocument(row[0], row[1], row[2], claims)

    def save_document(self, path: Path, size: int, mtime_ns: int, sha256: str, claims: Sequence[Claim]) -> None:
        payload = json.dumps([c.model_dump(mode="json") for c in claims], ensure_ascii=False)
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                             (str(path.resolve()), size, mtime_ns, sha256, extractor_fingerprint(), payload))

    def forget_missing(self, under: Sequence[Path], present: set[Path]) -> int:
        """Drop documents stored under the folders `under` that are no longer there."""
        kept = {str(p.resolve()) for p in present}
        roots = [str(r.resolve()) for r in under]
        gone = [path for (path,) in self._db.execute("SELECT path FROM documents")
                if path not in kept and any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)]
        with self._transaction():
            self._db.executemany("DELETE FROM documents WHERE path = ?", [(p,) for p in gone])
        return len(gone)

    # Vectors ---------------------------------------------------------------------------------

    def vectors(self, texts: Sequence[str], embedder: Callable[[], Embedder]) -> tuple[np.ndarray, int]:
        """Vectors for `texts`, embedding (and storing) only the ones never seen; returns the
        vectors and how many texts had to be embedded. The model loads only if one is new."""
        keys = [text_key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(dict.fromkeys(keys[start:start + 500]))
            rows = self._db.execute(
                f"SELECT sha256, vector FROM vectors WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk)
            found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            text_of = dict(zip(keys, texts))
            fresh = embedder().encode([text_of[k] for k in missing])
            self._check_dimension(fresh.shape[1])
            with self._transaction():
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                     [(k, v.astype(np.float32).tobytes()) for k, v in zip(missing, fresh)])
            found.update(zip(missing, fresh))
        if not keys:
            return np.zeros((0, 1), dtype=np.float32), 0
        return np.stack([found[k] for k in keys]).astype(np.float32), len(missing)


    def _check_dimension(self, dimension: int) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'dimension'").fetchone()
        if row is None:
            with self._transaction():
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('dimension', ?)", (str(dimension),))
        elif int(row[0]) != dimension:
            raise FactlintError(f"{self.path}: the cache holds {row[0]}-dimensional vectors, the model gives "
                                f"{dimension}; delete {self.folder} (or give another --cache) to rebuild it")


def _use_write_ahead_log(db: sqlite3.Connection) -> None:
    """Switch to WAL (a no-op once the file is). While another process switches a new store,
    SQLite answers "locked" at once, without its busy wait: wait here instead."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of a write, or none of it."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
