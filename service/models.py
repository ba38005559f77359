"""Pydantic models: the contract of the HTTP API, the CLI's --json output and the Slack bot."""

from __future__ import annotations

import re
from datetime import date

from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, BeforeValidator, Field, field_validator

if TYPE_CHECKING:
    from service.filters import Filters

MAX_QUESTION_CHARS = 1000
MAX_K = 50
MAX_DOC_IDS = 100
DOC_ID_MAX = 200
FILE_DOC_ID_MAX = 255  # ids of articles loaded from files are file names (up to 255 bytes)
DOC_ID_PATTERN = r"^[A-Za-z0-9_.:-]+$"
TITLE_MAX = 1000
TEXT_MAX = 2_000_000
PUBLISHED_MAX = 100
URL_MAX = 2000
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_SOURCES = 50
MAX_SOURCE_CHARS = 200
LANGUAGE_MAX = 20
MAX_PAGE = 1000  # documents per /documents page
# "Blank" means only these characters: whitespace to Python (str.isspace) or to JSON Schema's
# ECMA-262 `\s`, so the server and a client validating against the schema agree on every string.
SPACE_CHARS = ("\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
               + "\u2028\u2029\u202f\u205f\u3000\ufeff")
# JSON Schema patterns match anywhere: at least one character that is not a space.
NOT_BLANK = "[^" + "".join(f"\\u{ord(c):04x}" for c in SPACE_CHARS) + "]"


def is_blank(value: str) -> bool:
    return not value.strip(SPACE_CHARS)

DocIdStr = Annotated[str, Field(min_length=1, max_length=DOC_ID_MAX)]


def _iso_date_only(value):
    """Lax parsing would take 0 or "1700000000" as a Unix time: the schema says an ISO date."""
    if value is None or isinstance(value, date):
        return value
    if not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        raise ValueError("must be an ISO date, YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


def _valid_unicode(value, name: str):
    """Lone surrogates (`"\\ud800"` in JSON) parse but cannot be encoded: refuse them up front."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{name} is not valid Unicode text (it contains a lone surrogate)") from None
    return value


class QuestionRequest(BaseModel):
    question: str = Field(..., min_length=1, max_length=MAX_QUESTION_CHARS, pattern=NOT_BLANK,
                          description="A natural-language question, 1 to 1,000 characters.")
    k: int = Field(5, ge=1, le=MAX_K, strict=True, description="How many passages to retrieve (1-50).")
    doc_ids: list[DocIdStr] | None = Field(None, max_length=MAX_DOC_IDS,
                                           description="Answer only from these documents (duplicates are ignored).")
    as_of: IsoDate | None = Field(None, description="Answer as things stood on this date (ISO): articles published "
                               "after it are left out. /ask only.")
    since: IsoDate | None = Field(None, description="Only articles published on or after this date (ISO).")
    until: IsoDate | None = Field(None, description="Only articles published on or before this date (ISO).")
    sources: list[Annotated[str, Field(max_length=MAX_SOURCE_CHARS)]] | None = Field(
        None, max_length=MAX_SOURCES, description="Only articles from these sources: site names or web hosts "
        "('Reuters', 'bbc.co.uk'); a host matches its subdomains.")
    language: str | None = Field(None, max_length=LANGUAGE_MAX, description="Only articles in this language (ISO 639-1, 'en').")

    model_config = {"json_schema_extra": {"examples": [{"question": "Who chaired the talks?", "k": 5}]}}

    # "before" validators: the reasons are clearer than the generic constraint messages, and they
    # never echo the input (a 100 kB question must not come back in the error).
    @field_validator("question", mode="before")
    @classmethod
    def _question_is_sensible(cls, value):
        value = _valid_unicode(value, "question")
        if isinstance(value, str):
            if is_blank(value):
                raise ValueError("question must not be empty or blank")
            if len(value) > MAX_QUESTION_CHARS:
                raise ValueError(f"question is too long ({len(value)} characters, at most {MAX_QUESTION_CHARS})")
            return value.strip(SPACE_CHARS)
        return value

    @field_validator("k", mode="before")
    @classmethod
    def _k_in_range(cls, value):
        if isinstance(value, float) and value.is_integer():  # JSON Schema counts 13.0 as an integer
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}")
        return value

    @field_validator("doc_ids", mode="before")
    @classmethod
    def _doc_ids_unicode(cls, value):
        if isinstance(value, list):
            for item in value:
                _valid_unicode(item, "doc_ids")
        return value

    @field_validator("doc_ids")
    @classmethod
    def _dedupe_doc_ids(cls, value: list[str] | None) -> list[str] | None:
        return list(dict.fromkeys(value)) if value is not None else None

    # No cross-field rule for since > until: JSON Schema cannot say it, so a schema-valid request
    # must not be refused for it; an empty period simply matches no article (the answer abstains).
    def filters(self) -> "Filters":
        from service.filters import Filters

        return Filters.of(self.since, self.until, self.sources, self.language)


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
    doc_id: str | None = Field(None, min_length=1, max_length=DOC_ID_MAX, pattern=DOC_ID_PATTERN,
                               description="Stable id; derived from the text when left out.")
    title: str | None = Field(None, max_length=TITLE_MAX, description="Defaults to the first line (cut to 200 characters).")
    text: str = Field(..., min_length=1, max_length=TEXT_MAX, pattern=NOT_BLANK, description="The article body.")
    published: str | None = Field(None, max_length=PUBLISHED_MAX, description="Publication date, ISO 8601.")
    url: str | None = Field(None, max_length=URL_MAX)
    author: str | None = Field(None, max_length=TITLE_MAX)
    site: str | None = Field(None, max_length=TITLE_MAX)
    language: str | None = Field(None, max_length=LANGUAGE_MAX, description="ISO 639-1; detected when left out.")
    modified: str | None = Field(None, max_length=PUBLISHED_MAX, description="Last update, ISO 8601.")
    keywords: list[Annotated[str, Field(max_length=TITLE_MAX)]] | None = Field(None, max_length=100)

    model_config = {"json_schema_extra": {"examples": [{
        "doc_id": "harbour-2024-05-02", "title": "Harbour reopens", "published": "2024-05-02",
        "text": "The harbour reopened on Tuesday after two weeks of repairs, the port authority said.",
    }]}}

    @field_validator("doc_id", "title", "text", "published", "url", "author", "site", "language", "modified", mode="before")
    @classmethod
    def _unicode(cls, value, info):
        return _valid_unicode(value, info.field_name)

    @field_validator("text", mode="before")
    @classmethod
    def _text_not_blank(cls, value):
        if isinstance(value, str) and value and is_blank(value):
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

    since: IsoDate | None = None
    until: IsoDate | None = None
    sources: list[Annotated[str, Field(max_length=MAX_SOURCE_CHARS)]] | None = Field(None, max_length=MAX_SOURCES)
    language: str | None = Field(None, max_length=LANGUAGE_MAX)
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
    doc_id: str | None = Field(None, description="The id of the posted document (POST /documents).")
    added: list[str]
    unchanged: list[str]
    replaced: list[str]
    chunks: int


class Deleted(BaseModel):
    deleted: str = Field(..., description="The id of the deleted document.")


class Stats(BaseModel):
    documents: int
    chunks: int
    sentences: int
    index_dir: str
    snapshot: str | None
    model: str
