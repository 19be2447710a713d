"""The cache of claims and embeddings (`.factlint/` by default): SQLite, one file.

Embedding is the slow step, so vectors are kept by the hash of the sentence they embed: text
that has not changed is never embedded again, whichever file it moves to. Claims are kept per
file with its size, modification time and content hash, so an unchanged file is not even read;
they are re-extracted whenever the figure readers change (`extractor_fingerprint`).

Every write is one SQLite transaction: an interrupted run leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from checker.embed import Embedder
from checker.errors import FactlintError
from checker.models import Claim
from checker.paths import builtin_rules_dir

SCHEMA_VERSION = 1
STORE_FILE = "store.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL, extractor TEXT NOT NULL, claims TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (sha256 TEXT PRIMARY KEY, vector BLOB NOT NULL);
"""


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
        self.folder = folder
        self.path = folder / STORE_FILE
        self.model = model
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            raise FactlintError(f"{self.path}: the cache is unreadable ({exc}); delete {folder} "
                                "and run again to rebuild it") from None
        except OSError as exc:
            raise FactlintError(f"{folder}: cannot create the cache folder ({exc.strerror or exc}); "
                                "choose another with --cache") from None
        self._check_meta(meta)

    def _check_meta(self, meta: dict[str, str]) -> None:
        expected = {"schema_version": str(SCHEMA_VERSION), "model": self.model}
        if not meta:
            with self._transaction():
                self._db.executemany("INSERT INTO meta VALUES (?, ?)", expected.items())
            return
        for key, value in expected.items():
            if meta.get(key) != value:
                raise FactlintError(
                    f"{self.path}: the cache was built with {key} {meta.get(key)!r}, not {value!r}; "
                    f"delete {self.folder} (or give another --cache) to rebuild it")

    def _transaction(self):
        return _Transaction(self._db)

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


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of a write, or none of it."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
