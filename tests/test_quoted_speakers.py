"""Quotations (issue 7): who speaks a quoted sentence that names no speaker (speakers.py, on
hand-built tokens), what a quoted 'be' says (predicatives, copula_complements, on sentences parsed
here: tests/parsed.py) and 'what did X say was Y' read and bound. No index, no embedding model."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from service.answering import binding
from service.answering import candidates as extractors
from service.answering import speakers
from service.answering.kinds import DESCRIPTION, QUOTE
from service.answering.question import analyse
from tests.parsed import Sentence


def tok(*words: tuple[str, str, str, int]) -> list[tuple]:
    """Tokens (start, end, lemma, pos, dep, head) from (lemma, pos, dep, head); offsets are not read."""
    return [(i, i + 1, lemma, pos, dep, head) for i, (lemma, pos, dep, head) in enumerate(words)]


SAID_BY_NAME = tok(('"', "PUNCT", "punct", 3), ("peace", "NOUN", "nsubj", 2), ("be", "AUX", "ccomp", 4),
                   ("say", "VERB", "ROOT", 3), ("mr", "PROPN", "compound", 5), ("asplin", "PROPN", "nsubj", 3))
SAID_BY_PRONOUN = tok(('"', "PUNCT", "punct", 3), ("peace", "NOUN", "nsubj", 2), ("be", "AUX", "ccomp", 3),
                      ("he", "PRON", "nsubj", 4), ("add", "VERB", "ROOT", 4))
NARRATIVE = tok(("the", "DET", "det", 1), ("talks", "NOUN", "nsubj", 2), ("end", "VERB", "ROOT", 2))
QUOTED = tok(('"', "PUNCT", "punct", 2), ("we", "PRON", "nsubj", 2), ("be", "AUX", "ROOT", 2), ("in", "ADP", "prep", 2),
             ("a", "DET", "det", 5), ("hiatus", "NOUN", "pobj", 3))


def test_the_named_subject_of_a_verb_of_saying_is_the_speaker():
    assert speakers.named_speaker(SAID_BY_NAME) == [4, 5]
    assert speakers.named_speaker(SAID_BY_PRONOUN) == []  # 'he added' names nobody
    assert speakers.named_speaker(NARRATIVE) == []


def find(texts: list[str], tokens: list[list[tuple]], index: int, continues=()):
    return speakers.speaker_sentence(index, len(texts), lambda k: texts[k], lambda k: tokens[k], lambda k: k in continues)


def test_a_quoted_sentence_takes_the_speaker_named_before_it_past_pronouns():
    texts = ['"Peace is close," said Mr Asplin.', '"Peace is close," he added.', '"We are in a hiatus."']
    assert find(texts, [SAID_BY_NAME, SAID_BY_PRONOUN, QUOTED], 2) == (0, [4, 5])
    assert find(texts, [SAID_BY_NAME, SAID_BY_PRONOUN, QUOTED], 1) == (0, [4, 5])  # 'he added': Mr Asplin


def test_a_quotation_left_open_is_spoken_by_whoever_closes_it():
    texts = ['The talks end.', '"We are in a hiatus.', 'Peace is close," said Mr Asplin.']
    assert find(texts, [NARRATIVE, QUOTED, SAID_BY_NAME], 1, continues={2}) == (2, [4, 5])


def test_no_speaker_across_narrative_or_for_an_unquoted_sentence():
    texts = ['"Peace is close," said Mr Asplin.', 'The talks end.', '"We are in a hiatus."']
    assert find(texts, [SAID_BY_NAME, NARRATIVE, QUOTED], 2) is None  # the quotation ended before 'The talks end.'
    assert find(texts, [SAID_BY_NAME, NARRATIVE, QUOTED], 1) is None  # nothing quoted
    assert find(texts, [SAID_BY_NAME, NARRATIVE, QUOTED], 0) is None  # names its own speaker


# -- what a quoted 'be' says --------------------------------------------------------------------


def spans(found) -> list[str]:
    return [c.text for c in found]


def test_a_phrase_after_be_and_a_negated_complement_are_descriptions():
    assert spans(extractors.predicatives(Sentence('"We are in a hiatus."'))) == ["in a hiatus", "a hiatus"]
    assert spans(extractors.predicatives(Sentence('"It\'s not normal behaviour on his part.'))) == ["not normal behaviour"]
    assert spans(extractors.predicatives(Sentence("He was in London on Monday."))) == []  # a place, not a description


@pytest.mark.parametrize("text, expected", [
    ('Mr Giordano added: "The only unusual thing that happened is that Chelsea failed to present themselves."',
     "Chelsea failed to present themselves"),
    ('Ms Hodge said: "Foster carers must not be out of pocket when meeting the costs."', "out of pocket"),
])
def test_the_other_side_of_a_quoted_be(text, expected):
    assert expected in spans(extractors.copula_complements(Sentence(text)))
    assert expected in spans(extractors.quotation_parts(Sentence(text)))


def test_there_is_says_nothing_of_a_subject():
    assert extractors.copula_complements(Sentence("There was a time for that.")) == []


def test_a_question_giving_one_side_of_a_reported_be():
    assert analyse("What did the delegate say was the only unusual thing that happened?").copular == ["unusu", "thing", "happen"]
    assert analyse("What did the minister say foster carers must not be?").copular == ["foster", "carer"]
    assert analyse("What did he say about the plan?").copular == []
    assert analyse("What did the police say the man was wearing?").copular == []


def cand(sentence: Sentence, text: str, score: float):
    start = sentence.text.index(text)
    return SimpleNamespace(text=text, start=start, end=start + len(text), sentence=sentence, score=score,
                           type_fit=1.0, label=QUOTE)


def group(member):
    return SimpleNamespace(members=[member], best=member)


def test_the_complement_of_the_asked_side_goes_first():
    s = Sentence('Mr Giordano added: "The only unusual thing that happened is that Chelsea failed to present themselves."')
    whole = cand(s, "The only unusual thing that happened is that Chelsea failed to present themselves", 1.0)
    inner = cand(s, "Chelsea failed to present themselves", 0.5)
    words = analyse("What did the delegate say was the only unusual thing that happened?").copular
    assert binding.completes_copula(inner, words) and not binding.completes_copula(whole, words)
    assert binding.complement_first([group(whole), group(inner)], words)[0].best is inner
    assert binding.complement_first([group(whole), group(inner)], [])[0].best is whole
    assert not binding.completes_copula(inner, ["weather"])  # another side: not the asked one


# -- terms ---------------------------------------------------------------------------------------------


def test_a_hyphenated_modifier_keeps_the_noun_it_modifies():
    s = Sentence("It renders a cartridge unusable through the use of a built-in expiration date that is not revealed.")
    assert "built-in expiration date" in spans(extractors.terms(s))
    assert spans(extractors.hyphenated_phrases(Sentence("Argentina and Venezuela have extended a food-for-oil deal."))) == ["food-for-oil deal"]


def test_the_term_inside_the_top_span_goes_first_for_a_term_question():
    from service.answering.kinds import TERM
    s = Sentence("But human error, including 'computer rage', seems to be a growing problem, said Adrian Palmer.")
    whole = cand(s, "human error, including 'computer rage', seems to be a growing problem", 1.0)
    term = cand(s, "computer rage", 0.5)
    term.label = TERM
    other = cand(s, "Adrian Palmer", 0.7)
    other.label = TERM
    assert binding.coined_first([group(whole), group(other), group(term)], (TERM, QUOTE))[0].best is term
    assert binding.coined_first([group(whole), group(term)], (QUOTE,))[0].best is whole  # no term asked


def test_a_quoted_term_goes_before_a_hyphenated_one_of_its_sentence():
    from service.answering.kinds import TERM
    s = Sentence("Ukraine pushes for an immediate 30-day truce, while Russia insists on addressing “root causes” like NATO expansion.")
    hyphen, quoted = cand(s, "30-day truce", 1.0), cand(s, "root causes", 0.5)
    hyphen.label = quoted.label = TERM
    assert binding.quoted_term(quoted) and not binding.quoted_term(hyphen)
    assert binding.quoted_term_first([group(hyphen), group(quoted)], (TERM, QUOTE))[0].best is quoted
    assert binding.quoted_term_first([group(hyphen), group(quoted)], (QUOTE,))[0].best is hyphen


def test_a_span_run_across_a_closing_mark_is_cut_at_it():
    s = Sentence("He added that Russia would wait to see “who among those in power in Ukraine has legitimacy” before signing any agreement.")
    start = s.text.index("who")
    run_on = extractors._span(s, start, s.text.index(" any agreement"), "VERB_OBJECT")
    assert spans(extractors.within_quotation_marks(s, [run_on])) == ["who among those in power in Ukraine has legitimacy"]
    fragment = extractors._span(s, s.text.index("to see"), s.text.index(" in power"), "VERB_OBJECT")
    assert extractors.within_quotation_marks(s, [fragment]) == []


TITLED = tok(("russian", "ADJ", "amod", 2), ("foreign", "PROPN", "compound", 2), ("minister", "PROPN", "compound", 4),
             ("sergei", "PROPN", "compound", 4), ("lavrov", "PROPN", "nsubj", 5), ("speak", "VERB", "ROOT", 5))
BY_SURNAME = tok(('"', "PUNCT", "punct", 3), ("deal", "NOUN", "nsubj", 2), ("come", "VERB", "ccomp", 4),
                 ("lavrov", "PROPN", "nsubj", 4), ("say", "VERB", "ROOT", 4))


def test_a_speaker_named_by_surname_takes_the_title_of_an_earlier_mention():
    words = speakers.named_speaker(BY_SURNAME)
    assert words == [3] and speakers.bare_name(BY_SURNAME, words) == "lavrov"
    assert speakers.speaker_title(1, lambda k: [TITLED, BY_SURNAME][k], "lavrov") == (0, [0, 1, 2, 3])
    assert speakers.bare_name(SAID_BY_NAME, speakers.named_speaker(SAID_BY_NAME)) is None  # 'Mr Asplin': two words
    assert speakers.titled_mention(BY_SURNAME, "lavrov") == []


def test_what_follows_the_as_of_a_describing_verb_describes_its_object():
    s = Sentence('Barcelona assistant coach Henk Ten Cate has branded Chelsea\'s expected complaint to Uefa as "pathetic".')
    pathetic, team = cand(s, "pathetic", 0.5), cand(s, "Henk Ten Cate", 1.0)
    pathetic.label = DESCRIPTION
    assert binding.described_as(pathetic, ["complaint", "chelsea"])
    assert not binding.described_as(pathetic, ["uefa", "coach"][1:])  # 'coach' stands before the verb
    assert binding.described_first([group(team), group(pathetic)], ["complaint", "chelsea"])[0].best is pathetic


def test_a_dashed_aside_that_is_a_clause_is_no_description():
    s = Sentence("He says the chancellor - no doubt the prime minister will agree with this - is a bully.")
    assert "no doubt the prime minister will agree with this" not in spans(extractors.appositions(s))
    assert "athletics' world governing body" in spans(extractors.appositions(Sentence("The IAAF - athletics' world governing body - has met officials.")))


def test_a_coined_name_asked_by_its_kind():
    from service.answering.kinds import TERM
    slogan = analyse("Which McDonald's slogan will appear throughout the programme?")
    assert slogan.focus == "slogan" and slogan.expected[0] == TERM  # the name owns the slogan: the noun says the kind
    assert analyse("What alias is the hacker thought to use?").expected[0] == TERM
    assert analyse("Which country's president resigned?").focus != "president"  # a possessor the wh-word asks for


def test_what_a_question_of_saying_asks_about():
    assert analyse("What did Corry say about Ireland's team on paper?").about == ["team"]
    assert analyse("What did Molyneux say about what he would wear to the ceremony?").about == ["wear"]
    assert analyse("What did he say about it?").about == []
    assert analyse("What did he say he would do?").about == []


def test_a_quotation_naming_the_topic_goes_first():
    a = Sentence('"They are full of confidence and are playing a great team game," he said.')
    b = Sentence('"If you look at the team on paper, they have stars from one to 15.')
    first, second = cand(a, "They are full of confidence and are playing a great team game", 1.0), cand(b, "they have stars from one to 15", 0.5)
    assert binding.topic_first([group(first), group(second)], ["team"])[0].best is first  # 'team game' names it too
    assert binding.topic_first([group(first), group(second)], ["paper"])[0].best is second
    assert binding.topic_first([group(first), group(second)], [])[0].best is first
    elsewhere = cand(Sentence(b.text, doc_id="e"), "they have stars from one to 15", 0.5)
    assert binding.topic_first([group(first), group(elsewhere)], ["paper"])[0].best is first  # another article's


def test_summing_up_is_describing():
    from service.answering.kinds import DESCRIPTION
    q = analyse("How did the MP sum up the whole episode?")
    assert q.expected[0] == DESCRIPTION and "episod" in q.described


def test_the_asked_side_is_the_subject_of_that_be_not_any_words_before_it():
    s = Sentence('"There was a time when the only worry thousands of hard working civil and public servants had on budget day '
                 'was whether petrol or taxes would go up, nowadays the worry is whether they will have a job by the end of it."')
    words = ["worri", "public", "servant", "budget", "day"]
    assert binding.completes_copula(cand(s, "whether petrol or taxes would go up", 0.5), words)
    assert not binding.completes_copula(cand(s, "whether they will have a job by the end of it", 0.5), words)
