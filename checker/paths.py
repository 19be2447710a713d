"""Where factlint's files live: its bundled data, in a source checkout and in an installed
wheel, and the store in a cache folder."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
STORE_FILE = "store.sqlite"  # in the --cache folder


def builtin_rules_dir() -> Path:
    """The folder of the bundled rule files (`rules/` in the repository, `checker/_rules` in a wheel)."""
    packaged = _PACKAGE / "_rules"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "rules"
