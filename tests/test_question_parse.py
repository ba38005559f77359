"""The question's parse with tok2vec as array operations (service/answering/question_parse.py): the same
tensor, tags, parse and lemmas as spaCy's own pipeline without NER; a pipeline without that tok2vec is
parsed the plain way."""

from __future__ import annotations

import numpy as np
import spacy

from index.annotate import load_nlp
from service.answering.question_parse import QuestionParser, question_parser

QUESTIONS = [
    "How many prisoners were exchanged in the swap?",
    "Who won the election in the northern district?",
    "What did the Prime Minister, speaking in Brussels on Tuesday, say about the £1.2bn deal?",
    "When will the trial of the former minister begin?",
    "Why?",
    "Is the museum closed for a fortnight after the theft of its gold torc?",
    "which two cities host   the final -- and when?",
    "",
]


def test_the_fast_parse_is_spacys_parse():
    nlp, parser = load_nlp(), question_parser()
    assert parser.fast is not None
    for text in QUESTIONS:
        plain, fast = nlp(text, disable=["ner"]), parser(text)
        assert [t.text for t in fast] == [t.text for t in plain]
        if len(plain):
            assert np.abs(fast.tensor - plain.tensor).max() < 1e-5
        assert [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in fast] == \
               [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in plain], text
        assert not fast.ents


def test_a_pipeline_without_that_tok2vec_is_parsed_the_plain_way():
    blank = spacy.blank("en")
    parser = QuestionParser(blank)
    assert parser.fast is None
    assert [t.text for t in parser("Who won?")] == ["Who", "won", "?"]
