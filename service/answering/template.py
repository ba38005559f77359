"""Step 6, template: the answer sentence with [n] citations, or an abstention that says why.

`{answer} — {title}: “{sentence}” [1] — 2 independent sources agree [2]; police said 8,000 [1];
organisers said 25,000 [3] (2 May 2026); superseded: 9 (1 May 2026) [4].`
"""

from __future__ import annotations

from index.store import Snapshot
from service.answering.corroboration import Corroboration, compose_text, evidence
from service.answering.question import Question
from service.answering.result import Cited, Result, Stated
from service.answering.sentences import SentenceView

TITLE_LIMIT = 80


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """A .txt title is its first line, which can be a whole paragraph: keep templates readable."""
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + "…"


def cite(snapshot: Snapshot, n: int, sentence: SentenceView) -> Cited:
    rows = snapshot.chunks_by_doc.get(sentence.doc_id, [])
    chunk = next((snapshot.chunks[r] for r in rows
                  if snapshot.chunks[r].start <= sentence.start and sentence.end <= snapshot.chunks[r].end),
                 snapshot.chunks[rows[0]] if rows else None)
    document = snapshot.documents[sentence.doc_id]
    return Cited(n=n, doc_id=sentence.doc_id, chunk_id=chunk.chunk_id if chunk else "", title=document.title,
                 quote=document.text[sentence.start:sentence.end], start=sentence.start, end=sentence.end)


def compose(snapshot: Snapshot, question: Question, story: Corroboration, confidence: float) -> Result:
    """The answer and its quote [1], who agrees (independent sources), who says otherwise (with dates,
    attributed when the sentence says who), and what later reports superseded."""
    citations: list[Cited] = []

    def number(sentence: SentenceView) -> int:
        for c in citations:
            if c.doc_id == sentence.doc_id and c.start == sentence.start:
                return c.n
        citations.append(cite(snapshot, len(citations) + 1, sentence))
        return citations[-1].n

    top = story.answer.best
    number(top.sentence)
    support = [evidence(story.answer, number)]
    conflicts = [evidence(a, number) for a in story.conflicts]
    superseded = [evidence(a, number) for a in story.superseded]
    title = short_title(snapshot.documents[top.sentence.doc_id].title)
    text = compose_text(f"{top.shown} — {title}: “{top.sentence.text}” [1]", support[0], conflicts, superseded)
    return Result(question=question.text, question_type=question.kind, text=text, answer=top.text,
                  resolved_date=top.resolved.value.isoformat() if top.resolved else None,
                  confidence=round(confidence, 3), citations=citations, support=support, conflicts=conflicts,
                  superseded=superseded)


def verdict(snapshot: Snapshot, question: Question, sentence: SentenceView, answer: str, confidence: float) -> Result:
    """A yes/no answer quoting the sentence it rests on."""
    title = short_title(snapshot.documents[sentence.doc_id].title)
    return Result(question=question.text, question_type=question.kind, answer=answer,
                  text=f"{answer.capitalize()} — {title}: “{sentence.text}” [1]", confidence=round(confidence, 3),
                  citations=[cite(snapshot, 1, sentence)], support=[Stated(value=answer, citations=[1], sources=1)])


def abstain(question: Question, reason: str, closest: list[SentenceView] = (), snapshot: Snapshot | None = None) -> Result:
    """No answer, the reason, and (when there is one) the closest sentence so the user can judge."""
    citations = [cite(snapshot, 1, closest[0])] if closest and snapshot else []
    text = f"I can't answer that from the indexed articles: {reason}."
    if citations:
        text += f" Closest passage: “{citations[0].quote}” [1]"
    return Result(question=question.text, question_type=question.kind, text=text, abstained=True, reason=reason,
                  citations=citations)
