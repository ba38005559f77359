"""HTTP API: thin FastAPI routes over `Newsdesk`; pydantic models are the contract."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from index.load import LoadError
from index.lock import IndexBusy
from service.engine import Newsdesk
from service.models import (Answer, ArticleIn, Document, DocumentList, IngestResult, QuestionRequest,
                            SearchResponse, Stats)
from service.middleware import desk_size, install_hardening
from service.settings import Settings
from service.slack import install_slack

log = logging.getLogger("newsdesk.api")


class DeskHolder:
    """The desk once it is loaded; loading runs in the background so /healthz answers at once."""

    def __init__(self, desk: Newsdesk | None) -> None:
        self.desk = desk
        self.error: str | None = None

    def load(self, settings: Settings) -> None:
        try:
            desk = Newsdesk.open(settings.index_dir)
            desk.warm_up()
            self.desk = desk
        except Exception as exc:  # reported by /readyz, the process stays up for diagnosis
            log.exception("loading the index failed")
            self.error = f"{type(exc).__name__}: {exc}"[:500]

    def get(self) -> Newsdesk:
        if self.desk is None:
            raise HTTPException(503, self.error or "the index is still loading; retry shortly")
        return self.desk


def _validation_errors(exc: RequestValidationError) -> JSONResponse:
    """4xx with the reasons, never the submitted values (a 100 kB question must not come back)."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return JSONResponse({"detail": "malformed JSON body"}, status_code=400)
    details = []
    for e in errors:
        location = ".".join(str(part) for part in e.get("loc", ()) if part != "body")
        message = str(e.get("msg", "invalid value")).removeprefix("Value error, ")
        details.append({"field": location or "body", "message": message[:300]})
    return JSONResponse({"detail": details}, status_code=422)


def create_app(desk: Newsdesk | None = None, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    holder = DeskHolder(desk)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if holder.desk is None:
            threading.Thread(target=holder.load, args=(settings,), name="index-loader", daemon=True).start()
        yield

    app = FastAPI(title="newsdesk", version="0.1.0", lifespan=lifespan,
                  description="Extractive, cited answers over news articles. No LLM: every answer is a verbatim span.")
    app.state.holder = holder
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, lambda request, exc: _validation_errors(exc))

    @app.exception_handler(LoadError)
    async def _bad_article(request: Request, exc: LoadError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)[:300]}, status_code=422)

    @app.exception_handler(IndexBusy)
    async def _index_busy(request: Request, exc: IndexBusy) -> JSONResponse:
        return JSONResponse({"detail": str(exc)[:300]}, status_code=503, headers={"Retry-After": "5"})

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> JSONResponse:
        if holder.desk is None:
            return JSONResponse({"status": "loading" if holder.error is None else "failed", "detail": holder.error},
                                status_code=503)
        return JSONResponse({"status": "ready", "documents": len(holder.desk.snapshot.documents)})

    @app.post("/ask", response_model=Answer)
    def ask(request: QuestionRequest) -> Answer:
        return holder.get().ask(request.question, request.k, request.doc_ids, as_of=request.as_of)

    @app.post("/search", response_model=SearchResponse)
    def search(request: QuestionRequest) -> SearchResponse:
        return SearchResponse(question=request.question, results=holder.get().search(request.question, request.k, doc_ids=request.doc_ids))

    @app.get("/documents", response_model=DocumentList)
    def list_documents() -> DocumentList:
        documents = holder.get().documents()
        return DocumentList(count=len(documents), documents=documents)

    @app.get("/documents/{doc_id}", response_model=Document)
    def get_document(doc_id: str) -> Document:
        document = holder.get().document(doc_id)
        if document is None:
            raise HTTPException(404, f"no document with doc_id {doc_id[:200]!r}")
        return document

    @app.post("/documents", response_model=IngestResult, status_code=201)
    def add_document(article: ArticleIn) -> IngestResult:
        report = holder.get().add_record(article.model_dump(exclude_none=True))
        return IngestResult(added=report.added, unchanged=report.unchanged, replaced=report.replaced, chunks=report.chunks)

    @app.delete("/documents/{doc_id}")
    def delete_document(doc_id: str) -> dict:
        if not holder.get().delete(doc_id):
            raise HTTPException(404, f"no document with doc_id {doc_id[:200]!r}")
        return {"deleted": doc_id}

    @app.get("/stats", response_model=Stats)
    def stats() -> Stats:
        return holder.get().stats()

    install_slack(app, holder.get, settings)
    install_hardening(app, settings, index_size=lambda: desk_size(holder.get()))
    return app
