"""What the answerer returns: plain data, turned into the API model by the engine."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cited:
    """A quoted sentence: `document.text[start:end] == quote`."""

    n: int
    doc_id: str
    chunk_id: str
    title: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Stated:
    """A value and the citations (their `n`) of the independent sources that state it."""

    value: str
    citations: list[int]
    sources: int  # independent: near-duplicate articles and one outlet's articles count once
    articles: int = 0  # articles stating it, copies included
    dates: list[str] = field(default_factory=list)  # their publication dates (ISO), oldest first
    attributed_to: str | None = None  # who the quoted sentence says reports it ('police')


@dataclass
class Result:
    question: str
    question_type: str
    text: str
    answer: str | None = None
    abstained: bool = False
    reason: str | None = None
    confidence: float = 0.0
    resolved_date: str | None = None
    citations: list[Cited] = field(default_factory=list)
    support: list[Stated] = field(default_factory=list)
    conflicts: list[Stated] = field(default_factory=list)
    superseded: list[Stated] = field(default_factory=list)  # values later reports revised or corrected
    signals: dict[str, float] | None = None  # what the answerability model read of the answer (abstention.SIGNALS)
    facts: dict | None = None  # the learned answerability check's facts of the answer, when recording (answerability.py)
    read: list | None = None  # the passages (retrieval hits) answered from, when others than those given: cite these
