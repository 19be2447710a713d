"""`factlint index`: build or update the cache of claims and embeddings ahead of checks."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import click

from checker.commands.options import cache_option, model_option
from checker.corpus import load_corpus
from checker.embed import load_embedder
from checker.reader import find_documents
from checker.reporters.base import plural
from checker.store import ClaimStore


@click.command("index")
@click.argument("sources", nargs=-1, required=True)
@model_option
@cache_option
def index(sources: tuple[str, ...], model: str, cache_dir: Path) -> None:
    """Read, extract and embed SOURCES (files or folders) into the cache, so that checks against
    them embed nothing new. Unchanged files are skipped; files gone from a folder are dropped."""
    store = ClaimStore(cache_dir, model)
    try:
        corpus = load_corpus((), sources, partial(load_embedder, model), store)
        present = {path for _, path in find_documents(sources)}
        dropped = store.forget_missing([Path(s) for s in sources if Path(s).is_dir()], present)
    finally:
        store.close()
    click.echo(f"factlint: indexed {plural(len(corpus.source_paths), 'document')} into {cache_dir}: "
               f"{corpus.read} read, {len(corpus.claims)} claims, {corpus.embedded} sentences embedded, "
               f"{dropped} dropped", err=True)
