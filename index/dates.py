"""Dates: an article's publication date, and date expressions resolved against it.

News reports past events, so an expression without a full date is read backwards from the
anchor (the publication date): "on Friday" is the most recent Friday on or before it, "16 May"
the latest 16 May not after it. "Earlier"/"ago" expressions count from the anchor too, which is
right when, as usual, the reported event happened on the publication date.

English only and deterministic: regexes for the forms news text uses; dateparser only for
free-form `published` metadata (never the network: no language detection, no relative dates).
"""

from __future__ import annotations

import re
from calendar import month_name
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from index.documents import Article

OPENING_CHARS = 300  # a dateline or "On 23 May 2025, …" is in the first lines; later dates are events

Precision = Literal["day", "week", "month", "year"]
Found = tuple[date, Precision] | None

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "yesterday": -1, "last night": -1, "tomorrow": 1}

_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY = "|".join(WEEKDAYS)

# A full date in running text: "23 May 2025", "May 23, 2025", "2025-05-23".
_FULL_DATES = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
# Whole expressions, after `_normalise`.
_DAY_DATES = [
    re.compile(rf"(?:(?:{_WEEKDAY}),?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"),
    re.compile(rf"(?:(?:{_WEEKDAY}),?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
]
_MONTH_DATES = [re.compile(rf"{_MONTH}(?:,?\s+{_YEAR})?"), re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")]
_YEAR_ONLY = re.compile(_YEAR)
_WEEKDAY_REF = re.compile(rf"(?:(?P<which>last|next)\s+)?(?P<weekday>{_WEEKDAY})")
_CALENDAR_REF = re.compile(r"(?P<which>last|previous|this|next)\s+(?P<unit>week|month|year)")
_COUNT_REF = re.compile(rf"(?P<count>\d+|{'|'.join(NUMBERS)})\s+(?P<unit>day|week|month|year)s?\s+"
                        r"(?P<direction>ago|earlier|before|previously|later|after)")
# Words around a date that do not change which date it is ("just one week earlier", "mid-May").
_LEADING = re.compile(r"^(?:(?:on|in|at|by|since|from|until|during|as of|just|only|about|around|"
                      r"early|earlier|late|later|mid|the)\b[\s-]*)+")
_PART_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night)$")


@dataclass(frozen=True)
class ResolvedDate:
    """An absolute date, how precisely it is known, and the expression it came from (verbatim)."""

    value: date  # first day of the month/year for coarser precisions; a day inside the week for "week"
    precision: Precision
    text: str

    @property
    def display(self) -> str:
        day = f"{self.value.day} {month_name[self.value.month]} {self.value.year}"
        return {"day": day, "week": f"week of {day}", "month": f"{month_name[self.value.month]} {self.value.year}",
                "year": str(self.value.year)}[self.precision]


def publication_date(text: str, published: str | None) -> date | None:
    """The article's date: its `published` metadata when that parses, else the first full date
    (day, month and year) in the opening characters — a dateline or "On 23 May 2025, …"."""
    return (_parse_published(published) if published else None) or _first_full_date(text[:OPENING_CHARS])


def with_publication_date(article: Article) -> Article:
    """`article` with `published` filled (ISO date) from its opening when the metadata has none, so
    the index stores every article's anchor. Deterministic, so fingerprints of re-loaded copies match."""
    if article.published:
        return article
    found = publication_date(article.text, None)
    return replace(article, published=found.isoformat()) if found else article


def resolve(expression: str, anchor: date | None) -> ResolvedDate | None:
    """`expression` ("on Friday", "one week earlier", "16 May", "July 2024") as an absolute date.

    Relative expressions and dates without a year need `anchor`; full dates do not. None when the
    expression is not a date this module understands ("the coming days", "a few weeks ago").
    """
    text = _normalise(expression)
    relative = (_day_word, _weekday, _calendar_unit, _counted) if anchor is not None else ()
    for rule in (*relative, _absolute_day, _absolute_month, _absolute_year):
        try:
            found = rule(text, anchor)
        except (OverflowError, ValueError):  # outside years 1-9999: "5000 years ago" from a 0001-01-01 anchor
            found = None
        if found:
            return ResolvedDate(found[0], found[1], expression)
    return None


# Metadata dates read without dateparser (which costs ~5 ms a call, more under load, and was
# called for every cited article of every answer): ISO, then these year-first forms.
_PUBLISHED_FORMATS = ("%Y/%m/%d", "%Y.%m.%d")


@lru_cache(maxsize=65_536)  # the same few thousand articles are cited again and again
def _parse_published(published: str) -> date | None:
    value = published.strip()
    try:
        return datetime.fromisoformat(value).date()  # the common case, without dateparser's cost
    except ValueError:
        pass
    for layout in _PUBLISHED_FORMATS:
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            pass
    import dateparser  # only free-form metadata needs it; importing costs ~0.25 s

    parsed = dateparser.parse(value, languages=["en"], settings={
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # "yesterday" is no publication date
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,  # the date as the publisher wrote it, not shifted to UTC
    })
    return parsed.date() if parsed else None


def _first_full_date(opening: str) -> date | None:
    matches = sorted((m for p in _FULL_DATES for m in p.finditer(opening)), key=lambda m: m.start())
    for m in matches:
        if not m["month"][0].islower():  # "may 2025" in running text is a verb, not a month
            found = _make_date(int(m["year"]), _month_number(m["month"]), int(m["day"]))
            if found:
                return found
    return None


def _normalise(expression: str) -> str:
    text = re.sub(r"\s+", " ", expression.lower()).strip(" ,.;:")
    text = _LEADING.sub("", text)
    return text if text in DAY_WORDS else _PART_OF_DAY.sub("", text)


def _day_word(text: str, anchor: date) -> Found:
    offset = DAY_WORDS.get(text)
    return (anchor + timedelta(days=offset), "day") if offset is not None else None


def _weekday(text: str, anchor: date) -> Found:
    """Bare or "on Friday": on or before the anchor; "last Friday": before it; "next Friday": after it."""
    m = _WEEKDAY_REF.fullmatch(text)
    if not m:
        return None
    target = WEEKDAYS.index(m["weekday"])
    if m["which"] == "next":
        return anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7), "day"
    back = (anchor.weekday() - target) % 7
    return anchor - timedelta(days=back or (7 if m["which"] == "last" else 0)), "day"


def _calendar_unit(text: str, anchor: date) -> Found:
    m = _CALENDAR_REF.fullmatch(text)
    if not m:
        return None
    step = {"last": -1, "previous": -1, "this": 0, "next": 1}[m["which"]]
    if m["unit"] == "week":
        return anchor + timedelta(weeks=step), "week"
    if m["unit"] == "month":
        return _shift_months(anchor, step), "month"
    return date(anchor.year + step, 1, 1), "year"


def _counted(text: str, anchor: date) -> Found:
    """"two days ago", "one week earlier", "three months ago": weeks count as days, 7 of them."""
    m = _COUNT_REF.fullmatch(text)
    if not m:
        return None
    count = int(m["count"]) if m["count"].isdigit() else NUMBERS[m["count"]]
    step = count if m["direction"] in {"later", "after"} else -count
    if m["unit"] in {"day", "week"}:
        return anchor + timedelta(days=step * (7 if m["unit"] == "week" else 1)), "day"
    if m["unit"] == "month":
        return _shift_months(anchor, step), "month"
    return date(anchor.year + step, 1, 1), "year"


def _absolute_day(text: str, anchor: date | None) -> Found:
    m = next(filter(None, (p.fullmatch(text) for p in _DAY_DATES)), None)
    if not m:
        return None
    month, day = _month_number(m["month"]), int(m["day"])
    if m["year"]:
        found = _make_date(int(m["year"]), month, day)
        return (found, "day") if found else None
    if anchor is None:
        return None
    # No year: the latest such day not after the anchor (29 February may skip back a year).
    for year in (anchor.year, anchor.year - 1):
        found = _make_date(year, month, day)
        if found and found <= anchor:
            return found, "day"
    return None


def _absolute_month(text: str, anchor: date | None) -> Found:
    m = next(filter(None, (p.fullmatch(text) for p in _MONTH_DATES)), None)
    if not m:
        return None
    month = _month_number(m["month"])
    if not 1 <= month <= 12:
        return None
    if m["year"]:
        return date(int(m["year"]), month, 1), "month"
    if anchor is None:
        return None
    return date(anchor.year if month <= anchor.month else anchor.year - 1, month, 1), "month"


def _absolute_year(text: str, anchor: date | None) -> Found:
    m = _YEAR_ONLY.fullmatch(text)
    return (date(int(m["year"]), 1, 1), "year") if m else None


def _month_number(month: str) -> int:
    return int(month) if month.isdigit() else [n.lower()[:3] for n in month_name].index(month[:3].lower())


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_months(anchor: date, months: int) -> date:
    total = anchor.year * 12 + anchor.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def published(snapshot, doc_id: str) -> date | None:
    """The publication date of a document of an index snapshot (`index.store.Snapshot`): its metadata's,
    else the one its text states (`publication_date`); worked out once per snapshot (its memo)."""
    key = ("published", doc_id)
    if key not in snapshot.memo:
        article = snapshot.documents[doc_id]
        snapshot.memo[key] = publication_date(article.text, article.published)
    return snapshot.memo[key]
