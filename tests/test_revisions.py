"""Updates and corrections: the latest value stands, earlier ones are superseded, not conflicts."""

from __future__ import annotations

from datetime import date

import pytest

from service.revisions import Mention, names_an_article, order, role


def _role(sentence: str, value: str, nth: int = 0) -> str:
    start = -1
    for _ in range(nth + 1):
        start = sentence.index(value, start + 1)
    return role(sentence, start, start + len(value))


@pytest.mark.parametrize("sentence,value,expected", [
    ("The death toll rose to 14 on Wednesday, up from nine reported on Monday.", "14", "current"),
    ("The death toll rose to 14 on Wednesday, up from nine reported on Monday.", "nine", "old"),
    ("Officials had earlier reported 9 deaths.", "9", "old"),
    ("The reopening is now expected on 3 June.", "3 June", "current"),
    ("The reopening has been pushed back to 3 June from 12 May.", "3 June", "current"),
    ("Attendance climbed from 1,200 to 1,450.", "1,200", "old"),
    ("Attendance climbed from 1,200 to 1,450.", "1,450", "current"),
    ("An earlier version of this article wrongly attributed the quote to Tomas Brill.", "Tomas Brill", "retracted"),
    ("The quote was wrongly attributed to Tomas Brill; it was said by Ana Petit.", "Ana Petit", "current"),
    ("It was said by Ana Petit, not Tomas Brill.", "Tomas Brill", "retracted"),
    ("Correction: the remark was made by Ana Petit.", "Ana Petit", "current"),
    ("Police said 8,000 people took part, while organisers said 25,000.", "8,000", "plain"),
    ("Police said 8,000 people took part, while organisers said 25,000.", "25,000", "plain"),
    ("The bridge will cost €52million, the council said.", "€52million", "plain"),
    ("Correction: Our report of 3 May on the new depot stated that it would cost £14m.", "£14m", "retracted"),
    ("Our story on the vote, published on Monday, said that the leader had served for six years.", "six years", "retracted"),
    ("The correct cost of the project is £41m, according to the papers.", "£41m", "current"),
    ("It had originally been due to reopen on 15 March.", "15 March", "old"),
    ("Visitor numbers have risen to 31,000, up from the 9,500 counted over the first weekend.", "9,500", "old"),
    ("Visitor numbers have risen to 31,000, up from the 9,500 counted over the first weekend.", "31,000", "current"),
    ("Total sales have risen to 19,500 copies, from about 12,000 before the award.", "about 12,000", "old"),
    ("Total sales have risen to 19,500 copies, from about 12,000 before the award.", "19,500", "current"),
    ("The firm revised its profit forecast again, to £28m, on Thursday.", "£28m", "current"),
    ("He arrived on Monday, from Paris.", "Paris", "plain"),  # ', from' marks an earlier figure only
    # a plan in the pluperfect was the earlier plan: 'had been due to open in September'
    ("The £27.5m centre had been due to open in September.", "September", "old"),
    # a figure in the pluperfect was the earlier figure
    ("The gap had been put at £14.5m when the budget was drawn up.", "£14.5m", "old"),
    ("Officials had valued it at £85m before the listing.", "£85m", "old"),
    ("The council put the cost at £4m.", "£4m", "plain"),
    ("The vote had been expected to take place on 4 May.", "4 May", "old"),
    ("The centre has been due to open since 2024.", "2024", "plain"),
    ("The library is due to open in September.", "September", "plain"),
    ("He has had his suspension reduced to two matches after an appeal.", "two matches", "current"),
    ("The council has cut the grant to £2m.", "£2m", "current"),
    ("The original disciplinary panel had banned him for four matches.", "four matches", "old"),
    ("The previous owners had paid £4m for the site.", "£4m", "old"),
    ("The first panel banned him for four matches.", "four matches", "plain"),
    # who reports a change is not the value it changes to
    ("Weekly journeys have since risen to 14,600, according to Westway Rail.", "Westway Rail", "plain"),
    ("Weekly journeys have since risen to 14,600, Westway Rail said.", "Westway Rail", "plain"),
    ("Weekly journeys have since risen to 14,600, according to Westway Rail.", "14,600", "current"),
    # a plan in the pluperfect, its date after 'for'/'on'
    ("The first flight had been planned for 1 June.", "1 June", "old"),
    ("The hearing had been scheduled on 4 March.", "4 March", "old"),
    # 'first' before a noun is no earlier schedule: 'its first scheduled flights'
    ("The airport is to get its first scheduled flights after the airline announced a route starting on 1 June.", "1 June", "plain"),
    ("The figure was first reported as 40.", "40", "old"),
    # a running figure taken or brought to a level: the value right after the last 'to'
    ("It will close the warehouse too, taking the number of jobs to be lost in the town to 385.", "385", "current"),
    ("The slip brought the death toll to 15, police said.", "15", "current"),
    ("The firm took the number of staff to court in 2020.", "2020", "plain"),
])
def test_role(sentence, value, expected):
    assert _role(sentence, value) == expected


def test_the_next_sentence_can_retract():
    sentence = "The mayor had sat on the council for six years."
    start = sentence.index("six years")
    assert role(sentence, start, start + 9, "That was incorrect. She has served for nine.") == "retracted"
    assert role(sentence, start, start + 9, "That figure was wrong.") == "retracted"
    assert role(sentence, start, start + 9, "She was first elected in 2020.") == "plain"
    quoted = "The chair of the judges, Lucan Esterby, said the book would last."
    start = quoted.index("Lucan Esterby")
    assert role(quoted, start, start + 13, "The remark was wrongly attributed to him.") == "retracted"
    assert role(quoted, start, start + 13, "The words were not his.") == "retracted"
    assert role(quoted, start, start + 13, "The remark was widely reported.") == "plain"


def test_a_value_naming_the_corrected_report_is_not_retracted():
    notice = ("Correction: Our report of 12 October on the fire at the factory in Kettleby Cross said that the fire "
              "broke out in the packing warehouse.")
    for value, verdict in (("Kettleby Cross", "plain"), ("12 October", "plain"), ("the packing warehouse", "retracted")):
        start = notice.index(value)
        assert role(notice, start, start + len(value), "That was wrong.") == verdict


@pytest.mark.parametrize("sentence,value,expected", [
    ("Correction: Our article of 15 July about the hosepipe ban quoted the wrong person.", "15 July", True),
    ("An article we published on 8 October, supplied by an agency, misnamed the judge.", "8 October", True),
    ("The hosepipe ban starts on 15 July, the company said.", "15 July", False),
])
def test_a_date_naming_an_article_is_no_answer(sentence, value, expected):
    assert names_an_article(sentence, sentence.index(value)) is expected


D = date.fromisoformat


def test_a_later_update_supersedes_and_is_no_conflict():
    mentions = [Mention("9", "mon", D("2026-03-02"), "plain"), Mention("9", "mon-b", D("2026-03-02"), "plain"),
                Mention("14", "wed", D("2026-03-04"), "current"), Mention("9", "wed", D("2026-03-04"), "old")]
    timeline = order(["9", "14"], mentions)  # the first report has more sources: it ranks first
    assert timeline.standing == ["14"]
    assert timeline.superseded == {"9": "14"}
    assert not timeline.supports("9", "wed")


def test_an_update_cue_without_a_mention_of_the_old_value():
    mentions = [Mention("12 May", "a", D("2026-04-01"), "plain"), Mention("3 June", "b", D("2026-04-20"), "current")]
    assert order(["12 May", "3 June"], mentions).standing == ["3 June"]
    # The same words published before the first report change nothing: it is the older news.
    earlier = [Mention("12 May", "a", D("2026-04-01"), "plain"), Mention("3 June", "b", D("2026-03-20"), "current")]
    assert order(["12 May", "3 June"], earlier).standing == ["12 May", "3 June"]


def test_different_values_without_change_language_stay_a_conflict():
    mentions = [Mention("8,000", "police", D("2026-05-01"), "plain"), Mention("25,000", "organisers", D("2026-05-02"), "plain")]
    timeline = order(["8,000", "25,000"], mentions)
    assert timeline.standing == ["8,000", "25,000"] and not timeline.superseded


def test_a_correction_never_supports_what_it_retracts():
    mentions = [Mention("Brill", "story", D("2026-06-01"), "plain"),
                Mention("Brill", "correction", D("2026-06-02"), "retracted"),
                Mention("Petit", "correction", D("2026-06-02"), "current")]
    timeline = order(["Brill", "Petit"], mentions)
    assert timeline.standing == ["Petit"]
    assert timeline.superseded == {"Brill": "Petit"}
    assert not timeline.supports("Brill", "correction") and timeline.supports("Brill", "story")


def test_an_old_mention_older_than_a_restatement_does_not_supersede():
    # "up from 9" on Monday, but Friday's article states 9 again as the figure: 9 stands.
    mentions = [Mention("9", "mon", D("2026-03-02"), "old"), Mention("9", "fri", D("2026-03-06"), "plain")]
    assert order(["9"], mentions).standing == ["9"]


def test_unknown_dates_do_not_block_explicit_markers():
    mentions = [Mention("9", "a", None, "plain"), Mention("14", "b", None, "current"), Mention("9", "b", None, "old")]
    assert order(["9", "14"], mentions).standing == ["14"]


def test_dates_in_sentences_about_the_future_look_ahead():
    from index.dates import resolve
    from service.revisions import looking_ahead

    anchor = D("2026-02-12")
    ahead = looking_ahead(resolve("3 May", anchor), "The fair will open on 3 May, organisers said.", anchor)
    assert ahead.value == D("2026-05-03")
    past = looking_ahead(resolve("3 May", anchor), "The fair opened on 3 May.", anchor)
    assert past.value == D("2025-05-03")
    given = looking_ahead(resolve("3 May 2025", anchor), "It will be remembered that on 3 May 2025 it rained.", anchor)
    assert given.value == D("2025-05-03")


def test_a_change_cue_governs_only_the_value_it_changes_to():
    sentence = "Visitor numbers have risen to 31,000 in its first two weeks, the museum said on Friday."
    assert _role(sentence, "31,000") == "current"
    assert _role(sentence, "its first two weeks") == "plain"
    assert _role(sentence, "Friday") == "plain"
    assert _role("The bridge is now expected to reopen on 12 April, the council said.", "12 April") == "current"


@pytest.mark.parametrize("weekday,expected", [("Saturday", date(2026, 9, 19)), ("Thursday", date(2026, 9, 17)),
                                               ("Monday", date(2026, 9, 21)), ("Wednesday", date(2026, 9, 16))])
def test_a_weekday_in_a_future_sentence_is_the_coming_one(weekday, expected):
    """Published on Wednesday 16 September 2026: 'now expected to resume on Saturday' is 19 September,
    not a Saturday a year on; the same day stays the same day."""
    from index.dates import resolve
    from service.revisions import looking_ahead

    anchor = date(2026, 9, 16)
    resolved = looking_ahead(resolve(weekday, anchor), f"Services are now expected to resume on {weekday}.", anchor)
    assert resolved.value == expected
    past = looking_ahead(resolve(weekday, anchor), f"Services resumed on {weekday}.", anchor)
    assert past.value <= anchor


def test_a_retracted_report_said_that_it_was_is_still_retracted():
    sentence = "Correction: Our article of 10 July said that it was collected on the flanks of the Skerryvane Bank."
    i = sentence.index("the Skerryvane Bank")
    assert role(sentence, i, i + len("the Skerryvane Bank")) == "retracted"
    fix = "Our report wrongly named Tom Hale. It was made by the mayor, Piet Hallam."
    j = fix.index("Piet Hallam")
    assert role(fix, j, j + len("Piet Hallam")) == "current"


# Session 16 (corrob10): a post filled anew, its earlier holder, verbs of change our cues lacked, an
# appended amendment note, a correction whose report 'said it was …'.
@pytest.mark.parametrize("sentence,value,expected", [
    ("Orlbury Hospitals Trust has appointed Rhodri Fane as its new chief executive, after Dr Imogen Sallis stepped down.",
     "Rhodri Fane", "current"),
    ("Orlbury Hospitals Trust has appointed Rhodri Fane as its new chief executive, after Dr Imogen Sallis stepped down.",
     "Dr Imogen Sallis", "old"),
    ("The trust's new chief executive, Rhodri Fane, said waiting times would fall.", "Rhodri Fane", "current"),
    ("The club named Ann Lee as captain.", "Ann Lee", "plain"),  # no post filled anew
    ("The team will be led by Ann Lee, replacing Bob Dunn.", "Bob Dunn", "old"),
    ("Bob Dunn was replaced by Ann Lee in May.", "Ann Lee", "plain"),  # 'replaced by' names the new holder
    ("Bob Dunn was replaced by Ann Lee in May.", "Bob Dunn", "old"),
    ("The new bridge, replacing the old one, cost £5m.", "£5m", "plain"),  # only right beside a name
    ("The Fellbeck Folk Festival has been switched to Quarry Fields after heavy rain.", "Quarry Fields", "current"),
    ("The number of people hurt in the crash has gone up to seven, police said.", "seven", "current"),
    ("This article was amended on 3 March 2026: the full hearing will take place on 14 April.", "14 April", "current"),
    ("Our report has been amended online, and the register will be shown on 4 May.", "4 May", "plain"),
    ("Correction: Our report on 5 November about the pile-up said it was the worst crash on the road since it "
     "opened in 2009.", "2009", "retracted"),
    ("Our report said the fire started at 9pm, but it was 10pm.", "10pm", "current"),
])
def test_role_session_16(sentence, value, expected):
    assert _role(sentence, value) == expected


def test_an_amendment_note_ending_in_a_colon_corrects_the_next_sentence():
    from service.revisions import after_amendment_note
    assert after_amendment_note("adjourned on Monday.\n\nThis article was amended on 3 March 2026:")
    assert after_amendment_note("Update:")
    assert not after_amendment_note("The coroner said: ")
    assert not after_amendment_note("Our report has been amended online.")


def test_the_replacement_reported_as_the_change_goes_first():
    """'has appointed *Rhodri Fane* as its new chief executive, after Dr Imogen Sallis stepped down' — not the
    'Mr Fane' of the article's next sentence."""
    mentions = [Mention("sallis", "a", date(2026, 1, 12), "plain"), Mention("sallis", "b", date(2026, 3, 3), "old"),
                Mention("mr fane", "b", date(2026, 3, 3), "plain"), Mention("rhodri fane", "b", date(2026, 3, 3), "current")]
    timeline = order(["sallis", "mr fane", "rhodri fane"], mentions)
    assert timeline.superseded["sallis"] == "rhodri fane"
