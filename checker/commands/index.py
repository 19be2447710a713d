"""`factlint index`: build or update the cache of claims, embeddings and their index ahead of checks."""

from __future__ import annotations

from pathlib import Path

import click

from checker.commands.options import cache_option, model_loader, model_option


@click.command("index")
@click.argument("sources", nargs=-1, required=True)
@model_option
@cache_option
def index(sources: tuple[str, ...], model: str, cache_dir: Path) -> None:
    """Read, extract and embed SOURCES (files or folders) into the cache, and write the index
    checks search, so that checks against them embed nothing new. Unchanged files are skipped;
    files gone from a folder are dropped."""
    embedder = model_loader(model, cache_dir)
    # Imported only now, for a new cache's model to load meanwhile: they take 0.15 s.
    from checker.corpus import store_files
    from checker.reader import find_documents
    from checker.reporters.base import plural
    from checker.store import ClaimStore

    store = ClaimStore(cache_dir, model, verify=True)
    try:
        files = find_documents(sources)
        read = store_files(store, files, embedder)
        dropped = store.forget_missing([Path(s) for s in sources if Path(s).is_dir()], {path for _, path in files})
        claims, _ = store.counts([path for _, path in files])
        if not store.index_is_current():
            store.claim_index(embedder, persist=True)
    finally:
        store.close()
    click.echo(f"factlint: indexed {plural(len(files), 'document')} into {cache_dir}: {read} read, "
               f"{claims} claims, {store.embedded} sentences embedded, {dropped} dropped", err=True)
