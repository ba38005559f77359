"""anchors: what an answer is said of, on hand-built parses and word vectors (no model loaded)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from service.answering import anchors as X

# 'The bourse made a £1.5bn bid for two executives.' as stored tokens (start, end, lemma, pos, dep, head)
TEXT = "The bourse made a £1.5bn bid for two executives."
WORDS = [("The", "the", "DET", "det", 1), ("bourse", "bourse", "NOUN", "nsubj", 2), ("made", "make", "VERB", "ROOT", 2),
         ("a", "a", "DET", "det", 5), ("£1.5bn", "£1.5bn", "NUM", "nummod", 5), ("bid", "bid", "NOUN", "dobj", 2),
         ("for", "for", "ADP", "prep", 5), ("two", "two", "NUM", "nummod", 8), ("executives", "executive", "NOUN", "pobj", 6),
         (".", ".", "PUNCT", "punct", 2)]


def _tokens():
    out, at = [], 0
    for word, lemma, pos, dep, head in WORDS:
        start = TEXT.index(word, at)
        out.append((start, start + len(word), lemma, pos, dep, head))
        at = start + len(word)
    return out


VECTORS = {"bid": np.array([1.0, 0.0, 0.0]), "offer": np.array([0.8, 0.6, 0.0]), "price": np.array([0.0, 0.0, 1.0]),
           "executives": np.array([0.0, 1.0, 0.0]), "members": np.array([0.0, 0.9, 0.436]), "made": np.array([0.0, 0.0, -1.0])}


def vector(word):
    return VECTORS.get(word.lower())


def test_a_figure_is_said_of_the_noun_it_counts_and_the_words_above_it():
    tokens = _tokens()
    start = TEXT.index("£1.5bn")
    assert X.anchor_words(TEXT, tokens, start, start + len("£1.5bn")) == ["bid", "made"]
    start = TEXT.index("two")
    assert X.anchor_words(TEXT, tokens, start, start + len("two")) == ["executives", "for", "bid", "made"][:1] + ["bid", "made"]
    assert X.anchor_words(TEXT, tokens, 0, 0) == []


def test_the_words_a_value_is_said_of_are_read_against_the_questions_words():
    assert X.anchor_credit(["bid"], {"offer": "offered"}, vector=vector) == 0.0  # 'offered' has no vector here
    assert X.anchor_credit(["bid"], {"offer": "offer"}, vector=vector) == 1.0  # cosine 0.8: full credit
    assert X.anchor_credit(["bid"], {"price": "price"}, vector=vector) == 0.0  # a bid is not a price
    assert X.anchor_credit(["executives"], {"execut": "executive"}, vector=vector) == 1.0  # the same stem
    assert X.anchor_credit([], {"price": "price"}, vector=vector) == 0.0
    assert X.asked_credit(["bid"], [], vector=vector) == 1.0  # nothing asked: no doubt
    assert X.asked_credit(["executives"], ["members"], vector=vector) == 1.0  # cosine 0.9


def test_the_questions_verb_said_in_other_words():
    held = {"bours", "made", "bid"}
    assert X.said_credit(["made"], "Who made the bid?", held, ["bid"], vector=vector) == 1.0
    assert X.said_credit(["offer"], "What did they offer?", held, ["bid"], vector=vector) == 1.0
    assert X.said_credit(["price"], "What price?", held, ["bid"], vector=vector) == 0.0
    assert X.said_credit([], "What?", held, ["bid"], vector=vector) == 1.0


def _doc(words):
    tokens = [SimpleNamespace(text=w, pos_=p, dep_=d, i=i) for i, (w, p, d, _) in enumerate(words)]
    for t, (_, _, _, h) in zip(tokens, words):
        t.head = tokens[h]
    return tokens


def test_a_name_that_only_modifies_a_common_noun():
    from service.answering.answerer import modifies_common_noun

    gulf = _doc([("Which", "DET", "det", 2), ("Gulf", "PROPN", "compound", 2), ("state", "NOUN", "nsubj", 3),
                 ("helped", "VERB", "ROOT", 3)])
    assert modifies_common_noun(gulf, "Gulf")
    house = _doc([("White", "PROPN", "compound", 1), ("House", "PROPN", "compound", 2), ("official", "NOUN", "nsubj", 3),
                  ("ran", "VERB", "ROOT", 3)])
    assert modifies_common_noun(house, "White") and modifies_common_noun(house, "White House")
    music = _doc([("Who", "PRON", "nsubj", 1), ("runs", "VERB", "ROOT", 1), ("Apple", "PROPN", "compound", 3),
                  ("Music", "PROPN", "dobj", 1)])
    assert not modifies_common_noun(music, "Apple")  # the name of a thing, not a word on a common noun
    assert not modifies_common_noun(music, "Sony") and not modifies_common_noun(None, "Apple")


def test_a_country_written_otherwise_is_mentioned():
    from service.answering.answerer import mentioned

    held = {"qatar", "brazil"}
    df = lambda t: int(t in held)  # noqa: E731
    assert mentioned("Qatari", df) and mentioned("Qataris", df)  # 'Qatar'
    assert mentioned("Brazilian", df) and not mentioned("Omani", df)
    assert not mentioned("Americans", df)  # neither "United States", "American" nor "US" held
