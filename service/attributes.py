"""Checking the asked attribute: a turnout is a figure, an age a number of years, a cost an amount.

When a question asks for a value of a definite kind — an age ('how old'), a duration ('how long
did it last'), an amount of money ('how much did it cost', 'how much money'), a count ('how
many'), a speed, a weight, a percentage, a date ('what year') — only candidates stating a value of
a fitting kind (service/values.py) may answer; otherwise the answerer abstains and says why,
rather than return a nearby name ('The storm' for a wind speed, 'A Yili spokesman' for an age).

Which checks are applied is a measured choice: `ATTRIBUTE_GOLD_FIT` records, per attribute, the
share of SQuAD training-half questions whose gold answer fits (tools: `fit_table` below); an
attribute is only checked when the share is at least `MIN_GOLD_FIT`, so the check costs
answerable questions little. General English words only; nothing here knows a question set.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from service.asked import asked_noun
from service.values import MEASURE_UNITS, value_of

LABELS_OF_KIND = {"percent": ("PERCENT",), "number": ("CARDINAL",), "money": ("MONEY",), "measure": ("QUANTITY",),
                  "duration": ("DATE", "TIME"), "period": ("DATE", "TIME"), "date": ("DATE",), "age": ("CARDINAL", "DATE"),
                  "day": ("DATE", "TIME"), "person": ("PERSON",),
                  "name": ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT")}
NUMERIC = ("number", "percent", "money", "measure", "duration")
# Words that state a share without a digit: 'half the world's population'.
FRACTION_WORDS = {"half", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths", "dozen",
                  "dozens", "hundreds", "thousands", "millions", "billions", "majority", "minority", "none", "all",
                  "several", "few", "little", "many", "most", "numerous", "countless"}
MAX_AGE_YEARS = 130
_YEAR = re.compile(r"(?<!\d)(?:1\d{3}|20\d{2})s?(?!\d)")
_CALENDAR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                       r"\bcentur|\bdecade|\b(?:1\d|20)\d\d\b", re.IGNORECASE)  # a point in time, not an age
_COMPOUND_DURATION = re.compile(r"-(?:year|month|week|day)s?\b(?!-old)", re.IGNORECASE)  # 'a 10-year deal' is no age
_CAPITALISED_WORDS = re.compile(r"(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*")
_WEIGHT_UNIT = re.compile(r"\d.*\b(?:pounds?|lbs?|stones?|tonnes?|tons?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Attribute:
    noun: str
    kinds: tuple[str, ...]  # value kinds that can state it, the most fitting first
    dimension: str | None = None  # for measures: a speed must be a speed
    description: str = "a figure"
    # Named by a noun ('the turnout'): its span labels lead the question's expected kinds. Asked
    # by the question's form alone ('how many', 'how old'), the expected kinds already say so.
    named: bool = True
    # For a speed: whether the question asks a wind's ('what speed did the gusts reach') — True, False
    # ('how fast was the ferry going'), or None when not a speed.
    of_wind: bool | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """Span labels that can state it, for the question's expected kinds."""
        return tuple(dict.fromkeys(label for k in self.kinds for label in LABELS_OF_KIND[k]))


_BY_FORM = {"age", "duration", "year", "count", "amount", "money", "extent", "size"}  # reached through the question's form
PREFER_FIRST_KIND = {"duration", "size"}  # 'how long': 'two hours' before 'March 2022'
# Kinds that say what may answer, not what must go first: a person's name is often tagged otherwise
# ('called Bryony'); the expected kinds put a person first.
ANY_FITTING_KIND = {"name"}


def _attributes() -> dict[str, Attribute]:
    table: dict[str, Attribute] = {}
    for nouns, kinds, dimension, description in [
        ("turnout", ("percent", "number"), None, "a figure"),
        ("attendance population toll casualties fatalities headcount membership majority", ("number", "percent"), None, "a figure"),
        ("percentage proportion share", ("percent", "number"), None, "a percentage"),
        ("rate", ("percent", "number"), None, "a rate"),
        ("cost price budget salary fine fee valuation revenue turnover profit deficit debt funding compensation",
         ("money", "number"), None, "an amount of money"),
        ("speed", ("measure",), "speed", "a speed"),
        ("temperature", ("measure", "number"), "temperature", "a temperature"),
        ("distance depth altitude elevation length width", ("measure",), "length", "a length"),
        ("height", ("measure", "percent", "number"), "length", "a height or level"),  # 'how high' is also a rank or a rate
        ("weight", ("measure",), "mass", "a weight"),
        ("rainfall", ("measure",), "rain", "an amount of rain"),
        ("age", ("age",), None, "an age"),
        ("duration", ("duration", "period"), None, "a length of time"),
        ("wait delay", ("duration", "period"), None, "a length of time"),  # 'what is the average wait
        ("year", ("date",), None, "a year"),
        ("extent", ("duration", "measure"), "length", "a length of time or distance"),  # 'how long is the diversion'
        ("money", ("money",), None, "an amount of money"),
        ("date", ("day",), None, "a date"),  # 'what is the closing date': a day, '30 January' or 'Sunday'
        ("name", ("person", "name"), None, "a name"),  # 'the name of the barrister', "the lynx's name": a person's first
        ("count", NUMERIC, None, "a number"),
        ("amount", NUMERIC, None, "an amount"),
        # 'how large is the vineyard': a measure first ('48 hectares', not the '£450,000' it lost), else a figure
        ("size", ("measure", "number", "percent", "money", "duration"), None, "a size"),
    ]:  # a bare figure is no speed or length ('three districts'); temperatures are often written '20C'
        for noun in nouns.split():
            table[noun] = Attribute(noun, kinds, dimension, description, named=noun not in _BY_FORM)
    return table


ATTRIBUTES = _attributes()
# Attributes only service/asked.py reads ('what was it *worth*', 'the *value* of', 'the closing *date*', 'the *name* of'),
# never a noun after the wh-word ('what *values* does it hold').
ASKED_ONLY = {"date", "name"}
ASKED_NOUNS = frozenset(n for n, a in ATTRIBUTES.items() if a.named and n not in ASKED_ONLY)  # what an estimate may be of
# 'How many calls': things counted, not a measure ('36.1C' counts no calls); 'how many miles' names a unit.
COUNT_OF_THINGS = Attribute("count", tuple(k for k in NUMERIC if k != "measure"), None, "a number", named=False)
_HOW_MANY_UNITS = re.compile(r"\bhow\s+many\s+(?:square\s+|cubic\s+)?(?:%s)\b" % "|".join(
    re.escape(u) for u in sorted(MEASURE_UNITS, key=len, reverse=True) if len(u) > 2), re.IGNORECASE)
# Nouns a wh-phrase may name; the last four are only reached through the question's form below.
_NOUNS = "|".join(sorted((n for n in ATTRIBUTES if n not in _BY_FORM - {"age"} and n not in ASKED_ONLY), key=len, reverse=True))
CLAUSE_OPENERS = ("after", "before", "since", "following", "when", "while", "because", "until", "amid")
# The attribute is what the wh-word asks about: 'what share', 'what was the turnout', 'which was the
# top wind speed', 'how much did the stadium cost (to build)?', "what was Rosalind Fenner's majority".
_ASKED = [  # 'what share', 'what was the turnout', 'which is the top wind speed' — not 'what did X spend the money on'
    re.compile(rf"\b(?:what|which)\s+(?:(?:was|is|were|are|will\s+be|has\s+been|had\s+been)\s+)?"
               rf"(?:(?:the|its|their|his|her|\w+'s)\s+)?(?:(?!(?:of|in|for|to|with|between|and|or|do|does|did|the|a|an)\b)[\w-]+(?:['’]s?)?\s+){{0,3}}?"
               rf"(?P<noun>{_NOUNS})s?\b", re.IGNORECASE),
    # ... not a noun of a clause that only dates or explains the question ('by how much did the shares
    # fall *after its profit warning*': the fall, not the profit)
    re.compile(rf"\bhow\s+(?:much|many|high|fast|far|deep|large|big|small)\b(?:(?!\b(?:{'|'.join(CLAUSE_OPENERS)})\b).)*"
               rf"\b(?P<noun>{_NOUNS})s?\b(?:\s+\w+){{0,4}}\W*$", re.IGNORECASE),
]


WHAT_KINDS = {None, "what", "which", "other"}  # question kinds whose asked noun or verb service/asked.py reads
NOT_AN_ACTION = {"", "be", "have"}  # main verbs that say nothing lasts: 'how long is the bridge'
NOT_A_VALUE = {"quote", "why", "yes-no", "who", "where"}  # question kinds asking no figure


# 'How deep were the coins buried?': the adjective asks for a measure.
HOW_ADJECTIVES = {"deep": "depth", "high": "height", "tall": "height", "wide": "width", "far": "distance",
                  "close": "distance", "near": "distance", "full": "percentage",  # "how full": a level
                  "fast": "speed", "heavy": "weight", "hot": "temperature", "cold": "temperature", "old": "age"}
_HOW = re.compile(rf"\bhow\s+(?P<adjective>{'|'.join(HOW_ADJECTIVES)})\b", re.IGNORECASE)
# 'How much did it cost / did they pay / was it worth': verbs of money. 'How much does he weigh'.
MONEY_VERBS = "cost|costs|costing|pay|pays|paid|paying|spend|spends|spent|spending|earn|earns|earned|earning|worth|" \
              "charge|charges|charged|raise|raised|raising|owe|owes|owed|invest|invested|fund|funded|lose|lost|bid|offer|offered"
AUXILIARY_WORDS = ("did", "does", "do", "has", "have", "had", "is", "was", "were", "are", "will", "would", "could",
                   "can", "should", "might", "must")
# ... but 'how much *water* does it lose': a noun after 'how much' says what is measured.
_HOW_MUCH_MONEY = re.compile(rf"\bhow\s+much\b(?:\s+(?:\w+\s+)?money\b|(?=\s+(?:{'|'.join(AUXILIARY_WORDS)})\b).*"
                             rf"\b(?:{MONEY_VERBS})\b)", re.IGNORECASE)
_HOW_MUCH_WEIGH = re.compile(r"\bhow\s+much\b.*\bweigh(?:s|ed)?\b", re.IGNORECASE)
_WHAT_AGE = re.compile(r"\b(?:what|which)\s+age\b|\bat\s+what\s+age\b|\baged?\s+how\s+much\b", re.IGNORECASE)
_WHAT_YEAR = re.compile(r"\b(?:what|which)\s+year\b|\bin\s+what\s+year\b", re.IGNORECASE)
# 'How long did the meeting last', 'how long a ban', 'for how long' — not 'how long is the bridge /
# the diversion', which may ask a length as well as a time.
_HOW_LONG_TIME = re.compile(r"\bhow\s+long\b(?!\s+(?:is|was|are|were|will\s+be)\b)", re.IGNORECASE)
_HOW_MANY = re.compile(r"\bhow\s+many\b", re.IGNORECASE)
_HOW_MUCH = re.compile(r"\bhow\s+much\b", re.IGNORECASE)
_HOW_BIG = re.compile(r"\bhow\s+(?:large|big|small)\b", re.IGNORECASE)

# Share of SQuAD v1.1 training-half questions whose gold answer fits the attribute asked, measured
# with `fit_table` (README, answerer section). Attributes below MIN_GOLD_FIT are not checked: their
# answers are too often written another way ('the 1990s', 'a few') for a hard check to be safe.
# Only attributes asked by 10+ training questions (with a gold candidate) are listed; the others
# are too rare there to measure and are checked.
MIN_GOLD_FIT = 0.85
ATTRIBUTE_GOLD_FIT: dict[str, float] = {
    "age": 0.938, "amount": 0.923, "count": 0.984, "distance": 0.583, "duration": 0.905, "money": 0.913,
    "percentage": 1.0, "population": 0.917, "year": 0.992,
}


WIND_WORDS = re.compile(r"\b(?:winds?|gusts?|gales?|breezes?|hurricanes?|tornado(?:e?s)?|typhoons?|cyclones?|storms?)\b", re.IGNORECASE)
WIND_SAID = re.compile(r"\b(?:winds?|gusts?|gales?|breezes?)\b", re.IGNORECASE)  # in the sentence, before the figure
WIND_REACH = 30  # characters before a speed in which a wind word says whose speed it is: 'winds of 140 km/h'


def asked_attribute(question: str, kind: str | None = None, action: str = "") -> Attribute | None:
    """The measurable attribute a wh-question asks for, if it names one; `action`, the stem of the
    action the question is about (question.Question.action), tells 'how long was the girl
    *stranded*' (a time) from 'how long is the bridge' (a length too). A speed says whether a wind's
    is asked ('a speed of what?': the ferry's is not the gale's)."""
    found = _asked_attribute(question, kind, action)
    if found is not None and found.dimension == "speed":
        return dataclasses.replace(found, of_wind=bool(WIND_WORDS.search(question)))
    return found


def said_of_wind(sentence: str, start: int) -> bool:
    """Whether a wind word stands just before the figure at `start` ('winds of *140 km/h*', 'gusts
    reached *90mph*')."""
    return bool(WIND_SAID.search(sentence[max(0, start - WIND_REACH):start]))


def _asked_attribute(question: str, kind: str | None = None, action: str = "") -> Attribute | None:
    if kind in NOT_A_VALUE:
        return None
    if _WHAT_AGE.search(question):
        return ATTRIBUTES["age"]
    if _HOW_MUCH_WEIGH.search(question):
        return ATTRIBUTES["weight"]
    if _HOW_MUCH_MONEY.search(question):
        return ATTRIBUTES["money"]
    how = _HOW.search(question)
    if how:
        return ATTRIBUTES[HOW_ADJECTIVES[how["adjective"].lower()]]
    m = next(filter(None, (p.search(question) for p in _ASKED)), None)
    if m:
        return ATTRIBUTES[m["noun"].lower()]
    if _WHAT_YEAR.search(question):
        return ATTRIBUTES["year"]
    if kind in WHAT_KINDS and (noun := asked_noun(question, ASKED_NOUNS)) is not None:
        return ATTRIBUTES[noun]  # 'what was the contract worth', 'the latest estimate for the cost of': service/asked.py
    if kind == "how long" and (_HOW_LONG_TIME.search(question) or action not in NOT_AN_ACTION):
        return ATTRIBUTES["duration"]
    if _HOW_MANY.search(question):
        return ATTRIBUTES["count"] if _HOW_MANY_UNITS.search(question) else COUNT_OF_THINGS
    if _HOW_BIG.search(question):
        return ATTRIBUTES["size"]
    if _HOW_MUCH.search(question):
        return ATTRIBUTES["amount"]
    return None


def checked(attribute: Attribute | None) -> Attribute | None:
    """The attribute when its check is safe by the measured gold-fit share, else None."""
    if attribute is None:
        return None
    return attribute if ATTRIBUTE_GOLD_FIT.get(attribute.noun, 1.0) >= MIN_GOLD_FIT else None


def _kind_fits(kind: str, attribute: Attribute, text: str, label: str) -> bool:
    if kind == "person":
        return label == "PERSON"
    if kind == "name":  # a name as the tagger labels it, or capitalised words it read as a phrase: 'Fiona Marchant', 'Bryony'
        return label in LABELS_OF_KIND[kind] or bool(_CAPITALISED_WORDS.fullmatch(text))
    value = value_of(text, label)
    if kind == "day":  # '30 January', 'Sunday', 'next week'; not '1.2 million'
        return label in {"DATE", "TIME"} or value.kind == "date"
    if kind == "age":  # '21', '21-year-old', 'aged 45', '45 years old', 'six months'; not '1984', '5 March', 'a 10-year deal'
        if value.kind == "age":
            return True
        if value.kind == "duration":
            return not _COMPOUND_DURATION.search(text)
        if value.kind not in {"date", "number"} or _CALENDAR.search(text):
            return False  # a sum ('part of a £1bn package'), a day ('5 March', 'Tuesday'), 'the 19th Century'; '58' tagged DATE is an age
        return any(0 < int(n) <= MAX_AGE_YEARS for n in re.findall(r"(?<![\d.,])\d{1,3}(?![\d.,])", text))
    if kind == "date":  # a year: '1997' whatever the tagger called it, 'May 2004', 'the 1990s'
        return bool(_YEAR.search(text)) or (label in {"DATE", "TIME"} and bool(re.search(r"\d", text)))
    if kind == "period":  # 'months', '1870 to 1939', 'since 1979': a duration written as dates; '14-year-old' is an age
        return label in {"DATE", "TIME"} and value.kind != "age"
    if kind == "measure" and attribute.dimension == "mass" and _WEIGHT_UNIT.search(text):
        return True  # '142 pounds' is a weight, whatever the tagger thought
    if kind == "number" and value.kind == "text":
        return bool(set(value.words) & FRACTION_WORDS) or bool(re.search(r"\d", text))
    if value.kind != kind:
        return False
    return value.kind != "measure" or attribute.dimension is None or value.unit == attribute.dimension


def fits(attribute: Attribute, text: str, label: str) -> bool:
    return any(_kind_fits(kind, attribute, text, label) for kind in attribute.kinds)


# 'one of the strongest tornadoes', 'one of the most visited': picking one out of a class counts nothing.
_PICKS_ONE_OUT = re.compile(r"\s+of\s+(?:the|its|their|his|her|our)\s+(?:\w+est|most|best|worst|biggest|largest)\b", re.IGNORECASE)


def picks_one_out(sentence: str, start: int, end: int) -> bool:
    """Whether the figure at [start, end) is 'one' picking one out of a class ('one of the strongest
    recorded'), which states no count."""
    return sentence[start:end].lower() == "one" and bool(_PICKS_ONE_OUT.match(sentence, end))


def narrowed(attribute: Attribute, candidates: list, text=lambda c: c.text, label=lambda c: c.label,
             picked=lambda c: False, windy=None) -> list:
    """The candidates that can state the attribute; when some state it in its most fitting kind
    ('£4.6m' for a cost, '40 centimetres' for a depth), only those. `picked(c)`: the candidate only
    picks one out of a class (`picks_one_out`), no figure for a count. `windy(c)`: the figure is said
    of a wind (`said_of_wind`): no answer for another thing's speed, and first for a wind's."""
    fitting = [c for c in candidates if fits(attribute, text(c), label(c))
               and not (attribute.noun == "count" and picked(c))]
    if attribute.of_wind is not None and windy is not None:
        if attribute.of_wind:
            fitting = [c for c in fitting if windy(c)] or fitting
        else:
            fitting = [c for c in fitting if not windy(c)]
    if not attribute.named and attribute.noun not in PREFER_FIRST_KIND or attribute.noun in ANY_FITTING_KIND:
        return fitting  # 'how many': '3 years' as well as '3'
    best = [c for c in fitting if _kind_fits(attribute.kinds[0], attribute, text(c), label(c))]
    return best or fitting


def preferred_attribute(question) -> Attribute | None:
    """The attribute a question asks for when its check is not safe enough to abstain on (`checked`
    gives None: 'how far' is answered 'the quarter-finals' as often as '12 miles'; 'how long is the
    diversion' asks a time or a length, never a calendar day, and is checked nowhere); candidates
    stating it then go first, and the rest stay when none does. `question`: a question.Question."""
    attribute = asked_attribute(question.text, question.kind, question.action)
    if attribute is None and question.kind == "how long":  # 'how long is the diversion': a time or a length, not a day
        return ATTRIBUTES["extent"]
    return attribute if attribute is not None and checked(attribute) is None else None
