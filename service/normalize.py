"""When two spans state the same value: '1,000' = '1000' = 'one thousand', 'NATO' = 'the North
Atlantic Treaty Organization', 'Tchaikovsky' = 'Tchaikovski' = 'Pyotr Tchaikovsky'."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from difflib import SequenceMatcher

from service.values import NUMBER_WORDS, SCALE_WORDS, People, place_words, same_number, same_person, value_of

ARTICLES = {"a", "an", "the"}
UNITS = NUMBER_WORDS  # one vocabulary of numbers, declared in service/values.py
SCALES = SCALE_WORDS  # spelled out only: '5 m' is five metres here, not five million
NUMBER_KINDS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
NAME_KINDS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
PLACE_KINDS = {"GPE", "LOC", "FAC"}


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return tuple(w for w in re.findall(r"[a-z0-9]+(?:[.,][0-9]+)*", text) if w not in ARTICLES)


def number_value(text: str) -> float | None:
    """The number a span states, from digits ('1,000', '2.5 million') or words ('one thousand')."""
    tokens = words(text.replace("-", " "))
    total, current, seen = 0.0, 0.0, False
    for token in tokens:
        digits = token.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", digits):
            current += float(digits)
            seen = True
        elif token in UNITS:
            current += UNITS[token]
            seen = True
        elif token in SCALES and seen:
            current = max(current, 1.0) * SCALES[token]
            if SCALES[token] >= 1000:
                total, current = total + current, 0.0
        elif token == "and" or not seen:
            continue
        else:
            break
    return total + current if seen else None


def _acronym(short: list[str], long: list[str]) -> bool:
    return len(short) == 1 and len(long) > 1 and short[0] == "".join(w[0] for w in long if w not in {"of", "and"})


@lru_cache(maxsize=65536)
def similar_word(a: str, b: str) -> bool:
    """Spelling variants of one name: 'tchaikovsky' / 'tchaikovski', 'yuri' / 'yury', 'france' / 'french'."""
    if a == b:
        return True
    if len(a) <= 3 or len(b) <= 3 or a[0] != b[0] or abs(len(a) - len(b)) > 0.5 * min(len(a), len(b)):
        return False  # cheap rejections first: this runs for every candidate word on the hot path
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def same_value(a: str, b: str, kind: str | None = None, people: People | None = None) -> bool:
    """Two spans state one value once normalised (service/values.py): figures by amount and unit,
    names by their words (titles dropped; a bare surname only when `people` holds one such person)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    va, vb = value_of(a, kind), value_of(b, kind)
    if va.amount is not None or vb.amount is not None:
        return same_number(va, vb)  # before comparing words: '£52m' and '€52m' differ by a sign
    if wa == wb:
        return True
    if kind in {"DATE", "TIME"}:
        return sorted(wa) == sorted(wb)  # '16 May' = 'May 16'
    if _acronym(wa, wb) or _acronym(wb, wa):
        return True
    if kind == "PERSON":
        return same_person(a, b, people, similar_word)
    if kind in PLACE_KINDS:
        wa, wb = place_words(a) or wa, place_words(b) or wb
    if kind in NAME_KINDS or kind is None:
        short, long = sorted((wa, wb), key=len)
        # Every word of the shorter name matches a word of the longer one: 'Tchaikovsky' / 'Pyotr Tchaikovski'.
        return all(any(similar_word(s, l) for l in long) for s in short)
    return False
