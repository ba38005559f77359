"""Canonical values: one value in many surface forms compares equal.

'€52million' = '€52 million' = '52m euros'; '41.7 per cent' = '41.7%'; 'six-week' = '6 weeks';
'1.2 thousand' = '1,200'; 'about 400' = '400' (the qualifier is kept beside the value, it is not
another value); 'President Marta Kovač' = 'Kovač' when no other Kovač is in play.

General English only. `widen` also repairs spans the tagger cut short ('52million' without
its '€', '38' without its 'm', '120' without 'km/h'), so candidates carry whole values.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# -- vocabulary -------------------------------------------------------------------------------

NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
WORD_NUMBERS = {**NUMBER_WORDS, "a": 1, "an": 1, "single": 1, "dozen": 12}  # 'a dozen', 'a single case'
SCALE_WORDS = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
SCALES = {**SCALE_WORDS, "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}  # and abbreviated
# Words before a figure that qualify it without changing it: 'about 400' states 400.
QUALIFIERS = ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "at least", "at most",
              "more than", "over", "under", "fewer than", "less than", "up to", "as many as", "as much as",
              "an estimated", "estimated", "just over", "just under", "close to", "well over", "upwards of",
              "in excess of", "a total of", "a further", "another", "only", "just", "exactly", "precisely",
              "nearer", "nearer to", "closer to", "well under", "approaching", "a little over", "a little under",
              "no more than", "no fewer than", "no less than", "not more than", "not less than")
CURRENCIES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
              "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
              "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
              "¥": "JPY", "yen": "JPY", "jpy": "JPY", "₹": "INR", "rupee": "INR", "rupees": "INR", "inr": "INR",
              "chf": "CHF", "franc": "CHF", "francs": "CHF"}
PERCENT_WORDS = ("per cent", "percent", "%", "pc", "per-cent")
# Units of a length of time, in seconds (exact) or months (calendar): 48 hours = 2 days, 1 year = 12 months.
DURATION_UNITS = {"second": ("s", 1), "minute": ("s", 60), "hour": ("s", 3600), "day": ("s", 86400),
                  "night": ("s", 86400), "week": ("s", 604800), "fortnight": ("s", 1209600),
                  "month": ("mo", 1), "year": ("mo", 12), "decade": ("mo", 120), "century": ("mo", 1200)}
# Physical measures, to one base unit per dimension: '120 km/h' = '74.6 mph' within rounding.
MEASURE_UNITS = {"km/h": ("speed", 1.0), "kmh": ("speed", 1.0), "kph": ("speed", 1.0), "kilometres per hour": ("speed", 1.0),
                 "kilometers per hour": ("speed", 1.0), "mph": ("speed", 1.609344), "miles per hour": ("speed", 1.609344),
                 "knots": ("speed", 1.852), "knot": ("speed", 1.852), "m/s": ("speed", 3.6),
                 "km": ("length", 1000.0), "kilometres": ("length", 1000.0), "kilometers": ("length", 1000.0),
                 "kilometre": ("length", 1000.0), "kilometer": ("length", 1000.0), "miles": ("length", 1609.344),
                 "mile": ("length", 1609.344), "metres": ("length", 1.0), "meters": ("length", 1.0), "metre": ("length", 1.0),
                 "meter": ("length", 1.0), "m": ("length", 1.0), "feet": ("length", 0.3048), "ft": ("length", 0.3048),
                 "cm": ("length", 0.01), "centimetres": ("length", 0.01), "centimeters": ("length", 0.01),
                 "millimetres": ("length", 0.001), "millimeters": ("length", 0.001), "yards": ("length", 0.9144),
                 "inch": ("length", 0.0254), "mm": ("length", 0.001), "inches": ("length", 0.0254),
                 "kg": ("mass", 1.0), "kilograms": ("mass", 1.0), "kilos": ("mass", 1.0), "tonnes": ("mass", 1000.0),
                 "tonne": ("mass", 1000.0), "tons": ("mass", 1000.0), "g": ("mass", 0.001), "grams": ("mass", 0.001),
                 "hectares": ("area", 1.0), "hectare": ("area", 1.0), "acres": ("area", 0.404686),
                 "sq km": ("area", 100.0), "square kilometres": ("area", 100.0), "square kilometers": ("area", 100.0),
                 "mm of rain": ("rain", 1.0), "°c": ("temperature", 1.0), "degrees": ("temperature", 1.0),
                 "litres": ("volume", 1.0), "liters": ("volume", 1.0), "gallons": ("volume", 3.785)}
# Pence written short, the p glued to the figure: '412p' (not '4pm').
_PENCE_GLUED = re.compile(r"\dp(?![A-Za-z])")
# A temperature written short, the capital C glued to the figure: '36.1C' (a cent is '50c').
_CELSIUS_GLUED = re.compile(r"\dC(?![A-Za-z])")
MEASURE_TOLERANCE = 0.02  # converted units agree within rounding: '120 km/h (75 mph)'
# Words that stand before a name and are no part of it: 'President Marta Kovač' is Kovač.
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president",
          "vice", "prime", "minister", "chancellor", "mayor", "governor", "senator", "sen", "rep", "representative",
          "general", "gen", "colonel", "col", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt", "major",
          "admiral", "commander", "chief", "executive", "inspector", "superintendent", "detective", "officer",
          "judge", "justice", "rev", "reverend", "father", "sheikh", "king", "queen", "prince", "princess", "pope",
          "deputy", "commissioner", "coach", "director", "spokesman", "spokeswoman", "spokesperson", "chairman",
          "chairwoman", "chair", "ceo", "secretary", "foreign", "finance", "interior", "defence", "defense",
          "health", "state", "councillor", "councilor", "mp", "mep", "ambassador", "envoy", "manager", "head",
          "st", "saint", "former", "acting", "interim", "then", "cllr", "coun", "alderman", "rt", "hon"}
# A given name written short is the same given name: 'Ros' of 'Rosalind', 'Chris' of 'Christopher'.
MIN_SHORT_GIVEN_NAME = 3
ARTICLES = {"a", "an", "the"}
PLACE_WORDS = {"city", "town", "village", "province", "region", "county", "district", "state", "republic",
               "island", "islands", "port", "municipality"}

_CURRENCY_SYMBOLS = "€£$¥₹"
_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
_NUMBER_WORDS = "|".join(sorted((w for w in WORD_NUMBERS if w not in {"a", "an"}), key=len, reverse=True))
_SCALE = r"(?:hundred|thousand|million|billion|trillion|dozen|bn|mn|mln|tn|k|m|b)"
_UNIT_WORDS = "|".join(re.escape(u) for u in sorted(MEASURE_UNITS, key=len, reverse=True) if u not in {"m", "g"})
_DURATION = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century|centuries)s?"
_CURRENCY_AFTER = r"(?:euros?|dollars?|pounds?(?:\s+sterling)?|sterling|yen|rupees?|francs?|eur|usd|gbp|chf|jpy|inr)"

# What may follow a figure and belongs to it, tried in order at the end of a span.
_AFTER = re.compile(
    rf"(?:(?:-|\s*)(?:{_SCALE})\b)?"                         # '52million', '38m', '1.2 thousand', '3bn'
    rf"(?:\s*(?:per[ -]?cent|%|pc\b|percentage points?)"       # '41.7 per cent', '41.7%'
    rf"|\s+{_CURRENCY_AFTER}\b"                                # '52m euros'
    rf"|(?:-|\s*)(?:{_UNIT_WORDS})(?![a-z])"                   # '120km/h', '75 mph'
    rf"|(?:-|\s+){_DURATION}\b)?",                             # 'six-week', '6 weeks'
    re.IGNORECASE)
_BEFORE = re.compile(rf"(?:(?:US|A|C|NZ|HK)?[{_CURRENCY_SYMBOLS}]\s?|(?:EUR|USD|GBP|CHF|JPY|INR)\s?)$")
_QUALIFIER = re.compile(rf"^(?:{'|'.join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))})\s+", re.I)
_NUMBER = re.compile(rf"(?P<digits>{_DIGITS})|(?P<words>\b(?:(?:{_NUMBER_WORDS}|hundred|thousand|million|billion|and)(?:[\s-]+|$))+)",
                     re.IGNORECASE)
_RELATIVE_DATE = re.compile(r"^\s*(?:ago|earlier|later|before|after|previously|since|from now)\b", re.IGNORECASE)
_MONTH_NEXT = re.compile(r"(?:st|nd|rd|th)?\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")
_AGE = re.compile(r"^(?:-|\s+)old\b", re.IGNORECASE)
_SECOND_PART = re.compile(rf"^\s*(?:and\s+|,\s*)(?P<count>\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)\s+(?P<unit>{_DURATION})\b")
# Words that frame a length of time without changing it: 'the first 20 minutes', 'the next 10 years',
# 'within 14 days', 'for the past six months' each state that many minutes, years, days, months.
_SPAN_LEAD = re.compile(r"^(?:(?:within|for|during)\s+)?(?:the\s+)?(?:first|next|last|past|coming|following|opening|final|initial)?\s*",
                        re.IGNORECASE)
_ONE_UNIT = re.compile(rf"^(?:a|an)\s+(?=(?:{_DURATION}|hundred|thousand|million|billion|dozen)\b)")


@dataclass(frozen=True)
class Value:
    """What a span states, in a form that compares across surface forms.

    kind: number | money | percent | duration | age | measure | date | name | text.
    `amount` is in the base unit (euros, seconds or months, km/h, metres...); `mantissa` the figure
    as written before its scale word ('38' of '€38m'); `unit` the currency, duration base or dimension.
    """

    kind: str
    amount: float | None = None
    unit: str | None = None
    mantissa: float | None = None
    scaled: bool = False
    qualifier: str | None = None
    words: tuple[str, ...] = ()


# -- spans ------------------------------------------------------------------------------------

_LAST_VERB = re.compile(r"(last|lasted|lasting|lasts)\s+", re.IGNORECASE)
_BEFORE_VERB = re.compile(r"\b(?:to|will|would|could|may|might|should|can|must|not|'ll)\s+$", re.IGNORECASE)


def widen(text: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` grown to the whole value it cuts: '52million' → '€52million', '38' → '€38m',
    '120' → '120km/h', 'six' → 'six-week'. Spans without a figure are returned as they are."""
    if not re.search(r"\d|\b(?:" + _NUMBER_WORDS + r")\b", text[start:end], re.IGNORECASE):
        return start, end
    verb = _LAST_VERB.match(text, start)
    if verb and verb.end() < end and (verb.group(1).lower() != "last" or _BEFORE_VERB.search(text[max(0, start - 12):start])):
        start = verb.end()  # 'expected the closure to *last* two weeks': the verb is no part of 'two weeks'
    m = _AFTER.match(text, end)
    if m and m.end() > end and not _RELATIVE_DATE.match(text[m.end():m.end() + 12]):
        end = m.end()  # 'six weeks ago' is a date, not a length: that one stays as the tagger had it
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1  # the tagger stopped inside a word
    while start > 0 and text[start].isalnum() and text[start - 1].isalnum():
        start -= 1
    m = _BEFORE.search(text[max(0, start - 4):start])
    if m:
        start = start - (len(text[max(0, start - 4):start]) - m.start())
    return start, end


# -- values -----------------------------------------------------------------------------------

def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2009", " ").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip(" .,;:()[]\"'“”‘’").lower()


def name_words(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’]s\b", "", text)
    return tuple(w for w in re.findall(r"[a-z0-9]+(?:[.,][0-9]+)*", text) if w not in ARTICLES)


_AND_A_HALF = re.compile(r"\b(\d+|[a-z]+(?:-[a-z]+)?)\s+and\s+a\s+half\b")
_UNIT_AND_A_HALF = re.compile(rf"\b(\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)\s+({_DURATION})\s+and\s+a\s+half\b")


def _count(word: str) -> float | None:
    """'6' or 'six' as a number; None for other words."""
    return float(word) if re.fullmatch(r"\d+(?:\.\d+)?", word) else _word_number(word)


def _half_more(m: re.Match) -> str:
    count = _count(m.group(1))
    return m.group() if count is None else f"{count + 0.5:g}"


def _unit_and_a_half(m: re.Match) -> str:
    """'a year and a half' (after 'a' → '1') → '1.5 years'."""
    count = _count(m.group(1))
    unit = m.group(2).rstrip("s")
    return m.group() if count is None else f"{count + 0.5:g} {unit}s"


def _word_number(phrase: str) -> float | None:
    total, current, seen = 0.0, 0.0, False
    for token in re.split(r"[\s-]+", phrase.lower().strip()):
        if not token or token == "and":
            continue
        if token in WORD_NUMBERS and token != "dozen":
            current += WORD_NUMBERS[token]
            seen = True
        elif token in SCALES:
            current = max(current, 1.0) * SCALES[token]
            seen = True
            if SCALES[token] >= 1000:
                total, current = total + current, 0.0
        else:
            break
    return total + current if seen else None


@lru_cache(maxsize=65536)
def value_of(text: str, label: str | None = None) -> Value:
    """The canonical value of a span; `label` (the tagger's kind) only breaks ties for names and dates."""
    plain = _plain(text)
    qualifier = None
    m = _QUALIFIER.match(plain)
    if m:
        qualifier, plain = m.group().strip(), plain[m.end():]
    plain = _ONE_UNIT.sub("1 ", plain)
    plain = _span_of_time(plain)
    plain = _UNIT_AND_A_HALF.sub(_unit_and_a_half, plain)  # 'a year and a half' → '1.5 years'
    plain = _AND_A_HALF.sub(_half_more, plain)  # 'four and a half years' → '4.5 years'
    number = _NUMBER.search(plain)
    # A figure must open the span (after a currency sign): '390 soldiers' states 390, 'Flight 390' names a flight.
    lead = plain[:number.start()].strip() if number else ""
    if number and (not lead or re.fullmatch(rf"(?:us|a|c|nz|hk)?[{_CURRENCY_SYMBOLS}]|eur|usd|gbp|chf|jpy|inr", lead)):
        if number["digits"]:
            mantissa = float(number["digits"].replace(",", ""))
            rest = plain[number.end():]
            scale_match = re.match(rf"(?:-|\s*)({_SCALE})\b", rest)
            scale = SCALES[scale_match.group(1)] if scale_match else 1.0
            if scale_match and label == "QUANTITY" and scale_match.group(1) == "m" and not lead and not rest[scale_match.end():].strip():
                return Value("measure", mantissa, "length", mantissa, False, qualifier)  # a quantity '340m' is metres
            if scale_match:
                rest = rest[scale_match.end():]
                if scale_match.group(1) == "dozen":  # 'a dozen' is 12 as written, not the '1' of a scaled '1m'
                    mantissa, scale = mantissa * 12, 1.0
        else:
            words = number["words"].strip(" -")
            value = _word_number(words)
            if value is None:
                return _non_numeric(text, label, qualifier)
            # A figure in words is whole: 'two million' is not the '2' of '2m' written short, and
            # 'eighty-six thousand four hundred' not 864 hundreds (only digits carry a mantissa apart).
            mantissa, scale = value, 1.0
            rest = plain[number.end():] if not number["words"].endswith((" ", "-")) else " " + plain[number.end():]
        amount = mantissa * scale
        rest = rest.strip()
        currency = next((CURRENCIES[c] for c in re.findall(r"(?:us)?\$|[€£¥₹]", lead)), None)
        if currency is None:
            after = re.match(rf"{_CURRENCY_AFTER}\b", rest)
            if after:
                currency = CURRENCIES[after.group().split()[0]]
            elif lead in CURRENCIES:
                currency = CURRENCIES[lead]
        if currency:
            return Value("money", amount, currency, mantissa, scale != 1.0, qualifier)
        if re.match(r"(?:a\.?m\.?|p\.?m\.?)(?![a-z])", rest):
            return _non_numeric(text, "TIME", qualifier)  # '4.40pm' is a time of day, no count of anything
        if scale == 1.0 and (re.match(r"pence\b", rest) or (re.match(r"p(?![a-z])", rest) and _PENCE_GLUED.search(text))):
            return Value("money", amount / 100, "GBP", mantissa, False, qualifier)  # '412p a share' is £4.12
        if re.match(r"(?:per[ -]?cent|percent|%|pc\b)", rest):
            return Value("percent", amount, None, mantissa, False, qualifier)
        duration = re.match(rf"-?({_DURATION})\b", rest)
        if duration and not _RELATIVE_DATE.match(rest[duration.end():]):
            unit = duration.group(1).lower().rstrip("s").replace("centurie", "century")
            base, factor = DURATION_UNITS[unit]
            # 'a 14-year-old girl' states an age, not how long something lasted: never the same as 'two nights'
            kind = "age" if _AGE.match(rest[duration.end():]) else "duration"
            amount *= factor
            more = _SECOND_PART.match(rest[duration.end():])  # 'four years and six months'
            if more and kind == "duration":
                count = _count(more["count"])
                part_base, part_factor = DURATION_UNITS[more["unit"].lower().rstrip("s").replace("centurie", "century")]
                if count is not None and part_base == base:
                    amount += count * part_factor
            return Value(kind, amount, base, mantissa, scale != 1.0, qualifier)
        measure = next((u for u in sorted(MEASURE_UNITS, key=len, reverse=True)
                        if re.match(rf"-?{re.escape(u)}(?![a-z])", rest)), None)
        if measure and not (measure in {"m", "g"} and scale != 1.0):
            dimension, factor = MEASURE_UNITS[measure]
            return Value("measure", amount * factor, dimension, mantissa, scale != 1.0, qualifier)
        if re.match(r"c(?![a-z])", rest) and _CELSIUS_GLUED.search(text):
            return Value("measure", amount, "temperature", mantissa, scale != 1.0, qualifier)  # '36.1C'
        if label in {"DATE", "TIME"} or _MONTH_NEXT.match(rest):
            return _non_numeric(text, "DATE", qualifier)  # '23 May 2025', 'six weeks ago', '2025'
        return Value("number", amount, None, mantissa, scale != 1.0, qualifier)
    return _non_numeric(text, label, qualifier)


def _span_of_time(plain: str) -> str:
    """'the first 20 minutes' → '20 minutes': the framing words of a length of time dropped, when what
    they frame is a count of a unit of time and no more ('the next 10 years', 'within a fortnight');
    'the first 20 minutes of the match' and 'within 14 days of the sale' keep theirs, as does '14 days ago'."""
    lead = _SPAN_LEAD.match(plain)
    if not lead or not lead.group().strip():
        return plain
    rest = _ONE_UNIT.sub("1 ", plain[lead.end():])
    if re.fullmatch(rf"(?:\d+(?:\.\d+)?|(?:{_NUMBER_WORDS})(?:[\s-](?:{_NUMBER_WORDS}))*)[\s-]{_DURATION}", rest):
        return rest
    return plain


def _non_numeric(text: str, label: str | None, qualifier: str | None) -> Value:
    words = name_words(text)
    if label in {"DATE", "TIME"}:
        return Value("date", qualifier=qualifier, words=tuple(sorted(words)))
    if label in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}:
        return Value("name", words=words)
    return Value("text", words=words)


def person_words(text: str) -> tuple[str, ...]:
    """A person's name without the titles before it: 'President Marta Kovač' → ('marta', 'kovac')."""
    words = name_words(text)
    i = 0
    while i < len(words) - 1 and words[i] in TITLES:
        i += 1
    return words[i:]


def place_words(text: str) -> tuple[str, ...]:
    """'the city of Varna' → ('varna',)."""
    words = [w for w in name_words(text) if w != "of"]
    kept = [w for w in words if w not in PLACE_WORDS]
    return tuple(kept or words)


class People:
    """The people named in a retrieved set: a surname stands for a full name only when one person
    in the set bears it ('Kovač' is Marta Kovač unless Ivan Kovač is there too)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.full: dict[str, set[tuple[str, ...]]] = {}
        for name in names:
            words = person_words(name)
            if len(words) >= 2:
                self.full.setdefault(words[-1], set()).add(words)

    def ambiguous(self, surname: str) -> bool:
        """Two people bear the surname: given names that are not one name written short or in full
        ('Ros Fenner' and 'Rosalind Fenner' are one person, 'Anna' and 'Marta Kovač' two)."""
        given: list[str] = []
        for words in self.full.get(surname, ()):
            if not any(same_given_name(words[0], g) for g in given):
                given.append(words[0])
        return len(given) > 1


def same_given_name(a: str, b: str) -> bool:
    """One given name, in full or written short: 'ros' / 'rosalind' (the short form at least
    MIN_SHORT_GIVEN_NAME letters)."""
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= MIN_SHORT_GIVEN_NAME and long.startswith(short))


def _same_amount(a: float, b: float, tolerance: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=1e-12)


def same_number(a: Value, b: Value) -> bool:
    """Figures agree: equal kinds and units with equal amounts, or a bare figure that is the
    other's figure as written ('38' in a sentence about '€38m')."""
    if a.amount is None or b.amount is None:
        return False
    if a.kind == b.kind:
        if a.kind == "measure":
            if a.unit != b.unit:
                return False
            if a.mantissa and b.mantissa and _same_amount(a.amount / a.mantissa, b.amount / b.mantissa):
                return _same_amount(a.amount, b.amount)  # one unit as written: '36.1C' is not '36.4C'
            return _same_amount(a.amount, b.amount, MEASURE_TOLERANCE)  # converted: '120 km/h' = '75 mph'
        if a.unit and b.unit and a.unit != b.unit:
            return False
        return _same_amount(a.amount, b.amount) or (
            a.kind in {"money", "number"} and a.scaled != b.scaled and _same_amount(a.mantissa, b.mantissa)
            and (a.kind == "number" or a.unit is None or b.unit is None))
    bare, other = (a, b) if a.kind == "number" else (b, a) if b.kind == "number" else (None, None)
    if bare is None:
        return False
    if bare.scaled:  # '38 million' of a cost given elsewhere as '€38 million'
        return other.kind == "money" and _same_amount(bare.amount, other.amount)
    return _same_amount(bare.amount, other.amount) or _same_amount(bare.amount, other.mantissa)


def _subset_match(short: tuple[str, ...], long: tuple[str, ...], similar) -> bool:
    return all(any(similar(s, l) for l in long) for s in short)


def same_person(a: str, b: str, people: People | None, similar) -> bool:
    wa, wb = person_words(a), person_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long = sorted((wa, wb), key=len)
    if len(short) == 1 and len(long) >= 2 and people is not None and people.ambiguous(long[-1]):
        return False  # 'Kovač' with two Kovačs in the set: either could be meant
    if len(short) >= 2 and len(long) >= 2:
        if not (similar(short[0], long[0]) or same_given_name(short[0], long[0])):
            return False  # 'Anna Kovač' is not 'Marta Kovač'
        if same_given_name(short[0], long[0]):  # 'Ros Fenner' is 'Rosalind Fenner'
            return _subset_match(short[1:], long[1:], similar)
    return _subset_match(short, long, similar)


# -- labels -----------------------------------------------------------------------------------

LABEL_OF_KIND = {"money": "MONEY", "percent": "PERCENT", "measure": "QUANTITY", "duration": "DATE"}


# A word of size right after a figure: '149m high', '30m-long', '4m across' (general English).
_DIMENSION_AFTER = re.compile(r"^\s*-?\s*(?:high|tall|long|wide|deep|thick|across|in (?:diameter|height|length|width|depth))(?![\w-])",
                              re.IGNORECASE)


def relabel(text: str, label: str, following: str = "") -> str:
    """The tagger's label corrected by what the span states: '41.7 per cent' is a PERCENT even if
    tagged MONEY, '€52million' MONEY, '120km/h' a QUANTITY, 'six-week' a length of time; and by what
    follows it (`following`, the sentence's text after the span): '149m' before 'high' is metres,
    not 149 million."""
    value = value_of(text, label)
    if (value.kind == "number" and value.scaled and re.search(r"\dm$", text.strip(), re.IGNORECASE)
            and _DIMENSION_AFTER.match(following)):
        return "QUANTITY"
    kind = value.kind
    if kind == "duration" and label in {"DATE", "TIME", "QUANTITY"}:
        return label
    return LABEL_OF_KIND.get(kind, label)
