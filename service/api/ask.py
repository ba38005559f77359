"""POST /ask and POST /search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from service.api.errors import responses
from service.api.security import require_read
from service.api.state import get_desk
from service.engine import Newsdesk
from service.models import Answer, QuestionRequest, SearchResponse

router = APIRouter(tags=["answers"], dependencies=[Depends(require_read)],
                   responses=responses(400, 401, 413, 422, 503))
Desk = Annotated[Newsdesk, Depends(get_desk)]


@router.post("/ask", response_model=Answer, summary="Answer a question with a cited verbatim span")
def ask(request: QuestionRequest, desk: Desk) -> Answer:
    return desk.ask(request.question, request.k, request.doc_ids, as_of=request.as_of, filters=request.filters())


@router.post("/search", response_model=SearchResponse, summary="Retrieve the passages closest to a question")
def search(request: QuestionRequest, desk: Desk) -> SearchResponse:
    return SearchResponse(question=request.question, results=desk.search(request.question, request.k, doc_ids=request.doc_ids,
                                                                         filters=request.filters()))
