"""Corroboration end to end, on small stories written for these tests (fictional places and people):
one value in two forms agrees, reprints count once, later reports supersede, corrections retract,
different figures without change language conflict (attributed and dated), the asked attribute is
checked, and `as_of` answers as things stood. Real index, real model."""

from __future__ import annotations

from datetime import date

import pytest

from index.documents import Article

STORIES = [
    # Agreement in different forms, two outlets.
    Article("bridge-a", "Council backs Tarnow bridge", "Tarnow council on Tuesday approved a new road bridge over the river "
            "Sella. The bridge will cost €52million and take three years to build, the council said. Work is due to "
            "start in the spring after a six-week consultation with residents of the old town.",
            published="2026-04-07", source="Tarnow Gazette"),
    Article("bridge-b", "Green light for Sella crossing", "Councillors in Tarnow have voted through plans for a road "
            "bridge across the Sella, at a projected cost of 52m euros. A consultation lasting six weeks will be held "
            "before construction begins. Opposition members said the town's tram line needed the money more.",
            published="2026-04-08", source="Sella Valley News"),
    # A toll that a later report revises, and a later correction of who said a quote.
    Article("flood-1", "Floods hit Brannick", "Flash floods swept through the hill town of Brannick on Sunday night. "
            "Emergency services said nine people had died and dozens of homes were damaged. \"We have never seen water "
            "move this fast,\" said the fire chief, Oren Halloway. Roads into the town remain closed.",
            published="2026-09-14", source="Brannick Herald"),
    Article("flood-2", "Brannick flood toll rises", "The death toll from the Brannick floods has risen to 14, up from the "
            "nine reported on Monday, after rescuers reached cut-off farms in the upper valley. The regional governor "
            "declared three days of mourning. Engineers are checking the dam above the town.",
            published="2026-09-16", source="Coastal Wire"),
    Article("flood-3", "Correction: Brannick flood report", "Correction: An earlier version of our report on the Brannick "
            "floods wrongly attributed the remark that water had never moved this fast to the fire chief, Oren Halloway. "
            "It was made by the mayor, Ilsa Marron. We apologise for the error.",
            published="2026-09-15", source="Brannick Herald"),
    # A date moved by a later article.
    Article("fair-1", "Ostvik book fair date set", "The Ostvik book fair will open on 3 May, organisers announced on "
            "Thursday. More than 200 publishers have booked stands in the old customs hall.",
            published="2026-02-12", source="Ostvik Post"),
    Article("fair-2", "Ostvik book fair postponed", "The Ostvik book fair has been postponed to 21 June because repairs to "
            "the roof of the customs hall will not be finished in time, the organisers said on Monday.",
            published="2026-03-30", source="Northern Arts Review"),
    # A genuine conflict, attributed.
    Article("march-1", "Thousands march in Lindor", "Police said 8,000 people joined the march through central Lindor on "
            "Saturday against the closure of the city's maternity unit. The march passed off peacefully.",
            published="2026-05-02", source="Lindor Evening News"),
    Article("march-2", "Lindor maternity protest", "Organisers said 25,000 people joined Saturday's march in Lindor "
            "against the planned closure of the maternity unit, the largest protest in the city for a decade.",
            published="2026-05-03", source="Campaign Weekly"),
    # One wire story carried by three outlets, and one independent report.
    *[Article(f"hoard-{i}", f"Gold rings found at Pellam {i}", "A farmer ploughing a field near Pellam has found a hoard of "
              "forty gold rings, archaeologists said on Wednesday. The rings were buried in a lead box about two metres "
              "below the surface and probably date from the ninth century. The county museum hopes to put them on "
              f"display next year.{tail}", published="2026-07-08", source=outlet)
      for i, (outlet, tail) in enumerate([("Wire One", ""), ("Pellam Courier", " The find was reported to the coroner."),
                                          ("Shire Daily", " Detectorists have been asked to stay away.")])],
    Article("hoard-own", "Pellam's buried treasure", "Forty gold rings turned up in a Pellam field this week, a find that "
            "has delighted the county museum. Its keeper said the rings, packed in a lead box, were a thousand years old.",
            published="2026-07-09", source="Heritage Monthly"),
    # More ways of reporting a change.
    Article("evac-1", "Wildfire near Darrow", "About 2,100 people were evacuated from villages east of Darrow on "
            "Tuesday as a wildfire spread through the pine forest, the regional fire service said.",
            published="2026-08-04", source="Darrow Times"),
    Article("evac-2", "Darrow fire: evacuations widen", "The number of people evacuated from around Darrow now stands at "
            "3,400 after the wind turned overnight. Firefighters from three neighbouring regions have joined the effort.",
            published="2026-08-06", source="National Radio News"),
    Article("jobs-1", "Kerrin Motors to cut jobs", "Kerrin Motors will cut 300 jobs at its Alsby plant, the carmaker "
            "said in March, blaming weak demand for its diesel vans.", published="2026-03-10", source="Alsby Echo"),
    Article("jobs-2", "More job losses at Kerrin", "Kerrin Motors now expects to cut 450 jobs at the Alsby plant, more "
            "than it announced in March, as sales of its vans keep falling.", published="2026-06-18", source="Trade Daily"),
    Article("gig-1", "Harbour concert announced", "The harbour concert, with the city orchestra, is planned for 4 July "
            "and tickets go on sale next week.", published="2026-05-01", source="Velm Post"),
    Article("gig-2", "Harbour concert moved", "The harbour concert, originally planned for 4 July, will now take place on "
            "18 July because of works on the quay, the city council said.", published="2026-06-02", source="Velm Post"),
    # A storm without a measured speed.
    Article("storm", "Storm Kelda batters coast", "Storm Kelda brought down trees and power lines along the Vell coast "
            "overnight. The storm forced the cancellation of all ferries, and schools in three districts stayed shut.",
            published="2026-11-02", source="Vell Coast News"),
]
IDS = [a.doc_id for a in STORIES]


@pytest.fixture(scope="module")
def stories(seed_index_dir, desk, tmp_path_factory):
    import shutil

    from service.engine import Newsdesk

    target = tmp_path_factory.mktemp("stories") / "index"
    shutil.copytree(seed_index_dir, target)
    news = Newsdesk(target, embedder=desk.embedder)
    news.add(STORIES)
    return news


def _ask(news, question, **kw):
    return news.ask(question, doc_ids=kw.pop("doc_ids", IDS), **kw)


def test_one_value_in_two_forms_is_agreement(stories):
    answer = _ask(stories, "How much will the Tarnow bridge cost?")
    assert answer.answer == "€52million"
    assert answer.support[0].sources == 2 and not answer.conflicts
    answer = _ask(stories, "How long will the consultation on the Tarnow bridge last?")
    assert answer.answer in {"six-week", "six weeks"} and answer.support[0].sources == 2 and not answer.conflicts


def test_a_later_report_supersedes_and_is_no_conflict(stories):
    answer = _ask(stories, "How many people died in the Brannick floods?")
    assert answer.answer == "14"
    assert [e.value for e in answer.superseded] == ["nine"] and not answer.conflicts
    assert answer.superseded[0].dates == ["2026-09-14"] and answer.support[0].dates == ["2026-09-16"]
    assert "superseded: nine (14 September 2026)" in answer.text


def test_as_of_answers_as_things_stood(stories):
    answer = _ask(stories, "How many people died in the Brannick floods?", as_of=date(2026, 9, 14))
    assert answer.answer == "nine" and not answer.superseded
    early = _ask(stories, "How many people died in the Brannick floods?", as_of=date(2026, 1, 1))
    assert early.abstained and "2026-01-01" in early.reason


def test_published_by_keeps_undated_and_earlier_articles(stories):
    from index.dates import published
    from service.answering.corroboration import published_by

    snapshot = stories.snapshot
    for day in (date(2026, 1, 1), date(2026, 9, 14), date(2026, 9, 16), date(2030, 1, 1)):
        expected = [d for d in snapshot.documents if (p := published(snapshot, d)) is None or p <= day]
        assert published_by(snapshot, day) == expected
        some = list(snapshot.documents)[::2]
        assert published_by(snapshot, day, some) == [d for d in some if d in expected]


def test_a_moved_date(stories):
    answer = _ask(stories, "When will the Ostvik book fair open?")
    assert answer.answer == "21 June"
    assert [e.value for e in answer.superseded] == ["3 May"]


def test_a_correction_never_supports_what_it_retracts(stories):
    answer = _ask(stories, "Who said water had never moved this fast?")
    assert answer.answer in {"Ilsa Marron", "the mayor, Ilsa Marron"}
    for e in answer.support:
        assert "Halloway" not in e.value


def test_different_figures_conflict_attributed_with_dates(stories):
    answer = _ask(stories, "How many people joined the march in Lindor?")
    values = {answer.answer, *(e.value for e in answer.conflicts)}
    assert values == {"8,000", "25,000"}
    assert {e.attributed_to for e in answer.support + answer.conflicts} == {"Police", "Organisers"}
    assert "Police said 8,000" in answer.text and "Organisers said 25,000" in answer.text
    assert all(e.dates for e in answer.conflicts)


def test_reprints_count_once(stories):
    answer = _ask(stories, "How many gold rings were found near Pellam?")
    assert answer.answer.lower() in {"forty", "forty gold rings"}
    assert answer.support[0].articles == 4 and answer.support[0].sources == 2
    assert "reprints of the same story count once" in answer.text


def test_the_asked_attribute_is_checked(stories):
    answer = _ask(stories, "What was the top wind speed of Storm Kelda?")
    assert answer.abstained and "speed" in answer.reason


@pytest.mark.parametrize("question,now,before", [
    ("How many people were evacuated near Darrow?", "3,400", "2,100"),
    ("How many jobs will Kerrin Motors cut at the Alsby plant?", "450", "300"),
    ("When will the harbour concert take place?", "18 July", "4 July"),
])
def test_more_ways_of_reporting_a_change(stories, question, now, before):
    answer = _ask(stories, question)
    assert answer.answer == now, answer.text
    assert any(before in e.value for e in answer.superseded) and not answer.conflicts, answer.text
