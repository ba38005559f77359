"""The answering steps one at a time, on hand-built sentences: no embedding model, no index.

Sentences are written as tokens with their parse (lemma, POS, dependency, head), the way the
index stores them, so each extractor and feature is checked on exactly the input it sees.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from service.answering import candidates as extractors
from service.answering import features as F
from service.answering.candidates import CANDIDATE_SETS, Candidate, extract
from service.answering.grouping import GroupingWeights, conflicts, group
from service.answering.kinds import (CARDINAL, CLAUSE, DATE, DESCRIPTION, FAC, GPE, LOC, MONEY, NOUN_PHRASE, ORG, PERCENT,
                                     PERSON, QUANTITY, QUOTE, TERM, TIME, VERB_OBJECT, VERB_PHRASE)
from service.answering.question import Question
from service.answering.scorer import STACKED_FEATURES, RulesScorer, agreement, rule_columns
from service.answering.sentences import SentenceView


def sentence(words: list[tuple[str, str, str, int]], entities=(), noun_phrases=(), doc_id="d", index=0,
             heading=False, previous=()) -> SentenceView:
    """A SentenceView from (word, POS, dependency, head index) rows; lemma and stem = lowercased word."""
    text, tokens, offset = "", [], 0
    for i, (word, pos, dep, head) in enumerate(words):
        glue = "" if i == 0 or pos == "PUNCT" or word.startswith(("-", "’")) or text.endswith(("“", "-")) else " "
        text += glue
        start = len(text)
        text += word
        tokens.append((start, len(text), word.lower(), pos, dep, head))
    stems = [w.lower() if pos not in {"PUNCT", "DET", "ADP", "AUX", "PRON", "CCONJ"} else "" for w, pos, _, _ in words]

    def chars(first, last):
        return tokens[first][0], tokens[last - 1][1]

    ents = [(*chars(a, b), label) for a, b, label in entities]
    nps = [chars(a, b) for a, b in noun_phrases]
    return SentenceView(doc_id, index, 0, len(text), text, tokens, ents, nps, heading, stems, list(stems), set(previous),
                        vector=None, similarity=0.6, coverage=0.5, score=0.55)


def question(kind="who", expected=(PERSON, ORG), terms=("mediated", "swap"), focus=None, verb="", text="q",
             wh_role="") -> Question:
    return Question(text=text, kind=kind, expected=tuple(expected), focus=focus, focus_terms=[focus] if focus else [],
                    terms=list(terms), verb=verb, wh_role=wh_role)


# "The swap was mediated by the UAE in July 2024, freeing 390 prisoners."
MEDIATED = sentence([
    ("The", "DET", "det", 1), ("swap", "NOUN", "nsubjpass", 3), ("was", "AUX", "auxpass", 3),
    ("mediated", "VERB", "ROOT", 3), ("by", "ADP", "agent", 3), ("the", "DET", "det", 6), ("UAE", "PROPN", "pobj", 4),
    ("in", "ADP", "prep", 3), ("July", "PROPN", "pobj", 7), ("2024", "NUM", "nummod", 8), (",", "PUNCT", "punct", 3),
    ("freeing", "VERB", "advcl", 3), ("390", "NUM", "nummod", 13), ("prisoners", "NOUN", "dobj", 11),
    (".", "PUNCT", "punct", 3),
], entities=[(6, 7, GPE), (8, 10, DATE), (12, 13, CARDINAL)], noun_phrases=[(0, 2), (5, 7), (12, 14)])


class FakeLexical:
    def idf(self, term: str) -> float:
        return {"swap": 0.5, "uae": 3.0, "prison": 1.0}.get(term, 2.0)


def context(q: Question) -> F.Context:
    return F.Context(q, {t: 1.0 for t in q.terms}, SimpleNamespace(lexical=FakeLexical()))


def texts(found: list[Candidate]) -> list[tuple[str, str]]:
    return [(c.text, c.label) for c in found]


# -- extractors --------------------------------------------------------------------------------


def test_entities_leave_numbers_and_dates_to_their_own_extractors():
    assert texts(extractors.entities(MEDIATED)) == [("UAE", GPE)]
    assert texts(extractors.dates(MEDIATED)) == [("July 2024", DATE)]
    assert ("390", CARDINAL) in texts(extractors.numbers(MEDIATED))


def test_numbers_include_numerals_ner_missed():
    s = sentence([("About", "ADV", "advmod", 1), ("40", "NUM", "nummod", 2), ("buses", "NOUN", "ROOT", 2)])
    assert texts(extractors.numbers(s)) == [("40", CARDINAL)]


def test_noun_phrases_skip_pronouns_and_extend_over_of():
    s = sentence([("It", "PRON", "nsubj", 1), ("improves", "VERB", "ROOT", 1), ("the", "DET", "det", 3),
                  ("use", "NOUN", "dobj", 1), ("of", "ADP", "prep", 3), ("medicines", "NOUN", "pobj", 4)],
                 noun_phrases=[(0, 1), (2, 4), (5, 6)])
    assert texts(extractors.noun_phrases(s)) == [("the use", NOUN_PHRASE), ("the use of medicines", NOUN_PHRASE),
                                                  ("medicines", NOUN_PHRASE)]


def test_quotations_take_the_quoted_words():
    s = sentence([("He", "PRON", "nsubj", 1), ("said", "VERB", "ROOT", 1), ("“", "PUNCT", "punct", 3),
                  ("peace", "NOUN", "nsubj", 4), ("is", "AUX", "ccomp", 1), ("close", "ADJ", "acomp", 4),
                  ("”", "PUNCT", "punct", 1)])
    assert texts(extractors.quotations(s)) == [("peace is close", QUOTE)]


def test_reason_clauses_start_at_the_causal_word():
    s = sentence([("Talks", "NOUN", "nsubj", 1), ("stalled", "VERB", "ROOT", 1), ("because", "SCONJ", "mark", 4),
                  ("neither", "DET", "nsubj", 4), ("agreed", "VERB", "advcl", 1), (".", "PUNCT", "punct", 1)])
    assert texts(extractors.reason_clauses(s)) == [("because neither agreed", CLAUSE)]


def test_descriptions_find_adjective_phrases_and_what_follows_as():
    s = sentence([("She", "PRON", "nsubj", 1), ("called", "VERB", "ROOT", 1), ("it", "PRON", "dobj", 1),
                  ("deeply", "ADV", "advmod", 4), ("troubling", "ADJ", "oprd", 1), ("and", "CCONJ", "cc", 4),
                  ("described", "VERB", "conj", 1), ("it", "PRON", "dobj", 6), ("as", "ADP", "prep", 6),
                  ("a", "DET", "det", 10), ("turning", "NOUN", "compound", 11), ("point", "NOUN", "pobj", 8)])
    found = texts(extractors.descriptions(s))
    assert ("deeply troubling", DESCRIPTION) in found
    assert ("turning point", DESCRIPTION) in found


def test_short_quotes_pair_their_marks_and_skip_apostrophes():
    def quoted(text):
        return [m.group(m.lastindex) for m in extractors.SHORT_QUOTE.finditer(text)]

    # a possessive's apostrophe opened a 'quotation' running to the next mark: "'s intervention in the row was "
    assert quoted('He claimed Blair\'s intervention was "an attempt to reassure" voters') == ["an attempt to reassure"]
    assert quoted("the so-called 'coalition of the willing' met") == ["coalition of the willing"]
    assert quoted("a “deeply troubling” and ‘six-week’ strike it's") == ["deeply troubling", "six-week"]
    assert quoted("it's the workers' union") == []


def test_verb_objects_take_the_whole_object():
    s = sentence([("Kyiv", "PROPN", "nsubj", 2), ("will", "AUX", "aux", 2), ("present", "VERB", "ROOT", 2),
                  ("a", "DET", "det", 4), ("plan", "NOUN", "dobj", 2), ("to", "PART", "aux", 6),
                  ("end", "VERB", "relcl", 4), ("the", "DET", "det", 8), ("war", "NOUN", "dobj", 6),
                  (".", "PUNCT", "punct", 2)])
    found = texts(extractors.verb_objects(s))
    assert found[0] == ("a plan to end the war", VERB_OBJECT)


def test_terms_are_quoted_or_hyphenated_coinages():
    s = sentence([("a", "DET", "det", 2), ("“100-for-100”", "NOUN", "compound", 2), ("formula", "NOUN", "ROOT", 2)])
    assert ("100-for-100", TERM) in texts(extractors.terms(s))


def test_phrase_extractors_run_only_when_the_question_wants_their_kind():
    who = question()
    assert all(c.label not in {QUOTE, CLAUSE, DESCRIPTION, VERB_OBJECT, TERM} for c in extract(MEDIATED, who))
    wants_object = question(kind="what", expected=(VERB_OBJECT, NOUN_PHRASE))
    assert any(c.label == VERB_OBJECT for c in extract(MEDIATED, wants_object))


# "Denver kicked a 33-yard field goal and a touchdown, which tied the game."
KICKED = sentence([
    ("Denver", "PROPN", "nsubj", 1), ("kicked", "VERB", "ROOT", 1), ("a", "DET", "det", 6), ("33", "NUM", "nummod", 5),
    ("-", "PUNCT", "punct", 5), ("yard", "NOUN", "npadvmod", 7), ("field", "NOUN", "compound", 7),
    ("goal", "NOUN", "dobj", 1), ("and", "CCONJ", "cc", 7), ("a", "DET", "det", 10), ("touchdown", "NOUN", "conj", 7),
    (",", "PUNCT", "punct", 7), ("which", "PRON", "nsubj", 13), ("tied", "VERB", "relcl", 7), ("the", "DET", "det", 15),
    ("game", "NOUN", "dobj", 13), (".", "PUNCT", "punct", 1),
])


def test_nominal_phrases_give_the_whole_phrase_its_cut_its_coordination_and_its_bare_head():
    found = texts(extractors.nominal_phrases(KICKED))
    assert ("a 33-yard field goal and a touchdown, which tied the game", NOUN_PHRASE) not in found  # 13 tokens: too long
    assert ("a 33-yard field goal and a touchdown", NOUN_PHRASE) in found  # coordination
    assert ("a 33-yard field goal", NOUN_PHRASE) in found  # cut before the conjunction
    assert ("field goal", NOUN_PHRASE) in found  # bare head with its compounds
    assert ("Denver", NOUN_PHRASE) in found and ("the game", NOUN_PHRASE) in found
    assert all(len(c.text.split()) <= extractors.PHRASE_MAX_TOKENS for c in extractors.nominal_phrases(KICKED))
    assert all(not c.text.endswith((",", ".")) for c in extractors.nominal_phrases(KICKED))


def test_verb_phrases_adjectives_and_unqualified_values():
    assert ("tied the game", VERB_PHRASE) in texts(extractors.verb_phrases(KICKED))
    assert ("tied", VERB_PHRASE) in texts(extractors.verb_phrases(KICKED))
    s = sentence([("Conditions", "NOUN", "nsubj", 1), ("were", "AUX", "ROOT", 1), ("very", "ADV", "advmod", 3),
                  ("cramped", "ADJ", "acomp", 1)])
    assert ("very cramped", DESCRIPTION) in texts(extractors.adjectives(s))
    s = sentence([("About", "ADV", "advmod", 1), ("40", "NUM", "nummod", 2), ("buses", "NOUN", "ROOT", 2)],
                 entities=[(0, 2, CARDINAL)])
    assert texts(extractors.unqualified_values(s)) == [("40", CARDINAL)]


def test_the_wide_set_is_only_read_by_a_scorer_that_asks_for_it():
    base = {(c.text, c.label) for c in extract(KICKED, question(), CANDIDATE_SETS["base"])}
    wide = {(c.text, c.label) for c in extract(KICKED, question(), CANDIDATE_SETS["wide"])}
    assert base < wide and ("field goal", NOUN_PHRASE) in wide - base
    assert RulesScorer().candidates == "base"


# -- features ----------------------------------------------------------------------------------


def span(text: str, label: str, q: Question, s: SentenceView = MEDIATED) -> F.Span:
    start = s.text.index(text)
    return F.Span(Candidate(text, label, s, start, start + len(text)), context(q))


def test_a_span_repeating_the_question_is_dropped():
    q = question()
    kept = F.spans([span("The swap", NOUN_PHRASE, q).c, span("UAE", GPE, q).c], context(q))
    assert [x.c.text for x in kept] == ["UAE"]


def test_proximity_and_distance_follow_the_question_terms():
    q = question()
    near, far = span("the UAE", GPE, q), span("390", CARDINAL, q)
    assert F.proximity(near) > F.proximity(far)
    assert F.nearest_term(near) == 2.0  # 'mediated' is 2 tokens before 'the UAE' ('by' between)
    assert F.adjacent_question_term(near) == 0.0 and F.adjacent_question_term(span('UAE', GPE, q)) == 0.0
    assert F.nearest_term(far) > F.nearest_term(near)


def test_syntax_and_the_question_verb():
    q = question(verb="mediated")
    uae = span("the UAE", GPE, q)
    assert F.syntax(uae) == 0.5  # UAE → by → mediated
    assert F.governed_by_question_verb(uae) == 1.0
    assert F.governed_by_question_verb(span("390", CARDINAL, q)) == 0.0


def test_type_fit_and_kind_features():
    who = question()
    assert F.type_fit(span("UAE", GPE, who)) == 0.0  # this question expects only PERSON or ORG
    assert F.type_fit(span("UAE", ORG, who)) == pytest.approx(0.9)
    how_many = question(kind="how many", expected=(CARDINAL,), focus="prisoners")
    assert F.counts_focus(span("390", CARDINAL, how_many)) == 1.0
    assert F.FEATURES["kind_number"](span("390", CARDINAL, how_many)) == 1.0
    assert F.FEATURES["asks_how_many"](span("390", CARDINAL, how_many)) == 1.0
    assert F.expected_position(span("UAE", ORG, who)) == 1.0
    assert F.expected_position(span("The swap", NOUN_PHRASE, who)) == 5.0


def test_type_fit_shuts_out_a_time_or_figure_where_a_thing_is_asked_and_a_timeless_phrase_where_a_time_is():
    fits = F.MISMATCH
    when = question(kind="when", expected=(DATE, TIME))
    assert F.raw_type_fit(NOUN_PHRASE, when, "the US District Court") == fits.untimed_phrase
    assert F.raw_type_fit(NOUN_PHRASE, when, "the opening days") == fits.timed_phrase
    assert F.raw_type_fit(DATE, when, "13 December") == 1.0
    assert F.raw_type_fit(NOUN_PHRASE, when, "0630 BST") == F.TIME_PHRASE_FIT  # a clock time and nothing else: a time
    assert F.raw_type_fit(DATE, when, "three weeks") == F.LENGTH_FOR_WHEN_FIT  # a length, not a point in time
    assert F.raw_type_fit(DATE, when, "three weeks ago") == 1.0
    assert F.raw_type_fit(DATE, when, "next week") == 1.0
    assert F.raw_type_fit(DATE, when, "the age of 71") == fits.untimed_phrase  # an age says how old, not when
    assert F.raw_type_fit(DATE, question(kind="how old", expected=(DATE, CARDINAL)), "71-year-old") == 1.0
    what_date = question(kind="what", expected=(DATE, NOUN_PHRASE), focus="date")
    assert F.raw_type_fit(NOUN_PHRASE, what_date, "ordinator") == fits.untimed_phrase
    where = question(kind="where", expected=(GPE, LOC, FAC, ORG, NOUN_PHRASE))
    assert F.raw_type_fit(DATE, where, "the age of 71") == fits.time_for_a_thing
    assert F.raw_type_fit(PERSON, where, "Patsy Rowlands") == 0.3  # a name may still be read as a place's
    assert F.raw_type_fit(NOUN_PHRASE, where, "the Rafah crossing") == F.DESCRIBED_PLACE_FIT  # a place phrase
    assert F.raw_type_fit(NOUN_PHRASE, where, "a London hospice") == F.DESCRIBED_PLACE_FIT
    assert F.raw_type_fit(NOUN_PHRASE, where, "Tanners Quay") == F.PLACE_PHRASE_FIT  # a named place before a described one
    assert F.raw_type_fit(NOUN_PHRASE, where, "her final appearance") == 0.6
    which_club = question(kind="which", expected=(ORG, NOUN_PHRASE), focus="club")
    assert F.raw_type_fit(NOUN_PHRASE, which_club, "Monday") == fits.time_for_a_thing
    assert F.raw_type_fit(NOUN_PHRASE, which_club, "58%") == fits.time_for_a_thing
    assert F.raw_type_fit(NOUN_PHRASE, which_club, "the Sunday Times") == 0.6
    assert F.raw_type_fit(NOUN_PHRASE, which_club, "Glasgow Rugby") == 0.6
    how_much = question(kind="how much", expected=(MONEY, QUANTITY, PERCENT, CARDINAL))
    assert F.raw_type_fit(NOUN_PHRASE, how_much, "Half the world's population") == F.FRACTION_FIT  # a share in words
    assert F.raw_type_fit(NOUN_PHRASE, how_much, "one in five adults") == F.FRACTION_FIT
    assert F.raw_type_fit(NOUN_PHRASE, how_much, "the world's population") == 0.05
    how_quickly = question(kind="how", expected=(DESCRIPTION, NOUN_PHRASE))
    assert F.raw_type_fit(TIME, how_quickly, "38 minutes") == 0.3  # a description or a length: no change
    at_what_time = question(kind="what", expected=(TIME, NOUN_PHRASE), focus="time")
    assert F.raw_type_fit(CARDINAL, at_what_time, "4.40pm") == 0.3
    what_price = question(kind="what", expected=(MONEY, NOUN_PHRASE), focus="price")
    assert F.raw_type_fit(NOUN_PHRASE, what_price, "about 500") == 0.6  # a figure is asked: no change


def test_descriptor_terms_read_the_words_naming_a_span_and_words_made_from_the_question():
    # "A spokesman said it may oust chairman Zheng Junhuai and director Li Wei."
    oust = sentence([("A", "DET", "det", 1), ("spokesman", "NOUN", "nsubj", 2), ("said", "VERB", "ROOT", 2),
                     ("it", "PRON", "nsubj", 5), ("may", "AUX", "aux", 5), ("oust", "VERB", "ccomp", 2),
                     ("chairman", "NOUN", "compound", 8), ("Zheng", "PROPN", "compound", 8), ("Junhuai", "PROPN", "dobj", 5),
                     ("and", "CCONJ", "cc", 8), ("director", "NOUN", "compound", 12), ("Li", "PROPN", "compound", 12),
                     ("Wei", "PROPN", "conj", 8), (".", "PUNCT", "punct", 2)])
    chairs = question(terms=("chair", "yili"), verb="chair")
    assert F.descriptor_terms(span("Zheng Junhuai", PERSON, chairs, oust)) == pytest.approx(0.5)  # 'chairman' ← 'chair'
    assert F.descriptor_terms(span("Li Wei", PERSON, chairs, oust)) == 0.0  # 'director' names Li Wei
    assert F.descriptor_terms(span("Zheng Junhuai", PERSON, question(terms=("oust",)), oust)) == 0.0  # past the verb
    assert F.derived_from("lead", "leader") and F.derived_from("win", "win") and not F.derived_from("win", "winter")


def test_sentence_has_question_verb_tells_the_asked_act_from_the_topic():
    assert F.sentence_has_question_verb(span("UAE", GPE, question(verb="mediat"))) == 1.0  # 'mediated' is made from 'mediat'
    assert F.sentence_has_question_verb(span("UAE", GPE, question(verb="sign"))) == 0.0
    assert F.sentence_has_question_verb(span("UAE", GPE, question(verb="be"))) == 0.5  # 'who is …': nothing to check
    assert F.sentence_has_question_verb(span("UAE", GPE, question(verb=""))) == 0.5


def test_clause_arguments_in_question_tell_a_background_date_from_the_asked_one():
    # "The exchange was the largest since the invasion began in 2022."
    began = sentence([("The", "DET", "det", 1), ("exchange", "NOUN", "nsubj", 2), ("was", "AUX", "ROOT", 2),
                      ("the", "DET", "det", 4), ("largest", "ADJ", "attr", 2), ("since", "SCONJ", "mark", 8),
                      ("the", "DET", "det", 7), ("invasion", "NOUN", "nsubj", 8), ("began", "VERB", "advcl", 2),
                      ("in", "ADP", "prep", 8), ("2022", "NUM", "pobj", 9), (".", "PUNCT", "punct", 2)])
    when = question(kind="when", expected=(DATE,), terms=("largest", "exchange", "began"))
    assert F.clause_arguments_in_question(span("2022", DATE, when, began)) == 0.0  # the invasion began in 2022
    invasion = question(kind="when", expected=(DATE,), terms=("invasion", "began"))
    assert F.clause_arguments_in_question(span("2022", DATE, invasion, began)) == 1.0
    assert F.clause_arguments_in_question(span("UAE", GPE, question())) == 1.0  # 'the swap was mediated by the UAE'


def test_list_features_need_a_question_asking_for_several():
    cities = sentence([("To", "ADP", "prep", 0), ("Jeddah", "PROPN", "pobj", 0), ("and", "CCONJ", "cc", 1),
                       ("Riyadh", "PROPN", "conj", 1), (",", "PUNCT", "punct", 0), ("Netherlands", "PROPN", "appos", 0),
                       (",", "PUNCT", "punct", 5), ("Portugal", "PROPN", "conj", 5)])

    def span(text, label, q):
        start = cities.text.index(text)
        return F.Span(Candidate(text, label, cities, start, start + len(text)), context(q))

    several = Question(text="q", kind="which", expected=(GPE,), many=True)
    assert F.asks_several(span("Jeddah and Riyadh", GPE, several)) == 1.0
    assert F.list_for_several(span("Jeddah and Riyadh", GPE, several)) == 1.0
    assert F.list_for_several(span("Netherlands, Portugal", GPE, several)) == 1.0
    assert F.list_for_several(span("Jeddah", GPE, several)) == 0.0
    one = question(kind="which", expected=(GPE,))
    assert F.asks_several(span("Jeddah and Riyadh", GPE, one)) == 0.0
    assert F.list_for_several(span("Jeddah and Riyadh", GPE, one)) == 0.0


def test_form_features():
    q = question()
    uae = span("the UAE", GPE, q)
    assert F.length_tokens(uae) == 2.0 and F.starts_with_determiner(uae) == 1.0
    assert F.after_preposition(uae) == 1.0 and F.is_prepositional_object(uae) == 1.0
    assert F.capitalised(uae) == 0.5 and F.head_pos_proper(uae) == 1.0
    assert F.has_digit(span("July 2024", DATE, q)) == 1.0
    assert F.overlap(span("390 prisoners", NOUN_PHRASE, question(terms=("prisoners",)))) == 0.5
    assert F.informative(uae) == pytest.approx(1.0)


def test_in_quotes():
    s = sentence([("the", "DET", "det", 2), ("“", "PUNCT", "punct", 2), ("100-for-100", "NOUN", "compound", 3),
                  ("”", "PUNCT", "punct", 3), ("formula", "NOUN", "ROOT", 3)])
    q = question(kind="what", expected=(TERM,), terms=("formula",))
    assert F.in_quotes(span("100-for-100", TERM, q, s)) == 1.0
    assert F.in_quotes(span("formula", NOUN_PHRASE, q, s)) == 0.0


def test_alignment_features():
    q = question(kind="what", expected=(NOUN_PHRASE,), terms=("kicked", "denver"))
    goal, game = span("field goal", NOUN_PHRASE, q, KICKED), span("the game", NOUN_PHRASE, q, KICKED)
    assert F.tree_distance(goal) == 1 and F.tree_distance(game) == 3  # goal → kicked; game → tied → goal → kicked
    assert F.whole_subtree(goal) == 0.0 and F.whole_subtree(game) == 1.0
    whole = span("a 33-yard field goal", NOUN_PHRASE, q, KICKED)
    assert F.terms_left(whole) > 0 and F.terms_right(whole) == 0.0 and F.terms_left(game) == 0.0
    assert F.has_comma(span("touchdown, which", NOUN_PHRASE, q, KICKED)) == 1.0 and F.has_comma(goal) == 0.0



def test_the_wh_words_preposition_is_matched_before_the_span():
    assert F.wh_preposition("In what year did it open?") == "in"
    assert F.wh_preposition("To whom was it sold?") == "to"
    assert F.wh_preposition("What year did it open in?") == ""  # a stranded preposition is not before the wh-word
    q = question(kind="when", expected=(DATE,), terms=("mediated", "swap"), text="In which month was the swap mediated?")
    assert F.same_preposition(span("July 2024", DATE, q)) == 1.0  # 'in July 2024'
    assert F.same_preposition(span("the UAE", GPE, q)) == 0.0  # 'by the UAE'
    assert F.same_preposition(span("July 2024", DATE, question(kind="when", expected=(DATE,), text="When?"))) == 0.0


def test_the_span_plays_the_wh_words_role():
    by_whom = question(wh_role="pobj", text="By whom was the swap mediated?")
    assert F.wh_role_match(span("the UAE", GPE, by_whom)) == 1.0  # both objects of a preposition
    assert F.wh_role_match(span("The swap", NOUN_PHRASE, by_whom)) == 0.0  # a subject
    who = question(wh_role="nsubj")
    assert F.wh_role_match(span("The swap", NOUN_PHRASE, who)) == 1.0  # nsubjpass is a subject too
    assert F.wh_role_match(span("390", CARDINAL, question(wh_role=""))) == 0.0


def test_question_word_pairs_next_to_the_span():
    q = question(kind="how many", expected=(CARDINAL,), terms=("swap", "mediated", "freeing"))
    near = span("390", CARDINAL, q)
    # the pair (swap, mediated) starts at token 1, more than 8 tokens before "390" (token 12);
    # (mediated, freeing) is not consecutive in the sentence ('uae', 'july', '2024' come between)
    assert F.question_bigrams_near(near) == 0.0
    uae = span("the UAE", GPE, q)
    assert F.question_bigrams_near(uae) == pytest.approx(1 / 2)  # 'swap mediated' is 3-4 tokens before it
    assert F.question_bigrams_near(span("UAE", GPE, question(terms=("mediated",)))) == 0.0  # one term: no pair


def test_length_against_the_kinds_typical_answer():
    assert F.length_for_kind(span("July 2024", DATE, question(kind="when", expected=(DATE,)))) == 0.0
    assert F.length_for_kind(span("the UAE in July 2024", NOUN_PHRASE, question(kind="why", expected=(CLAUSE,)))) == -3.0


# "The exchange was the largest since the invasion began in February 2022 and took place on Friday."
BACKGROUND = sentence([
    ("The", "DET", "det", 1), ("exchange", "NOUN", "nsubj", 2), ("was", "AUX", "ROOT", 2), ("the", "DET", "det", 4),
    ("largest", "ADJ", "attr", 2), ("since", "SCONJ", "mark", 8), ("the", "DET", "det", 7),
    ("invasion", "NOUN", "nsubj", 8), ("began", "VERB", "advcl", 4), ("in", "ADP", "prep", 8),
    ("February", "PROPN", "pobj", 9), ("2022", "NUM", "nummod", 10), ("and", "CCONJ", "cc", 2),
    ("took", "VERB", "conj", 2), ("place", "NOUN", "dobj", 13), ("on", "ADP", "prep", 13), ("Friday", "PROPN", "pobj", 15),
    (".", "PUNCT", "punct", 2),
], entities=[(10, 12, DATE), (16, 17, DATE)])


def test_a_date_in_a_background_clause_covers_few_question_terms():
    q = question(kind="when", expected=(DATE,), terms=("largest", "exchange", "began"), verb="began")
    background, event = span("February 2022", DATE, q, BACKGROUND), span("Friday", DATE, q, BACKGROUND)
    assert F.in_subordinate_clause(background) == 1.0 and F.in_subordinate_clause(event) == 0.0
    assert F.clause_coverage(background) == pytest.approx(1 / 3)  # only 'began' in 'since the invasion began in …'
    assert F.clause_coverage(event) == pytest.approx(1.0)  # 'took' is a conjunct of 'was': the whole sentence


def test_passage_features_compare_across_passages():
    s = sentence([("UAE", "PROPN", "ROOT", 0)])
    s.passage_rank, s.similarity_gap, s.coverage_gap = 3, 0.25, 0.5
    x = span("UAE", GPE, question(), s)
    assert (F.passage_rank(x), F.similarity_gap(x), F.coverage_gap(x)) == (3.0, 0.25, 0.5)


def test_every_feature_is_documented_and_numeric():
    q = question()
    x = span("the UAE", GPE, q)
    for name, feature in F.FEATURES.items():
        assert feature.__doc__, name
        assert np.isfinite(feature(x)), name
    assert F.matrix([x], tuple(F.FEATURES)).shape == (1, len(F.FEATURES))


# -- scorer and grouping -----------------------------------------------------------------------


def test_rules_prefer_the_typed_span_near_the_question_words():
    q = question()
    scorer = RulesScorer()
    xs = [span("the UAE", ORG, q), span("390", CARDINAL, q)]
    scores = scorer.score(F.matrix(xs, scorer.features), xs)
    assert scores[0] > scores[1]


def test_stacked_columns_are_the_rules_score_its_rank_and_gap():
    q = question()
    rules = RulesScorer()
    xs = [span("390", CARDINAL, q), span("the UAE", ORG, q)]
    out, known = rule_columns(xs)
    assert out.shape == (2, len(STACKED_FEATURES))
    assert np.array_equal(F.matrix(xs, tuple(F.FEATURES), known), F.matrix(xs, tuple(F.FEATURES)))
    score, rank, gap = (out[:, STACKED_FEATURES.index(n)] for n in ("rule_score", "rule_rank", "rule_gap"))
    assert np.allclose(score, rules.score(F.matrix(xs, rules.features), xs))
    assert list(rank) == [1, 0] and gap[1] == 0 and gap[0] == score[1] - score[0] > 0
    assert [x.c.rule_rank for x in xs] == [1, 0]
    assert rule_columns([])[0].shape == (0, len(STACKED_FEATURES))


def test_agreement_with_the_rules_falls_with_their_rank():
    assert agreement(0) == 1.0 and agreement(1) == 0.5 and agreement(3) < agreement(2)


def test_grouping_joins_equal_values_and_reports_other_articles_as_conflicts():
    def cand(text, doc, score):
        s = sentence([(text, "NUM", "ROOT", 0)], doc_id=doc)
        return Candidate(text, CARDINAL, s, 0, len(text), score=score)

    groups = group([cand("390", "a", 2.0), cand("three hundred and ninety", "b", 1.9), cand("780", "c", 1.8)],
                   GroupingWeights())
    assert [len(g.sources) for g in groups] == [2, 1]
    assert [g.best.text for g in conflicts(groups, GroupingWeights())] == ["780"]


@pytest.mark.parametrize("text, expected", [
    ('Ms Hewitt said: "Adults should be treated as adults and children as children.', "Adults should be treated as adults and children as children"),
    ("He said: “we will not give up the fight", "we will not give up the fight"),
    ('It\'s the same principle - children need to be protected," she added.', "It's the same principle - children need to be protected"),
    ("and they knew it all along” was his verdict", "and they knew it all along"),
    ('"Peace is close," he said.', None),  # the marks pair: QUOTE_SPAN's business
    ('He said: "No."', None),
    ("Nothing quoted here.", None),
    ('He said: "yes', None),  # too short to be a quotation
])
def test_a_quotation_running_over_sentences_is_cut_at_its_one_mark(text, expected):
    span = extractors.open_quotation(text)
    assert (text[span[0]:span[1]] if span else None) == expected


def test_quotations_include_the_open_part_of_a_quotation_over_sentences():
    s = sentence([("She", "PRON", "nsubj", 1), ("said", "VERB", "ROOT", 1), (":", "PUNCT", "punct", 1),
                  ("“", "PUNCT", "punct", 5), ("Adults", "NOUN", "nsubj", 5), ("matter", "VERB", "ccomp", 1),
                  ("most", "ADV", "advmod", 5), (".", "PUNCT", "punct", 1)])
    assert texts(extractors.quotations(s)) == [("Adults matter most", QUOTE)]


def test_lists_join_coordinated_names_and_phrases():
    # "BA will stop flying to Jeddah and Riyadh, its crews, pilots and staff said."
    s = sentence([("BA", "PROPN", "nsubj", 3), ("will", "AUX", "aux", 3), ("stop", "VERB", "ROOT", 3),
                  ("flying", "VERB", "xcomp", 3), ("to", "ADP", "prep", 4), ("Jeddah", "PROPN", "pobj", 5),
                  ("and", "CCONJ", "cc", 6), ("Riyadh", "PROPN", "conj", 6), (",", "PUNCT", "punct", 3),
                  ("its", "PRON", "poss", 10), ("crews", "NOUN", "nsubj", 14), (",", "PUNCT", "punct", 10),
                  ("pilots", "NOUN", "conj", 10), ("and", "CCONJ", "cc", 12), ("staff", "NOUN", "conj", 12),
                  ("said", "VERB", "parataxis", 3), (".", "PUNCT", "punct", 3)],
                 entities=[(0, 1, ORG), (5, 6, GPE), (7, 8, GPE)], noun_phrases=[(9, 11), (12, 13), (14, 15)])
    assert texts(extractors.lists(s)) == [("Jeddah and Riyadh", GPE), ("its crews, pilots and staff", NOUN_PHRASE)]
    several = Question(text="q", kind="which", expected=(GPE,), many=True)
    assert ("Jeddah and Riyadh", GPE) in texts(extract(s, several))
    assert ("Jeddah and Riyadh", GPE) not in texts(extract(s, question(kind="which", expected=(GPE,))))


def test_a_list_of_differently_labelled_names_is_a_noun_phrase():
    s = sentence([("Amazon", "PROPN", "nsubj", 3), ("and", "CCONJ", "cc", 0), ("Blinkx", "PROPN", "conj", 0),
                  ("compete", "VERB", "ROOT", 3)], entities=[(0, 1, ORG), (2, 3, PERSON)])
    assert texts(extractors.lists(s)) == [("Amazon and Blinkx", NOUN_PHRASE)]


def test_reason_clauses_include_for_with_a_gerund_and_purpose_infinitives():
    s = sentence([("He", "PRON", "nsubjpass", 2), ("was", "AUX", "auxpass", 2), ("banned", "VERB", "ROOT", 2),
                  ("for", "ADP", "prep", 2), ("stamping", "VERB", "pcomp", 3), (".", "PUNCT", "punct", 2)])
    assert texts(extractors.reason_clauses(s)) == [("for stamping", CLAUSE)]
    s = sentence([("They", "PRON", "nsubj", 1), ("blocked", "VERB", "ROOT", 1), ("visitors", "NOUN", "dobj", 1),
                  ("to", "PART", "aux", 4), ("cut", "VERB", "advcl", 1), ("costs", "NOUN", "dobj", 4),
                  (".", "PUNCT", "punct", 1)])
    assert texts(extractors.reason_clauses(s)) == [("to cut costs", CLAUSE)]
    s = sentence([("They", "PRON", "nsubj", 1), ("decided", "VERB", "ROOT", 1), ("to", "PART", "aux", 3),
                  ("leave", "VERB", "xcomp", 1)])
    assert extractors.reason_clauses(s) == []  # a complement, not a purpose


def test_descriptions_take_noun_modified_and_coordinated_adjectives_and_complements():
    s = sentence([("Margins", "NOUN", "nsubj", 1), ("are", "AUX", "ROOT", 1), ("wafer", "NOUN", "npadvmod", 3),
                  ("thin", "ADJ", "acomp", 1), (",", "PUNCT", "punct", 1), ("tedious", "ADJ", "acomp", 1),
                  ("and", "CCONJ", "cc", 5), ("uninspired", "ADJ", "conj", 5)])
    found = texts(extractors.descriptions(s))
    assert ("wafer thin", DESCRIPTION) in found and ("tedious and uninspired", DESCRIPTION) in found
    # "I believe him to be a man of real integrity, he said."
    s = sentence([("I", "PRON", "nsubj", 1), ("believe", "VERB", "ROOT", 1), ("him", "PRON", "nsubj", 4),
                  ("to", "PART", "aux", 4), ("be", "AUX", "ccomp", 1), ("a", "DET", "det", 6), ("man", "NOUN", "attr", 4),
                  ("of", "ADP", "prep", 6), ("real", "ADJ", "amod", 9), ("integrity", "NOUN", "pobj", 7),
                  (",", "PUNCT", "punct", 6), ("he", "PRON", "nsubj", 12), ("said", "VERB", "relcl", 6)])
    assert texts(extractors.complements(s)) == [("a man of real integrity", DESCRIPTION)]


# -- spans for what / describe / quote / why questions (issue 7: the right extent) --------------

def plain(text: str) -> SentenceView:
    """A SentenceView of `text` alone (whitespace tokens, no parse): for extractors that read only the text."""
    import re as _re

    tokens = [(m.start(), m.end(), m.group().lower(), "X", "dep", 0) for m in _re.finditer(r"\S+", text)]
    return SentenceView("d", 0, 0, len(text), text, tokens, [], [], False, [], [], set(), vector=None)


def test_quote_clauses_split_a_long_quotation_at_its_clause_breaks():
    s = plain('"It feels good, but it\'s not going to be as good if we don\'t win two tomorrow," said Mike Bryan.')
    found = texts(extractors.quote_clauses(s))
    assert ("it's not going to be as good if we don't win two tomorrow", QUOTE) in found
    assert found.count(("It feels good", QUOTE)) == 1  # a clause and the first clause: one span
    s = plain('"We never answer questions about special forces, but do not take that as an affirmative," said Mr Blair.')
    found = texts(extractors.quote_clauses(s))
    assert ("We never answer questions about special forces", QUOTE) in found  # the first clause
    assert ("do not take that as an affirmative", QUOTE) in found
    assert all(text != "We never answer questions about special forces, but do not take that as an affirmative"
               for text, _ in found)  # the whole quotation is quotations()' span, not repeated here
    assert extractors.quote_clauses(plain("No quotation marks here, but a comma.")) == []


def test_reported_clauses_take_the_complement_of_a_speech_verb_without_that():
    # "Critics say that the law would favour large companies."
    s = sentence([("Critics", "NOUN", "nsubj", 1), ("say", "VERB", "ROOT", 1), ("that", "SCONJ", "mark", 6),
                  ("the", "DET", "det", 4), ("law", "NOUN", "nsubj", 6), ("would", "AUX", "aux", 6),
                  ("favour", "VERB", "ccomp", 1), ("large", "ADJ", "amod", 8), ("companies", "NOUN", "dobj", 6),
                  (".", "PUNCT", "punct", 1)])
    assert texts(extractors.reported_clauses(s)) == [("the law would favour large companies", QUOTE)]
    assert extractors.reported_clauses(MEDIATED) == []


def test_marked_reasons_take_an_adverbial_clause_with_and_without_its_subordinator():
    # "His safety was not compromised, as the papers were handed in."
    s = sentence([("His", "PRON", "poss", 1), ("safety", "NOUN", "nsubjpass", 4), ("was", "AUX", "auxpass", 4),
                  ("not", "PART", "neg", 4), ("compromised", "VERB", "ROOT", 4), (",", "PUNCT", "punct", 4),
                  ("as", "SCONJ", "mark", 10), ("the", "DET", "det", 8), ("papers", "NOUN", "nsubjpass", 10),
                  ("were", "AUX", "auxpass", 10), ("handed", "VERB", "advcl", 4), ("in", "ADP", "prt", 10),
                  (".", "PUNCT", "punct", 4)])
    assert texts(extractors.marked_reasons(s)) == [("as the papers were handed in", CLAUSE),
                                                   ("the papers were handed in", CLAUSE)]
    # 'as' as a preposition ('described it as a turning point') opens no reason
    s = sentence([("She", "PRON", "nsubj", 1), ("described", "VERB", "ROOT", 1), ("it", "PRON", "dobj", 1),
                  ("as", "ADP", "prep", 1), ("a", "DET", "det", 5), ("success", "NOUN", "pobj", 3)])
    assert extractors.marked_reasons(s) == []


def test_reason_clauses_know_more_causal_phrases():
    s = plain("He will not contest the election for fear of damaging the Conservative cause.")
    assert ("for fear of damaging the Conservative cause", CLAUSE) in texts(extractors.reason_clauses(s))


def test_infinitives_give_what_someone_is_to_do():
    # "He urged supporters to vote tactically."
    s = sentence([("He", "PRON", "nsubj", 1), ("urged", "VERB", "ROOT", 1), ("supporters", "NOUN", "dobj", 1),
                  ("to", "PART", "aux", 4), ("vote", "VERB", "xcomp", 1), ("tactically", "ADV", "advmod", 4),
                  (".", "PUNCT", "punct", 1)])
    found = texts(extractors.infinitives(s))
    assert ("to vote tactically", VERB_OBJECT) in found and ("vote tactically", VERB_OBJECT) in found
    assert ("urged supporters to vote tactically", VERB_OBJECT) not in found  # no 'to', no modal: not asked
    # "It will double the speeds."
    s = sentence([("It", "PRON", "nsubj", 2), ("will", "AUX", "aux", 2), ("double", "VERB", "ROOT", 2),
                  ("the", "DET", "det", 4), ("speeds", "NOUN", "dobj", 2), (".", "PUNCT", "punct", 2)])
    assert texts(extractors.infinitives(s)) == [("double the speeds", VERB_OBJECT)]


def test_quotation_parts_keep_only_what_lies_inside_the_marks():
    # 'He said "we want to win it" to reporters.' -- the parse only matters for the infinitive
    s = sentence([("He", "PRON", "nsubj", 1), ("said", "VERB", "ROOT", 1), ("“", "PUNCT", "punct", 4),
                  ("we", "PRON", "nsubj", 4), ("want", "VERB", "ccomp", 1), ("to", "PART", "aux", 6),
                  ("win", "VERB", "xcomp", 4), ("it", "PRON", "dobj", 6), ("”", "PUNCT", "punct", 4),
                  ("to", "ADP", "prep", 1), ("reporters", "NOUN", "pobj", 9)])
    found = texts(extractors.quotation_parts(s))
    assert ("to win it", QUOTE) in found and ("we want to win it", QUOTE) in found
    assert all(label == QUOTE for _, label in found)


def test_scores_are_one_span():
    s = plain("Hewitt served out to win 6-3 6-2 1-6 3-6 10-8, after Arsenal lost 2-0 in the 2004-2005 season.")
    found = [text for text, _ in texts(extractors.scores(s))]
    assert found == ["6-3 6-2 1-6 3-6 10-8", "2-0"]


def test_the_quote_reason_and_object_extractors_run_on_demand():
    s = plain('"It feels good, but it is not going to be as good as last year," she said.')
    says = question(kind="quote", expected=(QUOTE,))
    assert ("it is not going to be as good as last year", QUOTE) in texts(extract(s, says))
    assert not any(c.label == QUOTE for c in extract(s, question()))


def test_a_when_clause_opened_by_an_adverb_is_a_reason_and_a_verb_keeps_its_bare_object():
    # "They skipped tests, when they decided to fly back."
    s = sentence([("They", "PRON", "nsubj", 1), ("skipped", "VERB", "ROOT", 1), ("tests", "NOUN", "dobj", 1),
                  (",", "PUNCT", "punct", 1), ("when", "SCONJ", "advmod", 6), ("they", "PRON", "nsubj", 6),
                  ("decided", "VERB", "advcl", 1), ("to", "PART", "aux", 8), ("fly", "VERB", "xcomp", 6),
                  ("back", "ADV", "advmod", 8), (".", "PUNCT", "punct", 1)])
    assert ("they decided to fly back", CLAUSE) in texts(extractors.marked_reasons(s))
    # "It will double the speeds of its customers."
    s = sentence([("It", "PRON", "nsubj", 2), ("will", "AUX", "aux", 2), ("double", "VERB", "ROOT", 2),
                  ("the", "DET", "det", 4), ("speeds", "NOUN", "dobj", 2), ("of", "ADP", "prep", 4),
                  ("its", "PRON", "poss", 7), ("customers", "NOUN", "pobj", 5), (".", "PUNCT", "punct", 2)])
    found = texts(extractors.infinitives(s))
    assert ("double the speeds", VERB_OBJECT) in found and ("double the speeds of its customers", VERB_OBJECT) in found


def test_a_question_of_manner_also_gets_describing_words():
    # 'She said she was "horrified".'
    s = sentence([("She", "PRON", "nsubj", 1), ("said", "VERB", "ROOT", 1), ("she", "PRON", "nsubj", 3),
                  ("was", "AUX", "ccomp", 1), ("“", "PUNCT", "punct", 3), ("horrified", "ADJ", "acomp", 3),
                  ("”", "PUNCT", "punct", 3), (".", "PUNCT", "punct", 1)])
    how = question(kind="how", expected=(CLAUSE, NOUN_PHRASE))
    assert ("horrified", DESCRIPTION) in texts(extract(s, how))
    assert ("horrified", DESCRIPTION) not in texts(extract(s, question(kind="why", expected=(CLAUSE,))))


def test_tagged_lists_the_positions_of_one_part_of_speech():
    from service.answering.candidates import tagged
    tokens = [(0, 3, "She", "PRON", "nsubj", 1), (4, 9, "wants", "VERB", "ROOT", 1),
              (10, 12, "to", "PART", "aux", 3), (13, 18, "leave", "VERB", "xcomp", 1)]
    assert tagged(tokens, "VERB") == [1, 3]
    assert tagged(tokens, "ADJ") == []


# -- session 13: rivals, speakers, a figure's role, modifiers, the clause's verb ---------------

# "Carlos Moya takes on Andy Roddick before Rafael Nadal faces Mardy Fish."
FACES = sentence([
    ("Carlos", "PROPN", "compound", 1), ("Moya", "PROPN", "nsubj", 2), ("takes", "VERB", "ROOT", 2),
    ("on", "ADP", "prt", 2), ("Andy", "PROPN", "compound", 5), ("Roddick", "PROPN", "dobj", 2),
    ("before", "SCONJ", "mark", 9), ("Rafael", "PROPN", "compound", 8), ("Nadal", "PROPN", "nsubj", 9),
    ("faces", "VERB", "advcl", 2), ("Mardy", "PROPN", "compound", 11), ("Fish", "PROPN", "dobj", 9),
    (".", "PUNCT", "punct", 2)])


def test_rivals_are_the_sentences_spans_of_one_kind():
    q = question(kind="whom", expected=(PERSON,), terms=("moya", "takes"))
    ctx = context(q)
    found = F.spans([Candidate(t, PERSON, FACES, FACES.text.index(t), FACES.text.index(t) + len(t))
                     for t in ("Andy Roddick", "Mardy Fish")], ctx)
    roddick, fish = found
    assert F.rivals(roddick) == [roddick, fish] and F.rivals(fish) == [roddick, fish]
    assert F.nearest_of_kind(roddick) == 1.0 and F.nearest_of_kind(fish) == 0.0  # 'takes' is right before Roddick
    assert F.closest_in_tree_of_kind(roddick) == 1.0 and F.closest_in_tree_of_kind(fish) == 0.0
    alone = span("Andy Roddick", PERSON, q, FACES)  # never registered: its own only rival
    assert F.rivals(alone) == [alone] and F.nearest_of_kind(alone) == 1.0


# "The rapper's spokesman said the allegations were untrue."
UNTRUE = sentence([
    ("The", "DET", "det", 1), ("rapper", "NOUN", "poss", 3), ("'s", "PART", "case", 1), ("spokesman", "NOUN", "nsubj", 4),
    ("said", "VERB", "ROOT", 4), ("the", "DET", "det", 6), ("allegations", "NOUN", "nsubj", 7), ("were", "AUX", "ccomp", 4),
    ("untrue", "ADJ", "acomp", 7), (".", "PUNCT", "punct", 4)])
UNTRUE.tokens[4] = (*UNTRUE.tokens[4][:2], "say", *UNTRUE.tokens[4][3:])  # the lemma of 'said'


def test_speaker_terms_read_who_says_the_words():
    describe = question(kind="how", expected=(DESCRIPTION,), terms=("spokesman", "describe", "allegations"))
    assert F.speaker_terms(span("untrue", DESCRIPTION, describe, UNTRUE)) == pytest.approx(1 / 3)
    assert F.speaker_terms(span("untrue", DESCRIPTION, question(terms=("allegations",)), UNTRUE)) == 0.0
    assert F.speaker_terms(span("UAE", GPE, describe)) == F.NO_SPEAKER  # 'mediated' is no speech verb


# "A barrel ended down $1.33 to $42.12, a 3% fall."
BARREL = sentence([
    ("A", "DET", "det", 1), ("barrel", "NOUN", "nsubj", 2), ("ended", "VERB", "ROOT", 2), ("down", "ADV", "advmod", 2),
    ("$", "SYM", "nmod", 5), ("1.33", "NUM", "npadvmod", 3), ("to", "ADP", "prep", 2), ("$", "SYM", "nmod", 8),
    ("42.12", "NUM", "pobj", 6), (",", "PUNCT", "punct", 2), ("a", "DET", "det", 12), ("3%", "NUM", "compound", 12),
    ("fall", "NOUN", "appos", 2)])


def test_figure_role_tells_the_change_from_the_level_reached():
    level = question(kind="what", expected=(MONEY,), terms=("barrel", "end"), text="At what price did a barrel end?")
    change = question(kind="how much", expected=(MONEY, PERCENT), terms=("barrel", "fall"),
                      text="By how much did a barrel fall?")
    plain = question(kind="how much", expected=(MONEY,), terms=("barrel",), text="How much is a barrel?")
    assert F.figure_role(span("1.33", MONEY, level, BARREL)) == 1.0  # 'down $1.33'
    assert F.figure_role(span("42.12", MONEY, level, BARREL)) == -1.0  # 'to $42.12'
    assert F.figure_role(span("3%", PERCENT, level, BARREL)) == 1.0  # 'a 3% fall'
    assert F.figure_role(span("$ 1.33", MONEY, level, BARREL)) == 1.0
    assert F.figure_role_match(span("42.12", MONEY, level, BARREL)) == 1.0
    assert F.figure_role_match(span("1.33", MONEY, level, BARREL)) == -1.0
    assert F.figure_role_match(span("1.33", MONEY, change, BARREL)) == 1.0
    assert F.figure_role_match(span("42.12", MONEY, plain, BARREL)) == 0.0
    assert F.asked_figure_role("What will its capacity rise to?") == -1.0
    assert F.asked_figure_role("How much did tax revenues rise last year?") == 1.0
    assert F.asked_figure_role("How much did the council spend?") == 0.0


def test_span_terms_and_modifiers():
    q = question(terms=("allegations", "spokesman"))
    assert F.span_terms(span("the allegations were untrue", QUOTE, q, UNTRUE)) == pytest.approx(0.5)
    assert F.span_terms(span("untrue", DESCRIPTION, q, UNTRUE)) == 0.0
    assert F.is_modifier(span("rapper", NOUN_PHRASE, q, UNTRUE)) == 1.0  # "the rapper's spokesman"
    assert F.is_modifier(span("Andy Roddick", PERSON, q, FACES)) == 0.0
    assert F.is_modifier(span("Andy", PERSON, q, FACES)) == 1.0


def test_verb_is_question_verb_reads_the_spans_own_clause():
    faces = question(kind="whom", expected=(PERSON,), terms=("moya", "faces"), verb="faces")
    assert F.verb_is_question_verb(span("Mardy Fish", PERSON, faces, FACES)) == 1.0
    assert F.verb_is_question_verb(span("Andy Roddick", PERSON, faces, FACES)) == 0.0
    assert F.verb_is_question_verb(span("Andy Roddick", PERSON, question(verb="be"), FACES)) == 0.5


def test_a_phrase_that_is_only_a_time_answers_when_as_a_date_does():
    when = question(kind="when", expected=(DATE, TIME))
    assert F.raw_type_fit(NOUN_PHRASE, when, "Tuesday") == F.TIME_PHRASE_FIT
    assert F.raw_type_fit(NOUN_PHRASE, when, "58% in the last year") == F.MISMATCH.timed_phrase
    assert F.raw_type_fit(NOUN_PHRASE, when, "the District Court") == F.MISMATCH.untimed_phrase
    how_long = question(kind="how long", expected=(DATE, TIME, QUANTITY))
    assert F.raw_type_fit(NOUN_PHRASE, how_long, "Friday") == F.MISMATCH.timed_phrase  # a point in time is no length


# -- session 14: where the sentence sits, how often the span's words recur ----------------------

def test_sentence_index_reads_the_sentences_place_in_its_document():
    q = question()
    assert F.sentence_index(span("the UAE", GPE, q)) == 0.0  # MEDIATED is its document's first sentence
    later = sentence([(w, p, d, h) for w, p, d, h in [("Talks", "NOUN", "nsubj", 1), ("ended", "VERB", "ROOT", 1),
                                                    ("in", "ADP", "prep", 1), ("Doha", "PROPN", "pobj", 2)]],
                     entities=[(3, 4, GPE)], index=25)
    assert F.sentence_index(span("Doha", GPE, q, later)) == F.MAX_SENTENCE_INDEX


def test_mentions_elsewhere_counts_other_sentences_of_the_document_naming_the_span():
    q = question(kind="who", expected=(PERSON,), terms=("moya", "takes"))
    ctx = context(q)
    again = sentence([("Mardy", "PROPN", "compound", 1), ("Fish", "PROPN", "nsubj", 2), ("lost", "VERB", "ROOT", 2)],
                     entities=[(0, 2, PERSON)], index=3)
    elsewhere = sentence([("Mardy", "PROPN", "compound", 1), ("Fish", "PROPN", "nsubj", 2), ("won", "VERB", "ROOT", 2)],
                         entities=[(0, 2, PERSON)], doc_id="other", index=1)

    def candidate(text, s):
        return Candidate(text, PERSON, s, s.text.index(text), s.text.index(text) + len(text))

    found = F.spans([candidate("Andy Roddick", FACES), candidate("Mardy Fish", FACES), candidate("Mardy Fish", again),
                     candidate("Mardy Fish", elsewhere)], ctx)
    roddick, fish, fish_again, fish_other = found
    assert F.mentions_elsewhere(fish) == 1.0 and F.mentions_elsewhere(fish_again) == 1.0  # each names him in the other
    assert F.mentions_elsewhere(roddick) == 0.0 and F.mentions_elsewhere(fish_other) == 0.0  # another document's do not count
    assert F.mentions_elsewhere(span("Andy Roddick", PERSON, q, FACES)) == 0.0  # never registered
