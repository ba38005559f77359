"""Pydantic models: the contract of the HTTP API, the CLI's --json output and the Slack bot."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, field_validator

MAX_QUESTION_CHARS = 1000
MAX_K = 50


class QuestionRequest(BaseModel):
    question: str = Field(..., description="A natural-language question, 1 to 1,000 characters.")
    k: int = Field(5, description="How many passages to retrieve (1-50).")
    doc_ids: list[str] | None = Field(None, max_length=100, description="Answer only from these documents.")
    as_of: date | None = Field(None, description="Answer as things stood on this date (ISO): articles published "
                               "after it are left out. /ask only.")

    @field_validator("question")
    @classmethod
    def _question_is_sensible(cls, value: str) -> str:
        # The message never echoes the input: a 100 kB question must not come back in the error.
        if not value or not value.strip():
            raise ValueError("question must not be empty or blank")
        if len(value) > MAX_QUESTION_CHARS:
            raise ValueError(f"question is too long ({len(value)} characters, at most {MAX_QUESTION_CHARS})")
        return value.strip()

    @field_validator("k")
    @classmethod
    def _k_in_range(cls, value: int) -> int:
        if not 1 <= value <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}")
        return value


class Passage(BaseModel):
    """One retrieved chunk; `text == document_text[start:end]`."""

    rank: int
    chunk_id: str
    doc_id: str
    title: str
    score: float
    text: str
    start: int
    end: int


class Citation(BaseModel):
    """A verbatim quote: `document_text[start:end] == quote`, character offsets."""

    n: int
    doc_id: str
    chunk_id: str
    title: str
    quote: str
    start: int
    end: int


class Evidence(BaseModel):
    """A value stated by the sources, with the citations that state it."""

    value: str
    citations: list[int] = Field(default_factory=list, description="`n` of the citations that state it")
    sources: int = Field(0, description="independent sources: near-duplicate articles (wire copies) and "
                         "articles of one outlet count once")
    articles: int = Field(0, description="articles stating it, copies included")
    dates: list[str] = Field(default_factory=list, description="publication dates (ISO) of those articles, oldest first")
    attributed_to: str | None = Field(None, description="who the quoted sentence says reports it ('police')")


class Answer(BaseModel):
    question: str
    answer: str | None = Field(None, description="The short verbatim span, or null when abstaining.")
    text: str = Field(..., description="The templated sentence with [n] citation markers.")
    abstained: bool
    reason: str | None = None
    confidence: float = Field(..., ge=0.0, le=1.0)
    question_type: str
    resolved_date: str | None = Field(None, description="ISO date a relative 'when' answer stands for, "
                                      "anchored at the article's publication date.")
    citations: list[Citation] = Field(default_factory=list)
    support: list[Evidence] = Field(default_factory=list, description="Sources stating the chosen answer.")
    conflicts: list[Evidence] = Field(default_factory=list, description="Other values stated for the same question.")
    superseded: list[Evidence] = Field(default_factory=list, description="Values later reports revised or corrected: "
                                       "shown for the record, not as conflicts.")
    passages: list[Passage] = Field(default_factory=list)


class SearchResponse(BaseModel):
    question: str
    results: list[Passage]


class ArticleIn(BaseModel):
    doc_id: str | None = Field(None, max_length=200, pattern=r"^[A-Za-z0-9_.:-]+$")
    title: str | None = Field(None, max_length=1000)
    text: str = Field(..., min_length=1, max_length=2_000_000)
    published: str | None = Field(None, max_length=100)
    url: str | None = Field(None, max_length=2000)

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be blank")
        return value


class DocumentSummary(BaseModel):
    doc_id: str
    title: str
    published: str | None = None
    url: str | None = None
    chunks: int
    chars: int


class Document(DocumentSummary):
    text: str


class DocumentList(BaseModel):
    count: int
    documents: list[DocumentSummary]


class IngestResult(BaseModel):
    added: list[str]
    unchanged: list[str]
    replaced: list[str]
    chunks: int


class Stats(BaseModel):
    documents: int
    chunks: int
    sentences: int
    index_dir: str
    snapshot: str | None
    model: str
