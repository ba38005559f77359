"""Step 1, sentence selection: the sentences of the retrieved passages, ranked for the question.

A sentence's score mixes its cosine to the question (vectors pre-computed at index time), the
IDF-weighted share of the question's terms it contains, and its passage's retrieval score.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.lexical import tokenize
from index.memo import Memo
from index.store import Snapshot
from service.answering.question import Question
from service.answering.quotes import continues_quotation
from service.answering.speakers import bare_name, named_speaker, quoted, speaker_sentence, speaker_title
from service.retrieve import Hit
from service.revisions import corrects

DUPLICATE_COSINE = 0.95  # sentence vectors this close are the same sentence, reworded at most slightly
KIND_SENTENCES = 4  # sentences naming the wanted kind added when none of the first ones does


@dataclass(frozen=True)
class SentenceWeights:
    """How a sentence's rank score is made (hand-set, checked on the seeds and SQuAD train half)."""

    similarity: float = 0.5
    coverage: float = 0.5
    passage: float = 0.1
    heading_factor: float = 0.8  # headlines restate the story, rarely answer a detail
    carried_after_colon: float = 1.0  # 'X said:' then the quotation: the speaker's words count fully
    carried_otherwise: float = 0.5  # a term in the previous sentence counts half


SENTENCE_WEIGHTS = SentenceWeights()


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
    rank: int = 0  # 0 for the best sentence of the question
    passage_score: float = 0.0
    passage_rank: int = 0  # 0 for the best retrieved passage
    similarity_gap: float = 0.0  # the best similarity among the question's sentences minus this one's
    coverage_gap: float = 0.0  # likewise for term coverage: how far this sentence is from the best across passages
    in_quotation: bool = False  # it continues a quotation opened before it in its paragraph (quotes.continues_quotation)

    def copy_of(self, other: "SentenceView") -> bool:
        return self.vector is not None and other.vector is not None and float(self.vector @ other.vector) >= DUPLICATE_COSINE


def select_sentences(snapshot: Snapshot, hits: list[Hit], question: Question, query_vector: np.ndarray,
                     idf: dict[str, float], weights: SentenceWeights = SENTENCE_WEIGHTS) -> list[SentenceView]:
    """Every sentence of the hit passages, best first, each with similarity, coverage and score."""
    views: dict[tuple[str, int], SentenceView] = {}
    total_idf = sum(idf.values()) or 1.0
    for passage_rank, hit in enumerate(hits):
        chunk = snapshot.chunks[hit.row]
        first, last = chunk.sentences
        for i in range(first, last):
            if (chunk.doc_id, i) in views:
                continue
            f = stored_facts(snapshot, chunk.doc_id, i)
            s = snapshot.sentences[chunk.doc_id][i]  # parsed sentences are cached per segment (index/stored_sentences.py)
            view = SentenceView(chunk.doc_id, i, s.start, s.end, f.text, s.tokens, s.entities, s.noun_phrases,
                                s.heading, f.stems, f.lemmas, f.previous)
            view.vector = f.vector
            view.in_quotation = f.in_quotation
            view.similarity = float(view.vector @ query_vector)
            view.passage_score = hit.score
            view.passage_rank = passage_rank
            present, previous = f.present, f.previous
            carried = weights.carried_after_colon if f.after_colon else weights.carried_otherwise
            view.coverage = sum(idf[t] if t in present else carried * idf[t] if t in previous else 0.0
                                for t in question.terms) / total_idf
            view.score = (weights.similarity * max(view.similarity, 0.0) + weights.coverage * view.coverage
                          + weights.passage * hit.score) * (weights.heading_factor if s.heading else 1.0)
            views[(chunk.doc_id, i)] = view
    ranked = sorted(views.values(), key=lambda v: -v.score)
    best_similarity = max((v.similarity for v in ranked), default=0.0)
    best_coverage = max((v.coverage for v in ranked), default=0.0)
    for rank, view in enumerate(ranked):
        view.rank = rank
        view.similarity_gap = best_similarity - view.similarity
        view.coverage_gap = best_coverage - view.coverage
    return ranked


def distinct_first(ranked: list[SentenceView], depth: int, most: int = 2) -> list[SentenceView]:
    """The best sentences up to `depth` distinct ones: a copy of a sentence already taken (one wire
    story carried by three outlets) rides along without using up the depth, so the copies do not
    push other outlets' reports out (at most `most` × depth sentences in all)."""
    taken: list[SentenceView] = []
    distinct = 0
    for s in ranked:
        if distinct >= depth or len(taken) >= most * depth:
            break
        if not any(s.copy_of(t) for t in taken):
            distinct += 1
        taken.append(s)
    return taken


CORRECTION_FOLLOWERS = 2  # sentences after a correcting one that may name what it corrects to
CORRECTION_CHECKS = 20_000  # sentence texts whose check is remembered (~250 bytes each: ~5 MB)


def with_corrections(first: list[SentenceView], ranked: list[SentenceView], correcting,
                     follow: int = CORRECTION_FOLLOWERS) -> list[SentenceView]:
    """`first`, and after each of its sentences that corrects (`correcting(text)`: 'Correction: Our
    article … quoted Alys Penhallow …'), the next `follow` sentences of its article among `ranked`,
    which say what it corrects to ('The words were not hers. They were spoken by … Tomas Brennick')
    however little they share with the question."""
    fixes = [(s.doc_id, s.index) for s in first if correcting(s.text)]
    if not fixes:
        return first
    taken = {(s.doc_id, s.index) for s in first}
    wanted = {(d, i + k) for d, i in fixes for k in range(1, follow + 1)} - taken
    return first + [s for s in ranked if (s.doc_id, s.index) in wanted]


def with_kind(ranked: list[SentenceView], depth: int, label: str,
              extra: int = KIND_SENTENCES) -> list[SentenceView]:
    """The first `depth` sentences; when none of them names an entity of the question's most wanted
    kind (`label`: 'who' wants a person), the best `extra` further sentences that do and that hold
    one of the question's terms or belong to an article of the first ones ('… said the museum's
    director, Agnes Lindholm' below eight sentences that all repeat 'Halvard Museum of Maps' but
    name nobody)."""
    first = with_corrections(distinct_first(ranked, depth), ranked, _corrects)
    if any(e[2] == label for s in first for e in s.entities):
        return first
    articles = {s.doc_id for s in first}
    found = [s for s in ranked[len(first):] if (s.coverage > 0 or s.doc_id in articles)
             and any(e[2] == label for e in s.entities)]
    return first + found[:extra]


@dataclass(frozen=True)
class StoredFacts:
    """What one stored sentence gives every question, derived once per snapshot (snapshots are
    immutable; a write makes a new snapshot with an empty memo): its text, stems, the words of
    the sentence before it, whether it opens a quotation after 'X said:', its vector."""

    text: str
    stems: list[str]
    lemmas: list[str]
    present: frozenset[str]  # its stems and lemma stems
    previous: set[str]  # the previous sentence's words and the speaker a quoted sentence leaves unnamed (speaker_stems); read only
    after_colon: bool  # it opens with a quotation mark right after a line ending in ':'
    vector: np.ndarray
    in_quotation: bool = False  # it continues a quotation opened before it in its paragraph


# Sentences whose StoredFacts one snapshot keeps (3-6 KB each, the words shared: under 50 MB).
FACT_SENTENCES = 8_000
FACTS = "sentences.facts"  # the snapshot memo's key of that memo


def stored_facts(snapshot: Snapshot, doc_id: str, index: int) -> StoredFacts:
    """The StoredFacts of sentence `index` of `doc_id`, from the snapshot's memo."""
    facts = snapshot.memo.get(FACTS)
    if facts is None:
        facts = snapshot.memo[FACTS] = Memo(FACT_SENTENCES)
    key = (doc_id, index)
    found = facts.get(key)
    if found is None:
        document = snapshot.documents[doc_id]
        stored = snapshot.sentences[doc_id]
        s = stored[index]
        text = document.text[s.start:s.end]
        stems, lemmas = word_stems(snapshot, doc_id, index)
        after_colon = index > 0 and text[:1] in "“\"" and document.text[:stored[index - 1].end].rstrip().endswith(":")
        previous = set().union(*word_stems(snapshot, doc_id, index - 1)) if index > 0 else set()
        found = StoredFacts(text, stems, lemmas, frozenset(stems) | frozenset(lemmas),
                            previous | speaker_stems(snapshot, doc_id, index), after_colon,
                            snapshot.sentence_vectors[snapshot.sentence_row(doc_id, index)],
                            continues_quotation(document.text, s.start))
        facts[key] = found
    return found


def speaker_stems(snapshot: Snapshot, doc_id: str, index: int) -> set[str]:
    """The words of a quoted sentence's speaker it does not give itself: the speaker a neighbour
    names when it names none (speakers.speaker_sentence), and the title an earlier sentence gives a
    speaker named by surname alone ('“First we need a timetable,” Vasko said.' after 'Estonian
    Foreign Minister Anna Vasko …': speakers.speaker_title). Carried into the sentence like the
    previous sentence's words."""
    document = snapshot.documents[doc_id].text
    stored = snapshot.sentences[doc_id]
    text = lambda k: document[stored[k].start:stored[k].end]  # noqa: E731
    tokens = lambda k: stored[k].tokens  # noqa: E731
    continues = lambda k: continues_quotation(document, stored[k].start)  # noqa: E731
    if not quoted(text(index), continues(index)):
        return set()
    own = named_speaker(tokens(index))
    found = (index, own) if own else speaker_sentence(index, len(stored), text, tokens, continues)
    if found is None:
        return set()
    k, words = found
    carried = [] if k == index else [(k, i) for i in words]
    name = bare_name(tokens(k), words)
    titled = speaker_title(k, tokens, name) if name is not None else None
    if titled is not None:
        carried += [(titled[0], i) for i in titled[1]]
    found_stems = set()
    for j, i in carried:
        stems, lemmas = word_stems(snapshot, doc_id, j)
        found_stems |= {w for w in (stems[i], lemmas[i]) if w}
    return found_stems


def word_stems(snapshot: Snapshot, doc_id: str, index: int) -> tuple[list[str], list[str]]:
    """Per stored token: the stem of its text and the stem of its lemma ('began' → 'begin'), empty
    for stopwords and punctuation. Snapshots are immutable, so each sentence is stemmed once."""
    key = (doc_id, index)
    cached = snapshot.memo.get(key)
    if cached is None:
        sentence = snapshot.sentences[doc_id][index]
        text = snapshot.documents[doc_id].text[sentence.start:sentence.end]
        cached = ([one_stem(text[t[0]:t[1]]) for t in sentence.tokens], [one_stem(t[2]) for t in sentence.tokens])
        snapshot.memo[key] = cached
    return cached


@lru_cache(maxsize=CORRECTION_CHECKS)
def _corrects(text: str) -> bool:
    """revisions.corrects, once per sentence text: with_kind asks it of every sentence it takes."""
    return corrects(text)


@lru_cache(maxsize=200_000)
def one_stem(word: str) -> str:
    return (tokenize(word) or [""])[0]
