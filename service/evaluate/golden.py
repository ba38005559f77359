"""The golden suite: our questions over the seeds — accuracy, abstain precision/recall and citation
faithfulness (every quote must sit verbatim at its offsets). A frozen set prints totals only."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from service.evaluate.runs import TORCH_THREADS, verbatim_citations, machine, percent, table, torch_threads

if TYPE_CHECKING:
    from service.engine import Newsdesk
    from service.models import Answer

MAX_ANSWER_WORDS = 12


def load_golden(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def is_right(golden: dict, answer: Answer) -> bool:
    """A short span containing an accepted answer, citing an expected document when some are named."""
    if answer.abstained or not answer.answer:
        return False
    span_ok = any(a.lower() in answer.answer.lower() for a in golden["answers"])
    short = len(answer.answer.split()) <= MAX_ANSWER_WORDS
    sources_ok = not golden.get("doc_ids") or any(c.doc_id in golden["doc_ids"] for c in answer.citations)
    return span_ok and short and sources_ok


def golden(desk: Newsdesk, path: Path, progress: bool = False) -> dict:
    """Accuracy on answerable questions, abstain precision/recall, citation faithfulness."""
    with torch_threads(TORCH_THREADS):
        return _golden(desk, path, progress)


def _golden(desk: Newsdesk, path: Path, progress: bool) -> dict:
    load_start = round(os.getloadavg()[0], 2)
    items = load_golden(path)
    rows, faithful, citations = [], 0, 0
    started = time.perf_counter()
    for g in tqdm(items, desc="golden", unit="q", disable=not progress):
        answer = desk.ask(g["question"])
        good, total = verbatim_citations(desk, answer)
        faithful, citations = faithful + good, citations + total
        unanswerable = bool(g.get("unanswerable"))
        rows.append({"question": g["question"], "unanswerable": unanswerable, "abstained": answer.abstained,
                     "answer": answer.answer, "right": (answer.abstained if unanswerable else is_right(g, answer)),
                     "question_type": answer.question_type})
    seconds = time.perf_counter() - started
    answerable = [r for r in rows if not r["unanswerable"]]
    abstained = [r for r in rows if r["abstained"]]
    unanswerable = [r for r in rows if r["unanswerable"]]
    return {
        "suite": "golden", "data": str(path), "strategy": desk.answerer.strategy, "questions": len(rows),
        "answerable": len(answerable), "unanswerable": len(unanswerable),
        "accuracy": percent(sum(r["right"] for r in answerable), len(answerable)),
        "abstain_precision": percent(sum(r["unanswerable"] for r in abstained), len(abstained)),
        "abstain_recall": percent(sum(r["abstained"] for r in unanswerable), len(unanswerable)),
        "citation_faithfulness": percent(faithful, citations), "citations": citations,
        "wrong": [{"question": r["question"], "answer": r["answer"]} for r in rows if not r["right"]],
        "seconds": round(seconds, 2), "ms_per_question": round(1000 * seconds / max(len(rows), 1), 1),
        "machine": machine(load_start),
    }


def totals_only(result: dict) -> dict:
    """The golden result of a frozen set: how many were wrong, never which (nor what was answered)."""
    return {**result, "wrong": f"{len(result['wrong'])} (not shown: a frozen set)"}


def format_golden(result: dict) -> str:
    def show(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1f} %"

    rows = [
        ["accuracy", show(result["accuracy"]), f"{result['answerable']} answerable questions"],
        ["abstain precision", show(result["abstain_precision"]), "abstentions on unanswerable questions"],
        ["abstain recall", show(result["abstain_recall"]), f"of {result['unanswerable']} unanswerable questions"],
        ["citation faithfulness", show(result["citation_faithfulness"]), f"of {result['citations']} citations"],
        ["time", f"{result['ms_per_question']:.1f} ms/q", f"{result['seconds']:.2f} s in all"],
    ]
    text = table(rows, ["golden", "value", ""])
    if isinstance(result["wrong"], str):  # a frozen set: totals only
        return f"{text}\n\nwrong: {result['wrong']}"
    wrong = "\n".join(f"  {w['question']!r} -> {w['answer']!r}" for w in result["wrong"])
    return f"{text}\n\nwrong:\n{wrong}" if wrong else text
