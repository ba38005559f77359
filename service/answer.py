"""The extractive answerer: rank sentences, pick a typed span, group what the sources say, cite.

Every answer is a span of a stored sentence and every quote is `document.text[start:end]`;
nothing is generated. When the evidence is weak the answerer abstains and says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from index.dates import ResolvedDate, publication_date, resolve
from index.lexical import tokenize
from index.store import Snapshot
from service.models import Answer, Citation, Evidence, Passage
from service.attributes import asked_attribute, narrowed
from service.corroborate import Corroboration, compose_text, corroborate, evidence
from service.normalize import same_value, similar_word
from service.values import People, relabel, widen
from service.question import CLAUSE, DATE, NOUN_PHRASE, NUMBERS, POLARITY, QUOTE, TIME, Question
from service.retrieve import Hit

SENTENCES_CONSIDERED = 8
DUPLICATE_COSINE = 0.95  # sentence vectors this close are the same sentence, reworded at most slightly
MIN_CONFIDENCE = 0.35
CONFLICT_MARGIN = 0.5  # a conflicting value scores at most this much below the answer
QUOTE_SPAN = re.compile(r"[“\"]([^”\"]{8,}?)[”\"]")
CAUSAL = re.compile(r"\b(?:because(?: of)?|due to|as a result of|in order to|so that|since|after|following|amid|"
                    r"in response to|to avoid|to ensure|to help)\b\s+", re.IGNORECASE)
OF_LINK = re.compile(r"\s+(?:of|for|in|on|from|with|between|by)\s+")
DURATION = re.compile(r"\b(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century|centuries)s?\b|-(?:day|hour|week|month|year)",
                      re.IGNORECASE)
NEGATION = {"not", "no", "never", "n't", "neither", "nor", "without"}


@dataclass
class SentenceView:
    """A stored sentence with the per-question numbers the scorer needs."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    tokens: list[tuple[int, int, str, str, str, int]]
    entities: list[tuple[int, int, str]]
    noun_phrases: list[tuple[int, int]]
    heading: bool
    stems: list[str]
    lemmas: list[str]
    previous_stems: set[str]
    vector: np.ndarray | None = None
    similarity: float = 0.0
    coverage: float = 0.0
    score: float = 0.0

    def copy_of(self, other: "SentenceView") -> bool:
        return self.vector is not None and other.vector is not None and float(self.vector @ other.vector) >= DUPLICATE_COSINE


@dataclass
class Candidate:
    text: str
    label: str
    sentence: SentenceView
    start: int  # relative to the sentence
    end: int
    score: float = 0.0
    type_fit: float = 0.0
    resolved: ResolvedDate | None = None  # for dates: 'Friday' in an article of 23 May 2025 → 23 May 2025

    @property
    def shown(self) -> str:
        """The verbatim span, with the absolute date when the span is relative ('Friday (23 May 2025)')."""
        if self.resolved and self.resolved.display.lower() not in self.text.lower():
            return f"{self.text} ({self.resolved.display})"
        return self.text


@dataclass
class Group:
    """Candidates that state the same value, e.g. '1,000' and 'one thousand'."""

    members: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate:
        return max(self.members, key=lambda c: c.score)

    @property
    def sources(self) -> list[Candidate]:
        """The best candidate from each independent source: copies inside one article, and the
        same sentence syndicated in another article, count once."""
        kept: list[Candidate] = []
        for c in sorted(self.members, key=lambda c: -c.score):
            if not any(k.sentence.doc_id == c.sentence.doc_id or k.sentence.copy_of(c.sentence) for k in kept):
                kept.append(c)
        return kept

    @property
    def score(self) -> float:
        return self.best.score + 0.05 * min(len(self.sources) - 1, 3)


def _sentences(snapshot: Snapshot, hits: list[Hit], question: Question, query_vector: np.ndarray,
               idf: dict[str, float]) -> list[SentenceView]:
    views: dict[tuple[str, int], SentenceView] = {}
    total_idf = sum(idf.values()) or 1.0
    for hit in hits:
        chunk = snapshot.chunks[hit.row]
        document = snapshot.documents[chunk.doc_id]
        stored = snapshot.sentences[chunk.doc_id]
        first, last = chunk.sentences
        for i in range(first, last):
            if (chunk.doc_id, i) in views:
                continue
            s = stored[i]
            text = document.text[s.start:s.end]
            previous = set().union(*word_stems(snapshot, chunk.doc_id, i - 1)) if i > 0 else set()
            view = SentenceView(chunk.doc_id, i, s.start, s.end, text, s.tokens, s.entities, s.noun_phrases,
                                s.heading, *word_stems(snapshot, chunk.doc_id, i), previous)
            view.vector = snapshot.sentence_vectors[snapshot.sentence_row(chunk.doc_id, i)]
            view.similarity = float(view.vector @ query_vector)
            present = set(view.stems) | set(view.lemmas)
            # "X said:" then the quotation on its own line: the speaker's words belong to the quote.
            carried = 1.0 if i > 0 and text[:1] in "“\"" and document.text[:stored[i - 1].end].rstrip().endswith(":") else 0.5
            view.coverage = sum(idf[t] if t in present else carried * idf[t] if t in previous else 0.0
                                for t in question.terms) / total_idf
            view.score = (0.5 * max(view.similarity, 0.0) + 0.5 * view.coverage + 0.1 * hit.score) * (0.8 if s.heading else 1.0)
            views[(chunk.doc_id, i)] = view
    return sorted(views.values(), key=lambda v: -v.score)


def word_stems(snapshot: Snapshot, doc_id: str, index: int) -> tuple[list[str], list[str]]:
    """Per stored token: the stem of its text and the stem of its lemma ('began' → 'begin'), empty
    for stopwords and punctuation. Snapshots are immutable, so each sentence is stemmed once."""
    key = (doc_id, index)
    cached = snapshot.memo.get(key)
    if cached is None:
        sentence = snapshot.sentences[doc_id][index]
        text = snapshot.documents[doc_id].text[sentence.start:sentence.end]
        cached = ([_one_stem(text[t[0]:t[1]]) for t in sentence.tokens], [_one_stem(t[2]) for t in sentence.tokens])
        snapshot.memo[key] = cached
    return cached


@lru_cache(maxsize=200_000)
def _one_stem(word: str) -> str:
    return (tokenize(word) or [""])[0]


def _token_range(sentence: SentenceView, start: int, end: int) -> tuple[int, int]:
    inside = [i for i, t in enumerate(sentence.tokens) if t[0] < end and t[1] > start]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _spans(sentence: SentenceView, question: Question) -> list[Candidate]:
    """Every span of a kind the question could want."""
    text = sentence.text
    found: list[Candidate] = []
    in_entity = set()
    for start, end, label in sentence.entities:
        start, end = widen(text, start, end)  # '52million' → '€52million', '38' → '€38m'
        found.append(Candidate(text[start:end], relabel(text[start:end], label), sentence, start, end))
        in_entity.update(range(start, end))
    numbers = [t for t in sentence.tokens if t[3] == "NUM" and t[0] not in in_entity]
    for t in numbers:
        start, end = widen(text, t[0], t[1])
        found.append(Candidate(text[start:end], relabel(text[start:end], "CARDINAL"), sentence, start, end))
        in_entity.update(range(start, end))
    phrases = sentence.noun_phrases
    for i, (start, end) in enumerate(phrases):
        first, last = _token_range(sentence, start, end)
        if last - first == 1 and sentence.tokens[first][3] == "PRON":
            continue
        found.append(Candidate(text[start:end], NOUN_PHRASE, sentence, start, end))
        # 'the quality use' + 'of medicines': base noun phrases stop before their complements.
        if i + 1 < len(phrases) and OF_LINK.fullmatch(text[end:phrases[i + 1][0]]):
            found.append(Candidate(text[start:phrases[i + 1][1]], NOUN_PHRASE, sentence, start, phrases[i + 1][1]))
    if QUOTE in question.expected:
        quotes = [(m.start(1), m.end(1)) for m in QUOTE_SPAN.finditer(text)]
        for start, end in quotes:
            found.append(Candidate(text[start:end], QUOTE, sentence, start, end))
        if not quotes and text[:1] in "“\"":
            end = len(text.rstrip("”\". "))
            found.append(Candidate(text[1:end], QUOTE, sentence, 1, end))
    if CLAUSE in question.expected:
        for match in CAUSAL.finditer(text):
            end = len(text.rstrip(".!?;: "))
            comma = text.find(",", match.end())
            if comma > match.end() and comma - match.end() > 20:
                end = comma
            if end - match.start() > 3:
                found.append(Candidate(text[match.start():end], CLAUSE, sentence, match.start(), end))
    return found


def _type_fit(candidate: Candidate, question: Question) -> float:
    expected = question.expected
    if question.kind == "how long" and candidate.label in expected and not DURATION.search(candidate.text):
        return 0.6  # 'March 2022' is a point in time, 'two hours' is a length
    if candidate.label == NOUN_PHRASE and NOUN_PHRASE in expected[1:]:
        return 0.6  # a fallback: "what year" wants a DATE before any noun phrase
    if candidate.label in expected:
        return max(1.0 - 0.1 * expected.index(candidate.label), 0.6)
    if candidate.label == NOUN_PHRASE:
        return 0.6 if NOUN_PHRASE in expected else 0.05
    if NOUN_PHRASE in expected and expected[0] == NOUN_PHRASE:
        return 0.7  # a named entity is a noun phrase too
    if NOUN_PHRASE in expected:
        return 0.3
    return 0.0


def _in_question(stem: str, terms: set[str]) -> bool:
    return stem in terms or any(similar_word(stem, t) for t in terms)


def _score(candidate: Candidate, question: Question, terms: set[str], idf: dict[str, float],
           snapshot: Snapshot) -> float | None:
    sentence = candidate.sentence
    first, last = _token_range(sentence, candidate.start, candidate.end)
    own = [s for s in sentence.stems[first:last] if s]
    inside = [_in_question(s, terms) for s in own]
    if own and all(inside):
        return None  # already in the question: never the answer
    focus = set(question.focus_terms)
    # "Which region": 'the Loire Region' names one, the head noun repeated is no overlap.
    names_focus = (bool(focus & set(own)) and not all(inside)
                   and any(t[3] == "PROPN" for t in sentence.tokens[first:last]))
    overlap = sum(x for x, stem in zip(inside, own) if stem not in focus) / max(len(own), 1)
    # The story's topic (the country every sentence of a report names) is rarely what is asked for.
    informative = min(max((snapshot.lexical.idf(s) for s in own), default=0.0), 3.0) / 3.0
    total_idf = sum(idf.values()) or 1.0
    proximity = 0.0
    for term, weight in idf.items():
        positions = [i for i, (s, l) in enumerate(zip(sentence.stems, sentence.lemmas))
                     if term in (s, l) and not first <= i < last]
        if positions:
            distance = min(first - p if p < first else p - last + 1 for p in positions)
            proximity += weight / (1.0 + distance / 4.0)
        elif candidate.label == QUOTE and term in sentence.previous_stems and candidate.start <= 1:
            proximity += weight / 2.0  # "X said:" on the line before the quotation
    proximity /= total_idf
    candidate.type_fit = _type_fit(candidate, question)
    if candidate.label == QUOTE:
        return sentence.score * 0.5 + 0.8 * candidate.type_fit + 1.5 * proximity
    syntax = 0.0
    root = next((i for i in range(first, last) if not first <= sentence.tokens[i][5] < last), first)
    node = root
    for step in range(1, 4):
        parent = sentence.tokens[node][5]
        if parent == node:
            break
        node = parent
        if sentence.stems[node] in terms:
            syntax = 1.0 / step
            break
    if names_focus and candidate.label not in NUMBERS:
        candidate.type_fit = 1.0  # 'the Loire Region' is a region, whatever NER made of it
    counts_focus = candidate.label in NUMBERS and bool(focus & set(sentence.stems[last:last + 3]))
    focus_bonus = 0.15 if counts_focus or (names_focus and candidate.label not in NUMBERS) else 0.0
    heading_penalty = 0.3 if sentence.heading else 0.0
    length_penalty = 0.05 * max(0, (last - first) - 6) if candidate.label not in {QUOTE, CLAUSE} else 0.0
    return (1.5 * sentence.score + 0.8 * candidate.type_fit + 0.5 * proximity + 0.25 * syntax + focus_bonus
            + 0.15 * informative - 0.4 * overlap - length_penalty - heading_penalty)


def _resolve_dates(snapshot: Snapshot, candidates: list[Candidate]) -> None:
    """Anchor relative dates at their article's publication date, so sources that say 'Friday'
    and '23 May 2025' are seen to agree."""
    for c in candidates:
        if c.label in {DATE, TIME}:
            article = snapshot.documents[c.sentence.doc_id]
            c.resolved = resolve(c.text, publication_date(article.text, article.published))


def _group(candidates: list[Candidate]) -> list[Group]:
    groups: list[Group] = []
    people = People(c.text for c in candidates if c.label == "PERSON")  # 'Kovač' is ambiguous if two Kovačs are named
    for c in sorted(candidates, key=lambda c: -c.score):
        for g in groups:
            b = g.best
            if (b.resolved and c.resolved and (b.resolved.value, b.resolved.precision) == (c.resolved.value, c.resolved.precision)) \
                    or same_value(b.text, c.text, c.label, people):
                g.members.append(c)
                break
        else:
            groups.append(Group([c]))
    return sorted(groups, key=lambda g: -g.score)


class Answerer:
    """Turns retrieved passages into a short, cited answer or a reasoned abstention."""

    def answer(self, snapshot: Snapshot, question: Question, hits: list[Hit], query_vector: np.ndarray,
               passages: list[Passage]) -> Answer:
        if not hits:
            return _abstain(question, "the index holds no passages to answer from", passages)
        missing = [n for n in question.names if not any(snapshot.lexical.df(t) for t in tokenize(n))]
        if question.focus_terms and question.expected[0] in NUMBERS and not any(snapshot.lexical.df(t) for t in question.focus_terms):
            missing.append(question.focus)
        if missing:
            return _abstain(question, f"no indexed article mentions {', '.join(repr(m) for m in missing)}", passages)
        idf = {t: snapshot.lexical.idf(t) for t in question.terms}
        depth = SENTENCES_CONSIDERED * (2 if QUOTE in question.expected else 1)
        sentences = _sentences(snapshot, hits, question, query_vector, idf)[:depth]
        best_sentence = sentences[0]
        if best_sentence.coverage < 0.3 and best_sentence.similarity < 0.5:
            return _abstain(question, "no retrieved passage is about what the question asks", passages, sentences[:1], snapshot)
        if POLARITY in question.expected:
            return _yes_no(snapshot, question, sentences, passages)
        attribute = asked_attribute(question.text, question.kind)
        if attribute is not None:  # 'what was the turnout' wants a percentage, 'how deep' a measure
            question = replace(question, expected=tuple(dict.fromkeys((*attribute.labels, *question.expected))))
        terms = set(question.terms)
        candidates = []
        for sentence in sentences:
            for candidate in _spans(sentence, question):
                score = _score(candidate, question, terms, idf, snapshot)
                if score is not None:
                    candidate.score = score
                    candidates.append(candidate)
        fitting = [c for c in candidates if c.type_fit >= 0.6]
        if attribute is not None and fitting:
            fitting = narrowed(attribute, fitting)
            if not fitting:
                return _abstain(question, f"the question asks for the {attribute.noun}, {attribute.description}, and no "
                                f"retrieved passage states one", passages, sentences[:1], snapshot)
        if DATE in question.expected:
            _resolve_dates(snapshot, fitting)
        if not fitting:
            return _abstain(question, f"no retrieved passage names {question.describe()} that answers it",
                            passages, sentences[:1], snapshot)
        groups = _group(fitting)
        story = corroborate(snapshot, groups, _is_conflict, terms)  # superseded values give way to the latest
        top = story.answer.best
        confidence = _confidence(top)
        if confidence < MIN_CONFIDENCE:
            return _abstain(question, f"the passages that mention {question.describe()} match the question only weakly",
                            passages, [top.sentence], snapshot)
        return _compose(snapshot, question, story, confidence, passages)


def _confidence(candidate: Candidate) -> float:
    s = candidate.sentence
    value = 0.1 + 0.45 * s.coverage + 0.3 * max(s.similarity, 0.0) + 0.25 * candidate.type_fit
    return float(min(max(value, 0.0), 1.0))


def _is_conflict(group: Group, chosen: Group) -> bool:
    """Another value stated for the same thing by a sentence that matches the question about as well."""
    other, top = group.best, chosen.best
    on_topic = (other.sentence.similarity >= top.sentence.similarity - 0.1
                or other.sentence.coverage >= 0.6 * top.sentence.coverage)
    # One article stating two values usually states two facts; a conflict is between articles.
    other_articles = {c.sentence.doc_id for c in group.sources} - {c.sentence.doc_id for c in chosen.sources}
    return (other.label == top.label and other.label != NOUN_PHRASE and not other.sentence.heading
            and bool(other_articles) and on_topic and other.score >= top.score - CONFLICT_MARGIN)


def short_title(title: str, limit: int = 80) -> str:
    """A .txt title is its first line, which can be a whole paragraph: keep templates readable."""
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + "…"


def _citation(snapshot: Snapshot, n: int, sentence: SentenceView) -> Citation:
    hits = snapshot.chunks_by_doc.get(sentence.doc_id, [])
    chunk = next((snapshot.chunks[r] for r in hits
                  if snapshot.chunks[r].start <= sentence.start and sentence.end <= snapshot.chunks[r].end),
                 snapshot.chunks[hits[0]] if hits else None)
    document = snapshot.documents[sentence.doc_id]
    return Citation(n=n, doc_id=sentence.doc_id, chunk_id=chunk.chunk_id if chunk else "", title=document.title,
                    quote=document.text[sentence.start:sentence.end], start=sentence.start, end=sentence.end)


def _compose(snapshot: Snapshot, question: Question, story: Corroboration, confidence: float,
             passages: list[Passage]) -> Answer:
    citations: list[Citation] = []

    def cite(sentence: SentenceView) -> int:
        for c in citations:
            if c.doc_id == sentence.doc_id and c.start == sentence.start:
                return c.n
        citations.append(_citation(snapshot, len(citations) + 1, sentence))
        return citations[-1].n

    top = story.answer.best
    cite(top.sentence)
    support = [evidence(snapshot, story.answer, cite)]
    conflicts = [evidence(snapshot, a, cite) for a in story.conflicts]
    superseded = [evidence(snapshot, a, cite) for a in story.superseded]
    title = short_title(snapshot.documents[top.sentence.doc_id].title)
    text = compose_text(f"{top.shown} — {title}: “{top.sentence.text}” [1]", support[0], conflicts, superseded)
    return Answer(question=question.text, answer=top.text, text=text, abstained=False, reason=None,
                  resolved_date=top.resolved.value.isoformat() if top.resolved else None,
                  confidence=round(confidence, 3), question_type=question.kind, citations=citations,
                  support=support, conflicts=conflicts, superseded=superseded, passages=passages)


def _yes_no(snapshot: Snapshot, question: Question, sentences: list[SentenceView], passages: list[Passage]) -> Answer:
    best = sentences[0]
    if best.coverage < 0.6:
        return _abstain(question, "no retrieved passage states it either way", passages, [best], snapshot)
    negated = any(t[2] in NEGATION for t in best.tokens)
    verdict = "no" if negated != question.negated else "yes"
    confidence = min(1.0, 0.2 + 0.5 * best.coverage + 0.3 * max(best.similarity, 0.0))
    citation = _citation(snapshot, 1, best)
    title = short_title(snapshot.documents[best.doc_id].title)
    return Answer(question=question.text, answer=verdict, text=f"{verdict.capitalize()} — {title}: “{best.text}” [1]",
                  abstained=False, reason=None, confidence=round(confidence, 3), question_type=question.kind,
                  citations=[citation], support=[Evidence(value=verdict, citations=[1], sources=1)], passages=passages)


def _abstain(question: Question, reason: str, passages: list[Passage], closest: list[SentenceView] = (),
             snapshot: Snapshot | None = None) -> Answer:
    """No answer, the reason, and (when there is one) the closest sentence so the user can judge."""
    citations = [_citation(snapshot, 1, closest[0])] if closest and snapshot else []
    text = f"I can't answer that from the indexed articles: {reason}."
    if citations:
        text += f" Closest passage: “{citations[0].quote}” [1]"
    return Answer(question=question.text, answer=None, text=text, abstained=True, reason=reason, confidence=0.0,
                  question_type=question.kind, citations=citations, passages=passages)
