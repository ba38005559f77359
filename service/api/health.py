"""Probes and metrics: /healthz (async, so it answers even when writes fill the thread pool), /readyz, /metrics."""

from __future__ import annotations

import os
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

from service.api.state import DeskHolder, get_holder

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class ShardStatus(BaseModel):
    shard: int
    replica: str
    node: str
    generation: int = Field(..., description="The manifest generation this replica serves.")
    documents: int
    chunks: int
    segments: int


class Readiness(BaseModel):
    status: Literal["ready", "loading", "failed"]
    documents: int | None = Field(None, description="Documents in the index, once ready.")
    detail: str | None = Field(None, description="Why it is not ready (never an exception text).")
    worker: int = Field(default_factory=os.getpid, description="Process id of the worker that answered.")
    snapshot: str | None = Field(None, description="The index snapshot this worker serves.")
    encoder: str | None = Field(None, description="The encoder backend of this worker.")
    shards: list[ShardStatus] | None = Field(None, description="With `serve --ray`: every live shard replica and the "
                                             "manifest generation it serves.")


@router.get("/healthz", response_model=Health, operation_id="healthz", summary="Liveness: the process answers")
async def healthz() -> Health:
    return Health()


@router.get("/readyz", response_model=Readiness, operation_id="readyz", summary="Readiness: the index is loaded",
            responses={503: {"model": Readiness, "description": "Still loading, or the load failed."}})
def readyz(holder: Annotated[DeskHolder, Depends(get_holder)]) -> Response:
    if holder.desk is None:
        detail = "the index could not be loaded; see the server log" if holder.failed else "the index is still loading"
        return JSONResponse(Readiness(status=holder.status, detail=detail).model_dump(), status_code=503)
    snapshot = holder.desk.snapshot
    return JSONResponse(Readiness(status="ready", documents=len(snapshot.documents), snapshot=snapshot.name,
                                  encoder=holder.desk.embedder.name, shards=holder.desk.shards()).model_dump())


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics), media_type=CONTENT_TYPE_LATEST)
