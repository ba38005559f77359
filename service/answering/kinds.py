"""The one vocabulary of span kinds: spaCy's entity labels plus the kinds our extractors add.

Question analysis says which kinds can answer a question; each extractor produces one kind;
features and grouping compare them. Nothing else declares a kind name.
"""

from __future__ import annotations

PERSON, ORG, GPE, LOC, NORP, FAC = "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"
DATE, TIME, CARDINAL, QUANTITY, MONEY, PERCENT, ORDINAL = "DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"
EVENT, LAW, WORK, PRODUCT, LANGUAGE = "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE"
# Span kinds that are not named-entity labels.
NOUN_PHRASE, QUOTE, CLAUSE, POLARITY = "NP", "QUOTE", "CLAUSE", "POLARITY"
DESCRIPTION, VERB_OBJECT, TERM = "DESCRIPTION", "VERB_OBJECT", "TERM"
VERB_PHRASE = "VP"  # a verb with its object ('enter the priesthood'): the learned scorer's candidates only

PLACES = (GPE, LOC, FAC)
NUMBERS = (CARDINAL, QUANTITY, MONEY, PERCENT)
TIMES = (DATE, TIME)
NAMES = (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, LAW, WORK, PRODUCT, LANGUAGE)
# Kinds made by our own extractors rather than by spaCy's NER.
PHRASES = (NOUN_PHRASE, QUOTE, CLAUSE, DESCRIPTION, VERB_OBJECT, TERM, VERB_PHRASE)

# Coarse groups the learned scorer sees as one-hot features (a kind not listed is "other").
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "person": (PERSON,), "org": (ORG,), "place": PLACES, "norp": (NORP,), "date": TIMES,
    "number": NUMBERS + (ORDINAL,), "name_other": (EVENT, LAW, WORK, PRODUCT, LANGUAGE),
    "np": (NOUN_PHRASE,), "quote": (QUOTE,), "clause": (CLAUSE,), "description": (DESCRIPTION,),
    "verb_object": (VERB_OBJECT,), "term": (TERM,), "verb_phrase": (VERB_PHRASE,),
}
