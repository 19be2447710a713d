"""The cache: unchanged files are not read, known sentences not embedded, a wrong store refused."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from checker import index_files
from checker.corpus import load_corpus, store_files
from checker.reader import find_documents
from checker.errors import FactlintError
from checker.store import ClaimStore
from lexical_embedder import LexicalEmbedder


class CountingEmbedder(LexicalEmbedder):
    def __init__(self) -> None:
        self.loads = 0
        self.texts: list[str] = []

    def __call__(self) -> "CountingEmbedder":  # the factory the corpus loader calls
        self.loads += 1
        return self

    def encode(self, texts):
        self.texts += list(texts)
        return super().encode(texts)


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a.md").write_text("The army has 600,000 troops.\n\nThe fund holds $2 billion.\n")
    (folder / "b.md").write_text("The plan has 28 points.\n")
    return folder


def _load(folder, cache, embedder, model="test-lexical"):
    store = ClaimStore(cache, model)
    try:
        return load_corpus((), [str(folder)], embedder, store), store
    finally:
        store.close()


def test_second_run_reads_and_embeds_nothing(sources, tmp_path):
    embedder = CountingEmbedder()
    first, _ = _load(sources, tmp_path / "cache", embedder)
    assert (first.read, first.embedded, embedder.loads) == (2, 3, 1)
    second, _ = _load(sources, tmp_path / "cache", embedder)
    assert (second.read, second.embedded, embedder.loads) == (0, 0, 1)
    assert [c.text for c in second.subjects.claims] == [c.text for c in first.subjects.claims]
    assert (second.subjects.vectors == first.subjects.vectors).all()


def test_changed_file_is_read_again_and_only_new_sentences_embedded(sources, tmp_path):
    embedder = CountingEmbedder()
    _load(sources, tmp_path / "cache", embedder)
    path = sources / "a.md"
    path.write_text("The army has 600,000 troops.\n\nThe fund holds $3 billion.\n")
    os.utime(path, ns=(1, 1))  # a different modification time, whatever the clock's resolution
    embedder.texts.clear()
    again, _ = _load(sources, tmp_path / "cache", embedder)
    assert again.read == 1 and embedder.texts == ["The fund holds $3 billion."]
    assert [f.value for c in again.subjects.claims for f in c.figures] == [600000.0, 3e9, 28.0]


def test_files_only_touched_are_read_again_without_loading_the_model(sources, tmp_path):
    _load(sources, tmp_path / "cache", CountingEmbedder())
    for path in sources.iterdir():
        os.utime(path, ns=(1, 1))  # as a fresh clone leaves them
    embedder = CountingEmbedder()
    again, _ = _load(sources, tmp_path / "cache", embedder)
    assert (again.read, again.embedded, embedder.loads) == (2, 0, 0)


def test_a_file_never_read_has_the_model_load_while_it_is_read(sources, tmp_path):
    _load(sources, tmp_path / "cache", CountingEmbedder())
    (sources / "c.md").write_text("The plan has 28 points.\n")  # a sentence the store holds: nothing to embed
    embedder = CountingEmbedder()
    again, _ = _load(sources, tmp_path / "cache", embedder)
    assert (again.read, again.embedded, embedder.loads) == (1, 0, 1)


class OverlapEmbedder(LexicalEmbedder):
    """Counts the calls under way at once; the first call is the slowest, so that a later batch
    ends before it where calls overlap."""

    def __init__(self, concurrent_calls: int) -> None:
        self.concurrent_calls = concurrent_calls
        self.most_at_once, self._under_way, self._calls = 0, 0, 0
        self._lock = threading.Lock()

    def __call__(self) -> "OverlapEmbedder":
        return self

    def encode(self, texts):
        with self._lock:
            self._calls += 1
            self._under_way += 1
            self.most_at_once = max(self.most_at_once, self._under_way)
            first = self._calls == 1
        time.sleep(0.3 if first else 0.05)
        try:
            return super().encode(texts)
        finally:
            with self._lock:
                self._under_way -= 1


@pytest.mark.parametrize("concurrent_calls", [1, 2])
def test_batches_embedded_at_once_store_each_vector_under_its_sentence(tmp_path, monkeypatch, concurrent_calls):
    monkeypatch.setattr("checker.store.EMBED_BATCH", 2)
    sources = tmp_path / "sources"
    sources.mkdir()
    for n, name in enumerate(["Alder", "Birch", "Cedar", "Maple", "Rowan", "Willow"]):  # words tell them apart
        (sources / f"{n}.md").write_text(f"The {name} region counted {n + 2} schools.\n\n"
                                         f"The {name} district built {n + 5} roads.\n")
    embedder = OverlapEmbedder(concurrent_calls)
    store = ClaimStore(tmp_path / "cache", "test-lexical")
    try:
        store_files(store, find_documents([str(sources)]), embedder)
        texts = [text for (text,) in store._db.execute("SELECT json_extract(claim, '$.sentence.text') FROM claims")]
        stored, embedded = store.vectors(texts, embedder)
    finally:
        store.close()
    assert len(texts) == 12 and embedded == 0
    assert (stored == LexicalEmbedder().encode(texts)).all()
    assert embedder.most_at_once == concurrent_calls


def _numbered_sources(folder, count):
    folder.mkdir()
    for n in range(count):
        (folder / f"{n}.md").write_text(f"The fund holds ${n + 1} billion.\n")
    return folder


def test_files_read_together_are_stored_in_one_transaction(tmp_path, monkeypatch):
    monkeypatch.setattr("checker.read_ahead.PROCESS_FROM", 1)
    monkeypatch.setattr("checker.read_ahead._FILES_PER_TASK", 4)
    sources = _numbered_sources(tmp_path / "sources", 8)
    store = ClaimStore(tmp_path / "cache", "test-lexical")
    try:
        statements: list[str] = []
        store._db.set_trace_callback(statements.append)
        store_files(store, find_documents([str(sources)]), CountingEmbedder())
    finally:
        store.close()
    transactions = " ".join(statements).split("BEGIN IMMEDIATE")
    saves = [t.count("INSERT OR REPLACE INTO documents") for t in transactions]
    assert [count for count in saves if count] == [4, 4]


def test_an_unreadable_file_leaves_the_files_read_with_it_before_it_stored(tmp_path, monkeypatch):
    monkeypatch.setattr("checker.read_ahead.PROCESS_FROM", 1)
    monkeypatch.setattr("checker.read_ahead._FILES_PER_TASK", 4)
    sources = _numbered_sources(tmp_path / "sources", 8)
    (sources / "6.md").write_bytes(b"The fund holds \x80 billion.\n")  # not UTF-8
    store = ClaimStore(tmp_path / "cache", "test-lexical")
    try:
        with pytest.raises(FactlintError, match="6.md: "):
            store_files(store, find_documents([str(sources)]), CountingEmbedder())
        held = sorted(Path(path).name for path in store.held_documents())
    finally:
        store.close()
    assert held == ["0.md", "1.md", "2.md", "3.md", "4.md", "5.md"]


def test_a_file_gone_between_listing_and_reading_is_one_line(tmp_path):
    sources = _numbered_sources(tmp_path / "sources", 2)
    files = find_documents([str(sources)])
    (sources / "1.md").unlink()
    store = ClaimStore(tmp_path / "cache", "test-lexical")
    try:
        with pytest.raises(FactlintError, match=r"1.md: cannot be read \(No such file or directory\); check the path"):
            store_files(store, files, CountingEmbedder())
    finally:
        store.close()


def test_a_new_store_takes_large_pages_and_an_older_one_keeps_its_own(sources, tmp_path, monkeypatch):
    def page_size(cache):
        with sqlite3.connect(cache / "store.sqlite") as db:
            return db.execute("PRAGMA page_size").fetchone()[0]

    _load(sources, tmp_path / "new", CountingEmbedder())
    assert page_size(tmp_path / "new") == 16384
    monkeypatch.setattr("checker.store.PAGE_SIZE", 4096)  # as stores before it were made
    first, _ = _load(sources, tmp_path / "older", CountingEmbedder())
    monkeypatch.undo()
    (sources / "c.md").write_text("The bridge cost $4 million.\n")
    again, _ = _load(sources, tmp_path / "older", CountingEmbedder())
    assert page_size(tmp_path / "older") == 4096 and (again.read, again.embedded) == (1, 1)
    assert len(again.subjects.claims) == len(first.subjects.claims) + 1


def test_claims_take_the_path_as_given_now(sources, tmp_path, monkeypatch):
    embedder = CountingEmbedder()
    _load(sources, tmp_path / "cache", embedder)
    monkeypatch.chdir(tmp_path)
    again, _ = _load("sources", tmp_path / "cache", embedder)
    assert {c.path for c in again.subjects.claims} == {"sources/a.md", "sources/b.md"}


def test_another_model_is_refused_with_how_to_rebuild(sources, tmp_path):
    _load(sources, tmp_path / "cache", CountingEmbedder())
    with pytest.raises(FactlintError, match="built with model 'test-lexical', not 'other'; delete"):
        ClaimStore(tmp_path / "cache", "other")


def test_corrupt_cache_says_what_to_do(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "store.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(FactlintError, match="the cache is unreadable .* delete"):
        ClaimStore(cache, "test-lexical")


def test_failed_write_leaves_the_store_as_it_was(sources, tmp_path):
    class BrokenEmbedder(CountingEmbedder):
        def encode(self, texts):
            raise RuntimeError("killed mid-embedding")

    with pytest.raises(RuntimeError):
        _load(sources, tmp_path / "cache", BrokenEmbedder())
    rows = sqlite3.connect(tmp_path / "cache" / "store.sqlite").execute("SELECT COUNT(*) FROM vectors").fetchone()
    assert rows == (0,)
    embedder = CountingEmbedder()
    corpus, _ = _load(sources, tmp_path / "cache", embedder)
    assert corpus.embedded == 3 and len(corpus.subjects.vectors) == 3


def test_index_drops_files_gone_from_a_folder(sources, tmp_path):
    embedder = CountingEmbedder()
    _load(sources, tmp_path / "cache", embedder)
    (sources / "b.md").unlink()
    store = ClaimStore(tmp_path / "cache", "test-lexical")
    try:
        assert store.forget_missing([sources], {sources / "a.md"}) == 1
        assert set(store.fresh_documents()) == {str((sources / "a.md").resolve())}
    finally:
        store.close()


def test_commits_are_synced_to_disk_before_an_index_file_names_their_claims(sources, tmp_path, monkeypatch):
    """Commits are not synced one by one: a power cut could make the store forget claims, then
    give their ids to others, which an index file written before it would name."""
    store = ClaimStore(tmp_path / "cache", "test-lexical")
    try:
        store_files(store, find_documents([str(sources)]), CountingEmbedder())
        events: list[str] = []
        store._db.set_trace_callback(events.append)
        monkeypatch.setattr(index_files, "write", lambda folder, state, index: events.append(f"write {state}"))
        store.claim_index(CountingEmbedder(), persist=True)
        synced = events.index("PRAGMA synchronous=FULL")
        assert events[synced:synced + 4] == ["PRAGMA synchronous=FULL", "BEGIN IMMEDIATE",
                                             "INSERT OR REPLACE INTO meta VALUES ('indexed_claims', '3-3')", "COMMIT"]
        assert events[synced + 4:] == ["PRAGMA synchronous=NORMAL", "write ClaimsState(last_id=3, count=3)"]
    finally:
        store.close()
