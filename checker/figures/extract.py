"""`extract_figures`: every figure of a sentence, each read once, in text order."""

from __future__ import annotations

import datetime as dt
import logging

from checker.figures import counts, dates, ignore, quantities, vague
from checker.figures.text import Spans, first_non_overlapping, normalise
from checker.models import Figure

log = logging.getLogger(__name__)


def extract_figures(text: str, lang: str, doc_date: dt.date | None = None) -> list[Figure]:
    """Figures in `text` ("fr" or "en"), sorted by start, non-overlapping, with
    `text[f.start:f.end] == f.text`. Never raises: a failure is logged and yields no figures."""
    try:
        return _extract(text, "fr" if str(lang).lower().startswith("fr") else "en", doc_date)
    except Exception:  # a reader of untrusted drafts must not stop on one odd sentence
        log.exception("figure extraction failed on %r", text[:200] if isinstance(text, str) else text)
        return []


def _extract(text: str, lang: str, doc_date: dt.date | None) -> list[Figure]:
    if not isinstance(text, str) or not text:
        return []
    norm = normalise(text)
    unreadable = ignore.unreadable_spans(norm)
    no_dates = Spans(unreadable)
    figures = [
        Figure(text=text[d.start : d.end], start=d.start, end=d.end, kind="date", value=d.value,
               low=d.low, high=d.high, year_resolved=d.year_resolved)
        for d in dates.find_dates(norm, text, lang, doc_date)
        if not no_dates.overlaps(d.start, d.end)
    ]
    blocked = [*unreadable, *((f.start, f.end) for f in figures), *ignore.named_number_spans(norm)]
    figures += quantities.find_quantities(norm, text, lang, blocked)
    if amounts := vague.find_vague(norm, lang):  # most sentences have none
        taken = Spans([*unreadable, *((f.start, f.end) for f in figures)])
        for start, end in amounts:
            if taken.overlaps(start, end):
                continue
            noun = counts.read_counted_noun(norm, text, end, lang, after_scale=True)
            if noun is not None:
                end = noun.end
            figures.append(Figure(text=text[start:end], start=start, end=end, kind="vague",
                                  unit=noun.unit if noun else None, unit_group=noun.group if noun else None))
    # Where two readings overlap, the one found first wins: dates, then quantities, then vague.
    return first_non_overlapping(figures, lambda f: (f.start, f.end))
