"""Project configuration: `factlint.toml`, or `[tool.factlint]` in `pyproject.toml`.

The nearest such file from the current folder upwards is used (or the one `--config` names).
Every key is validated: an unknown key or a bad value is an error naming the file, the key and
what is allowed. Command-line flags override the file. Paths in the file are relative to it.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from checker.errors import FactlintError

CONFIG_FILE = "factlint.toml"


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[str] = []
    include: list[str] = []
    exclude: list[str] = []
    respect_gitignore: bool = True
    select: list[str] = []
    ignore: list[str] = []
    fail_on: Literal["error", "warning", "never"] | None = None
    cache: str | None = None
    model: str | None = None
    rules_path: str | None = None
    rules: dict[str, dict[str, Any]] = {}


def find_config(start: Path) -> Path | None:
    """The nearest factlint.toml, or pyproject.toml with a [tool.factlint] table, upwards."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in (table := _read_toml(pyproject)) and "factlint" in table["tool"]:
            return pyproject
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise FactlintError(f"{path}: cannot be read ({exc}); check the configuration file") from None
    except tomllib.TOMLDecodeError as exc:
        raise FactlintError(f"{path}: is not valid TOML ({exc}); fix the configuration file") from None


def _describe(error: dict) -> str:
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unknown key '{key}' (allowed: {', '.join(Config.model_fields)})"
    if error["type"] == "literal_error":
        return f"'{key}' is {error['input']!r}; {error['msg'].lower()}"
    return f"'{key}': {error['msg']}"


def load_config(path: Path | None) -> tuple[Config, Path | None]:
    """The configuration in `path` (or found from the current folder), with paths made relative
    to the current folder; an empty configuration when there is none."""
    path = path or find_config(Path.cwd())
    if path is None:
        return Config(), None
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("factlint", {})
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise FactlintError(f"{path}: {_describe(exc.errors()[0])}") from None
    base = path.resolve().parent

    def here(value: str) -> str:
        return os.path.relpath(base / value)  # as the user would type it from here

    return config.model_copy(update={
        "sources": [here(s) for s in config.sources],
        "cache": here(config.cache) if config.cache else None,
        "rules_path": here(config.rules_path) if config.rules_path else None,
    }), path


def _git_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def document_filter(config: Config, config_path: Path | None) -> Callable[[Path], bool]:
    """Whether a file found in a folder is checked: it matches `include` (when given), no
    `exclude` pattern, and, with `respect_gitignore`, not the repository's .gitignore. Patterns
    are gitignore-style, relative to the configuration file's folder."""
    import pathspec

    base = config_path.resolve().parent if config_path else Path.cwd().resolve()
    include = pathspec.GitIgnoreSpec.from_lines(config.include) if config.include else None
    exclude = pathspec.GitIgnoreSpec.from_lines(config.exclude)
    ignored, git_root = None, _git_root(base)
    if config.respect_gitignore and git_root and (git_root / ".gitignore").is_file():
        ignored = pathspec.GitIgnoreSpec.from_lines(
            (git_root / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines())

    def relative(path: Path, root: Path) -> str | None:  # `path` is resolved (find_documents)
        # String prefixes, not Path.relative_to: this runs once per file of an archive.
        inside, prefix = str(path), os.path.join(str(root), "")
        return inside[len(prefix):].replace(os.sep, "/") if inside.startswith(prefix) else None

    def keep(path: Path) -> bool:
        name = relative(path, base) or path.name
        if include is not None and not include.match_file(name):
            return False
        if exclude.match_file(name):
            return False
        in_repo = relative(path, git_root) if ignored is not None else None
        return not (in_repo and ignored.match_file(in_repo))

    return keep
