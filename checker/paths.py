"""Where factlint's bundled data lives, in a source checkout and in an installed wheel."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_rules_dir() -> Path:
    """The folder of the bundled rule files (`rules/` in the repository, `checker/_rules` in a wheel)."""
    packaged = _PACKAGE / "_rules"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "rules"
