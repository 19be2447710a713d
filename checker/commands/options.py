"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from checker.embed import DEFAULT_MODEL, ModelLoader
from checker.paths import STORE_FILE

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

config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
    help="Configuration file (default: the nearest factlint.toml, or pyproject.toml with [tool.factlint]).")


def configured(name: str, given: Any, configured_value: Any) -> Any:
    """A flag's value: what the command line (or environment) gave, else the configuration's,
    else the flag's default."""
    source = click.get_current_context().get_parameter_source(name)
    if configured_value is not None and source in (ParameterSource.DEFAULT, None):
        return configured_value
    return given


def model_loader(model: str, cache_dir: Path | None) -> ModelLoader:
    """The model, already loading when the cache is new or there is none (`cache_dir` None):
    every sentence needs it then, and it loads (half a second or more) while the command
    imports, and reads its first files, on the main thread."""
    loader = ModelLoader(model)
    if cache_dir is None or not (cache_dir / STORE_FILE).exists():
        loader.start()
    return loader
