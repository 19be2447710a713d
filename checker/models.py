"""The data that flows through factlint: documents, figures, claims and findings.

Every stage reads one of these and produces the next (read → extract → embed/index → match →
rules → report). They are pydantic models so the JSON report is their serialisation.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field

FigureKind = Literal["count", "money", "percent", "date", "duration", "vague"]
# A number, a date string ("2025-11-21", "2025-11", "2025", "XXXX-11-21"), or a range [start, end].
FigureValue = Union[float, str, list[float], list[str], None]


class Figure(BaseModel):
    """One figure read from a text, with its meaning normalised.

    `start`/`end` are character offsets into the text the figure was read from (for a claim,
    its sentence). `low`/`high` bound what the figure can mean, given its hedges ("about",
    "more than") and how precisely it is written; `None` is an open bound. Dates carry their
    bounds as ISO days ("2022-02-01" .. "2022-02-28" for "February 2022").
    """

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int
    kind: FigureKind
    value: FigureValue = None
    low: float | str | None = None
    high: float | str | None = None
    hedge: str | None = None
    currency: str | None = None
    currency_assumed: bool = False
    unit: str | None = None
    unit_group: str | None = None
    year_resolved: bool = False


class Sentence(BaseModel):
    """A sentence of a document with exact positions: offsets into the document text, and the
    1-based line and column where it starts and ends."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


class Document(BaseModel):
    """A draft or source as read from disk; `text` is the whole file and offsets refer to it."""

    path: str
    text: str
    lang: Literal["fr", "en"]
    title: str | None = None
    date: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    sentences: list[Sentence] = Field(default_factory=list)


class Claim(BaseModel):
    """A sentence that carries at least one figure."""

    model_config = ConfigDict(frozen=True)

    path: str
    doc_date: dt.date | None
    lang: Literal["fr", "en"]
    sentence: Sentence
    figures: tuple[Figure, ...]
    doc_title: str | None = None  # what the document is about, when its sentences do not say it

    @property
    def text(self) -> str:
        return self.sentence.text


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


Category = Literal["conflict", "unsupported", "internal", "stale"]


class Evidence(BaseModel):
    """The other side of a finding: a claim elsewhere and the figure in it that matters."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int
    column: int
    claim: str
    figure: Figure
    similarity: float  # cosine of the two claims' embeddings
    relatedness: float  # similarity plus the weight of rare words the claims share: ranks evidence
    date: dt.date | None = None


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    category: Category
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    claim: str
    figure: Figure
    evidence: tuple[Evidence, ...] = ()

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.figure.start)


SCHEMA_VERSION = 1


class Tool(BaseModel):
    name: str = "factlint"
    version: str


class UnusedSuppression(BaseModel):
    """A suppression comment that matched no finding: reported as a warning."""

    path: str
    line: int
    rules: list[str]
    reason: str | None = None


class Summary(BaseModel):
    mode: Literal["sources", "peers"] | None
    model: str | None
    documents: int
    claims: int
    figures: int
    findings: int
    by_category: dict[str, int]
    by_severity: dict[str, int]
    suppressed: int = 0  # findings hidden by inline suppressions
    baselined: int = 0  # findings the --baseline file records
    outside_diff: int = 0  # findings on lines --diff did not see changed


class Report(BaseModel):
    """The JSON report (public interface, versioned by `schema_version`; see docs/report-schema.md)."""

    schema_version: int = SCHEMA_VERSION
    tool: Tool
    findings: list[Finding]
    unused_suppressions: list[UnusedSuppression] = Field(default_factory=list)
    summary: Summary
