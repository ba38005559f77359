"""Countries, the adjectives and nouns of their people, and the regions they lie in: general
English ('Brazilian' is said of Brazil, 'Namibian' of an African country, 'Finnish' of a Nordic one).

Used by 'which <adjective> <noun>' questions: 'which *Brazilian* energy company' is answered by the
company the text calls "*Brazil's* Petrobras", not by the '*Venezuelan* energy firm' beside it.
A word list of general English, like a list of months: nothing here knows a corpus or a question.
"""

from __future__ import annotations

# country | its adjective(s) | its regions (lower case, space-separated; regions use their adjective)
_COUNTRIES = """
afghanistan|afghan|asian
albania|albanian|european
algeria|algerian|african arab
argentina|argentine argentinian|american latin south-american
armenia|armenian|european asian
australia|australian aussie|australasian
austria|austrian|european
bahrain|bahraini|asian arab
bangladesh|bangladeshi|asian
belarus|belarusian belarussian|european
belgium|belgian|european
bolivia|bolivian|american latin south-american
bosnia|bosnian|european balkan
brazil|brazilian|american latin south-american
bulgaria|bulgarian|european balkan
cambodia|cambodian|asian
cameroon|cameroonian|african
canada|canadian|american north-american
chile|chilean|american latin south-american
china|chinese|asian
colombia|colombian|american latin south-american
croatia|croatian croat|european balkan
cuba|cuban|american latin caribbean
cyprus|cypriot|european
czech republic|czech|european
denmark|danish dane|european nordic scandinavian
egypt|egyptian|african arab
england|english|european british
estonia|estonian|european baltic
ethiopia|ethiopian|african
finland|finnish finn|european nordic
france|french|european
georgia|georgian|european asian
germany|german|european
ghana|ghanaian|african
greece|greek|european balkan
hungary|hungarian|european
iceland|icelandic|european nordic
india|indian|asian
indonesia|indonesian|asian
iran|iranian|asian
iraq|iraqi|asian arab
ireland|irish|european
israel|israeli|asian
italy|italian|european
ivory coast|ivorian|african
jamaica|jamaican|american caribbean
japan|japanese|asian
jordan|jordanian|asian arab
kazakhstan|kazakh|asian
kenya|kenyan|african
korea|korean|asian
kuwait|kuwaiti|asian arab
latvia|latvian|european baltic
lebanon|lebanese|asian arab
libya|libyan|african arab
lithuania|lithuanian|european baltic
luxembourg|luxembourgish|european
malaysia|malaysian|asian
mexico|mexican|american latin north-american
morocco|moroccan|african arab
namibia|namibian|african
netherlands|dutch|european
new zealand|kiwi|australasian
nigeria|nigerian|african
north korea|north-korean|asian
northern ireland|northern-irish|european british
norway|norwegian|european nordic scandinavian
oman|omani|asian arab
pakistan|pakistani|asian
palestine|palestinian|asian arab
peru|peruvian|american latin south-american
philippines|filipino philippine|asian
poland|polish|european
portugal|portuguese|european
qatar|qatari|asian arab
romania|romanian|european balkan
russia|russian|european asian
saudi arabia|saudi|asian arab
scotland|scottish scots scot|european british
senegal|senegalese|african
serbia|serbian serb|european balkan
singapore|singaporean|asian
slovakia|slovak slovakian|european
slovenia|slovenian slovene|european balkan
south africa|south-african|african
south korea|south-korean|asian
spain|spanish spaniard|european
sri lanka|sri-lankan|asian
sudan|sudanese|african arab
sweden|swedish swede|european nordic scandinavian
switzerland|swiss|european
syria|syrian|asian arab
taiwan|taiwanese|asian
tanzania|tanzanian|african
thailand|thai|asian
tunisia|tunisian|african arab
turkey|turkish turk|european asian
uganda|ugandan|african
ukraine|ukrainian|european
united kingdom|british briton uk|european
united states|american us|american north-american
uruguay|uruguayan|american latin south-american
venezuela|venezuelan|american latin south-american
vietnam|vietnamese|asian
wales|welsh|european british
yemen|yemeni|asian arab
zambia|zambian|african
zimbabwe|zimbabwean|african
"""

COUNTRY_OF: dict[str, str] = {}  # a country's name or adjective (lower case, spaces as '-') → the country
REGIONS_OF: dict[str, frozenset[str]] = {}  # a country → the region adjectives it lies in
for _line in _COUNTRIES.strip().splitlines():
    _country, _adjectives, _regions = _line.split("|")
    _key = _country.replace(" ", "-")
    REGIONS_OF[_key] = frozenset(_regions.split())
    for _word in [_key, *_adjectives.split()]:
        COUNTRY_OF.setdefault(_word, _key)
REGIONS = frozenset(r for rs in REGIONS_OF.values() for r in rs) | {"african", "asian", "european"}
# Regions written as nouns: 'a firm in Europe', "Africa's richest man"
REGION_NOUNS = {"europe": "european", "africa": "african", "asia": "asian", "scandinavia": "scandinavian",
                "latin-america": "latin", "south-america": "south-american", "north-america": "north-american",
                "the-balkans": "balkan", "caribbean": "caribbean", "middle-east": "arab"}


ADJECTIVES_OF: dict[str, tuple[str, ...]] = {}  # a country → its adjectives and nouns of its people
for _word, _country in COUNTRY_OF.items():
    if _word != _country:
        ADJECTIVES_OF[_country] = (*ADJECTIVES_OF.get(_country, ()), _word)


def _key(words: str) -> str:
    return words.lower().replace("\u2019", "'").removesuffix("'s").removesuffix("'").strip().replace(" ", "-")


def country(words: str) -> str | None:
    """The country a name or adjective names ('Brazil's', 'Brazilian', 'South Korean' → its key); None."""
    return COUNTRY_OF.get(_key(words))


def region(words: str) -> str | None:
    """The region adjective a region's adjective or noun names ('European', 'Europe' → 'european'); None."""
    key = _key(words)
    if key in REGIONS:
        return key
    return REGION_NOUNS.get(key)


def origins(words: str) -> frozenset[str]:
    """What a nationality word says of a place of origin: its country and that country's regions
    ('Namibian' → namibia, african); a region word alone ('Nordic' → nordic); empty otherwise."""
    found = country(words)
    if found is not None:
        return frozenset({found}) | REGIONS_OF[found]
    place = region(words)
    return frozenset({place}) if place is not None else frozenset()


def asked_origins(words: list[str]) -> frozenset[str]:
    """The countries or regions a question's adjectives ask for ('which *Brazilian* energy company'
    → brazil; 'which *European* opponent' → european): the most specific word each names."""
    asked: set[str] = set()
    i = 0
    while i < len(words):
        pair = f"{words[i]} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair and (place := _named_place(pair)) is not None:  # 'South American', 'South Korean': the pair, not 'American'
            asked.add(place)
            i += 2
            continue
        if (place := _named_place(words[i])) is not None:
            asked.add(place)
        i += 1
    return frozenset(asked)


def _named_place(words: str) -> str | None:
    """The country, else the region, that a word or a pair of words names; None."""
    found = country(words)
    return found if found is not None else region(words)


def said_origins(words: list[str]) -> frozenset[str]:
    """Every country and region the words (a candidate's own and its title's) say it is from, read
    one and two words at a time ('South Korean', "Brazil's")."""
    found: set[str] = set()
    lowered = [w for w in words if w]
    for i, word in enumerate(lowered):
        found |= origins(word)
        if i + 1 < len(lowered):
            found |= origins(f"{word} {lowered[i + 1]}")
    return frozenset(found)


def other_forms(name: str) -> list[str]:
    """The other words a country is written with, given its name or the adjective or noun of its people
    ('Qatari', 'Qataris' → 'qatar'; 'Brazil' → 'brazilian'); [] when it names none."""
    found = country(name)
    if found is None and name.lower().endswith("s"):  # 'Qataris', 'Saudis': the people, in the plural
        found = country(name[:-1])
    if found is None:
        return []
    forms = [found.replace("-", " "), *ADJECTIVES_OF.get(found, ())]
    return [f for f in forms if _key(f) != _key(name)]
