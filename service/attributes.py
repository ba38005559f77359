"""Checking the asked attribute: a turnout is a figure, a wind speed a speed, a cost an amount.

When the question names a measurable attribute, only candidates stating a value of a fitting
kind (service/values.py) may answer; otherwise the answerer abstains and says why rather than
return a nearby name ("The storm" for a wind speed). General English nouns only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.values import value_of

LABEL_OF_KIND = {"percent": "PERCENT", "number": "CARDINAL", "money": "MONEY", "measure": "QUANTITY", "duration": "DATE"}


@dataclass(frozen=True)
class Attribute:
    noun: str
    kinds: tuple[str, ...]  # value kinds that can state it, the most fitting first
    dimension: str | None = None  # for measures: a speed must be a speed
    description: str = "a figure"

    @property
    def labels(self) -> tuple[str, ...]:
        """Span labels that can state it, for the question's expected kinds."""
        return tuple(LABEL_OF_KIND[k] for k in self.kinds)


def _attributes() -> dict[str, Attribute]:
    table: dict[str, Attribute] = {}
    for nouns, kinds, dimension, description in [
        ("turnout", ("percent", "number"), None, "a figure"),
        ("attendance population toll casualties fatalities headcount membership majority", ("number", "percent"), None, "a figure"),
        ("percentage proportion share", ("percent",), None, "a percentage"),
        ("rate", ("percent", "number"), None, "a rate"),
        ("cost price budget salary fine fee bill valuation revenue turnover profit deficit debt funding compensation",
         ("money", "number"), None, "an amount of money"),
        ("speed", ("measure",), "speed", "a speed"),
        ("temperature", ("measure", "number"), "temperature", "a temperature"),
        ("distance height depth altitude elevation length width", ("measure",), "length", "a length"),
        ("weight mass", ("measure",), "mass", "a weight"),
        ("rainfall", ("measure",), "rain", "an amount of rain"),
    ]:  # a bare figure is no speed or length ('three districts'); temperatures are often written '20C'
        for noun in nouns.split():
            table[noun] = Attribute(noun, kinds, dimension, description)
    return table


ATTRIBUTES = _attributes()
_NOUNS = "|".join(sorted(ATTRIBUTES, key=len, reverse=True))
# The attribute is what the wh-word asks about: 'what share', 'what was the turnout', 'which was the
# top wind speed', 'how much did the stadium cost (to build)?'.
_ASKED = [
    re.compile(rf"\b(?:what|which)\s+(?:(?:\w+\s+){{0,3}}?(?:the|its|their|his|her|\w+'s)\s+(?:[\w-]+\s+){{0,2}}?)?"
               rf"(?P<noun>{_NOUNS})s?\b", re.IGNORECASE),
    re.compile(rf"\bhow\s+(?:much|many|high|fast|far|deep)\b.*\b(?P<noun>{_NOUNS})s?\b(?:\s+\w+){{0,2}}\W*$", re.IGNORECASE),
]


NOT_A_VALUE = {"quote", "why", "yes-no", "who", "when", "where", "how long"}  # question kinds asking no figure


# 'How deep were the coins buried?': the adjective asks for a measure.
HOW_ADJECTIVES = {"deep": "depth", "high": "height", "tall": "height", "wide": "width", "far": "distance",
                  "fast": "speed", "heavy": "weight", "hot": "temperature", "cold": "temperature"}
_HOW = re.compile(rf"\bhow\s+(?P<adjective>{'|'.join(HOW_ADJECTIVES)})\b", re.IGNORECASE)


def asked_attribute(question: str, kind: str | None = None) -> Attribute | None:
    """The measurable attribute a wh-question asks for, if it names one."""
    if kind in NOT_A_VALUE:
        return None
    how = _HOW.search(question)
    if how:
        return ATTRIBUTES[HOW_ADJECTIVES[how["adjective"].lower()]]
    m = next(filter(None, (p.search(question) for p in _ASKED)), None)
    return ATTRIBUTES[m["noun"].lower()] if m else None


def fits(attribute: Attribute, text: str, label: str) -> bool:
    value = value_of(text, label)
    if value.kind not in attribute.kinds:
        return False
    return value.kind != "measure" or attribute.dimension is None or value.unit == attribute.dimension


def narrowed(attribute: Attribute, candidates: list, text=lambda c: c.text, label=lambda c: c.label) -> list:
    """The candidates that can state the attribute; when some state it in its most fitting kind
    ('£4.6m' for a cost, '40 centimetres' for a depth), only those."""
    fitting = [c for c in candidates if fits(attribute, text(c), label(c))]
    best = [c for c in fitting if value_of(text(c), label(c)).kind == attribute.kinds[0]]
    return best or fitting
