"""The `factlint` command: a click group of one module per command."""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from checker import __version__
from checker.errors import FactlintError
from checker.exit_codes import ExitCode
from checker.logs import log_to_stderr


# Command name -> the module that defines it (the function has the command's name).
_COMMANDS = {"check": "check", "index": "index", "merge": "merge", "figures": "figures", "rules": "rules",
             "rule": "rules"}


class _CommandsOnDemand(click.Group):
    """Imports a command's module only when that command runs (or help lists it): `factlint
    index` on an unchanged corpus spends most of its time importing, and needs little of what
    `check` imports (the engine, the rules' kinds)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = _COMMANDS.get(cmd_name)
        return getattr(importlib.import_module(f"checker.commands.{module}"), cmd_name) if module else None


@click.group(cls=_CommandsOnDemand, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factlint")
def cli() -> None:
    """Check the figures of a draft against its sources, in French and English."""


def main() -> None:
    """Entry point: user errors become one line on stderr and exit 2, never a traceback."""
    log_to_stderr()
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("factlint: interrupted", err=True)
        code = ExitCode.USAGE
    except click.ClickException as exc:
        exc.show()
        code = ExitCode.USAGE
    except FactlintError as exc:
        click.echo(f"factlint: error: {exc}", err=True)
        code = ExitCode.USAGE
    except Exception as exc:  # a bug: say so in one line, the traceback only on request
        if os.environ.get("FACTLINT_DEBUG"):
            traceback.print_exc()
        click.echo(f"factlint: internal error: {type(exc).__name__}: {exc} "
                   "(set FACTLINT_DEBUG=1 for the traceback and report it)", err=True)
        code = ExitCode.INTERNAL
    sys.exit(int(code or 0))
