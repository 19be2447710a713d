"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import click

from checker.embed import DEFAULT_MODEL

DEFAULT_CACHE = Path(".factlint")

rules_option = click.option(
    "--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder of rule files (default: the bundled rules).")

model_option = click.option(
    "--model", default=DEFAULT_MODEL, show_default=True,
    help="Embedding model: a bundled name, a sentence-transformers model folder, or the name of one "
         "in the local Hugging Face cache.")

cache_option = click.option(
    "--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_CACHE,
    show_default=True, envvar="FACTLINT_CACHE", help="Folder of the claim and embedding cache (env FACTLINT_CACHE).")
