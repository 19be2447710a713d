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
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache, wraps
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Sequence

import numpy as np

from checker import index_files, word_index
from checker.embed import Embedder
from checker.errors import FactlintError
from checker.files import write_atomically
from checker.index import VectorIndex
from checker.index_files import ClaimsState
from checker.models import Claim
from checker.paths import STORE_FILE, builtin_rules_dir
from checker.progress import progress
from checker.stored_claims import SerialisedClaim, text_key
from checker.terms import claim_terms
from checker.word_index import WordIndex

SCHEMA_VERSION = 3  # 3: claim words in an FTS5 index (was a table of word counts)
# The store file's size, modification time and inode as the last verifying run left it: a file
# still so was not touched since, and is not read whole again (a third of an unchanged `index`).
VERIFIED_FILE = "store.verified"
# A vector (2 KiB) took a 4 KiB page to itself, and the log writes each page apart: pages of
# 16 KiB hold seven, and halved the CPU of writing vectors and a third of the disk (RESULTS.md).
PAGE_SIZE = 16384
BUSY_TIMEOUT_S = 60  # a concurrent run holds the write lock for one document or one batch of vectors
IN_MEMORY = ":memory:"
_IN_CHUNK = 500  # values per "IN (...)": under SQLite's oldest limit of 999 parameters
EMBED_BATCH = 256  # sentences embedded and stored per transaction
REWRITE_FROM = 0.05  # a check rewrites the index file when more than this share of it changed
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL,
    extractor TEXT NOT NULL, claims INTEGER NOT NULL, figures INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, text_sha256 TEXT NOT NULL, claim TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_by_path ON claims (path);
CREATE TABLE IF NOT EXISTS vectors (sha256 TEXT PRIMARY KEY, vector BLOB NOT NULL);
""" + word_index.TABLE + ";\n"
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


def _reports_damage(method: Callable) -> Callable:
    """A store method whose reads meet a damaged page say so in one line, with what to do."""

    @wraps(method)
    def guarded(self: "ClaimStore", *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise
            raise self._unreadable(str(exc)) from None

    return guarded


class StoredDocument(NamedTuple):
    """A file as the store holds it."""

    path: Path  # resolved, as `find_documents` gives it
    size: int  # and modification time, as the file was when read
    mtime_ns: int
    sha256: str  # of its decoded text
    claims: Sequence[SerialisedClaim]


class ClaimStore:
    """Claims and vectors of one embedding model, in `folder`/store.sqlite (with no folder, in
    memory for this run only), and the index file of its vectors beside it."""

    def __init__(self, folder: Path | None, model: str, verify: bool = False) -> None:
        """Open (or create) the store in `folder`. A damaged store, or one built with another
        model or schema, is refused with what to do; a folder that cannot be written is not an
        error: the run works with a store in memory, and says so. A truncated file is caught at
        once; damage inside it when a read meets it, or at once with `verify` (every page
        read: 0.3 s per 500 MB, which a check does not pay and `index` does, unless the file is
        as the last verifying run left it)."""
        self._verify = verify
        self.folder = folder
        self.path = folder / STORE_FILE if folder else Path(IN_MEMORY)
        self.model = model
        self._in_memory = folder is None
        self.embedded = 0  # sentences this store embedded since it was opened
        if folder is None:
            self._db = self._open(IN_MEMORY)
        else:
            self._db = self._open_folder(folder)
        self._words = WordIndex(self._db)

    def _open_folder(self, folder: Path) -> sqlite3.Connection:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return self._open(str(self.path))
        except OSError as exc:
            if exc.errno not in _UNWRITABLE_ERRNOS:
                raise FactlintError(f"{folder}: cannot create the cache folder ({exc.strerror or exc}); "
                                    "choose another with --cache") from None
            return self._open_in_memory(exc.strerror or str(exc))
        except sqlite3.Error as exc:
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
            if code in _UNWRITABLE_SQLITE:
                return self._open_in_memory(str(exc))
            if code == sqlite3.SQLITE_BUSY:
                raise FactlintError(f"{self.path}: the cache stayed locked by another factlint for "
                                    f"{BUSY_TIMEOUT_S} s; let it finish and run again") from None
            raise self._unreadable(str(exc)) from None

    def _open(self, target: str) -> sqlite3.Connection:
        db = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # of a new store; one with pages keeps them
            _use_write_ahead_log(db)
            db.executescript(_SCHEMA)
            if target != IN_MEMORY:
                _check_length(Path(target))
            if self._verify and not self._as_verified():
                verdict = db.execute("PRAGMA quick_check(1)").fetchone()[0]
                if verdict != "ok":  # "*** in database main ***\nOn tree page 7 cell 1: ...": one line
                    raise self._unreadable(verdict.splitlines()[-1])
            expected = {"schema_version": str(SCHEMA_VERSION), "model": self.model}
            with _Transaction(db):  # read and first write together: two new runs race here
                meta = dict(db.execute("SELECT key, value FROM meta"))
                if not meta:
                    db.executemany("INSERT INTO meta VALUES (?, ?)", expected.items())
                    meta = expected
                elif meta.get("schema_version") == "2" and meta.get("model") == self.model:
                    _index_words_of_v2(db)
                    meta["schema_version"] = str(SCHEMA_VERSION)
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
        self._in_memory = True
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
        if self._verify and not self._in_memory:
            self._record_verified()

    def _as_verified(self) -> bool:
        try:
            return (self.folder / VERIFIED_FILE).read_text(encoding="utf-8") == _identity(self.path)
        except (OSError, UnicodeDecodeError):
            return False

    def _record_verified(self) -> None:
        """After the connection is closed (the last one checkpoints its changes into the file).
        A failure only costs the next run a verification."""
        try:
            write_atomically(self.folder / VERIFIED_FILE, _identity(self.path), "verification record", "--cache")
        except (FactlintError, OSError):  # OSError: the store file itself is gone
            pass

    # Documents and their claims ---------------------------------------------------------------

    @_reports_damage
    def fresh_documents(self) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) of every document stored by the current figure readers, by resolved path."""
        rows = self._db.execute("SELECT path, size, mtime_ns FROM documents WHERE extractor = ?",
                                (extractor_fingerprint(),))
        return {path: (size, mtime_ns) for path, size, mtime_ns in rows}

    @_reports_damage
    def held_documents(self) -> set[str]:
        """The resolved paths of every document stored, by any figure readers."""
        return {path for (path,) in self._db.execute("SELECT path FROM documents")}

    @_reports_damage
    def save_documents(self, documents: Sequence[StoredDocument]) -> None:
        """Store files' claims in place of what they held before, in one transaction: the word
        index (FTS5) writes a segment per commit and merges them, so files read together are
        stored together (at 100k claims, half the CPU of a transaction a file)."""
        with self._transaction():
            for document in documents:
                key = str(document.path)
                self._drop_claims([key])
                self._db.executemany("INSERT INTO claims (path, text_sha256, claim) VALUES (?, ?, ?)",
                                     [(key, c.key, c.payload) for c in document.claims])
                ids = [i for (i,) in self._db.execute("SELECT id FROM claims WHERE path = ? ORDER BY id", (key,))]
                self._words.add(zip(ids, (c.words for c in document.claims)))
                self._db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (key, document.size, document.mtime_ns, document.sha256, extractor_fingerprint(),
                                  len(document.claims), sum(c.figures for c in document.claims)))

    @_reports_damage
    def forget_missing(self, under: Sequence[Path], present: set[Path]) -> int:
        """Drop documents stored under the folders `under` that are no longer there: not among
        `present`, resolved paths as `find_documents` gives them (resolving 5,000 paths again
        was a fifth of an unchanged 100k-claim `factlint index`)."""
        kept = {str(p) for p in present}
        roots = [str(r.resolve()) for r in under]
        gone = [path for (path,) in self._db.execute("SELECT path FROM documents")
                if path not in kept and any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)]
        with self._transaction():
            self._db.executemany("DELETE FROM documents WHERE path = ?", [(p,) for p in gone])
            self._drop_claims(gone)
        return len(gone)

    def _drop_claims(self, paths: Sequence[str]) -> None:
        """Inside a transaction: delete the claims of these files, and their words."""
        for path in paths:
            self._words.remove_where("SELECT id FROM claims WHERE path = ?", path)
            self._db.execute("DELETE FROM claims WHERE path = ?", (path,))

    @_reports_damage
    def word_weights(self, words: set[str], leave_out: Sequence[Claim]) -> dict[str, float]:
        """Each word's weight among the stored claims but `leave_out` (`WordIndex.weights`)."""
        return self._words.weights(words, map(claim_terms, leave_out))

    @_reports_damage
    def sharing_words(self, queries: Sequence[frozenset[str]], limit: int,
                      within: np.ndarray | None = None) -> list[list[int]]:
        """For each query, the ids of up to `limit` stored claims (of `within`, if given)
        sharing its rarest words (`WordIndex.search`)."""
        return self._words.search(queries, limit, None if within is None else within.tolist())

    @_reports_damage
    def claims_of(self, shown_as: dict[Path, str]) -> list[Claim]:
        """The stored claims of the files `shown_as` maps (resolved path → the path to show),
        file by file in that order, each file's in document order."""
        claims = []
        for path, shown in shown_as.items():
            for (payload,) in self._db.execute("SELECT claim FROM claims WHERE path = ? ORDER BY id", (str(path),)):
                claims.append(_claim(payload, shown))
        return claims

    @_reports_damage
    def claim_ids(self, paths: Sequence[Path]) -> np.ndarray:
        """The ids of the stored claims of these files (resolved paths), in id order."""
        rows = self._where_in("SELECT id FROM claims WHERE path IN ({})", [str(p) for p in paths])
        return np.sort(np.fromiter((i for (i,) in rows), dtype=np.int64))

    @_reports_damage
    def claims_by_id(self, ids: Sequence[int], shown_as: dict[str, str]) -> dict[int, Claim]:
        """Stored claims by id, each with its file's path as `shown_as` (resolved → shown) gives it."""
        rows = self._where_in("SELECT id, path, claim FROM claims WHERE id IN ({})",
                              list(dict.fromkeys(int(i) for i in ids)))
        return {i: _claim(payload, shown_as.get(path, path)) for i, path, payload in rows}

    @_reports_damage
    def counts(self, paths: Sequence[Path]) -> tuple[int, int]:
        """How many claims and figures these files (resolved paths) hold."""
        rows = list(self._where_in("SELECT claims, figures FROM documents WHERE path IN ({})",
                                   list(dict.fromkeys(str(p) for p in paths))))
        return sum(n for n, _ in rows), sum(n for _, n in rows)

    @_reports_damage
    def merge_from(self, shard: "ClaimStore") -> int:
        """Copy into this store the documents of `shard` (a store of the same model built
        elsewhere) that this one lacks or holds in an older state, with their claims and vectors.
        Vectors are named by their sentence and claims are stored as read, so a merged store
        answers a check as one built in a single run would. Returns the documents copied."""
        mine = {path: mtime for path, mtime in self._db.execute("SELECT path, mtime_ns FROM documents")}
        theirs = shard._db.execute("SELECT path, size, mtime_ns, sha256 FROM documents WHERE extractor = ?",
                                   (extractor_fingerprint(),)).fetchall()
        copied = 0
        for path, size, mtime_ns, sha256 in theirs:
            if path in mine and mine[path] >= mtime_ns:
                continue
            claims = [SerialisedClaim.of(c) for c in shard.claims_of({Path(path): path})]
            keys = [c.key for c in claims]
            vectors = shard._stored_vectors(keys)
            if len(vectors) < len(set(keys)):
                continue  # a shard interrupted before embedding this document: it indexes it again
            self.save_documents([StoredDocument(Path(path), size, mtime_ns, sha256, claims)])
            with self._transaction():
                self._db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)", vectors.items())
            copied += 1
        if copied and self._dimension() is None and shard._dimension() is not None:
            self._check_dimension(shard._dimension())
        return copied

    def _stored_vectors(self, keys: Sequence[str]) -> dict[str, bytes]:
        return dict(self._where_in("SELECT sha256, vector FROM vectors WHERE sha256 IN ({})",
                                   list(dict.fromkeys(keys))))

    # Vectors ---------------------------------------------------------------------------------

    @_reports_damage
    def vectors(self, texts: Sequence[str], embedder: Callable[[], Embedder]) -> tuple[np.ndarray, int]:
        """Vectors for `texts`, embedding (and storing) only the ones never seen; returns the
        vectors and how many texts had to be embedded. The model loads only if one is new."""
        keys = [text_key(t) for t in texts]
        found = {key: np.frombuffer(blob, dtype=np.float32) for key, blob in self._stored_vectors(keys).items()}
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            text_of = dict(zip(keys, texts))
            found.update(zip(missing, self._embed([text_of[k] for k in missing], missing, embedder)))
        if not keys:
            return np.zeros((0, 1), dtype=np.float32), 0
        return np.stack([found[k] for k in keys]).astype(np.float32), len(missing)

    def _embed(self, texts: list[str], keys: list[str], embedder: Callable[[], Embedder]) -> np.ndarray:
        """Embed and store, a batch at a time so that a long first run shows progress and an
        interrupted one keeps what it embedded."""
        model = embedder()
        parts = []
        with progress(total=len(texts), desc="embedding", unit="sentence") as bar:
            for start in range(0, len(texts), EMBED_BATCH):
                fresh = model.encode(texts[start:start + EMBED_BATCH]).astype(np.float32)
                self._save_vectors(keys[start:start + EMBED_BATCH], fresh)
                parts.append(fresh)
                bar.update(len(fresh))
        return np.concatenate(parts)

    def _save_vectors(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        self._check_dimension(vectors.shape[1])
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                 [(k, v.tobytes()) for k, v in zip(keys, vectors)])
        self.embedded += len(vectors)

    @contextmanager
    def embedding_alongside(self, embedder: Callable[[], Embedder],
                            load_now: bool = False) -> Iterator[Callable[[Sequence[SerialisedClaim]], None]]:
        """A function that has the sentences of claims just stored embedded on worker threads
        (two batches at once where the model allows, `Embedder.concurrent_calls`) while the
        caller reads the next files: the model's matrix products release the GIL, so reading
        and extracting (pure Python) overlap them. Vectors are written on the caller's
        thread (an SQLite connection stays on its thread), all of them by the end of the block.

        The model loads with the first sentence the store lacks, or at once with `load_now`
        (files never read before: their sentences are almost surely new), alongside the first
        files' reading."""
        embedding = _BackgroundEmbedding(self, embedder)
        if load_now:
            embedding.load_model()
        try:
            yield embedding.add
            embedding.finish()
        except BaseException:
            embedding.close(wait=False)  # report the error now, not after the batch in progress
            raise
        embedding.close(wait=True)

    # The claim index -------------------------------------------------------------------------

    @_reports_damage
    def index_is_current(self) -> bool:
        """Whether the index file matches the claims table and is intact: nothing to write."""
        return not self._in_memory and index_files.is_current(self.folder, self._claims_state())

    @_reports_damage
    def claim_index(self, embedder: Callable[[], Embedder], persist: bool) -> VectorIndex:
        """A FAISS index of every stored claim's vector, named by claim id.

        It is read from the index file beside the store when one matches the claims table, or
        brought up to date from the nearest one (claims added and removed since: only their
        vectors are read), or built. `persist` writes the result back (`factlint index`); a
        check writes it back only when it changed more than `REWRITE_FROM` of it, so checking
        an edited draft stays cheap. Claims stored without a vector (a run stopped between the
        two) are embedded here."""
        state = self._claims_state()
        on_disk = None if self._in_memory else index_files.read_nearest(self.folder, state)
        if on_disk is not None and on_disk.state == state:
            return on_disk.index
        if on_disk is not None and on_disk.index.suits(state.count):
            index = on_disk.index
            removed, new = self._changed_since(on_disk.state, index)
            added, vectors = self.vectors_of(new, embedder)
            index.remove(removed)
            index.add(added, vectors)
            changed = len(removed) + len(added)
        else:
            ids, vectors = self.vectors_of(self._ids("SELECT id FROM claims ORDER BY id"), embedder)
            index = VectorIndex.build(ids, vectors)
            changed = len(ids)
        if not self._in_memory and (persist or changed > REWRITE_FROM * max(index.size, 1)):
            written = ClaimsState.of(index.ids())
            self._sync_before_naming(written)
            index_files.write(self.folder, written, index)
        return index

    def _sync_before_naming(self, state: ClaimsState) -> None:
        """Flush every commit to disk before an index file names its claims. Commits are not
        synced one by one (`_use_write_ahead_log`): after a power cut the store could have lost
        claims an index file holds, given their ids to new claims, and the file would match the
        store while naming other sentences. One commit with synchronous FULL syncs the
        write-ahead log, every earlier commit with it; it records which claims the file holds."""
        self._db.execute("PRAGMA synchronous=FULL")
        try:
            with self._transaction():
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('indexed_claims', ?)",
                                 (f"{state.last_id}-{state.count}",))
        finally:
            self._db.execute("PRAGMA synchronous=NORMAL")

    def _claims_state(self) -> ClaimsState:
        return ClaimsState(*self._db.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM claims").fetchone())

    def _changed_since(self, state: ClaimsState, index: VectorIndex) -> tuple[np.ndarray, np.ndarray]:
        """The claims an index of `state` holds that are gone, and the claims it lacks. Ids only
        grow (AUTOINCREMENT): when as many claims up to its last id remain as it holds, none of
        them went, and only the ids past it are new. That is the usual case (drafts checked
        against indexed sources) and spares reading every id of a large store."""
        kept = self._db.execute("SELECT COUNT(*) FROM claims WHERE id <= ?", (state.last_id,)).fetchone()[0]
        if kept == state.count:
            return np.zeros(0, dtype=np.int64), self._ids("SELECT id FROM claims WHERE id > ? ORDER BY id", state.last_id)
        ids, held = self._ids("SELECT id FROM claims ORDER BY id"), index.ids()
        return np.setdiff1d(held, ids, assume_unique=True), ids[np.isin(ids, held, assume_unique=True, invert=True)]

    def _ids(self, query: str, *parameters: object) -> np.ndarray:
        return np.fromiter((i for (i,) in self._db.execute(query, parameters)), dtype=np.int64)

    @_reports_damage
    def vectors_of(self, ids: np.ndarray, embedder: Callable[[], Embedder]) -> tuple[np.ndarray, np.ndarray]:
        """The vectors of these claims, embedding the sentences that have none; claims deleted
        meanwhile (by a concurrent run) are left out, so the ids come back too."""
        found, blobs, unembedded = [], [], {}
        rows = self._where_in(
            "SELECT c.id, c.text_sha256, v.vector, CASE WHEN v.vector IS NULL THEN c.claim END "
            "FROM claims c LEFT JOIN vectors v ON v.sha256 = c.text_sha256 WHERE c.id IN ({})", ids.tolist())
        for claim_id, sha, blob, payload in sorted(rows):
            found.append(claim_id)
            blobs.append(blob if blob is not None else sha)
            if blob is None:
                unembedded[sha] = json.loads(payload)["sentence"]["text"]
        if unembedded:
            fresh = dict(zip(unembedded, self._embed(list(unembedded.values()), list(unembedded), embedder)))
            blobs = [fresh[b].tobytes() if isinstance(b, str) else b for b in blobs]
        dimension = self._dimension() or 1
        vectors = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1) if blobs \
            else np.zeros((0, dimension), dtype=np.float32)
        return np.array(found, dtype=np.int64), vectors

    def _where_in(self, query: str, values: Sequence) -> Iterator[tuple]:
        """The rows of `query` ("... IN ({})") for every value, asked a chunk at a time (SQLite
        caps the parameters of one statement)."""
        for start in range(0, len(values), _IN_CHUNK):
            chunk = values[start:start + _IN_CHUNK]
            yield from self._db.execute(query.format(",".join("?" * len(chunk))), chunk)

    def _dimension(self) -> int | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'dimension'").fetchone()
        return int(row[0]) if row else None

    def _check_dimension(self, dimension: int) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'dimension'").fetchone()
        if row is None:
            with self._transaction():
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('dimension', ?)", (str(dimension),))
        elif int(row[0]) != dimension:
            raise FactlintError(f"{self.path}: the cache holds {row[0]}-dimensional vectors, the model gives "
                                f"{dimension}; delete {self.folder} (or give another --cache) to rebuild it")


class _BackgroundEmbedding:
    """See `ClaimStore.embedding_alongside`."""

    _MAX_WAITING_BATCHES = 4  # reading never runs further ahead of the model than this
    _CALLS_AT_ONCE = 2  # batches the model is given at once, where it allows (`Embedder.concurrent_calls`)

    def __init__(self, store: ClaimStore, embedder: Callable[[], Embedder]) -> None:
        self._store, self._embedder = store, embedder
        self._workers = ThreadPoolExecutor(max_workers=self._CALLS_AT_ONCE, thread_name_prefix="factlint-embedding")
        self._unsent: dict[str, str] = {}  # sentence key -> text, not yet handed to the workers
        self._sent: deque[tuple[list[str], Future[np.ndarray]]] = deque()
        self._seen: set[str] = set()
        self._model: Future[Embedder] | None = None
        self._calls: threading.Semaphore | None = None  # set by the model's load, before any call

    def add(self, claims: Sequence[SerialisedClaim]) -> None:
        texts = {c.key: c.text for c in claims}
        new = [key for key in texts if key not in self._seen]
        self._seen.update(new)
        stored = self._store._stored_vectors(new)
        self._unsent.update((key, texts[key]) for key in new if key not in stored)
        if self._unsent:
            self.load_model()
        if len(self._unsent) >= EMBED_BATCH:
            self._send()
        self._collect(keep_waiting=self._MAX_WAITING_BATCHES)

    def load_model(self) -> None:
        """Have a worker load the model (half a second or more) while the caller reads on."""
        if self._model is None:
            self._model = self._workers.submit(self._load)

    def _load(self) -> Embedder:
        model = self._embedder()
        self._calls = threading.BoundedSemaphore(min(self._CALLS_AT_ONCE, model.concurrent_calls))
        return model

    def finish(self) -> None:
        if self._unsent:
            self._send()
        self._collect(keep_waiting=0)

    def close(self, wait: bool) -> None:
        self._workers.shutdown(wait=wait, cancel_futures=True)

    def _send(self) -> None:
        self._sent.append((list(self._unsent), self._workers.submit(self._encode, list(self._unsent.values()))))
        self._unsent = {}

    def _encode(self, texts: list[str]) -> np.ndarray:  # on a worker thread; batches may end out of order
        model = self._model.result()
        with self._calls:
            return model.encode(texts).astype(np.float32)

    def _collect(self, keep_waiting: int) -> None:
        """Store the vectors of finished batches, in order, waiting for the oldest ones until at
        most `keep_waiting` batches are left in the worker's hands."""
        while self._sent and (len(self._sent) > keep_waiting or self._sent[0][1].done()):
            keys, vectors = self._sent.popleft()
            self._store._save_vectors(keys, vectors.result())


def _identity(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size} {info.st_mtime_ns} {info.st_ino}"


def _check_length(path: Path) -> None:
    """A file shorter than the pages its header counts was truncated (a copy cut short, a full
    disk): SQLite itself would only notice on reaching the missing pages. The header's count
    is the file's as of its last checkpoint (pages still in the WAL journal are not in it)."""
    with open(path, "rb") as file:
        header = file.read(100)
    if len(header) < 100 or header[24:28] != header[92:96]:  # new, or a count SQLite does not trust
        return
    page_size = int.from_bytes(header[16:18], "big")
    pages = int.from_bytes(header[28:32], "big")
    expected = pages * (65536 if page_size == 1 else page_size)
    if path.stat().st_size < expected:
        raise sqlite3.DatabaseError(f"{path.stat().st_size} bytes where its header counts {expected}")


def _claim(payload: str, path: str) -> Claim:
    fields = json.loads(payload)
    fields["path"] = path
    return Claim.model_validate(fields)


def _index_words_of_v2(db: sqlite3.Connection) -> None:
    """Inside a transaction: bring a schema-2 store to schema 3 in place, indexing the words of
    its claims; its vectors, the slow part to rebuild, stay."""
    WordIndex(db).add((i, claim_terms(_claim(payload, path)))
                      for i, path, payload in db.execute("SELECT id, path, claim FROM claims").fetchall())
    db.execute("DROP TABLE IF EXISTS terms")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))


def _use_write_ahead_log(db: sqlite3.Connection) -> None:
    """Switch to WAL (a no-op once the file is). While another process switches a new store,
    SQLite answers "locked" at once, without its busy wait: wait here instead.

    Synchronous NORMAL: in WAL mode a commit is then not flushed to disk until a checkpoint. A
    crash or power cut may lose the last writes, never the store's consistency, and a cache
    rebuilds what it lost; an fsync per stored document cost about 2% of indexing time. The
    one place lost commits would do harm, an index file naming claims the store forgot, syncs
    first (`_sync_before_naming`)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    db.execute("PRAGMA synchronous=NORMAL")  # per connection: not stored in the file
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of a write, or none of it.
    With `begin="BEGIN"`, a read that sees one snapshot of the store."""

    def __init__(self, db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> None:
        self._db = db
        self._begin = begin

    def __enter__(self) -> None:
        self._db.execute(self._begin)

    def __exit__(self, exc_type, exc, tb) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
