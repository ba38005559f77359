"""Pydantic models: the contract of the HTTP API, the CLI's --json output and the Slack bot."""

from __future__ import annotations

from datetime import date

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, field_validator, model_validator

if TYPE_CHECKING:
    from service.filters import Filters

MAX_QUESTION_CHARS = 1000
MAX_K = 50
MAX_SOURCE_CHARS = 200
MAX_PAGE = 1000  # documents per /documents page


class QuestionRequest(BaseModel):
    question: str = Field(..., description="A natural-language question, 1 to 1,000 characters.")
    k: int = Field(5, description="How many passages to retrieve (1-50).")
    doc_ids: list[str] | None = Field(None, max_length=100, description="Answer only from these documents.")
    as_of: date | None = Field(None, description="Answer as things stood on this date (ISO): articles published "
                               "after it are left out. /ask only.")
    since: date | None = Field(None, description="Only articles published on or after this date (ISO).")
    until: date | None = Field(None, description="Only articles published on or before this date (ISO).")
    sources: list[str] | None = Field(None, max_length=50, description="Only articles from these sources: site "
                                      "names or web hosts ('Reuters', 'bbc.co.uk').")
    language: str | None = Field(None, max_length=20, description="Only articles in this language (ISO 639-1, 'en').")

    @field_validator("sources")
    @classmethod
    def _sources_are_short(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(len(s) > MAX_SOURCE_CHARS for s in value):
            raise ValueError(f"each source must be at most {MAX_SOURCE_CHARS} characters")
        return value

    @model_validator(mode="after")
    def _period_is_ordered(self) -> "QuestionRequest":
        if self.since and self.until and self.since > self.until:
            raise ValueError("since must not be after until")
        return self

    def filters(self) -> "Filters":
        from service.filters import Filters

        return Filters.of(self.since, self.until, self.sources, self.language)

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
    author: str | None = Field(None, max_length=500)
    site: str | None = Field(None, max_length=500)
    language: str | None = Field(None, max_length=20)
    modified: str | None = Field(None, max_length=100)
    keywords: list[str] | None = Field(None, max_length=100)

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
    author: str | None = None
    site: str | None = None
    language: str | None = Field(None, description="ISO 639-1; answers are English-only (see README).")
    modified: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Document(DocumentSummary):
    text: str


class DocumentQuery(BaseModel):
    """`GET /documents` query: the filters of /ask, plus paging."""

    since: date | None = None
    until: date | None = None
    sources: list[str] | None = Field(None, max_length=50)
    language: str | None = Field(None, max_length=20)
    limit: int = Field(100, ge=1, le=MAX_PAGE, description=f"documents per page (1-{MAX_PAGE})")
    offset: int = Field(0, ge=0)

    def filters(self) -> "Filters":
        from service.filters import Filters

        return Filters.of(self.since, self.until, self.sources, self.language)


class DocumentList(BaseModel):
    count: int = Field(..., description="documents on this page")
    total: int | None = Field(None, description="documents passing the filters, all pages")
    offset: int = 0
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
