"""The answer path's speed-ups: each cached or vectorised step must give exactly what the plain way gave."""

from __future__ import annotations

import random

import numpy as np

from service.answering.candidates import token_range


def _plain_token_range(tokens, start: int, end: int) -> tuple[int, int]:
    """The scan token_range replaced: every token overlapping [start, end)."""
    inside = [i for i, t in enumerate(tokens) if t[0] < end and t[1] > start]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


class _Sentence:
    def __init__(self, tokens):
        self.tokens = tokens


def test_token_range_by_binary_search_equals_the_scan(desk):
    rng = random.Random(0)
    snapshot = desk.snapshot
    checked = 0
    for doc_id, sentences in snapshot.sentences.items():
        for s in sentences:
            sentence = _Sentence(s.tokens)
            length = s.end - s.start
            bounds = {(t[0], t[1]) for t in s.tokens} | {(0, length), (0, 0), (length, length + 3)}
            bounds |= {tuple(sorted(rng.randint(-2, length + 2) for _ in range(2))) for _ in range(20)}
            for start, end in bounds:
                assert token_range(sentence, start, end) == _plain_token_range(s.tokens, start, end), (doc_id, start, end)
                checked += 1
    assert checked > 1000
    assert token_range(_Sentence([]), 0, 5) == (0, 0)


QUESTIONS = ["Who mediated the prisoner exchange?", "How many prisoners were exchanged?",
             "When did the swap take place?", "What did the minister say about the talks?",
             "Which two cities hosted the talks?", "How did officials describe the deal?",
             "Why was the bridge closed?", "What will the council present next week?"]


def _read(desk, text: str):
    """(question, its sentences, its idf) as the answerer reads them."""
    from service.answering.answerer import Answerer
    from service.answering.question import analyse
    from service.answering.sentences import select_sentences

    snapshot = desk.snapshot
    question, _ = Answerer.asked(analyse(text))
    hits, vector = desk._retrieve(snapshot, text, 10)
    idf = {t: snapshot.lexical.idf(t) for t in question.terms}
    return question, select_sentences(snapshot, hits, question, vector, idf), idf


def test_extraction_memo_gives_fresh_candidates_of_the_same_spans(desk):
    from index.memo import Memo
    from service.answering.candidates import CANDIDATE_SETS, extract

    memo = Memo()
    for text in QUESTIONS:
        question, sentences, _ = _read(desk, text)
        for extractors in CANDIDATE_SETS.values():
            for s in sentences:
                plain = extract(s, question, extractors)
                first, again = extract(s, question, extractors, memo), extract(s, question, extractors, memo)
                spans = [(c.text, c.label, c.start, c.end, c.sentence) for c in plain]
                assert [(c.text, c.label, c.start, c.end, c.sentence) for c in first] == spans
                assert [(c.text, c.label, c.start, c.end, c.sentence) for c in again] == spans
                assert not {id(c) for c in first} & {id(c) for c in again}  # scores are set per question


def test_static_features_read_only_the_candidate_and_the_memo_changes_no_feature(desk):
    """Every feature of every candidate of several questions, worked out plainly and through the
    snapshot memo (first and second read): the same matrix to the bit; and a STATIC feature has
    one value per candidate whatever the question."""
    from index.memo import Memo
    from service.answering import features as F
    from service.answering.candidates import CANDIDATE_SETS, extract

    snapshot = desk.snapshot
    memo = Memo()
    static: dict[tuple, tuple] = {}
    names = tuple(F.FEATURES)
    for text in QUESTIONS:
        question, sentences, idf = _read(desk, text)
        candidates = [c for s in sentences for c in extract(s, question, CANDIDATE_SETS["wide"])]
        plain = F.spans(candidates, F.Context(question, idf, snapshot))
        want = np.array([[F.FEATURES[n](x) for n in names] for x in plain])
        for _ in range(2):
            spans = F.spans([c for s in sentences for c in extract(s, question, CANDIDATE_SETS["wide"], memo)],
                            F.Context(question, idf, snapshot, memo))
            assert np.array_equal(F.matrix(spans, names), want)
        assert np.array_equal(F.matrix(plain, names), want)
        for x, row in zip(plain, want):
            values = tuple(row[names.index(n)] for n in F.STATIC_FEATURES)
            key = (x.s.doc_id, x.s.index, x.c.start, x.c.end, x.c.label)
            assert static.setdefault(key, values) == values, (key, text)
    assert len(static) > 300
