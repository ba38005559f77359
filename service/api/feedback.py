"""GET /feedback: the Slack 👍/👎 summary (user ids and questions: admin scope)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from service.api.errors import responses
from service.api.security import require_admin

router = APIRouter(tags=["feedback"], dependencies=[Depends(require_admin)], responses=responses(401, 403))


class FeedbackItem(BaseModel):
    question: str
    answer: str
    user: str
    value: Literal["up", "down"]
    time: str


class FeedbackSummary(BaseModel):
    total: int
    up: int
    down: int
    recent: list[FeedbackItem]


@router.get("/feedback", response_model=FeedbackSummary, summary="Slack feedback summary (admin)")
def feedback_summary(request: Request) -> FeedbackSummary:
    return FeedbackSummary.model_validate(request.app.state.feedback.summary())
