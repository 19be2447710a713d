"""Properties of the figure readers and the document reader, on generated text.

`extract_figures` swallows its own failures (a draft must not stop on one odd sentence) and logs
them, so "never raises" is checked as "never logs a failure": every example runs with a handler
that turns such a log record into a test failure.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from contextlib import contextmanager
from typing import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.figures import extract_figures
from checker.reader import parse_document



def examples(count: int) -> settings:
    """`count` examples, no per-example deadline, the same examples on every run (a CI failure
    reproduces), and nothing written to a `.hypothesis` folder."""
    return settings(max_examples=count, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


class _FailureLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def no_logged_failure() -> Iterator[None]:
    logger = logging.getLogger("checker.figures.extract")
    handler = _FailureLog()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not handler.messages, handler.messages[0]


def assert_figures_point_into(text: str, lang: str, doc_date: dt.date | None = None) -> None:
    with no_logged_failure():
        figures = extract_figures(text, lang, doc_date)
    previous_end = 0
    for figure in figures:
        assert previous_end <= figure.start < figure.end <= len(text)
        assert text[figure.start:figure.end] == figure.text
        previous_end = figure.end


LANGS = st.sampled_from(["fr", "en"])
DATES = st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))


@examples(8000)
@given(text=st.text(max_size=300), lang=LANGS, doc_date=DATES)
def test_figures_of_arbitrary_unicode(text, lang, doc_date):
    assert_figures_point_into(text, lang, doc_date)


_DIGITS = st.integers(0, 10**15).map(str) | st.from_regex(r"\d{1,3}([ ,.\u00a0\u202f']\d{3}){0,4}([.,]\d{1,3})?", fullmatch=True)
_PIECES = st.sampled_from([
    " ", "  ", "\u00a0", "\u202f", "\u2009", ",", ".", "-", "–", "/", ":", "%", "'", "’", "\n", "(", ")",
    "$", "€", "£", "¥", "US$", "bn", "m", "k", "Md€", "million", "millions", "milliards", "billion", "trillion",
    "mille", "thousand", "hundred", "cent", "dollars", "euros", "de", "d'", "of", "et", "and", "to", "à",
    "environ", "about", "plus de", "more than", "près d'", "nearly", "entre", "between", "up to", "jusqu'à",
    "soldats", "troops", "personnes", "people", "points", "ans", "years", "heures", "hours", "jours", "days",
    "pour cent", "per cent", "h", "min", "mars", "March", "le", "the", "in", "en", "2022", "21", "1er",
    "vingt", "twenty", "huit", "eight", "une dizaine", "a dozen", "des milliers", "thousands", "moitié", "half",
    "quart", "quarter", "Covid-19", "F-16", "article", "n°", "10h30", "9 a.m.", "+33", "@", "http://", "www.",
])
NEWS_LIKE = st.lists(_PIECES | _DIGITS, max_size=30).map("".join)


@examples(4000)
@given(text=NEWS_LIKE, lang=LANGS, doc_date=DATES)
def test_figures_of_news_like_strings(text, lang, doc_date):
    assert_figures_point_into(text, lang, doc_date)


# A thousands separator is any that is not the language's decimal mark.
_STYLES = {"fr": ([" ", "\u00a0", "\u202f", "."], ","), "en": ([",", " ", "\u00a0", "\u202f"], ".")}
_SENTENCES = {"fr": "L'armée compte {} soldats.", "en": "The army has {} troops."}


def _grouped(integer: int, separator: str) -> str:
    return f"{integer:,}".replace(",", separator)


# Two decimals at most: "1,500" in French (or "1.500" in English) is read as 1500 unless a scale
# word or a percent follows, by design (checker/figures/numbers.py, tests/figures/*.yaml).
@examples(4000)
@given(lang=LANGS, integer=st.integers(0, 10**13), decimals=st.none() | st.from_regex(r"\d{1,2}", fullmatch=True),
       separator_choice=st.integers(0, 3), grouped=st.booleans())
def test_a_number_in_any_style_reads_back_as_its_value(lang, integer, decimals, separator_choice, grouped):
    separators, decimal_mark = _STYLES[lang]
    written = _grouped(integer, separators[separator_choice]) if grouped else str(integer)
    if decimals:
        written += decimal_mark + decimals
    text = _SENTENCES[lang].format(written)
    with no_logged_failure():
        [figure] = extract_figures(text, lang)
    expected = float(f"{integer}.{decimals or 0}")
    assert figure.kind == "count" and figure.text.startswith(written)
    # Values are kept to 12 significant digits (binary noise of scaling dropped): ample for news.
    assert math.isclose(figure.value, expected, rel_tol=1e-11), (text, figure.value)


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


_MARKUP = st.sampled_from(["---\n", "title: x\n", "lang: fr\n", "# ", "- ", "> ", "1. ", "```\n", "    ", "`",
                           "<!--", "-->", "https://x.org/a", "[a](b)", ". ", "? ", "M. ", "\r\n", "\n\n", "«", "»",
                           "\ufeff", "\u2028", "é", "İ", "ß", "Ω", "😀"])
DOCUMENT_TEXT = st.text(max_size=400) | st.lists(_MARKUP | st.text(max_size=12), max_size=40).map("".join)


@examples(3000)
@given(text=DOCUMENT_TEXT, name=st.sampled_from(["doc.md", "doc.txt"]))
def test_sentence_offsets_lines_and_columns_point_into_the_file(text, name):
    try:
        document = parse_document(name, text)
    except InputError:  # front matter that is not YAML: refused, which is the point
        return
    for sentence in document.sentences:
        # The file's text, but for code and URLs inside the sentence, blanked to spaces.
        in_file = text[sentence.start:sentence.end]
        assert len(in_file) == len(sentence.text)
        assert all(read in (written, " ") for read, written in zip(sentence.text, in_file))
        assert sentence.text[:1] == in_file[:1] and sentence.text[-1:] == in_file[-1:]
        assert (sentence.line, sentence.column) == _line_and_column(text, sentence.start)
        assert (sentence.end_line, sentence.end_column) == _line_and_column(text, sentence.end)
