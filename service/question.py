"""Kept for imports from before the split: question analysis lives in `service.answering.question`."""

from service.answering.question import Question, analyse  # noqa: F401
