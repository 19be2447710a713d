"""`factlint rules` lists the rules; `factlint rule ID` prints one rule's documentation."""

from __future__ import annotations

from pathlib import Path

import click

from checker.commands.options import rules_option
from checker.errors import FactlintError
from checker.rulebook import load_rules


@click.command("rules")
@rules_option
def rules(rules_dir: Path | None) -> None:
    """List the rules: id, category, severity, kind and name."""
    for loaded in load_rules(rules_dir):
        spec = loaded.spec
        click.echo(f"{spec.id}  {spec.category:<11} {spec.severity.value:<7} {spec.kind:<18} {spec.name}")


@click.command("rule")
@click.argument("rule_id")
@rules_option
def rule(rule_id: str, rules_dir: Path | None) -> None:
    """Print what rule RULE_ID checks, why it matters, and an example."""
    found = {r.spec.id: r.spec for r in load_rules(rules_dir)}
    spec = found.get(rule_id.upper())
    if spec is None:
        raise FactlintError(f"unknown rule {rule_id!r}; `factlint rules` lists them ({', '.join(found)})")
    click.echo(f"# {spec.id} {spec.name} ({spec.category}, {spec.severity.value}, kind {spec.kind})\n")
    for title, text in (("What it does", spec.docs.what), ("Why it matters", spec.docs.why),
                        ("Example", spec.docs.example)):
        click.echo(f"## {title}\n{text.rstrip()}\n")
    if spec.params:
        click.echo("## Parameters")
        for key, value in spec.params.items():
            click.echo(f"- {key}: {value}")
