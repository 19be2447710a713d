"""Figures read from French and English news text: counts, money, percents, dates, durations
and vague amounts, with hedges and ranges turned into intervals.

    from checker.figures import extract_figures
    extract_figures("600 000 personnes", "fr")
"""

from checker.figures.extract import extract_figures

__all__ = ["extract_figures"]
