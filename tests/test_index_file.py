"""The index of claim vectors: persisted beside the store, kept up to date, rebuilt when damaged,
and searched with the same results as the claims in memory."""

from __future__ import annotations

import logging
import os

import numpy as np
import pytest

from checker import corpus as corpus_module
from checker import index as index_module
from checker.corpus import corpus_from_documents, load_corpus, store_files
from checker.engine import run_check
from checker.index import DamagedIndex, VectorIndex
from checker.reader import find_documents, read_document
from checker.rulebook import load_rules
from checker.store import ClaimStore
from conftest import REPO
from lexical_embedder import LexicalEmbedder
from test_bad_input import run_factlint

MODEL = LexicalEmbedder.name


@pytest.fixture
def folders(tmp_path):
    politics, sport = tmp_path / "politics", tmp_path / "sport"
    politics.mkdir()
    sport.mkdir()
    (politics / "army.md").write_text("The army has 600,000 troops.\n\nThe fund holds $2 billion.\n")
    (politics / "plan.md").write_text("The peace plan has 28 points.\n")
    (sport / "match.md").write_text("The army of fans had 90,000 troops in the stadium.\n")
    return politics, sport


def _index(cache, *folders) -> None:
    store = ClaimStore(cache, MODEL)
    try:
        store_files(store, [f for folder in folders for f in find_documents([str(folder)])], LexicalEmbedder)
        store.claim_index(LexicalEmbedder, persist=True)
    finally:
        store.close()


def _index_files(cache):
    return sorted(cache.glob("claims-*.faiss"))


def _stored_index(cache) -> VectorIndex:
    store = ClaimStore(cache, MODEL)
    try:
        return store.claim_index(LexicalEmbedder, persist=False)
    finally:
        store.close()


def _stored_ids(cache) -> list[int]:
    store = ClaimStore(cache, MODEL)
    try:
        return sorted(i for (i,) in store._db.execute("SELECT id FROM claims"))
    finally:
        store.close()


def test_index_writes_one_file_that_later_runs_read_without_rebuilding(folders, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _index(cache, *folders)
    assert len(_index_files(cache)) == 1
    monkeypatch.setattr(VectorIndex, "build", classmethod(lambda *a: pytest.fail("rebuilt a matching index")))
    assert sorted(_stored_index(cache).ids().tolist()) == _stored_ids(cache)


def test_a_changed_file_updates_the_index_in_place_of_the_old_claims(folders, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _index(cache, *folders)
    plan = folders[0] / "plan.md"
    plan.write_text("The peace plan has 19 points.\n\nTalks lasted 3 hours.\n")
    os.utime(plan, ns=(1, 1))
    monkeypatch.setattr(VectorIndex, "build", classmethod(lambda *a: pytest.fail("rebuilt instead of updating")))
    _index(cache, *folders)
    assert len(_index_files(cache)) == 1  # the older file is gone
    assert sorted(_stored_index(cache).ids().tolist()) == _stored_ids(cache)


def test_claims_stored_since_the_index_are_added_without_reading_every_id(folders, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _index(cache, *folders)
    (folders[1] / "final.md").write_text("The final drew 80,000 fans.\n")
    queries = []
    read_ids = ClaimStore._ids
    monkeypatch.setattr(ClaimStore, "_ids", lambda self, query, *values: queries.append(query) or read_ids(self, query, *values))
    store = ClaimStore(cache, MODEL)
    try:
        store_files(store, find_documents([str(folders[1])]), LexicalEmbedder)
        index = store.claim_index(LexicalEmbedder, persist=False)
    finally:
        store.close()
    assert sorted(index.ids().tolist()) == _stored_ids(cache)
    assert queries == ["SELECT id FROM claims WHERE id > ? ORDER BY id"]  # not every id of the store


def test_index_again_verifies_the_index_file_without_loading_it(folders, tmp_path, monkeypatch, caplog):
    from click.testing import CliRunner

    from checker import embed
    from checker.commands.index import index

    monkeypatch.setitem(embed.EMBEDDERS, MODEL, LexicalEmbedder)
    cache = tmp_path / "cache"
    run = [str(folders[0]), "--cache", str(cache), "--model", MODEL]
    assert CliRunner().invoke(index, run).exit_code == 0
    (path,) = _index_files(cache)
    with monkeypatch.context() as patched:
        patched.setattr(VectorIndex, "read", classmethod(lambda *a: pytest.fail("loaded the index to verify it")))
        patched.setattr(VectorIndex, "build", classmethod(lambda *a: pytest.fail("rebuilt an intact index")))
        result = CliRunner().invoke(index, run)
        assert result.exit_code == 0, result.output
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the vectors: only the checksum tells
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING):
        assert CliRunner().invoke(index, run).exit_code == 0
    assert f"{path}: the index file is damaged" in caplog.text
    store = ClaimStore(cache, MODEL)
    try:
        assert store.index_is_current()
    finally:
        store.close()


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_damaged_index_file_is_reported_deleted_and_rebuilt(folders, tmp_path, caplog, damage):
    cache = tmp_path / "cache"
    _index(cache, *folders)
    (path,) = _index_files(cache)
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data[len(data) // 2] ^= 0xFF  # inside the vectors: FAISS alone would not notice
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING):
        rebuilt = _stored_index(cache)
    assert f"{path}: the index file is damaged" in caplog.text
    assert sorted(rebuilt.ids().tolist()) == _stored_ids(cache)
    caplog.clear()
    _stored_index(cache)  # the rebuilt index was written back whole
    assert "damaged" not in caplog.text and len(_index_files(cache)) == 1


@pytest.mark.parametrize("filter_after", [256, 0])  # drop claims after the search, or filter in FAISS
def test_evidence_comes_only_from_the_sources_given(folders, tmp_path, monkeypatch, filter_after):
    monkeypatch.setattr(corpus_module, "_FILTER_AFTER", filter_after)
    politics, sport = folders
    cache = tmp_path / "cache"
    _index(cache, politics, sport)
    draft = tmp_path / "draft.md"
    draft.write_text("The army has 800,000 troops.\n")
    store = ClaimStore(cache, MODEL)
    try:
        corpus = load_corpus([str(draft)], [str(politics)], LexicalEmbedder, store)
        (found,) = corpus.evidence.nearest(corpus.subjects.claims, corpus.subjects.vectors, 10)
    finally:
        store.close()
    assert found and {n.claim.path for n in found} <= {str(politics / "army.md"), str(politics / "plan.md")}


def test_the_store_finds_what_the_claims_in_memory_find():
    drafts, sources = str(REPO / "seeds/drafts"), str(REPO / "seeds/sources")
    store = ClaimStore(None, MODEL)
    try:
        stored = run_check(load_corpus([drafts], [sources], LexicalEmbedder, store), load_rules()).findings
    finally:
        store.close()
    documents = [[read_document(path, display) for display, path in find_documents([folder])]
                 for folder in (drafts, sources)]
    in_memory = run_check(corpus_from_documents(*documents, LexicalEmbedder), load_rules()).findings
    assert stored and stored == in_memory


def _clustered(count: int, dimension: int = 64) -> np.ndarray:
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(40, dimension))
    vectors = centres[rng.integers(0, 40, count)] + rng.normal(scale=0.3, size=(count, dimension))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _written_and_read(index: VectorIndex, path) -> VectorIndex:
    data, crc = index.to_bytes()
    path.write_bytes(data)
    return VectorIndex.read(path, crc)


def test_past_the_threshold_the_index_is_compressed_and_still_finds_each_vector(monkeypatch, tmp_path):
    monkeypatch.setattr(index_module, "COMPRESS_FROM", 1_000)
    vectors, ids = _clustered(3_000), np.arange(10, 3_010)
    index = VectorIndex.build(ids, vectors)
    assert index.compressed and index.suits(3_000) and not index.suits(500)
    assert sorted(index.ids().tolist()) == ids.tolist()
    top = [hits[0][0] for hits in index.search(vectors[:200], 1)]
    assert np.mean(np.array(top) == ids[:200]) > 0.95
    copy = _written_and_read(index, tmp_path / "index.faiss")
    copy.remove(ids[:100])
    assert copy.size == 2_900 and all(hits[0][0] >= 110 for hits in copy.search(vectors[:100], 1))
    allowed = ids[1_000:1_100]
    assert all(i in set(allowed) for hits in index.search(vectors[:50], 5, allowed=allowed) for i, _ in hits)


def test_a_flat_index_is_exact_and_grows_out_of_its_kind():
    vectors = _clustered(500)
    index = VectorIndex.build(np.arange(500), vectors)
    assert not index.compressed and index.suits(500) and not index.suits(index_module.COMPRESS_FROM)
    exact = np.sort(vectors[:20] @ vectors.T, axis=1)[:, ::-1][:, :5]
    found = np.array([[score for _, score in hits] for hits in index.search(vectors[:20], 5)])
    assert np.allclose(found, exact, atol=1e-5)


def test_bytes_that_do_not_match_their_checksum_are_refused(tmp_path):
    data, crc = VectorIndex.build(np.arange(10), _clustered(10)).to_bytes()
    (tmp_path / "index.faiss").write_bytes(data[:-1])
    with pytest.raises(DamagedIndex):
        VectorIndex.read(tmp_path / "index.faiss", crc)


def _findings(cache, draft, sources) -> list:
    store = ClaimStore(cache, MODEL)
    try:
        return run_check(load_corpus([str(draft)], [str(s) for s in sources], LexicalEmbedder, store),
                         load_rules()).findings
    finally:
        store.close()


def test_caches_built_apart_and_merged_check_as_one_built_at_once(folders, tmp_path):
    politics, sport = folders
    draft = tmp_path / "draft.md"
    draft.write_text("The army has 800,000 troops.\n\nThe peace plan has 19 points.\n")
    _index(tmp_path / "whole", politics, sport)
    _index(tmp_path / "shard-a", politics)
    _index(tmp_path / "shard-b", sport)
    merged = tmp_path / "merged"
    result = run_factlint("merge", str(tmp_path / "shard-a"), str(tmp_path / "shard-b"), "--cache", str(merged),
                          "--model", MODEL, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "merged 2 caches" in result.stderr and "3 documents copied" in result.stderr
    assert len(_index_files(merged)) == 1
    whole = _findings(tmp_path / "whole", draft, [politics, sport])
    assert whole and _findings(merged, draft, [politics, sport]) == whole


def test_merging_a_folder_that_is_not_a_cache_says_so(tmp_path):
    result = run_factlint("merge", str(tmp_path), "--cache", str(tmp_path / "cache"), "--model", MODEL, cwd=tmp_path)
    assert result.returncode == 2 and f"{tmp_path}: not a factlint cache" in result.stderr


def test_a_few_sources_of_a_big_compressed_store_are_searched_exactly(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "COMPRESS_FROM", 40)
    monkeypatch.setattr(corpus_module, "COMPRESS_FROM", 40)
    monkeypatch.setattr(corpus_module, "_FILTER_AFTER", 0)
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(4):
        (archive / f"town-{number}.md").write_text("\n\n".join(
            f"Town {number} district {part} has {1000 * number + part} residents." for part in range(15)) + "\n")
    cache = tmp_path / "cache"
    _index(cache, archive)
    draft = tmp_path / "draft.md"
    draft.write_text("Town 2 district 3 has 9,999 residents.\n")
    store = ClaimStore(cache, MODEL)
    try:
        corpus = load_corpus([str(draft)], [str(archive / "town-2.md")], LexicalEmbedder, store)
        assert store.claim_index(LexicalEmbedder, persist=False).compressed
        (found,) = corpus.evidence.nearest(corpus.subjects.claims, corpus.subjects.vectors, 5)
    finally:
        store.close()
    assert len(found) == 5 and {n.claim.path for n in found} == {str(archive / "town-2.md")}
