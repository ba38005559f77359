"""The asked attribute of a what/which-question: the kind of value its asked noun or verb implies.

'What was the contract *worth*', 'what was it expected to *fetch*', 'what will the repairs *cost*'
ask an amount of money although no noun says so; 'what is the latest *estimate for the cost* of
the refit' asks the cost the estimate is of; 'what is the *value* of the deal' a sum; 'what is the
closing *date*' a day; 'what is the *name* of the barrister' and 'what is the lynx's *name*' a
name, a person's first. `asked_noun` returns the attribute noun (a key of
service.attributes.ATTRIBUTES) such a question asks, or None; service/attributes.py then narrows
the candidates to those stating it, or abstains saying why ('the question asks for an amount of
money (the worth) and no retrieved passage states one').

Text only, general English: verbs that price a thing, nouns of estimating, nouns naming people and
animals. Nothing here knows a question set or corpus.
"""

from __future__ import annotations

import re

AUXILIARIES = r"(?:did|does|do|will|would|could|can|might|may|must|should|shall|was|is|were|are|has|have|had)"
# Verbs whose object is a price: 'what did it *cost*', 'what was it expected to *fetch*', 'what
# will a home be *charged*', 'what does the museum *pay* to insure it'. Not 'raise' ('what will it
# have to raise': capital) nor 'spend' ('what will they spend it on').
# After the question's auxiliary a verb is a base form or a participle ('did it cost', 'was it paid'):
# 'costs' and 'pays' there are nouns ('to reduce drug *costs*').
PRICING_VERBS = r"(?:cost|costing|fetch|fetched|fetching|pay|paid|paying|charge|charged|earn|earned|earning)"
# ... unless a particle or stranded preposition makes it another verb: 'what will the proceeds *pay
# for*', 'what has he been *charged with*', 'pay *tribute* to'.
# An object after it is what is paid or earned, not the price asked ('in order to earn *their loyalty*'), save
# for 'cost', whose object is who pays ('cost *the council* altogether').
NOT_PRICING_AFTER = r"(?:for|with|of|to\s+(?!\w+\s)|on|off|out|back|up|down|into|tribute|attention|heed|respects|" \
                    r"(?<!cost\s)(?:a|an|the|his|her|their|its|our|my|your|this|that|these|those)\s)"
SELLING_VERBS = r"(?:sell|sells|sold|selling|go|goes|went|going)\s+for"  # 'what did the dragon *sell for*'
DETERMINERS = r"(?:the|a|an|its|their|his|her|our|this|that|these|those|of|net|\w+'s|\w+s')"
_WHAT_AUX = rf"^\W*(?:\w+\s+){{0,3}}?what\s+{AUXILIARIES}\b"
_PRICED = re.compile(
    rf"{_WHAT_AUX}(?:(?!\b(?:what|which|who|when|where|why|how)\b).)*?\b"
    rf"(?P<verb>{PRICING_VERBS}(?![\w-])(?!\s+{NOT_PRICING_AFTER}\b)|{SELLING_VERBS}\b|worth(?![\w-])(?!\s+of\b))",
    re.IGNORECASE)
# ... said in a clause of its own it prices nothing asked: 'what did the carrier warn it would suffer *if* wage costs …'
# ... nor as a gerund after a preposition: 'what was it trying to avoid *by paying* Tesla'.
SUBORDINATORS = re.compile(r"\b(?:if|unless|because|since|after|before|while|when|although|though|as)\b|"
                           r"\b(?:by|for|of|in|from|without|on)\s+(?:not\s+)?$", re.IGNORECASE)
# 'the *cost*', 'the total *cost*', "the ship's *worth*": a noun ('the gallery *pay* to insure': a subject and its verb)
PRICE_ADJECTIVES = r"(?:total|final|overall|full|estimated|likely|expected|projected|original|actual|real|annual|weekly|" \
                   r"monthly|extra|additional|whole|true|net|eventual)"
_NOUN_BEFORE = re.compile(rf"\b{DETERMINERS}\s+(?:{PRICE_ADJECTIVES}\s+)?$", re.IGNORECASE)

# Nouns of estimating that say only that a figure is asked: the attribute is what they estimate
# ('the latest estimate for the *cost* of the refit'), else any figure ('the earlier estimate of growth').
ESTIMATE_NOUNS = r"(?:estimate|estimates|forecast|projection|figure|prediction|guess|valuation|tally|total)"
_WHAT_THE = r"^\W*(?:\w+\s+){0,3}?(?:what|which)\s+(?:(?:was|is|were|are|will\s+be|has\s+been|had\s+been|had)\s+)?" \
            r"(?:the|its|their|his|her|\w+'s|\w+s')\s+(?:[\w-]+\s+){0,2}?"
_ESTIMATE = re.compile(rf"{_WHAT_THE}{ESTIMATE_NOUNS}\b(?:\s+(?:of|for|on)\s+(?:(?:the|its|their|his|her|\w+'s)\s+)?(?P<noun>[\w-]+))?",
                       re.IGNORECASE)
# 'What is the value of the deal', 'what was the total value of its imports': an amount of money.
_VALUE = re.compile(rf"{_WHAT_THE}(?:value|worth)\s+of\b", re.IGNORECASE)
# 'What is the closing date for the home', 'what is the last date for swapping tickets': a day.
_DATE = re.compile(rf"{_WHAT_THE}date\b(?!\s+of\s+birth)", re.IGNORECASE)

# People and animals: what their name is, a person's name first ('Nkemi', not 'Fernhollow Zoo').
PERSON_NOUNS = frozenset(
    "person man woman boy girl child baby son daughter father mother wife husband brother sister parent grandmother "
    "grandfather uncle aunt cousin friend partner widow victim suspect driver pilot officer constable sergeant inspector "
    "detective councillor mayor minister official spokesman spokeswoman spokesperson chairman chairwoman chair "
    "director manager boss chief executive founder owner leader head president secretary treasurer engineer architect "
    "surveyor scientist researcher professor lecturer teacher headteacher headmaster headmistress pupil student doctor "
    "nurse surgeon consultant assistant secretary vet veterinarian barrister solicitor lawyer judge coroner magistrate writer author poet "
    "novelist artist painter sculptor musician singer actor actress presenter journalist reporter editor "
    "photographer player captain coach referee umpire rider runner cyclist winner climber walker diver fisherman "
    "farmer builder worker employee volunteer campaigner activist resident neighbour organiser curator archaeologist "
    "historian economist analyst agent nanny keeper zookeeper ranger warden firefighter paramedic investigator "
    "negotiator ambassador envoy candidate deputy commissioner superintendent steward landlord landlady tenant "
    "gamer member man's".split())
ANIMAL_NOUNS = frozenset(
    "animal pet dog puppy cat kitten horse pony foal donkey cow calf bull sheep lamb goat pig piglet hen cockerel "
    "bird owl eagle hawk falcon parrot penguin swan goose duck lion lioness tiger cub leopard cheetah lynx wolf fox "
    "bear panda elephant giraffe zebra rhino rhinoceros hippo hippopotamus monkey gorilla chimpanzee orangutan "
    "kangaroo koala otter seal dolphin whale orca shark tortoise turtle crocodile snake meerkat badger deer stag "
    "camel llama alpaca".split())
NAMED_BEINGS = PERSON_NOUNS | ANIMAL_NOUNS
# 'what is the name of the barrister investigating …', "what was the name of Hitzlsperger's agent"
_NAME_OF = re.compile(r"^\W*(?:\w+\s+){0,3}?what\s+(?:was|is|were|are|has\s+been|had\s+been)\s+(?:the\s+)?(?:real\s+|full\s+|first\s+)?"
                      r"names?\s+of\s+(?P<of>(?:[\w'’-]+\s+){0,6}?)(?P<noun>[\w-]+)(?:['’]s?\s+(?P<owned>[\w-]+))?"
                      r"(?=\s+(?-i:who|that|which|whose|whom|in|at|on|of|for|with|from|behind|dealing|investigating|"
                      r"suing|born|being|found|leading|running|named|accused|[a-z]+ing|[a-z]+ed)\b|\W*$)", re.IGNORECASE)
# "what is the escaped lynx's name", "what is Natalia's family name"
_OWN_NAME = re.compile(r"^\W*(?:\w+\s+){0,3}?what\s+(?:was|is|were|are)\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,3}?"
                       r"(?P<noun>[\w-]+)['’]s?\s+(?:real\s+|full\s+|first\s+|family\s+|given\s+)?name\W*$", re.IGNORECASE)
# 'what name has been given to the pygmy hippo calf born at …'
_NAME_GIVEN = re.compile(r"^\W*(?:\w+\s+){0,3}?what\s+name\s+(?:has|have|had|was|were|is|will)\s+(?:\w+\s+){0,2}?"
                         r"(?:given|chosen|picked)\s+(?:to|for)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
                         r"(?:[\w'-]+\s+){0,4}?(?P<noun>[\w-]+)(?=\s+(?-i:who|that|which|born|in|at|from|of)\b|\W*$)",
                         re.IGNORECASE)


def asked_noun(question: str, nouns=frozenset()) -> str | None:
    """The attribute noun a what/which-question asks by its words when no attribute noun stands after
    the wh-word (`nouns`: the attribute nouns known): 'money' for a pricing verb ('what was the contract worth'), the estimated noun or
    'amount' for an estimate, 'money' for 'the value of', 'date' for a date, 'name' for a person's
    or animal's name; None otherwise."""
    text = question.strip()
    if not re.search(r"\b(?:what|which)\b", text, re.IGNORECASE):
        return None
    if _VALUE.search(text):
        return "valuation"
    estimate = _ESTIMATE.search(text)
    if estimate:  # the first attribute noun of the words estimated ('for the *cost* of'), else any figure
        after = re.findall(r"[\w-]+", text[estimate.end() - len(estimate["noun"] or ""):])[:4]
        return next((w.lower() for w in after if w.lower() in nouns), "amount")
    if _DATE.search(text):
        return "date"
    priced = _PRICED.search(text)
    if priced and not _NOUN_BEFORE.search(text[:priced.start("verb")]) \
            and not SUBORDINATORS.search(text[:priced.start("verb")]):
        return "valuation" if priced["verb"].lower() == "worth" else "price"
    if names_a_being(text):
        return "name"
    return None


def names_a_being(question: str) -> bool:
    """Whether the question asks the name of a person or an animal ('the name of the barrister …',
    "the lynx's name", 'what name has been given to the calf'), not of a thing ('the name of the
    technique', 'the name of the new show')."""
    for pattern in (_NAME_OF, _OWN_NAME, _NAME_GIVEN):
        m = pattern.search(question)
        if m is None:
            continue
        nouns = [m["noun"]] + ([m["owned"]] if "owned" in m.re.groupindex and m["owned"] else [])
        # "the name of the calf's *mother*": the owned noun is the one named
        named = nouns[-1].lower()
        if named.endswith("s") and named[:-1] in NAMED_BEINGS:
            named = named[:-1]
        if named in NAMED_BEINGS:
            return True
        if pattern is _OWN_NAME and m["noun"][:1].isupper():
            return True  # "what is Natalia's family name": a proper name's own name
    return False
