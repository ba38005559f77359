"""Publication dates and date resolution: fast, no models."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
from types import SimpleNamespace
import pytest

from index.dates import ResolvedDate, publication_date, resolve, with_publication_date
from index.documents import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FRIDAY = date(2025, 5, 23)  # seeds/004's date, a Friday

# -- publication date ----------------------------------------------------------------------------


@pytest.mark.parametrize("published", [
    "2025-05-23", "2025-05-23T10:00:00Z", "2025-05-23T23:30:00-05:00", "Fri, 23 May 2025 10:00:00 +0000",
    "23 May 2025", "May 23, 2025", "05/23/2025",
])
def test_published_metadata_formats(published):
    assert publication_date("No date in this text.", published) == FRIDAY


def test_metadata_wins_over_the_text():
    assert publication_date("On 1 January 2020, something happened.", "2025-05-23") == FRIDAY


@pytest.mark.parametrize("published", ["yesterday", "2025", "not a date", ""])
def test_unusable_metadata_falls_back_to_the_text(published):
    assert publication_date("On 23 May 2025, talks began.", published) == FRIDAY
    assert publication_date("Talks began on Friday.", published) is None


@pytest.mark.parametrize("text", [
    "On 23 May 2025, Ukraine and Russia began the exchange.",
    "Prisoner swap begins\nMay 23, 2025 — Ukraine and Russia began the exchange.",
    "Prisoner swap begins\nBy A. Reporter | Friday 23rd May, 2025\nThe exchange began.",
    "KYIV (2025-05-23) - The exchange began.",
    "On 23 May 2025, the largest swap since the invasion of 24 February 2022 began.",  # the first one
    "On 31 June 2025 (sic), then on 23 May 2025, talks began.",  # an impossible date is skipped
])
def test_full_date_in_the_opening(text):
    assert publication_date(text, None) == FRIDAY


@pytest.mark.parametrize("text", [
    "KYIV, May 23 (Reuters) - Ukraine and Russia began the exchange.",  # dateline without a year
    "Ukraine and Russia exchanged prisoners on Friday, a week after talks.",
    "The invasion began in February 2022.",  # no day
    "Officials said talks may 12 2025 resume.",  # lowercase "may" is the verb
    "Filler sentence about the exchange. " * 12 + "It happened on 23 May 2025.",  # past the opening
])
def test_no_full_date_in_the_opening(text):
    assert publication_date(text, None) is None


@pytest.mark.parametrize("name, expected", [
    ("000_cd4280518ffbe4fa.txt", None),
    ("001_c8491e38a7d8bf10.txt", None),
    ("002_0099220ac315c304.txt", None),
    ("003_73e1731ad78e38dc.txt", None),
    ("004_d9990e0c69552160.txt", FRIDAY),
])
def test_seed_publication_dates(name, expected):
    assert publication_date((SEEDS / name).read_text(encoding="utf-8"), None) == expected


def test_with_publication_date_fills_only_when_absent():
    dated = Article("a", "T", "On 23 May 2025, talks began.")
    assert with_publication_date(dated).published == "2025-05-23"
    given = Article("b", "T", "On 23 May 2025, talks began.", published="Fri, 30 May 2025 08:00:00 GMT")
    assert with_publication_date(given) is given  # metadata is never rewritten
    undated = Article("c", "T", "Talks began on Friday.")
    assert with_publication_date(undated) is undated


def test_reingesting_an_article_with_a_derived_date_is_unchanged(tmp_path, monkeypatch):
    """The stored copy carries the filled date; the same file loaded again must still match it."""
    from index import pipeline
    from index.embed import DIMENSION
    from index.store import ProcessedDocument

    def fake_stream(articles, embedder):
        empty = np.zeros((0, DIMENSION), np.float32)
        yield [ProcessedDocument(a, [], [], empty, empty) for a in articles]

    monkeypatch.setattr(pipeline, "stream", fake_stream)
    loaded = [Article("dated", "Swap", "On 23 May 2025, talks began."), Article("undated", "Swap", "Talks began.")]
    indexer = pipeline.Indexer(tmp_path, embedder=SimpleNamespace(name="fake"))
    assert sorted(indexer.add(loaded).added) == ["dated", "undated"]
    assert indexer.snapshot.documents["dated"].published == "2025-05-23"
    assert indexer.snapshot.documents["undated"].published is None
    for again in (indexer, pipeline.Indexer(tmp_path, embedder=SimpleNamespace(name="fake"))):  # in memory and from disk
        report = again.add(loaded)
        assert sorted(report.unchanged) == ["dated", "undated"] and not report.added and not report.replaced
    changed = Article("dated", "Swap", "On 24 May 2025, talks began.")
    assert indexer.add([changed]).replaced == ["dated"]
    assert indexer.snapshot.documents["dated"].published == "2025-05-24"


# -- resolution ----------------------------------------------------------------------------------


@pytest.mark.parametrize("expression, value, precision", [
    ("on Friday", date(2025, 5, 23), "day"),  # the anchor itself is a Friday
    ("Friday", date(2025, 5, 23), "day"),
    ("Friday night", date(2025, 5, 23), "day"),
    ("last Friday", date(2025, 5, 16), "day"),
    ("next Friday", date(2025, 5, 30), "day"),
    ("on Thursday", date(2025, 5, 22), "day"),
    ("Saturday", date(2025, 5, 17), "day"),  # news reports the past: not the next day
    ("yesterday", date(2025, 5, 22), "day"),
    ("last night", date(2025, 5, 22), "day"),
    ("today", date(2025, 5, 23), "day"),
    ("tomorrow", date(2025, 5, 24), "day"),
    ("this week", date(2025, 5, 23), "week"),
    ("earlier this week", date(2025, 5, 23), "week"),
    ("last week", date(2025, 5, 16), "week"),
    ("one week earlier", date(2025, 5, 16), "day"),
    ("just one week earlier", date(2025, 5, 16), "day"),
    ("a week ago", date(2025, 5, 16), "day"),
    ("two days ago", date(2025, 5, 21), "day"),
    ("3 days later", date(2025, 5, 26), "day"),
    ("two months ago", date(2025, 3, 1), "month"),
    ("last month", date(2025, 4, 1), "month"),
    ("this month", date(2025, 5, 1), "month"),
    ("last year", date(2024, 1, 1), "year"),
    ("16 May", date(2025, 5, 16), "day"),
    ("May 16", date(2025, 5, 16), "day"),
    ("on the 16th of May", date(2025, 5, 16), "day"),
    ("24 May", date(2024, 5, 24), "day"),  # would be after the anchor: the previous year
    ("in March", date(2025, 3, 1), "month"),
    ("December", date(2024, 12, 1), "month"),
    ("23 May 2025", date(2025, 5, 23), "day"),
    ("Friday, 23 May 2025", date(2025, 5, 23), "day"),
    ("May 23rd, 2025", date(2025, 5, 23), "day"),
    ("2025-05-23", date(2025, 5, 23), "day"),
    ("July 2024", date(2024, 7, 1), "month"),
    ("in February 2022", date(2022, 2, 1), "month"),
    ("Sept. 2024", date(2024, 9, 1), "month"),
    ("2022", date(2022, 1, 1), "year"),
])
def test_resolve_against_a_friday(expression, value, precision):
    assert resolve(expression, FRIDAY) == ResolvedDate(value, precision, expression)


@pytest.mark.parametrize("anchor, expression, value", [
    (date(2025, 5, 21), "Wednesday", date(2025, 5, 21)),  # anchor's own weekday: the anchor
    (date(2025, 5, 21), "last Wednesday", date(2025, 5, 14)),
    (date(2025, 5, 21), "Friday", date(2025, 5, 16)),
    (date(2025, 6, 2), "Friday", date(2025, 5, 30)),  # across a month boundary
    (date(2025, 6, 1), "yesterday", date(2025, 5, 31)),
    (date(2025, 3, 1), "two days ago", date(2025, 2, 27)),
    (date(2025, 1, 1), "yesterday", date(2024, 12, 31)),  # across a year boundary
    (date(2025, 1, 2), "Friday", date(2024, 12, 27)),
    (date(2025, 1, 2), "one week earlier", date(2024, 12, 26)),
    (date(2025, 1, 2), "16 May", date(2024, 5, 16)),
    (date(2025, 1, 2), "2 January", date(2025, 1, 2)),  # the anchor day itself is not "after" it
    (date(2025, 3, 1), "29 February", date(2024, 2, 29)),  # only a leap year has one
])
def test_resolve_edges(anchor, expression, value):
    resolved = resolve(expression, anchor)
    assert resolved is not None and resolved.value == value


@pytest.mark.parametrize("anchor, expression, value, precision", [
    (date(2025, 1, 2), "last month", date(2024, 12, 1), "month"),
    (date(2025, 1, 2), "December", date(2024, 12, 1), "month"),
    (date(2025, 1, 2), "last week", date(2024, 12, 26), "week"),
    (date(2025, 1, 2), "last year", date(2024, 1, 1), "year"),
    (date(2025, 12, 31), "next month", date(2026, 1, 1), "month"),
])
def test_resolve_coarse_edges(anchor, expression, value, precision):
    assert resolve(expression, anchor) == ResolvedDate(value, precision, expression)


def test_without_an_anchor_only_full_dates_resolve():
    assert resolve("23 May 2025", None) == ResolvedDate(FRIDAY, "day", "23 May 2025")
    assert resolve("July 2024", None) == ResolvedDate(date(2024, 7, 1), "month", "July 2024")
    for expression in ("Friday", "yesterday", "this week", "16 May", "December", "two days ago"):
        assert resolve(expression, None) is None


@pytest.mark.parametrize("expression", [
    "the coming days", "a few days ago", "recently", "31 June", "2025-13", "390", "", "this Friday",
])
def test_unresolvable(expression):
    assert resolve(expression, FRIDAY) is None


def test_display_by_precision_and_verbatim_text():
    assert resolve("On Friday,", FRIDAY).display == "23 May 2025"
    assert resolve("On Friday,", FRIDAY).text == "On Friday,"
    assert resolve("earlier this week", FRIDAY).display == "week of 23 May 2025"
    assert resolve("last month", FRIDAY).display == "April 2025"
    assert resolve("2022", FRIDAY).display == "2022"
