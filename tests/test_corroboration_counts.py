"""What a count numbers, by a hand-built parse (no model): a figure beside a change of another
figure is not the earlier value when it counts a noun of its own."""

from __future__ import annotations

from types import SimpleNamespace

from service.answering.corroboration import counted_noun, counts_other_noun


def parsed(words: list[tuple[str, str, str, str, int]]):
    """A sentence of (word, lemma, pos, dep, head) rows, offsets computed; the token rows are
    (start, end, lemma, pos, dep, head) as index/annotate.py stores them."""
    text, tokens = "", []
    for word, lemma, pos, dep, head in words:
        start = len(text) + (1 if text else 0)
        text = f"{text} {word}" if text else word
        tokens.append((start, start + len(word), lemma, pos, dep, head))
    return SimpleNamespace(text=text, tokens=tokens, doc_id="a", start=0)


# 'The list has reached 41,300, with 2,150 patients waiting'
SENTENCE = parsed([("The", "the", "DET", "det", 1), ("list", "list", "NOUN", "nsubj", 3), ("has", "have", "AUX", "aux", 3),
                   ("reached", "reach", "VERB", "ROOT", 3), ("41,300", "41,300", "NUM", "dobj", 3),
                   ("with", "with", "ADP", "prep", 3), ("2,150", "2,150", "NUM", "nummod", 7),
                   ("patients", "patient", "NOUN", "pobj", 5), ("waiting", "wait", "VERB", "acl", 7)])


def figure(text: str):
    start = SENTENCE.text.index(text)
    return SimpleNamespace(text=text, label="CARDINAL", start=start, end=start + len(text), sentence=SENTENCE)


def test_a_count_numbers_the_noun_it_modifies():
    assert counted_noun(figure("2,150")) == "patient"
    assert counted_noun(figure("41,300")) is None  # 'has reached 41,300' numbers no noun of its own


def test_a_count_of_another_noun_is_another_fact():
    assert counts_other_noun(figure("2,150"), None)          # beside the list's new length
    assert not counts_other_noun(figure("2,150"), "patient")  # the same noun: may be the earlier count
    assert not counts_other_noun(figure("2,150"), None, focus=["patient"])  # the asked noun: may be the earlier count
    assert not counts_other_noun(figure("41,300"), None)


def test_only_counts_number_a_noun():
    money = SimpleNamespace(text="£2,150", label="MONEY", start=0, end=6, sentence=parsed([("£2,150", "£2,150", "NUM", "nummod", 1),
                                                                                            ("fees", "fee", "NOUN", "ROOT", 1)]))
    assert counted_noun(money) is None


def test_a_count_numbers_the_head_of_a_compound():
    # 'fewer than 2,500 pygmy hippos remain': the parse hangs the count on 'pygmy', a compound of 'hippos'
    sentence = parsed([("fewer", "few", "ADJ", "amod", 2), ("than", "than", "ADP", "quantmod", 2), ("2,500", "2,500", "NUM", "nummod", 3),
                       ("pygmy", "pygmy", "NOUN", "compound", 4), ("hippos", "hippo", "NOUN", "nsubj", 5), ("remain", "remain", "VERB", "ROOT", 5)])
    start = sentence.text.index("fewer than 2,500")
    count = SimpleNamespace(text="fewer than 2,500", label="CARDINAL", start=start, end=start + 16, sentence=sentence)
    assert counted_noun(count) == "hippo"


def test_who_says_it_is_not_what_is_said():
    from service.answering.corroboration import reports
    # 'Penwithy Council has told us that the carcass will go to Porthmellin quarry'
    sentence = parsed([("Penwithy", "Penwithy", "PROPN", "compound", 1), ("Council", "Council", "PROPN", "nsubj", 3),
                       ("has", "have", "AUX", "aux", 3), ("told", "tell", "VERB", "ROOT", 3), ("us", "we", "PRON", "dobj", 3),
                       ("that", "that", "SCONJ", "mark", 8), ("the", "the", "DET", "det", 7), ("carcass", "carcass", "NOUN", "nsubjpass", 8),
                       ("go", "go", "VERB", "ccomp", 3), ("to", "to", "ADP", "prep", 8), ("Porthmellin", "Porthmellin", "PROPN", "compound", 11),
                       ("quarry", "quarry", "NOUN", "pobj", 9)])

    def span(text):
        start = sentence.text.index(text)
        return SimpleNamespace(text=text, label="GPE", start=start, end=start + len(text), sentence=sentence)
    assert reports(span("Penwithy"))
    assert reports(span("Penwithy Council"))
    assert not reports(span("Porthmellin quarry"))
