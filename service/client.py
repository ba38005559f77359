"""A Python client for a running newsdesk: `Client` (sync) and `AsyncClient` over httpx.

    from service.client import Client
    with Client("http://127.0.0.1:8000", key="...") as desk:   # key defaults to $NEWSDESK_API_KEY
        answer = desk.ask("Who chaired the talks?")
        print(answer.answer, answer.citations[0].quote)

Responses are the server's own pydantic models; errors are typed (`NotFound`, `Unauthorized`,
`Forbidden`, `TooLarge`, `Validation`, `NotReady`, ...), all `NewsdeskError`. A 503 (index still
loading) is retried with exponential backoff before `NotReady` is raised.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import date
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from service.models import (MAX_PAGE, Answer, ArticleIn, Deleted, Document, DocumentList, DocumentSummary, IngestResult,
                            SearchResponse, Stats)

KEY_ENV = "NEWSDESK_API_KEY"
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 4
DEFAULT_BACKOFF = 0.5  # seconds before the first retry, doubled each time
MAX_BACKOFF = 8.0
Model = TypeVar("Model", bound=BaseModel)


class NewsdeskError(Exception):
    """An error response: `status`, the server's `detail` and per-field `errors`."""

    def __init__(self, status: int, detail: str, errors: list[dict] | None = None) -> None:
        super().__init__(f"{status}: {detail}")
        self.status, self.detail, self.errors = status, detail, errors or []


class BadRequest(NewsdeskError):
    """400: the body is not JSON."""


class Unauthorized(NewsdeskError):
    """401: missing or wrong key."""


class Forbidden(NewsdeskError):
    """403: the server refuses writes (no write key configured)."""


class NotFound(NewsdeskError):
    """404: no such document."""


class MethodNotAllowed(NewsdeskError):
    """405."""


class TooLarge(NewsdeskError):
    """413: request body over the server's limit."""


class Validation(NewsdeskError):
    """422: the request broke the schema; `errors` lists field and message."""


class NotReady(NewsdeskError):
    """503: the index is still loading (raised after the retries are spent)."""


class ServerError(NewsdeskError):
    """Any other 5xx."""


ERRORS: dict[int, type[NewsdeskError]] = {400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound,
                                          405: MethodNotAllowed, 413: TooLarge, 422: Validation, 503: NotReady}


def _error(response: httpx.Response) -> NewsdeskError:
    try:
        body = response.json()
        detail, errors = str(body.get("detail", "")), body.get("errors") or []
    except (ValueError, AttributeError):
        detail, errors = response.text[:300], []
    kind = ERRORS.get(response.status_code, ServerError if response.status_code >= 500 else NewsdeskError)
    return kind(response.status_code, detail or response.reason_phrase, errors)


def _parse(response: httpx.Response, model: type[Model]) -> Model:
    if response.is_success:
        return model.model_validate(response.json())
    raise _error(response)


def _delay(attempt: int, response: httpx.Response, backoff: float) -> float:
    """Exponential backoff, at least the server's Retry-After, at most MAX_BACKOFF."""
    wait = backoff * 2 ** attempt
    retry_after = response.headers.get("retry-after", "")
    if retry_after.isdigit():
        wait = max(wait, float(retry_after))
    return min(wait, MAX_BACKOFF)


def _question(question: str, k: int, doc_ids: list[str] | None, as_of: date | None) -> dict:
    # Sent as given: the server validates (and answers 422, raised as `Validation`).
    body: dict[str, Any] = {"question": question, "k": k}
    if doc_ids is not None:
        body["doc_ids"] = list(doc_ids)
    if as_of is not None:
        body["as_of"] = as_of.isoformat()
    return body


def _page(limit: int | None, offset: int) -> dict:
    params: dict[str, int] = {"offset": offset} if offset else {}
    if limit is not None:
        params["limit"] = limit
    return params


def _article(article: ArticleIn | dict) -> dict:
    return article.model_dump(mode="json", exclude_none=True) if isinstance(article, ArticleIn) else dict(article)


class _Settings:
    def __init__(self, url: str, key: str | None, timeout: float, retries: int, backoff: float) -> None:
        self.url = url.rstrip("/")
        key = key if key is not None else os.environ.get(KEY_ENV, "").strip() or None
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.timeout, self.retries, self.backoff = timeout, retries, backoff


class Client:
    """Blocking client. Use as a context manager, or call `close()`."""

    def __init__(self, url: str = "http://127.0.0.1:8000", key: str | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF,
                 transport: httpx.BaseTransport | None = None) -> None:
        self._s = _Settings(url, key, timeout, retries, backoff)
        self._http = httpx.Client(base_url=self._s.url, headers=self._s.headers, timeout=timeout, transport=transport)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, path: str, json: Any = None, params: dict | None = None) -> httpx.Response:
        for attempt in range(self._s.retries + 1):
            response = self._http.request(method, path, json=json, params=params)
            if response.status_code != 503 or attempt == self._s.retries:
                return response
            time.sleep(_delay(attempt, response, self._s.backoff))
        raise AssertionError("unreachable")

    def ask(self, question: str, k: int = 5, doc_ids: list[str] | None = None, as_of: date | None = None) -> Answer:
        return _parse(self._request("POST", "/ask", _question(question, k, doc_ids, as_of)), Answer)

    def search(self, question: str, k: int = 5, doc_ids: list[str] | None = None) -> SearchResponse:
        return _parse(self._request("POST", "/search", _question(question, k, doc_ids, None)), SearchResponse)

    def documents(self, limit: int | None = None, offset: int = 0) -> DocumentList:
        """One page of the document list (the server's default page size unless `limit` is given)."""
        return _parse(self._request("GET", "/documents", params=_page(limit, offset)), DocumentList)

    def all_documents(self) -> list[DocumentSummary]:
        """Every document, page by page."""
        found: list[DocumentSummary] = []
        while True:
            page = self.documents(limit=MAX_PAGE, offset=len(found))
            found.extend(page.documents)
            if not page.documents or (page.total is not None and len(found) >= page.total):
                return found

    def document(self, doc_id: str) -> Document:
        return _parse(self._request("GET", f"/documents/{_quote(doc_id)}"), Document)

    def add(self, article: ArticleIn | dict) -> IngestResult:
        return _parse(self._request("POST", "/documents", _article(article)), IngestResult)

    def delete(self, doc_id: str) -> Deleted:
        return _parse(self._request("DELETE", f"/documents/{_quote(doc_id)}"), Deleted)

    def stats(self) -> Stats:
        return _parse(self._request("GET", "/stats"), Stats)

    def ready(self) -> bool:
        """True once the index is loaded (no retries: this is the probe)."""
        return self._http.get("/readyz").status_code == 200


class AsyncClient:
    """The same calls, awaitable. Use `async with`, or `await aclose()`."""

    def __init__(self, url: str = "http://127.0.0.1:8000", key: str | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._s = _Settings(url, key, timeout, retries, backoff)
        self._http = httpx.AsyncClient(base_url=self._s.url, headers=self._s.headers, timeout=timeout,
                                       transport=transport)

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _request(self, method: str, path: str, json: Any = None, params: dict | None = None) -> httpx.Response:
        for attempt in range(self._s.retries + 1):
            response = await self._http.request(method, path, json=json, params=params)
            if response.status_code != 503 or attempt == self._s.retries:
                return response
            await asyncio.sleep(_delay(attempt, response, self._s.backoff))
        raise AssertionError("unreachable")

    async def ask(self, question: str, k: int = 5, doc_ids: list[str] | None = None,
                  as_of: date | None = None) -> Answer:
        return _parse(await self._request("POST", "/ask", _question(question, k, doc_ids, as_of)), Answer)

    async def search(self, question: str, k: int = 5, doc_ids: list[str] | None = None) -> SearchResponse:
        return _parse(await self._request("POST", "/search", _question(question, k, doc_ids, None)), SearchResponse)

    async def documents(self, limit: int | None = None, offset: int = 0) -> DocumentList:
        """One page of the document list (the server's default page size unless `limit` is given)."""
        return _parse(await self._request("GET", "/documents", params=_page(limit, offset)), DocumentList)

    async def all_documents(self) -> list[DocumentSummary]:
        """Every document, page by page."""
        found: list[DocumentSummary] = []
        while True:
            page = await self.documents(limit=MAX_PAGE, offset=len(found))
            found.extend(page.documents)
            if not page.documents or (page.total is not None and len(found) >= page.total):
                return found

    async def document(self, doc_id: str) -> Document:
        return _parse(await self._request("GET", f"/documents/{_quote(doc_id)}"), Document)

    async def add(self, article: ArticleIn | dict) -> IngestResult:
        return _parse(await self._request("POST", "/documents", _article(article)), IngestResult)

    async def delete(self, doc_id: str) -> Deleted:
        return _parse(await self._request("DELETE", f"/documents/{_quote(doc_id)}"), Deleted)

    async def stats(self) -> Stats:
        return _parse(await self._request("GET", "/stats"), Stats)

    async def ready(self) -> bool:
        return (await self._http.get("/readyz")).status_code == 200


def _quote(doc_id: str) -> str:
    from urllib.parse import quote

    return quote(doc_id, safe="")
