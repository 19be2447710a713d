"""Claims: the sentences of a document that carry figures."""

from __future__ import annotations

from checker.figures import extract_figures
from checker.models import Claim, Document


def extract_claims(document: Document) -> list[Claim]:
    claims = []
    for sentence in document.sentences:
        figures = extract_figures(sentence.text, document.lang, document.date)
        if figures:
            claims.append(Claim(path=document.path, doc_date=document.date, lang=document.lang,
                                sentence=sentence, figures=tuple(figures), doc_title=document.title))
    return claims
