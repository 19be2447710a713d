"""The cache under faults: damaged files, foreign stores, read-only folders, a run killed while
indexing, two runs indexing at once. The cache folder is factlint's to refuse or bypass; the
documents are the user's and are never written."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.corpus import load_corpus
from checker.errors import FactlintError
from checker.store import STORE_FILE, ClaimStore
from lexical_embedder import LexicalEmbedder
from test_bad_input import LEXICAL_MODEL, _MAIN_WITH_LEXICAL_MODEL, can_drop_root_override, run_factlint

DOCUMENTS = 300


def _write_corpus(folder: Path, documents: int) -> None:
    folder.mkdir()
    for number in range(documents):
        paragraphs = [f"Report {number}, part {part}: the fund holds ${number}.{part} billion and the army "
                      f"has {number * 100 + part} troops. The plan has {part + number % 7} points."
                      for part in range(12)]
        (folder / f"doc-{number:04}.md").write_text("\n\n".join(paragraphs) + "\n")


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "sources"
    _write_corpus(folder, DOCUMENTS)
    return folder


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _index(cache: Path, corpus: Path, **options) -> subprocess.CompletedProcess:
    return run_factlint("index", str(corpus), "--cache", str(cache), "--model", LEXICAL_MODEL,
                        cwd=cache.parent, **options)


def _stored_documents(cache: Path) -> int:
    """How many documents the store holds; 0 while it is not created yet."""
    try:
        with sqlite3.connect(f"file:{cache / STORE_FILE}?mode=ro", uri=True, timeout=30) as db:
            return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # no file, or no table yet
        return 0


def _assert_complete(cache: Path, corpus: Path) -> None:
    """The store holds every document and every vector: indexing again reads and embeds nothing."""
    with sqlite3.connect(cache / STORE_FILE) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _stored_documents(cache) == DOCUMENTS
    again = _index(cache, corpus)
    assert again.returncode == 0, again.stderr
    assert f"indexed {DOCUMENTS} documents" in again.stderr and "0 read" in again.stderr
    assert "0 sentences embedded" in again.stderr


def _small_store(tmp_path: Path) -> Path:
    sources = tmp_path / "sources"
    _write_corpus(sources, 40)
    cache = tmp_path / "cache"
    store = ClaimStore(cache, LEXICAL_MODEL)
    try:
        load_corpus((), [str(sources)], LexicalEmbedder, store)
    finally:
        store.close()  # the last connection checkpoints the journal into the file
    return cache


def test_truncated_store_is_refused_in_one_line_saying_what_to_delete(tmp_path):
    cache = _small_store(tmp_path)
    store_file = cache / STORE_FILE
    store_file.write_bytes(store_file.read_bytes()[: store_file.stat().st_size // 2])
    (tmp_path / "draft.md").write_text("The fund holds $2.3 billion.\n")
    result = run_factlint("check", "draft.md", "--cache", "cache", "--model", LEXICAL_MODEL, cwd=tmp_path)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "cache/store.sqlite: the cache is unreadable" in result.stderr
    assert "delete cache and run again to rebuild it" in result.stderr
    assert (tmp_path / "draft.md").read_text() == "The fund holds $2.3 billion.\n"


def test_store_damaged_in_the_middle_is_refused_when_verified(tmp_path):
    cache = _small_store(tmp_path)
    raw = bytearray((cache / STORE_FILE).read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 4096] = b"\xa5" * 4096  # a page overwritten past the header
    (cache / STORE_FILE).write_bytes(bytes(raw))
    with pytest.raises(FactlintError, match="the cache is unreadable .*; delete .* to rebuild it") as refused:
        ClaimStore(cache, LEXICAL_MODEL, verify=True)
    assert "\n" not in str(refused.value)


def test_a_store_is_read_whole_again_only_once_changed_since_the_last_verifying_run(tmp_path):
    """`index` verifies every page, unless the file is as the last run that did left it."""
    cache = _small_store(tmp_path)
    ClaimStore(cache, LEXICAL_MODEL, verify=True).close()
    store_file = cache / STORE_FILE
    left = store_file.stat()
    raw = bytearray(store_file.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 4096] = b"\xa5" * 4096
    with open(store_file, "r+b") as file:  # damaged in place: same size and inode
        file.write(bytes(raw))
    os.utime(store_file, ns=(left.st_atime_ns, left.st_mtime_ns))
    ClaimStore(cache, LEXICAL_MODEL, verify=True).close()  # not read whole: the damage waits for a read
    os.utime(store_file, ns=(left.st_atime_ns, left.st_mtime_ns + 1))
    with pytest.raises(FactlintError, match="the cache is unreadable"):
        ClaimStore(cache, LEXICAL_MODEL, verify=True)


def test_a_check_meeting_a_damaged_page_says_what_to_delete(tmp_path):
    cache = _small_store(tmp_path)
    raw = bytearray((cache / STORE_FILE).read_bytes())
    raw[len(raw) // 4:] = b"\xa5" * (len(raw) - len(raw) // 4)  # every page past the first quarter
    (cache / STORE_FILE).write_bytes(bytes(raw))
    (tmp_path / "draft.md").write_text("The fund holds $3.1 billion.\n")
    result = run_factlint("check", "draft.md", "--sources", "sources", "--cache", str(cache), "--model",
                          LEXICAL_MODEL, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert re.fullmatch(r"factlint: error: .*store\.sqlite: the cache is unreadable \(.*\); delete .* to rebuild it\n",
                        result.stderr)


@pytest.mark.parametrize("key, value", [("schema_version", "1"), ("schema_version", "99"), ("model", "other")])
def test_store_of_another_schema_or_model_is_refused(tmp_path, key, value):
    cache = _small_store(tmp_path)
    with sqlite3.connect(cache / STORE_FILE) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    with pytest.raises(FactlintError, match=f"built with {key} '{value}', not .*; delete .* to rebuild it"):
        ClaimStore(cache, LEXICAL_MODEL)


@pytest.mark.skipif(not can_drop_root_override(), reason="running as root without setpriv: permissions do not bind")
@pytest.mark.parametrize("cache_exists", [True, False])
def test_read_only_cache_folder_falls_back_to_memory_with_a_warning(tmp_path, cache_exists):
    """CI on a read-only checkout: the check still runs, and says the cache was not used."""
    cache = _small_store(tmp_path) if cache_exists else tmp_path / "cache"
    (tmp_path / "draft.md").write_text("The fund holds $2.3 billion.\n\nLater, the fund holds $2.5 billion.\n")
    before = (cache / STORE_FILE).read_bytes() if cache_exists else None
    for path in [tmp_path, *cache.glob("*")] if not cache_exists else [cache, *cache.glob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        result = run_factlint("check", "draft.md", "--cache", "cache", "--model", LEXICAL_MODEL, "--select",
                              "FC301", cwd=tmp_path, obey_permissions=True)
    finally:
        for path in [tmp_path, *cache.glob("*")] if cache.exists() else [tmp_path]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert result.returncode == 1, result.stderr
    assert "FC301" in result.stdout
    [warning] = result.stderr.splitlines()
    assert warning.startswith("factlint: warning: cache: cannot write the cache (")
    assert warning.endswith("working without it this run (give a writable --cache, or --no-cache to silence this)")
    assert (cache / STORE_FILE).read_bytes() == before if cache_exists else not cache.exists()


def test_index_killed_mid_run_leaves_a_store_the_next_run_completes(tmp_path, corpus_dir):
    documents_before = _fingerprint(corpus_dir)
    cache = tmp_path / "cache"
    command = [sys.executable, "-c", _MAIN_WITH_LEXICAL_MODEL, "index", str(corpus_dir), "--cache", str(cache),
               "--model", LEXICAL_MODEL]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and run.poll() is None:
            if _stored_documents(cache) >= 5:  # well into the documents, far from their end
                break
            time.sleep(0.01)
        assert run.poll() is None, "the index finished before it could be killed; give it more documents"
        run.send_signal(signal.SIGKILL)
    finally:
        run.wait(timeout=30)
    assert run.returncode == -signal.SIGKILL
    assert 0 < _stored_documents(cache) < DOCUMENTS
    resumed = _index(cache, corpus_dir)
    assert resumed.returncode == 0, resumed.stderr
    _assert_complete(cache, corpus_dir)
    assert _fingerprint(corpus_dir) == documents_before


def test_two_concurrent_index_runs_both_finish_and_the_store_is_complete(tmp_path, corpus_dir):
    cache = tmp_path / "cache"
    command = [sys.executable, "-c", _MAIN_WITH_LEXICAL_MODEL, "index", str(corpus_dir), "--cache", str(cache),
               "--model", LEXICAL_MODEL]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [run.communicate(timeout=120) for run in runs]
    for run, (_, stderr) in zip(runs, results):
        assert run.returncode == 0, stderr
        assert f"indexed {DOCUMENTS} documents" in stderr and "Traceback" not in stderr
    _assert_complete(cache, corpus_dir)


class _FailingEmbedder(LexicalEmbedder):
    """Embeds two batches, then fails as a model running out of memory would."""

    def __init__(self) -> None:
        self.batches = 0

    def encode(self, texts):
        self.batches += 1
        if self.batches > 2:
            raise MemoryError("the model ran out of memory")
        return super().encode(texts)


def test_an_embedder_failing_while_files_are_read_stops_the_run_and_loses_nothing(tmp_path, corpus_dir):
    from checker.corpus import store_files
    from checker.reader import find_documents

    cache = tmp_path / "cache"
    failing = _FailingEmbedder()
    store = ClaimStore(cache, LEXICAL_MODEL)
    try:
        with pytest.raises(MemoryError):
            store_files(store, find_documents([str(corpus_dir)]), lambda: failing)
        embedded = store.embedded
    finally:
        store.close()
    assert embedded >= 2 * 256  # the two batches embedded before the failure are kept
    rerun = _index(cache, corpus_dir)  # reads the files it had not, embeds what it had not
    assert rerun.returncode == 0, rerun.stderr
    _assert_complete(cache, corpus_dir)
