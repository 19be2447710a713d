"""Lexical candidates: the FTS5 word index, kept in step with the store, fused with dense search."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from checker.claims import extract_claims
from checker.corpus import load_corpus
from checker.match import EmbeddedClaims, neighbours_across
from checker.reader import parse_document
from checker.store import SCHEMA_VERSION, STORE_FILE, ClaimStore
from checker.terms import terms
from checker.word_index import RARE_WORD_CLAIMS, WordIndex
from lexical_embedder import LexicalEmbedder

MODEL = LexicalEmbedder.name


def test_a_query_finds_claims_by_their_rarest_words_best_first():
    words = [frozenset({"army", "troops"})] * RARE_WORD_CLAIMS + [
        frozenset({"army", "kherson"}), frozenset({"army", "kherson", "bridge"}), frozenset({"bridge"})]
    index = WordIndex.in_memory(words)
    [found] = index.search([frozenset({"army", "kherson", "bridge"})], 3)
    assert found[0] == RARE_WORD_CLAIMS + 1 and sorted(found[1:]) == [RARE_WORD_CLAIMS, RARE_WORD_CLAIMS + 2]
    # "army" is held by more than RARE_WORD_CLAIMS claims: alone it finds nothing.
    assert index.search([frozenset({"army"}), frozenset({"unknown"})], 5) == [[], []]


def test_weights_leave_out_the_claims_under_check():
    index = WordIndex.in_memory([frozenset({"kherson"}), frozenset({"kherson", "bridge"}), frozenset({"bridge"})])
    alone = index.weights({"kherson"}, leave_out=[frozenset({"kherson", "bridge"})])
    assert alone["kherson"] == pytest.approx(WordIndex.in_memory([frozenset({"kherson"}), frozenset({"bridge"})])
                                             .weights({"kherson"})["kherson"])


def _claims(path: str, text: str):
    return extract_claims(parse_document(path, text))


def test_a_claim_dense_search_ranks_too_low_is_found_by_its_words():
    subject = EmbeddedClaims(_claims("draft.md", "Kherson has 600 troops.\n"), np.array([[1.0, 0.0, 0.0]], np.float32))
    sources = _claims("a.md", "The base has 500 troops.\n\nThe camp has 400 troops.\n") + \
        _claims("b.md", "Kherson holds 800 soldiers.\n")
    # Cosines 0.9, 0.9, 0.8: with one neighbour kept, dense search fetches the first two only.
    vectors = np.array([[0.9, 0.436, 0.0], [0.9, 0.0, 0.436], [0.8, 0.6, 0.0]], np.float32)
    [context] = neighbours_across(subject, EmbeddedClaims(sources, vectors), k=1, min_similarity=0.5)
    assert [n.claim.text for n in context.neighbours] == ["Kherson holds 800 soldiers."]


def _store_with(tmp_path, files: dict[str, str]) -> ClaimStore:
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    store = ClaimStore(tmp_path / "cache", MODEL)
    load_corpus((), [str(folder)], LexicalEmbedder, store)
    return store


def _found(store: ClaimStore, word: str) -> list[str]:
    [ids] = store.sharing_words([frozenset({word})], 10)
    return [c.text for c in store.claims_by_id(ids, {}).values()]


def test_the_word_index_follows_changed_and_deleted_files(tmp_path):
    store = _store_with(tmp_path, {"a.md": "Kherson has 600 troops.\n", "b.md": "Odesa has 200 ships.\n"})
    try:
        assert _found(store, "kherson") == ["Kherson has 600 troops."]
        (tmp_path / "sources" / "a.md").write_text("Mykolaiv has 700 troops.\n")
        (tmp_path / "sources" / "b.md").unlink()
        load_corpus((), [str(tmp_path / "sources")], LexicalEmbedder, store)
        store.forget_missing([tmp_path / "sources"], {tmp_path / "sources" / "a.md"})
        assert (_found(store, "kherson"), _found(store, "odesa")) == ([], [])
        assert _found(store, "mykolaiv") == ["Mykolaiv has 700 troops."]
    finally:
        store.close()


def test_a_schema_2_store_gains_its_word_index_in_place_and_keeps_its_vectors(tmp_path):
    _store_with(tmp_path, {"a.md": "Kherson has 600 troops.\n"}).close()
    with sqlite3.connect(tmp_path / "cache" / STORE_FILE) as db:  # what factlint 0.x with schema 2 wrote
        db.execute("DROP TABLE claim_words")
        db.execute("CREATE TABLE terms (term TEXT PRIMARY KEY, claims INTEGER NOT NULL)")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    store = ClaimStore(tmp_path / "cache", MODEL)
    try:
        assert _found(store, "kherson") == ["Kherson has 600 troops."]
        corpus = load_corpus((), [str(tmp_path / "sources")], LexicalEmbedder, store)
        assert (corpus.read, corpus.embedded) == (0, 0)
    finally:
        store.close()
    with sqlite3.connect(tmp_path / "cache" / STORE_FILE) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'terms'").fetchone() is None


def test_stored_sources_are_found_by_words_and_the_drafts_own_claims_are_not(tmp_path):
    store = _store_with(tmp_path, {"a.md": "Kherson has 800 troops.\n", "b.md": "Odesa has 200 ships.\n"})
    (tmp_path / "draft.md").write_text("Kherson has 600 troops.\n")
    try:
        corpus = load_corpus([str(tmp_path / "draft.md")], [str(tmp_path / "sources")], LexicalEmbedder, store)
        [found] = corpus.evidence.sharing_words(corpus.subjects.claims, [terms(c.text) for c in corpus.subjects.claims],
                                                  corpus.subjects.vectors, 5)
    finally:
        store.close()
    assert [(n.claim.text, round(n.similarity, 3)) for n in found] == [("Kherson has 800 troops.", 1.0)]


def test_a_lexical_candidate_below_the_floor_does_not_take_a_dense_neighbours_place():
    subject = EmbeddedClaims(_claims("draft.md", "Kherson has 600 troops.\n"), np.array([[1.0, 0.0, 0.0]], np.float32))
    sources = _claims("a.md", "The base has 500 soldiers.\n") + _claims("b.md", "Kherson has 800 troops.\n")
    vectors = np.array([[0.6, 0.8, 0.0], [0.25, 0.0, 0.968]], np.float32)  # cosines 0.6 and 0.25
    [context] = neighbours_across(subject, EmbeddedClaims(sources, vectors), k=1, min_similarity=0.5)
    assert [n.claim.text for n in context.neighbours] == ["The base has 500 soldiers."]


def test_words_are_folded_as_the_index_tokenizes_them():
    """A final "ς" is stored as "σ" by FTS5; folded otherwise, the word would never be found."""
    words = terms("Le port d'Αθήνας rouvre")
    index = WordIndex.in_memory([words])
    assert index.frequencies(set(words)) == dict.fromkeys(words, 1)


def test_a_search_within_some_claims_keeps_its_limit_for_them():
    others = [frozenset({"kherson"})] * 50
    index = WordIndex.in_memory(others + [frozenset({"kherson", "bridge", "river", "port"})])
    assert index.search([frozenset({"kherson"})], 5) != [[50]]
    assert index.search([frozenset({"kherson"})], 5, within=[50]) == [[50]]


def test_sources_behind_many_other_stored_claims_are_still_found_by_words(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(270):  # more stored claims outside the check than are dropped after a search
        (archive / f"{n}.md").write_text(f"{('Alpha', 'Bravo', 'Delta')[n % 3]} has {n + 1} units.\n")
    store = _store_with(tmp_path, {"a.md": "Far from Alpha, the long convoy on the coast road has 9 units.\n"})
    (tmp_path / "draft.md").write_text("Alpha Bravo Delta have 12 units.\n")
    try:
        load_corpus((), [str(archive)], LexicalEmbedder, store)
        corpus = load_corpus([str(tmp_path / "draft.md")], [str(tmp_path / "sources")], LexicalEmbedder, store)
        [found] = corpus.evidence.sharing_words(corpus.subjects.claims, [terms(c.text) for c in corpus.subjects.claims],
                                                  corpus.subjects.vectors, 5)
    finally:
        store.close()
    assert [n.claim.text for n in found] == ["Far from Alpha, the long convoy on the coast road has 9 units."]
