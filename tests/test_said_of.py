"""said_of.py on hand-built parses (no model loaded): the value's own clause, the word it is said of, a name only alluded to."""

import numpy as np

from service.answering import said_of


def parse(rows):
    """(word, lemma, pos, dep, head) rows → (text, stored tokens (start, end, lemma, pos, dep, head))."""
    text, tokens = "", []
    for word, lemma, pos, dep, head in rows:
        if text:
            text += " "
        tokens.append((len(text), len(text) + len(word), lemma, pos, dep, head))
        text += word
    return text, tokens


def span(text, word):
    at = text.index(word)
    return at, at + len(word)


# 'Seifert met Furse after Euronext raised its bid to £1.5bn .'
BID = parse([("Seifert", "Seifert", "PROPN", "nsubj", 1), ("met", "meet", "VERB", "ROOT", 1), ("Furse", "Furse", "PROPN", "dobj", 1),
             ("after", "after", "SCONJ", "mark", 5), ("Euronext", "Euronext", "PROPN", "nsubj", 5), ("raised", "raise", "VERB", "advcl", 1),
             ("its", "its", "PRON", "poss", 7), ("bid", "bid", "NOUN", "dobj", 5), ("to", "to", "ADP", "prep", 5),
             ("£1.5bn", "£1.5bn", "NUM", "pobj", 8), (".", ".", "PUNCT", "punct", 1)])


def test_the_values_clause_is_the_clause_it_sits_in_not_the_sentence():
    text, tokens = BID
    start, end = span(text, "£1.5bn")
    assert said_of.clause_head(tokens, start, end) == 5  # 'raised', not the main verb 'met'
    clause = said_of.words_of(text, tokens, said_of.clause_of(tokens, start, end))
    sentence = said_of.words_of(text, tokens, range(len(tokens)))
    assert said_of.names_in_clause(["Euronext"], "£1.5bn", clause) == 1.0
    assert said_of.names_in_clause(["Seifert"], "£1.5bn", clause) == 0.0
    assert said_of.names_elsewhere(["Seifert"], "£1.5bn", clause, sentence) == 1.0  # named, but of another clause
    assert said_of.names_elsewhere(["Euronext"], "£1.5bn", clause, sentence) == 0.0
    assert said_of.names_in_clause([], "£1.5bn", clause) == 1.0  # no name asked
    # the main clause's value has the main clause, less the adverbial one
    start, end = span(text, "Furse")
    main = said_of.words_of(text, tokens, said_of.clause_of(tokens, start, end))
    assert "seifert" in main and "euronext" not in main


def test_a_complement_verb_climbs_to_its_subject():
    # 'Boerse agreed to pay £1bn'
    text, tokens = parse([("Boerse", "Boerse", "PROPN", "nsubj", 1), ("agreed", "agree", "VERB", "ROOT", 1), ("to", "to", "PART", "aux", 3),
                          ("pay", "pay", "VERB", "xcomp", 1), ("£1bn", "£1bn", "NUM", "dobj", 3)])
    start, end = span(text, "£1bn")
    assert said_of.clause_head(tokens, start, end) == 1
    assert said_of.names_in_clause(["Boerse"], "£1bn", said_of.words_of(text, tokens, said_of.clause_of(tokens, start, end))) == 1.0


def test_the_word_a_value_is_said_of():
    text, tokens = BID
    assert tokens[said_of.governor(tokens, *span(text, "£1.5bn"))][2] == "raise"  # through the preposition
    # 'two members of its board': the noun a figure counts
    text, tokens = parse([("two", "two", "NUM", "nummod", 1), ("members", "member", "NOUN", "dobj", 1)])
    assert tokens[said_of.governor(tokens, *span(text, "two"))][2] == "member"
    assert tokens[said_of.governor(tokens, *span(text, "two members"))][2] == "member"  # its own counted noun
    # 'coach Wanderley Luxemburgo took charge': a title on a name is the noun it is said of
    text, tokens = parse([("coach", "coach", "NOUN", "compound", 2), ("Wanderley", "Wanderley", "PROPN", "compound", 2),
                          ("Luxemburgo", "Luxemburgo", "PROPN", "nsubj", 3), ("took", "take", "VERB", "ROOT", 3)])
    assert tokens[said_of.governor(tokens, *span(text, "Luxemburgo"))][2] == "take"
    assert said_of.phrase_of(text, tokens, 2) == "coach Wanderley Luxemburgo"


def test_role_credit_reads_the_governor_against_the_asked_word():
    vectors = {"buy": np.array([1.0, 0.0]), "acquire": np.array([0.8, 0.6]), "sell": np.array([0.0, 1.0])}
    vector = vectors.get
    assert said_of.role_credit("buy", ["buys"], vector) == 1.0  # one stem
    assert said_of.role_credit("acquire", ["buy"], vector) == 1.0  # cosine 0.8, above NEAR_FULL
    assert said_of.role_credit("sell", ["buy"], vector) == 0.0
    assert said_of.role_credit(None, ["buy"], vector) == 0.0  # said of nothing
    assert said_of.role_credit("sell", [], vector) == 1.0  # nothing asked


def test_phrase_cosine():
    vectors = {"lse chief executive": np.array([0.6, 0.8]), "chief executive": np.array([1.0, 0.0])}
    vector = lambda p: vectors.get(p.lower())  # noqa: E731
    assert said_of.phrase_cosine("chief executive", "Chief executive", vector) == 1.0
    assert abs(said_of.phrase_cosine("LSE chief executive", "chief executive", vector) - 0.6) < 1e-6
    assert said_of.phrase_cosine("", "chief executive", vector) == 0.5  # said of nothing: unknown
    assert said_of.phrase_cosine("board", "chief executive", vector) == 0.5  # no vector: unknown


def test_a_name_only_alluded_to():
    # 'The code was posted by a Brazilian programmer , Sophos said'
    rows = [("The", "the", "DET", "det", 1), ("code", "code", "NOUN", "nsubjpass", 3), ("was", "be", "AUX", "auxpass", 3),
            ("posted", "post", "VERB", "ccomp", 10), ("by", "by", "ADP", "agent", 3), ("a", "a", "DET", "det", 7),
            ("Brazilian", "brazilian", "ADJ", "amod", 7), ("programmer", "programmer", "NOUN", "pobj", 4), (",", ",", "PUNCT", "punct", 10),
            ("Sophos", "Sophos", "PROPN", "nsubj", 10), ("said", "say", "VERB", "ROOT", 10)]
    text, tokens = parse(rows)
    nouns = ["programm"]
    assert said_of.alluded(text, tokens, *span(text, "Sophos"), nouns) == 1.0
    assert said_of.alluded(text, tokens, *span(text, "a Brazilian programmer"), nouns) == 0.0  # the answer is that phrase
    assert said_of.alluded(text, tokens, *span(text, "Sophos"), ["firm"]) == 0.0  # another noun asked
    assert said_of.alluded(text, tokens, *span(text, "Sophos"), []) == 0.0
    # '… by the programmer' / '… by a programmer, Joao': the asked one is named or known
    the = [(w if i != 5 else "the", *rest) for i, (w, *rest) in enumerate(rows)]
    text, tokens = parse(the)
    assert said_of.alluded(text, tokens, *span(text, "Sophos"), nouns) == 0.0
    named = rows[:8] + [("Joao", "Joao", "PROPN", "appos", 7)] + [(w, lemma, pos, dep, head + 1 if head >= 8 else head)
                                                                     for w, lemma, pos, dep, head in rows[8:]]
    named[3] = ("posted", "post", "VERB", "ccomp", 11)
    text, tokens = parse(named)
    assert said_of.alluded(text, tokens, *span(text, "Sophos"), nouns) == 0.0
