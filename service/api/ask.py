"""POST /ask and POST /search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from service.api.errors import responses
from service.api.security import require_read
from service.api.state import get_desk
from service.engine import Newsdesk
from service.models import Answer, QuestionRequest, SearchResponse

router = APIRouter(tags=["answers"], dependencies=[Depends(require_read)],
                   responses=responses(400, 401, 413, 422, 503))
Desk = Annotated[Newsdesk, Depends(get_desk)]


# The engine's work runs on the thread pool, explicitly, from async endpoints: a plain `def`
# endpoint makes FastAPI send the response's validation to the pool as well, a second thread hop
# per request. The answer is then validated and serialised on the event loop, as before for JSON.


@router.post("/ask", response_model=Answer, operation_id="ask", summary="Answer a question with a cited verbatim span")
async def ask(request: QuestionRequest, desk: Desk) -> Answer:
    return await run_in_threadpool(desk.ask, request.question, request.k, request.doc_ids, as_of=request.as_of,
                                   filters=request.filters())


@router.post("/search", response_model=SearchResponse, operation_id="search", summary="Retrieve the passages closest to a question")
async def search(request: QuestionRequest, desk: Desk) -> SearchResponse:
    results = await run_in_threadpool(desk.search, request.question, request.k, doc_ids=request.doc_ids,
                                      filters=request.filters())
    return SearchResponse(question=request.question, results=results)
