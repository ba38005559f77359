"""Answering, step by step: question analysis → sentence selection → candidate extraction →
features → scorer → grouping / conflicts → template. `Answerer` runs them in that order."""

from service.answering.answerer import Answerer
from service.answering.result import Result
from service.answering.scorer import STRATEGIES

__all__ = ["Answerer", "Result", "STRATEGIES"]
