"""News-quiz training questions for the learned scorer: RealTimeQA records -> passages and questions.

RealTimeQA (../shared/data/realtimeqa, read by `newsdesk train` only; nothing here is needed at
answer time) holds weekly news-quiz questions written by CNN / The Week / USA Today quiz editors,
multiple choice, the gold string `choices[int(answer[0])]`, most with a short `evidence` text from
the quiz page (HTML tags stripped here). A record is used when its gold string occurs in its
evidence (SQuAD-normalised): the evidence becomes one passage, the question is asked over it in gold
mode and every candidate is a row labelled by token F1 to the gold string, as SQuAD's are.

Left out:
- **RealTimeQA 2022 is our held-out news test**: every record dated HELD_OUT_YEAR, and every record
  of another year whose question text (normalised) is the same as a 2022 question's.
- questions that only make sense with the choices shown (NEEDS_CHOICES), yes/no or true/false ones,
  gold strings longer than MAX_GOLD_WORDS words;
- duplicates (the same normalised question and gold string as an earlier record).

A fixed part (a hash of the question id, every QUIZ_TUNE_EVERY-th bucket) is the tuning part: it
chooses how many copies of the quiz rows the model is trained on and never fits it.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.documents import Article
from service.evaluate.scoring import normalize_answer
from service.evaluate.squad import SquadQuestion

QUIZ_FILE = Path(__file__).resolve().parent.parent.parent.parent / "shared" / "data" / "realtimeqa" / "realtimeqa_qa_2020-2026.jsonl.gz"
HELD_OUT_YEAR = "2022"  # RealTimeQA 2022: the held-out news test, never trained or tuned on
MAX_GOLD_WORDS = 8  # longer gold strings are explanations, not spans an extractive answer gives
QUIZ_TUNE_EVERY = 5  # one hash bucket in five tunes the quiz weight
# Wording that only makes sense with the choices in view, or asks to pick/omit one of them.
NEEDS_CHOICES = re.compile(r"\b(which of these|which one of these|of the following|except\b|all of the above|"
                           r"none of the above|both of the above|which of the two|true or false|is it true)", re.I)
YES_NO_GOLDS = frozenset({"yes", "no", "true", "false", "both", "neither", "all of above", "none of above"})
AUXILIARY_START = re.compile(r"^(is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b", re.I)
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
PUNCTUATION = re.compile(r"[^\w\s]")


def clean_evidence(text: str | None) -> str:
    """The evidence without HTML tags or entities, whitespace collapsed."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", text or ""))).strip()


def gold_string(record: dict) -> str | None:
    """`choices[int(answer[0])]`, or None when the record has no usable answer."""
    try:
        gold = record["choices"][int(record["answer"][0])]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return gold.strip() or None


def year(record: dict) -> str:
    return str(record.get("question_date") or "")[:4]


def question_key(text: str) -> str:
    """A question's text, SQuAD-normalised: the same key for the same question however punctuated."""
    return normalize_answer(text or "")


def needs_choices(question: str) -> bool:
    return bool(NEEDS_CHOICES.search(question))


def is_yes_no(question: str, gold: str) -> bool:
    """A yes/no or true/false question: such a gold string, or a question opening with an auxiliary verb."""
    return normalize_answer(gold) in YES_NO_GOLDS or bool(AUXILIARY_START.match(question.strip()))


def _words(text: str) -> str:
    """SQuAD-normalised, with punctuation read as a word break ("China's" holds "China")."""
    return normalize_answer(PUNCTUATION.sub(" ", text))


def in_evidence(gold: str, evidence: str) -> bool:
    """The gold string occurs in the evidence at word boundaries, both normalised alike."""
    needle = _words(gold)
    return bool(needle) and f" {needle} " in f" {_words(evidence)} "


def is_tuning(question_id: str) -> bool:
    """The fixed tuning part: a stable hash of the question id, one bucket in QUIZ_TUNE_EVERY."""
    return int(hashlib.sha256(question_id.encode()).hexdigest(), 16) % QUIZ_TUNE_EVERY == 0


@dataclass
class Quiz:
    """Passages (one per question, its evidence) and the questions, split into fitting and tuning parts."""

    articles: list[Article] = field(default_factory=list)
    fit: list[SquadQuestion] = field(default_factory=list)
    tune: list[SquadQuestion] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # records per reason left out, and used


def build_quiz(records: Iterable[dict]) -> Quiz:
    """Records -> a Quiz. The 2022 exclusion is applied first, over all records."""
    records = list(records)
    held_out = {question_key(r.get("question_sentence", "")) for r in records if year(r) == HELD_OUT_YEAR}
    held_out.discard("")
    quiz, seen = Quiz(), set()
    quiz.counts["records"] = len(records)
    for n, r in enumerate(records):
        question = (r.get("question_sentence") or "").strip()
        gold = gold_string(r)
        evidence = clean_evidence(r.get("evidence"))
        key = question_key(question)
        if year(r) == HELD_OUT_YEAR:
            reason = "held_out_year"
        elif key in held_out:
            reason = "same_as_held_out"
        elif not question or gold is None:
            reason = "no_question_or_answer"
        elif not evidence:
            reason = "no_evidence"
        elif needs_choices(question):
            reason = "needs_choices"
        elif is_yes_no(question, gold):
            reason = "yes_no"
        elif len(gold.split()) > MAX_GOLD_WORDS:
            reason = "long_gold"
        elif not in_evidence(gold, evidence):
            reason = "gold_not_in_evidence"
        elif (key, normalize_answer(gold)) in seen:
            reason = "duplicate"
        else:
            reason = "used"
        quiz.counts[reason] += 1
        if reason != "used":
            continue
        seen.add((key, normalize_answer(gold)))
        qid = f"quiz-{r.get('question_id', n)}-{n}"
        doc_id = f"quiz-{n:05d}"
        title = f"{r.get('question_source') or 'news'} quiz {r.get('question_date') or ''}".strip()
        quiz.articles.append(Article(doc_id=doc_id, title=title, text=evidence, source="realtimeqa"))
        (quiz.tune if is_tuning(str(r.get("question_id", n))) else quiz.fit).append(
            SquadQuestion(qid, question, (gold,), doc_id))
    return quiz


def read_records(path: Path = QUIZ_FILE) -> list[dict]:
    """The JSONL (gzip when the name ends in .gz) records."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_quiz(path: Path = QUIZ_FILE) -> Quiz:
    return build_quiz(read_records(path))
