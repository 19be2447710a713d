"""`factlint merge`: fold caches built elsewhere (shards) into one."""

from __future__ import annotations

from pathlib import Path

import click

from checker.commands.options import cache_option, model_option
from checker.embed import ModelLoader
from checker.errors import FactlintError
from checker.paths import STORE_FILE
from checker.reporters.base import plural
from checker.store import ClaimStore


@click.command("merge")
@click.argument("shards", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@model_option
@cache_option
def merge(shards: tuple[Path, ...], model: str, cache_dir: Path) -> None:
    """Merge the caches SHARDS (folders made by `factlint index --cache`, on other machines or in
    parallel, over disjoint or overlapping sources) into the cache, and write its index. Where
    two hold one file, the later state of it wins. Nothing is read or embedded again: a merged
    cache checks as one built in a single run would."""
    store = ClaimStore(cache_dir, model, verify=True)
    try:
        copied = 0
        for folder in shards:
            if not (folder / STORE_FILE).is_file():
                raise FactlintError(f"{folder}: not a factlint cache (no {STORE_FILE}); give the --cache folder "
                                    "of a `factlint index` run")
            shard = ClaimStore(folder, model)
            try:
                copied += store.merge_from(shard)
            finally:
                shard.close()
        store.claim_index(ModelLoader(model), persist=True)
    finally:
        store.close()
    click.echo(f"factlint: merged {plural(len(shards), 'cache')} into {cache_dir}: "
               f"{plural(copied, 'document')} copied", err=True)
