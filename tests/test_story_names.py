"""story.as_written: the question's story names as its articles write them (hand-built parses, no model)."""

from __future__ import annotations

from service.answering.story import as_written, country_of_capital, describes_the_asked, region_adjective


class Tok:
    def __init__(self, doc, i, text, pos, dep, head):
        self.doc, self.i, self.text, self.pos_, self.dep_, self._head = doc, i, text, pos, dep, head
        self.lower_ = text.lower()

    @property
    def head(self):
        return self.doc[self._head]

    @property
    def children(self):
        return [t for t in self.doc if t._head == self.i and t is not self]


def parse(*words):
    """A parse from (text, pos, dep, head index) rows."""
    doc: list[Tok] = []
    for i, (text, pos, dep, head) in enumerate(words):
        doc.append(Tok(doc, i, text, pos, dep, head))
    return doc


# 'What did Lisbon offer Madrid?'
ACTORS = parse(("What", "PRON", "dobj", 3), ("did", "AUX", "aux", 3), ("Lisbon", "PROPN", "nsubj", 3),
               ("offer", "VERB", "ROOT", 3), ("Madrid", "PROPN", "dative", 3), ("?", "PUNCT", "punct", 3))
# 'Where did talks between Lisbon and Madrid resume?'
PAIR = parse(("Where", "ADV", "advmod", 6), ("did", "AUX", "aux", 6), ("talks", "NOUN", "nsubj", 6),
             ("between", "ADP", "prep", 2), ("Lisbon", "PROPN", "pobj", 3), ("and", "CCONJ", "cc", 4),
             ("Madrid", "PROPN", "conj", 4), ("resume", "VERB", "ROOT", 6))
# 'How many fly between Carnbury and Madrid?'
TOWN = parse(("How", "ADV", "advmod", 1), ("many", "ADJ", "nsubj", 2), ("fly", "VERB", "ROOT", 2),
             ("between", "ADP", "prep", 2), ("Carnbury", "PROPN", "pobj", 3), ("and", "CCONJ", "cc", 4),
             ("Madrid", "PROPN", "conj", 4))
# 'Which Madrid club signed him?'
CLUB = parse(("Which", "DET", "det", 2), ("Madrid", "PROPN", "compound", 2), ("club", "NOUN", "nsubj", 3),
             ("signed", "VERB", "ROOT", 3), ("him", "PRON", "dobj", 3))
# 'Which Nordic head of government backed it?'
REGION = parse(("Which", "DET", "det", 2), ("Nordic", "ADJ", "amod", 2), ("head", "NOUN", "nsubj", 6),
               ("of", "ADP", "prep", 2), ("government", "NOUN", "pobj", 3), ("backed", "VERB", "ROOT", 6),
               ("it", "PRON", "dobj", 6))
# 'Which Liberal councillor resigned?'
PARTY = parse(("Which", "DET", "det", 2), ("Liberal", "ADJ", "amod", 2), ("councillor", "NOUN", "nsubj", 3),
              ("resigned", "VERB", "ROOT", 3))
# 'In which Peruvian region were they held?'
COUNTRY_ADJ = parse(("In", "ADP", "prep", 5), ("which", "DET", "det", 3), ("Peruvian", "ADJ", "amod", 3),
                    ("region", "NOUN", "pobj", 0), ("were", "AUX", "auxpass", 5), ("held", "VERB", "ROOT", 5))


def test_a_capital_that_acts_stands_for_its_country():
    assert country_of_capital(ACTORS[2]) == "Portugal"
    assert as_written(ACTORS, ["Lisbon", "Madrid"]) == ["Portugal", "Madrid"]  # 'offer Madrid': a place given to, kept


def test_two_capitals_paired_are_their_countries():
    assert as_written(PAIR, ["Lisbon", "Madrid"]) == ["Portugal", "Spain"]


def test_a_capital_beside_a_town_or_in_a_compound_stays_a_place():
    assert as_written(TOWN, ["Carnbury", "Madrid"]) == ["Carnbury", "Madrid"]
    assert country_of_capital(CLUB[1]) is None


def test_a_region_adjective_on_a_noun_tells_no_story_apart():
    assert region_adjective(REGION[1])
    assert as_written(REGION, ["Nordic"]) == []


def test_an_adjective_of_the_asked_phrase_is_left_out_but_not_a_countrys():
    assert describes_the_asked(PARTY[1]) and as_written(PARTY, ["Liberal"]) == []
    assert not describes_the_asked(COUNTRY_ADJ[2]) and not region_adjective(COUNTRY_ADJ[2])
    assert as_written(COUNTRY_ADJ, ["Peruvian"]) == ["Peruvian"]


def test_names_of_several_words_and_no_parse_are_kept():
    assert as_written(PAIR, ["Lisbon Airport", "Madrid"]) == ["Lisbon Airport", "Spain"]
    assert as_written(None, ["Madrid", "Madrid"]) == ["Madrid", "Madrid"]
