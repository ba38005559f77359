"""The names that tell a question's story, as its articles write them.

The answerer keeps only values stated by articles about the question's story (corroboration.on_story),
judged by the question's names. Two ways a question names its story differently from its articles:

* a capital standing for its country's government: 'what did *Lisbon* offer *Madrid*' of articles
  that write 'Portugal offered Spain …' (`CAPITALS`, general English like a list of months);
* a region's adjective describing a common noun ('which *Nordic* head of government'), and any other
  adjective of the wh-phrase but a country's ('which *Liberal* councillor') — it says what the answer
  is, and an article names that person or body otherwise ('Norway's prime minister').
"""

from __future__ import annotations

from collections.abc import Sequence

from service.answering.demonyms import country, region

# capital (lower case; other spellings after a space) | the country as articles write it
_CAPITALS = """
kyiv kiev|Ukraine
moscow|Russia
washington|US
london|UK
paris|France
berlin|Germany
madrid|Spain
rome|Italy
lisbon|Portugal
athens|Greece
warsaw|Poland
minsk|Belarus
vilnius|Lithuania
riga|Latvia
tallinn|Estonia
helsinki|Finland
stockholm|Sweden
oslo|Norway
copenhagen|Denmark
brussels|Belgium
vienna|Austria
budapest|Hungary
prague|Czech Republic
bucharest|Romania
sofia|Bulgaria
belgrade|Serbia
zagreb|Croatia
ankara|Turkey
tehran|Iran
baghdad|Iraq
damascus|Syria
beirut|Lebanon
amman|Jordan
riyadh|Saudi Arabia
doha|Qatar
cairo|Egypt
tripoli|Libya
khartoum|Sudan
nairobi|Kenya
pretoria|South Africa
abuja|Nigeria
beijing peking|China
tokyo|Japan
seoul|South Korea
pyongyang|North Korea
delhi|India
islamabad|Pakistan
kabul|Afghanistan
canberra|Australia
wellington|New Zealand
ottawa|Canada
brasilia|Brazil
havana|Cuba
caracas|Venezuela
bogota|Colombia
tbilisi|Georgia
yerevan|Armenia
baku|Azerbaijan
"""

CAPITALS: dict[str, str] = {}
for _line in _CAPITALS.strip().splitlines():
    _names, _country = _line.split("|")
    for _name in _names.split():
        CAPITALS[_name] = _country

ACTING = {"nsubj", "nsubjpass", "poss", "agent"}  # '*Moscow* said', "*Moscow*'s ministry"
PAIRED = {"conj", "nmod", "pobj", "dobj", "npadvmod"}  # 'between Lisbon and *Madrid*': with another capital or country
DESCRIBING = {"amod", "compound", "nmod"}  # an adjective on a noun: 'the *Nordic* leader'


def country_of_capital(token) -> str | None:
    """The country a question's capital stands for, when it acts or owns as its government ('*Madrid*
    offered', "*Madrid*'s ministry") or is paired with another capital or country ('talks between Lisbon
    and *Madrid*'); None for other words, for a capital that is a compound ('the *Madrid* derby') and for
    one that is a place beside a town ('flights between Carnbury and *Madrid*')."""
    if token is None or token.pos_ != "PROPN" or token.text.lower() not in CAPITALS:
        return None
    if token.dep_ in ACTING or token.dep_ in PAIRED and any(_a_country(t) for t in _paired_with(token)):
        return CAPITALS[token.text.lower()]
    return None


def _a_country(token) -> bool:
    return token.text.lower() in CAPITALS or country(token.text) == token.text.lower().replace(" ", "-")


def _paired_with(token) -> list:
    """The conjuncts joined with the token ('Lisbon and *Madrid*': Lisbon; '*Lisbon* and Madrid': Madrid)."""
    found = [c for c in token.children if c.dep_ == "conj"]
    if token.dep_ == "conj" and token.head is not token:
        found.append(token.head)
    return found


def region_adjective(token) -> bool:
    """Whether the token is a region's adjective ('Nordic', 'European'; not a country's, 'Peruvian', nor
    'Europe') describing a common noun ('the *Nordic* leaders')."""
    if token is None or token.dep_ not in DESCRIBING or token.head is token or token.head.pos_ != "NOUN":
        return False
    word = token.text.lower()
    return country(word) is None and region(word) == word


ASKING = {"which", "what", "whose"}


def describes_the_asked(token) -> bool:
    """Whether the token is a capitalised adjective of the wh-phrase, not a country's ('which *Liberal*
    councillor', 'what *Olympic* sport'): it says what the answer is, and an article may call that otherwise."""
    if token is None or token.pos_ != "ADJ" or not token.text[:1].isupper() or country(token.text) is not None:
        return False  # a country's adjective ('which *Peruvian* region') says where the answer is: an article of it names it
    i = token.i - 1
    while i >= 0 and token.doc[i].pos_ in {"ADJ", "PROPN", "ADV"}:
        i -= 1
    return i >= 0 and token.doc[i].lower_ in ASKING


def as_written(doc, names: Sequence[str]) -> list[str]:
    """The story's names (corroboration.story_names) as its articles write them: a one-word name that is
    a capital standing for its country becomes the country (`country_of_capital`); a region's adjective
    on a common noun, or an adjective of the wh-phrase, is left out (`region_adjective`, `describes_the_asked`). Names of several words and names not found in the
    question's parse stay as they are. Order kept, duplicates dropped."""
    if doc is None:
        return list(names)
    tokens = {}
    for t in doc:
        tokens.setdefault(t.text, t)
    kept = []
    for name in names:
        token = tokens.get(name) if " " not in name else None
        if region_adjective(token) or describes_the_asked(token):
            continue
        kept.append(country_of_capital(token) or name)
    return list(dict.fromkeys(kept))
