"""Checking the asked attribute: a turnout is a figure, a wind speed a speed, a cost an amount.

When the question names a measurable attribute, only candidates stating a value of a fitting
kind (service/values.py) may answer; otherwise the answerer abstains and says why rather than
return a nearby name ("The storm" for a wind speed). General English nouns only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.values import value_of

FIGURE = frozenset({"number", "percent", "money", "measure", "duration"})


@dataclass(frozen=True)
class Attribute:
    noun: str
    kinds: frozenset[str]  # value kinds that can state it
    dimension: str | None = None  # for measures: a speed must be a speed
    description: str = "a figure"


def _attributes() -> dict[str, Attribute]:
    table: dict[str, Attribute] = {}
    for nouns, kinds, dimension, description in [
        ("turnout attendance population toll casualties fatalities headcount membership majority", {"number", "percent"}, None, "a figure"),
        ("percentage proportion rate", {"percent", "number"}, None, "a percentage"),
        ("cost price budget salary fine fee bill valuation revenue turnover profit deficit debt funding compensation",
         {"money", "number"}, None, "an amount of money"),
        ("speed", {"measure", "number"}, "speed", "a speed"),
        ("temperature", {"measure", "number"}, "temperature", "a temperature"),
        ("distance height depth altitude elevation length width", {"measure", "number"}, "length", "a length"),
        ("weight mass", {"measure", "number"}, "mass", "a weight"),
        ("rainfall", {"measure", "number"}, "rain", "an amount of rain"),
    ]:
        for noun in nouns.split():
            table[noun] = Attribute(noun, frozenset(kinds), dimension, description)
    return table


ATTRIBUTES = _attributes()
# Before the noun, these make it the thing asked about: 'what was the turnout', 'the wind speed'.
_ASKED = re.compile(r"\b(?:what|which|how\s+(?:much|many|high|fast|far|deep))\b(?:\s+\S+){0,5}?\s+(?:the\s+|its\s+|their\s+|\w+'s\s+|\w+\s+)?"
                    r"(?P<noun>" + "|".join(sorted(ATTRIBUTES, key=len, reverse=True)) + r")s?\b", re.IGNORECASE)


NOT_A_VALUE = {"quote", "why", "how", "yes-no", "who", "when", "where", "how long"}  # question kinds asking no figure


def asked_attribute(question: str, kind: str | None = None) -> Attribute | None:
    """The measurable attribute a wh-question asks for, if it names one."""
    if kind in NOT_A_VALUE:
        return None
    m = _ASKED.search(question)
    return ATTRIBUTES[m["noun"].lower()] if m else None


def fits(attribute: Attribute, text: str, label: str) -> bool:
    value = value_of(text, label)
    if value.kind not in attribute.kinds:
        return False
    return value.kind != "measure" or attribute.dimension is None or value.unit == attribute.dimension
