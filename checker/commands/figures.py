"""`factlint figures`: show how texts are read, one JSON array of figures per text."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from checker.figures import extract_figures
from checker.language import detect_language


@click.command("figures")
@click.argument("texts", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the texts (default: detected per text).")
@click.option("--date", "doc_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Document date, YYYY-MM-DD: supplies the year of dates written without one.")
def figures(texts: tuple[str, ...], lang: str | None, doc_date: dt.datetime | None) -> None:
    """Print the figures read in each TEXT as JSON Lines; `-` reads one text per line from stdin."""
    date = doc_date.date() if doc_date else None
    for text in texts:
        lines = (line.rstrip("\n") for line in sys.stdin) if text == "-" else [text]
        for line in lines:
            found = extract_figures(line, lang or detect_language(line), date)
            click.echo(json.dumps([f.model_dump(mode="json") for f in found], ensure_ascii=False))
