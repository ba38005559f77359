"""Time and corrections: which of several values still stands.

Each value a source states carries its article's publication date. A later article that reports a
change ("rose to", "now expected", "revised", "moved to") supersedes what earlier articles said,
and a value a sentence marks as earlier or wrong ("up from 9", "an earlier version wrongly
attributed the quote to X", "initially reported") is superseded and never counts as support for
itself. Values that differ without such language stay a conflict.

General English cue lists only; nothing here knows a corpus.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

Role = Literal["plain", "current", "old", "retracted"]

# A change, and the value it changes to follows: 'rose to 14', 'now expected to reopen on 12 April'.
UPDATE_CUES = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:now\s+|since\s+)?)?(?:rose|risen|rises|rising|climbed|climbs|increased|jumped|grew|grown|"
    r"fell|fallen|dropped|declined|decreased|raised|lowered|reduced|cut|trimmed|halved|doubled|slashed|shortened|"
    r"lengthened|revised|upgraded|downgraded|updated|corrected|amended|"
    r"moved|pushed\s+back|brought\s+forward|postponed|delayed|rescheduled|extended|put\s+back|"
    r"switched|relocated|shifted|transferred|changed|soared|surged|swelled|(?:gone|went|going|goes)\s+(?:up|down))\b"
    r"(?:\s+\S+){0,4}?\s+(?:to|until|till|at|for)\b"  # 'revised its profit forecast again, to £33m'
    # a new account in the source's words: 'The company *now says* they will enter service in June'
    r"|\bnow\s+(?:says?|said|expects?|believes?|thinks?|estimates?|reckons?|predicts?)\s+(?:that\s+)?"
    r"(?:(?:it|they|he|she|this|there|the\s+[\w-]+)\s+)?"
    r"|\bnow\b"
    # where a running figure has got to: 'the number of people treated … stands at 17'
    r"|\b(?:number|total|toll|tally|count|figure)\b[^.;:]{0,100}?\b(?:stands|stood|sits)\s+at\b"
    # a running figure taken to a new level: 'taking the number of jobs to be lost in the town to 385',
    # 'bringing the death toll to 15' (the last 'to' before the figure, not an infinitive's)
    r"|\b(?:tak(?:e|es|ing)|took|bring(?:s|ing)?|brought|push(?:es|ing)?|pushed)\s+(?:the|its|their)\s+(?:\w+\s+){0,2}?"
    r"(?:number|total|toll|tally|count|figure|bill|cost)\b[^.;:]{0,80}\bto\s+(?:(?:about|around|nearly|almost|more\s+than|over)\s+)?$"  # the value follows at once (role() searches up to it)
    r"|\b(?:revised|updated|corrected|latest|new|final|confirmed)\s+(?:figures?|estimates?|counts?|toll|totals?|date|"
    r"forecast|projection|tally|number)\b"
    r"(?:\s+(?:is|was|are|were|of|stands\s+at|puts\s+it\s+at))?",
    re.IGNORECASE)
# The whole sentence corrects: every value it states that it does not retract is the right one.
CORRECTING = re.compile(r"\b(?:correction|clarification|revision|has\s+since|have\s+since|no\s+longer)\b"
                        # a note appended to the article: 'This article was amended on 3 March: the hearing is on 14 April'
                        r"|\b(?:this|the|our)\s+(?:article|report|story|piece)\s+(?:was|has\s+been|had\s+been)\s+"
                        r"(?:amended|corrected|updated|changed)\b[^.:;]{0,60}:"  # (its closing 'Our report has been amended online' corrects nothing)
                        r"|\b(?:the|a)\s+correct(?:ed)?\b|\bin\s+fact\b|\bactually\b", re.IGNORECASE)
GOVERN_WORDS = 5  # a change cue governs a value this many words after it at most: 'now expected to reopen on 12 April'
# Before a value: what follows is the earlier or wrong value.
RETRACT_BEFORE = re.compile(
    r"\b(?:wrongly|incorrectly|mistakenly|erroneously|falsely|misattributed|mis-attributed|misidentified|misnamed|"
    r"misstated|misquoted|misreported)\b|\b(?:an?|the)\s+(?:earlier|previous|original|initial)\s+(?:version|report|"
    r"story|article|edition)\b|\b(?:our|the|an?|this)\s+(?:earlier\s+|previous\s+|original\s+)?(?:report|story|article|version)\b[^.;]{0,100}?"
    r"\b(?:said|stated|reported|gave|named|described|identified|attributed|quoted|put)\b|\brather\s+than\b|\binstead\s+of\b|\bnot\s+(?:by\s+|to\s+|as\s+|on\s+|in\s+)?(?=(?-i:[A-Z0-9£$€]))",
    re.IGNORECASE)
OLD_BEFORE = re.compile(
    r"\b(?:up|down)\s+from\b|\bcompared\s+(?:with|to)\b|\bfrom\s+(?=[^;]{1,30}?\bto\b)|"
    # 'have risen to 14,500 copies, from about 8,000': the figure after ', from' is the earlier one
    r",\s+from\s+(?=(?:about|around|some|nearly|almost|roughly|just|over|under|more\s+than)?\s*[£$€\d])|"
    # ('first' as an adverb only: 'its *first scheduled* flights' are the first flights, no earlier schedule)
    r"\b(?:had\s+|was\s+|were\s+)?(?:earlier|previously|initially|originally|(?<!\bits\s)(?<!\bthe\s)(?<!\btheir\s)(?<!\bour\s)(?<!\bhis\s)(?<!\bher\s)(?<!\ba\s)first)\s+(?:been\s+)?(?:reported|said|stated|"
    r"given|put|estimated|announced|described|named|identified|attributed|expected|scheduled|set|planned|forecast|due)\b|"
    r"\b(?:earlier|previous|initial|original|first|old)\s+(?:figures?|estimates?|counts?|toll|totals?|date|forecast|"
    r"projection|tally|reports?|plans?)\b(?:\s+(?:of|was|were|had\s+been|put\s+it\s+at))?|"
    # a plan in the pluperfect was the earlier plan: 'had been due to open in September'
    # ('had been planned *for* 1 June', 'had been scheduled *on* …': the plan's date)
    r"\bhad\s+been\s+(?:due|expected|scheduled|set|planned|forecast|intended|meant)\s+(?:to|for|on)\b|"
    # a figure in the pluperfect was the earlier figure: 'The gap had been put at £14.5m when the budget was drawn up'
    r"\bhad\s+(?:been\s+)?(?:put|estimated|given|valued|forecast|projected|reported|counted|calculated|priced|costed)\s+(?:it\s+)?at\b|"
    # what an earlier body or version had done: 'The original disciplinary panel had banned him for four matches'
    r"\b(?:original|earlier|previous|initial)\s+(?:[\w-]+\s+){0,2}?had\b|"
    # an account no longer given: 'no longer expects its first buses to carry passengers in March', 'no longer put
    # the number of boxes lost at 27' (not 'could no longer recruit dentists …, and the 6,500 patients')
    r"\bno\s+longer\s+(?:expects?|expected|puts?|plans?|planned|intends?|intended|estimates?|estimated|believes?|"
    r"believed|says?|said|thinks?|thought|gives?|gave|forecasts?|predicts?|reckons?|claims?|claimed)\b",
    re.IGNORECASE)
# A value after these is no longer inside the clause the cue governs.
CLAUSE_BREAK = re.compile(r"[;:—–]|\.\s|\bbut\b|\bwhile\b|\bwhereas\b|\bin\s+fact\b|\bactually\b|(?<!that )\bit\s+was\b|"
                          r"\b(?:and|,)\s+(?:is|was|has|now)\b|\bnow\b", re.IGNORECASE)
# What the report said, in a correction: 'Our report of 12 October on the fire at the factory in Kettleby
# Cross *said that* the fire broke out in the packing warehouse.' A value before it names the report.
REPORT_SAID = re.compile(r"\b(?:said|saying|stated|reported|wrote|claimed|suggested|gave|named|described|attributed|quoted)\b",
                         re.IGNORECASE)
REPORT_NAMED = re.compile(r"^\W*(?:correction\W+)?(?:our|an?|the|in\s+(?:our|an?|the))\s+(?:\w+\s+){0,2}?(?:report|article|story|piece|item|"
                          r"bulletin|headline|caption|obituary|review)\b", re.IGNORECASE)


def names_the_report(sentence: str, end: int) -> bool:
    """The value ending at `end` describes the report a correction retracts, not what it said: the
    sentence opens with the report ('Our report of 12 October on the fire in Kettleby Cross said that
    …') and the value comes before the verb of saying."""
    said = REPORT_SAID.search(sentence)
    return bool(said and end <= said.start() and REPORT_NAMED.match(sentence))


# The next sentence retracts what this one said: '... for six years. That was incorrect.'
NEXT_RETRACTS = re.compile(r"^\W*(?:that|this|it|they|the\s+\w+)\s+(?:figure\s+|date\s+|name\s+|report\s+)?(?:was|is|were|are)\s+"
                           r"(?:incorrect|wrong|inaccurate|mistaken|untrue|an?\s+(?:error|mistake)|"
                           # 'The remark was wrongly attributed to him.' 'The words were not hers.'
                           r"(?:wrongly|incorrectly|mistakenly|falsely)\s+\w+|not\s+(?:his|hers|theirs|by\s+(?:him|her|them)))\b",
                           re.IGNORECASE)
# A date that names an article ('our article of 15 July', 'a report published on 8 October') dates
# the article corrected or cited, not anything the question asks.
ARTICLE_DATE = re.compile(r"\b(?:article|report|story|edition|version|piece|interview|column|review)\s+"
                          r"(?:\w+\s+){0,2}?(?:published\s+|printed\s+|broadcast\s+)?(?:of|on|dated|from)\s+$", re.IGNORECASE)


# A note that opens what follows as the amended text: 'This article was amended on 3 March 2026: the full hearing
# will take place on 14 April.' (the tagger may end the note's sentence at its colon).
AMENDMENT_NOTE = re.compile(r"\b(?:this|the|our)\s+(?:article|report|story|piece)\s+(?:was|has\s+been|had\s+been)\s+"
                            r"(?:amended|corrected|updated|changed)\b[^.:]{0,60}:\s*$"
                            r"|^\W*(?:update|updated|correction|clarification|amended)\b[^.:]{0,40}:\s*$", re.IGNORECASE)
NOTE_CHARS = 120  # of the text before a sentence searched for the note it follows


def after_amendment_note(preceding: str) -> bool:
    """Whether the text just before a sentence is a note saying the article was amended, ending in a colon."""
    return bool(AMENDMENT_NOTE.search(preceding[-NOTE_CHARS:]))


# A contrast retracts only a value it names: 'the fine was £14,000, *not* £40,000', '*rather than* Mr Hale';
# 'all 48 hangers should be replaced *rather than* just the two found to be cracked' corrects nothing.
CONTRAST = re.compile(r"\b(?:rather\s+than|instead\s+of)\b", re.IGNORECASE)
NAMES_A_VALUE = re.compile(r"\s*(?:(?i:the|an?)\s+)?[A-Z0-9£$€]")


def _retracts(sentence: str) -> bool:
    """Whether a cue of RETRACT_BEFORE in the sentence retracts something (see CONTRAST)."""
    return any(not CONTRAST.fullmatch(m.group()) or NAMES_A_VALUE.match(sentence, m.end())
               for m in RETRACT_BEFORE.finditer(sentence))


def corrects(sentence: str) -> bool:
    """Whether the sentence corrects an earlier report ('Correction: …', 'an earlier version wrongly …')."""
    return bool(CORRECTING.search(sentence) or RETRACT_BEFORE.search(sentence))


def names_an_article(sentence: str, start: int) -> bool:
    """Whether the value at `start` is the date of an article the sentence cites ('Our article of *15 July*')."""
    return bool(ARTICLE_DATE.search(sentence[max(0, start - 60):start]))
# The sentence looks ahead: a date without a year is the next such day, not the last one.
FUTURE = re.compile(r"\bwill\b|\bshall\b|\b(?:is|are|was|were)\s+(?:now\s+)?(?:due|expected|scheduled|set|planned|"
                    r"to\s+be)\b|\b(?:postponed|delayed|moved|pushed\s+back|put\s+back|brought\s+forward|rescheduled)"
                    r"\s+(?:to|until|till)\b|\bnext\b|\bfrom\s+now\b", re.IGNORECASE)
WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
REPORTER_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)
REPORTER_AFTER = re.compile(r"^,?\s+(?:has\s+|had\s+)?(?:said|says|told|added|adds|confirmed|announced|reported)\b", re.IGNORECASE)
CUE_REACH = 160  # characters between a cue and the value it governs, at most
REPORT_DESCRIPTION_CHARS = 200  # of a correction's opening between the report it names and the verb of saying


# A post filled anew, the name right after: 'has appointed *Rhodri Fane* as its new chief executive', 'its new
# director, *Ann Lee*' (searched over the whole sentence: what follows the name says it is the new holder).
POST_FILLED = re.compile(r"\b(?:appointed|named|chose|chosen|elected|installed|hired|recruited)\s+(?=[^.;]{0,80}?\bas\s+"
                         r"(?:its|the|their|his|her)?\s*(?:new|next|incoming|interim|acting|permanent)\b)"
                         r"|\b(?:new|incoming|newly\s+appointed)\s+(?:[\w-]+\s+){0,2}?[\w-]+,\s+(?=(?-i:[A-Z]))", re.IGNORECASE)
POST_REACH = 2  # words between the cue and the name it fills the post with ('appointed *Dr* Rhodri Fane')


# Who held a post before: 'after Dr Imogen Sallis *stepped down*', '*replacing* Dr Sallis'. Only right beside the
# name ('replacing the bridge, which cost £5m' says nothing of the £5m); not 'replaced *by*' (the new holder).
LEFT_POST_AFTER = re.compile(r"^,?\s+(?:has\s+|had\s+|who\s+)?(?:stepped\s+down|stood\s+down|resigned|retired|quit|"
                             r"was\s+(?:replaced|sacked|dismissed|ousted))\b", re.IGNORECASE)
LEFT_POST_BEFORE = re.compile(r"\b(?:replacing|replaces|replaced(?!\s+by)|succeeding|succeeds|succeeded|"
                              r"(?:took|takes|taking|take)\s+over\s+from|in\s+place\s+of|predecessor,?|"
                              # 'have sacked their manager, Gus Kendrick'
                              r"(?:sacked|dismissed|fired|ousted|axed|suspended)\s+(?:(?:its|their|his|her)\s+(?:[\w-]+\s+){0,2}?[\w-]+,\s+)?)"
                              r"\s*$", re.IGNORECASE)
# A post filled anew, the name before: 'Former captain *Dominic Fairlie* has been appointed interim manager'.
POST_FILLED_AFTER = re.compile(r"^,?\s+(?:has|have|had)\s+been\s+(?:appointed|named|elected|installed|hired|chosen)\b"
                               r"|^,?\s+(?:takes|took|has\s+taken)\s+over\b", re.IGNORECASE)


def left_post(sentence: str, start: int, end: int) -> bool:
    """Whether the name at `[start, end)` is said to have left the post another now holds."""
    return bool(LEFT_POST_AFTER.match(sentence[end:]) or LEFT_POST_BEFORE.search(sentence[max(0, start - 40):start])
                and not REPORTER_AFTER.match(sentence[end:]))  # 'dismissed their claim, Mr Smith said': who says it


REPORTED_OPENING = re.compile(r"(?:\s+that)?(?:\s+(?:it|this|there)\s+(?:was|were|had\s+been|is))?", re.IGNORECASE)


def role(sentence: str, start: int, end: int, following: str = "") -> Role:
    """What the sentence does with the value at `[start, end)`: states it as the earlier/wrong one
    ('old'/'retracted'), reports it as a change ('current'), or simply states it ('plain').
    `following` is the start of the next sentence, which may retract this one."""
    if NEXT_RETRACTS.match(following):
        return "plain" if names_the_report(sentence, end) else "retracted"
    window = max(0, start - CUE_REACH)
    # a correction's opening names the report it corrects, however long its description ('Our report on 13
    # October about the derailment …, supplied by a news agency, *said* the tram came off … near X'): what
    # follows its verb of saying is what the report said
    opening = REPORT_NAMED.match(sentence)
    said = REPORT_SAID.search(sentence, opening.end()) if opening else None
    # what it said may open with 'it was' ('… *said it was* the worst crash on the road since it opened in 2009')
    reported = said.end() + len(REPORTED_OPENING.match(sentence, said.end()).group()) if said else 0
    if said and said.end() <= start and said.start() - opening.end() <= REPORT_DESCRIPTION_CHARS and not CLAUSE_BREAK.search(
            sentence, reported, start):
        return "retracted"
    for pattern, verdict in ((RETRACT_BEFORE, "retracted"), (OLD_BEFORE, "old")):
        cues = [m for m in pattern.finditer(sentence, window) if m.end() <= start]
        if cues and not CLAUSE_BREAK.search(sentence, cues[-1].end(), start) and not (
                cues[-1].group().lower().startswith("from") and re.search(r"\bto\b", sentence[cues[-1].end():start])):
            return verdict  # type: ignore[return-value]  ('from 9 to 14': 14 is the new value)
    if re.search(r"\b(?:as|was)\s+(?:wrongly|incorrectly|mistakenly|erroneously|earlier|previously|initially)\b",
                 sentence[end:end + 40], re.IGNORECASE) and not CLAUSE_BREAK.search(sentence[end:end + 4]):
        return "retracted"  # 'X, as wrongly reported', 'the figure of 9 earlier reported'
    if left_post(sentence, start, end):
        return "old"
    if any(cue.end() <= start and len(sentence[cue.end():start].split()) <= POST_REACH and not CLAUSE_BREAK.search(sentence[cue.end():start])
           for cue in POST_FILLED.finditer(sentence)) or POST_FILLED_AFTER.match(sentence[end:]):
        return "current"
    for cue in UPDATE_CUES.finditer(sentence, 0, start):
        between = sentence[cue.end():start]
        if len(between.split()) <= GOVERN_WORDS and not CLAUSE_BREAK.search(between) and not re.search(r"\d", between):
            return "current"  # 'has risen to 14'; the first value after the cue only, not '2 weeks' in 'to 31,000 in 2 weeks'
    if REPORTER_BEFORE.search(sentence[max(0, start - CUE_REACH):start]) or REPORTER_AFTER.match(sentence[end:]):
        return "plain"  # 'according to Westway Rail', 'Westway Rail said': who reports it, not a value changed
    if CORRECTING.search(sentence) or _retracts(sentence):
        return "current"  # the right value beside a retracted one
    return "plain"


def asks_settled_past(doc) -> bool:
    """Whether a question (its spaCy parse) asks after a settled past fact: its main verb in the simple past
    ('how much *did* the stadium cost', 'how many workers *were* in the factory', 'what speed did the winds
    reach'), not in the present, the perfect or the future, nor with a modal ('how many cases *have been*
    confirmed', 'how much *will* it cost', 'who *is* …', 'when is it due'): what may still change."""
    if doc is None:
        return False
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    helpers = [t for t in root.children if t.dep_ in {"aux", "auxpass"}]
    if any(t.lemma_ == "have" or t.tag_ == "MD" for t in helpers):
        return False
    return any(t.tag_ == "VBD" for t in [root, *helpers])


# A question after the value first given, not the one standing: 'what reopening date was *first given*', 'what was the
# *original estimate*' (not 'who found the *first piece*').
ASKS_FIRST = re.compile(r"\b(?:first|original|originally|initial|initially|earlier|previous|previously)\s+(?:given|set|announced|"
                        r"reported|estimated|planned|expected|scheduled|forecast|quoted|stated|put|said|published|proposed|"
                        r"offered|estimates?|figures?|dates?|prices?|costs?|budgets?|counts?|totals?|tally|plans?|targets?|"
                        r"projections?|valuations?|offers?|bids?)\b", re.IGNORECASE)


def asks_first(question: str) -> bool:
    """Whether the question asks for the value first given, which a later one has since replaced."""
    return bool(ASKS_FIRST.search(question))


# A figure given as a forecast: 'is expected to cost £48m', 'They had expected 30,000 visitors', 'forecast
# to reach 2.1 million'. A later report's figure of the same fact, given as a fact, replaces it.
FORECAST_BEFORE = re.compile(
    r"\b(?:expected|forecast|projected|predicted|budgeted|anticipated)\s+(?:to\s+(?:[\w-]+\s+){1,3}?)?"
    r"(?:(?:about|around|some|nearly|almost|roughly|up\s+to|at\s+least|more\s+than|at)\s+)?$",
    re.IGNORECASE)
FORECAST_REACH = 60  # characters before a value searched for the forecast that governs it
# A sentence that only says what may be: 'up to 300 jobs *could* go' is another forecast (or a claim), no outcome.
HEDGED = re.compile(r"\b(?:could|may|might|would|will|should|expects?|expected|forecasts?|predicts?|fears?|warn(?:s|ed)?)\b",
                    re.IGNORECASE)


def forecast(sentence: str, start: int) -> bool:
    """Whether the value at `start` is given as a forecast or expectation ('is expected to cost *£48m*')."""
    before = sentence[max(0, start - FORECAST_REACH):start]
    return bool(FORECAST_BEFORE.search(before)) and not CLAUSE_BREAK.search(before[FORECAST_BEFORE.search(before).start():])


def outcome(sentence: str, start: int) -> bool:
    """Whether the value at `start` is stated as what came about, neither forecast nor hedged ('has ended
    up costing *£57m*'; not 'is expected to cost £48m', 'up to 300 jobs could go')."""
    return not forecast(sentence, start) and not HEDGED.search(sentence)


@dataclass(frozen=True)
class Mention:
    """One source stating one value: the value's group, the article and its date, and the role."""

    group: Hashable
    doc_id: str
    published: date | None
    role: Role


@dataclass
class Timeline:
    """Which value groups stand, which are superseded (and by what), which mentions support nothing."""

    standing: list[Hashable] = field(default_factory=list)  # in the order given (best first)
    superseded: dict[Hashable, Hashable | None] = field(default_factory=dict)  # old group → the group that replaced it
    retracted: set[tuple[Hashable, str]] = field(default_factory=set)  # (group, doc_id) that are no support

    def supports(self, group: Hashable, doc_id: str) -> bool:
        return (group, doc_id) not in self.retracted


def _latest(dates: Sequence[date | None]) -> date | None:
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def _not_before(a: date | None, b: date | None) -> bool:
    """a is on or after b; an unknown date does not order, so it does not block."""
    return a is None or b is None or a >= b


def order(groups: Sequence[Hashable], mentions: Sequence[Mention]) -> Timeline:
    """Resolve `groups` (best first) given every mention of them."""
    timeline = Timeline()
    by_group: dict[Hashable, list[Mention]] = {g: [] for g in groups}
    for m in mentions:
        by_group.setdefault(m.group, []).append(m)
    support = {g: [m for m in ms if m.role in {"plain", "current"}] for g, ms in by_group.items()}
    for g, ms in by_group.items():
        timeline.retracted.update((g, m.doc_id) for m in ms if m.role in {"old", "retracted"}
                                  and not any(s.doc_id == m.doc_id for s in support[g]))
    for g in groups:
        latest_support = _latest([m.published for m in support[g]])
        # Called earlier or wrong by an article at least as recent as any that states it.
        marked = [m for m in by_group[g] if m.role in {"old", "retracted"}
                  and (not support[g] or _not_before(m.published, latest_support))]
        if marked:
            marking = {m.doc_id for m in marked}
            replacing = [h for h in groups if h != g and any(s.doc_id in marking for s in support[h])]
            # the value the marking article reports as the change goes first ('has appointed *Rhodri Fane* as its
            # new chief executive, after Dr Imogen Sallis stepped down', not the 'Mr Fane' of its next sentence)
            replacing.sort(key=lambda h: not any(s.doc_id in marking and s.role == "current" for s in support[h]))
            timeline.superseded[g] = replacing[0] if replacing else None
            continue
        # A later article reports a change to another value.
        for h in groups:
            if h == g:
                continue
            stating = {s.doc_id for s in support[g]}
            updates = [m for m in support[h] if m.role == "current" and m.doc_id not in stating]
            if updates and support[g] and _strictly_later(updates, support[g]):
                timeline.superseded[g] = h
                break
    timeline.standing = [g for g in groups if g not in timeline.superseded and support[g]]
    return timeline


def _strictly_later(updates: Sequence[Mention], stated: Sequence[Mention]) -> bool:
    """The change is reported after the value was stated: a later date, or (same or unknown dates)
    no statement of the old value carries a change cue of its own."""
    newest_update, newest_stated = _latest([u.published for u in updates]), _latest([s.published for s in stated])
    if newest_update is not None and newest_stated is not None and newest_update != newest_stated:
        return newest_update > newest_stated
    return not any(s.role == "current" for s in stated)


def looking_ahead(resolved, sentence: str, anchor: date | None):
    """A date resolved backwards from the publication date ('3 May' → the last 3 May), moved a
    year on when the sentence speaks of the future ('will open on 3 May', 'postponed to 21 June')
    and the text gives no year."""
    if resolved is None or anchor is None or resolved.precision not in {"day", "month"} or resolved.value >= anchor:
        return resolved
    if re.search(r"\b(?:19|20)\d{2}\b", resolved.text) or not FUTURE.search(sentence):
        return resolved
    if WEEKDAY.search(resolved.text) and not re.search(r"\d", resolved.text):
        # 'now expected to resume on Saturday': the coming Saturday, not the same weekday a year on
        ahead = resolved.value + timedelta(days=7 * ((anchor - resolved.value).days // 7 + 1))
        return dataclasses.replace(resolved, value=ahead)
    try:
        return dataclasses.replace(resolved, value=resolved.value.replace(year=resolved.value.year + 1))
    except ValueError:  # 29 February
        return resolved


# -- a change read from the parse ------------------------------------------------------------
# The same rule as UPDATE_CUES, read from the dependency parse rather than the word order, so the
# wording between the change and its value does not matter ('has raised its planned increase in
# bills to 8.5 per cent', 'had reached 88', 'put back … by three weeks, to 2 November').
# Verbs of change, by lemma: the value they lead to through 'to/until/at' is the current one.
CHANGE_LEMMAS = {
    "rise", "climb", "increase", "jump", "grow", "fall", "drop", "decline", "decrease", "raise", "lower", "reduce",
    "cut", "trim", "halve", "double", "triple", "slash", "shorten", "lengthen", "revise", "upgrade", "downgrade",
    "update", "correct", "amend", "move", "push", "bring", "postpone", "delay", "reschedule", "extend", "soar",
    "surge", "swell", "mount", "edge", "creep", "balloon", "tumble", "plunge", "slip", "sink", "widen", "narrow",
    "expand", "shrink", "lift", "boost", "hike", "change", "scale", "spiral", "leap", "ease"}
# Verbs whose object is the value arrived at, in the perfect: 'had *reached* 88', 'has *topped* 1,000'.
ARRIVAL_LEMMAS = {"reach", "hit", "top", "pass", "exceed", "surpass"}
TARGET_PREPOSITIONS = {"to", "until", "till", "at"}  # not 'by' (the size of the change) nor 'from' (the old value)
# A statement that is itself the newer one: 'a *fresh* estimate puts the damage at £9m', 'the *latest* count'.
NEWER_ADJECTIVES = {"latest", "new", "updated", "revised", "fresh", "final", "corrected", "amended", "current",
                    "update", "revise", "correct", "amend", "late"}  # as written and as the lemmatiser gives them
STATEMENT_NOUNS = {"estimate", "figure", "count", "total", "tally", "forecast", "projection", "toll", "number",
                   "statistic", "data", "assessment", "calculation", "report", "survey", "audit", "valuation"}  # not 'the new terminal'
STANDING_LEMMAS = {"stand", "sit"}  # 'the toll stands at 19', 'the total sits at £41,000'
NOW_WORDS = {"now", "since"}  # 'were *now* being treated', 'has *since* been put at'
PARSE_STEPS = 3  # from the value's head up to the verb that governs it
PARSE_STOPS = {"conj", "relcl", "advcl", "ccomp", "parataxis"}  # the change governs its own clause only
_LEMMA, _POS, _DEP, _HEAD = 2, 3, 4, 5


def changed_in_parse(tokens, first: int, last: int, asked: Collection[str] = (), lemmas: Sequence[str] = ()) -> bool:
    """Whether the parse reports the value at tokens [first, last) as the outcome of a change: the
    object of a verb of change's 'to/until/at' ('raised its increase in bills *to* 8.5 per cent'),
    the object of a verb of arrival ('had reached 88'), or the value of a clause whose verb says
    'now'/'since' or whose subject or source is a newer statement ('a fresh estimate puts the damage
    at £9m', '… according to the latest count').
    A verb the question itself asks with (`asked`, matched against `lemmas`, the tokens' stemmed lemmas)
    reports no change: 'what speed did the winds *reach*' asks what '*reached* 135mph' states."""
    if first >= last or last > len(tokens) or any(len(t) < 6 for t in tokens):
        return False
    node = next((i for i in range(first, last) if not first <= tokens[i][_HEAD] < last), first)
    via = None  # the preposition the value hangs from, if any
    for _ in range(PARSE_STEPS):
        parent = tokens[node][_HEAD]
        if parent == node or not 0 <= parent < len(tokens) or tokens[node][_DEP] in PARSE_STOPS:
            return False
        dep, node = tokens[node][_DEP], parent
        if tokens[node][_POS] == "ADP":
            via = tokens[node][_LEMMA].lower()
            continue
        if tokens[node][_POS] not in {"VERB", "AUX"}:
            continue
        lemma = tokens[node][_LEMMA].lower()
        asked_verb = node < len(lemmas) and lemmas[node] in asked  # the question's own verb is no change of it
        if not asked_verb and lemma in ARRIVAL_LEMMAS and dep == "dobj" and any(
                t[_HEAD] == node and t[_DEP] == "aux" and t[_LEMMA].lower() == "have" for t in tokens):
            return True  # 'had reached 88' — a running figure; 'turnout reached 41 per cent' is the figure itself
        if not asked_verb and lemma in CHANGE_LEMMAS and via in TARGET_PREPOSITIONS:
            return True
        children = [j for j, t in enumerate(tokens) if t[_HEAD] == node and j != node]
        if lemma in STANDING_LEMMAS and via == "at" and any(
                tokens[j][_DEP] in {"nsubj", "nsubjpass"} and tokens[j][_LEMMA].lower() in STATEMENT_NOUNS for j in children):
            return True  # 'the number of workers hurt … *stands at* 19': where a running figure has got to
        if any(tokens[j][_LEMMA].lower() in NOW_WORDS and tokens[j][_DEP] == "advmod" for j in children):
            return True
        sources = [j for j in children if tokens[j][_DEP] in {"nsubj", "nsubjpass"}]
        for j in children:  # '… 156 people, *according to* the latest count'
            if tokens[j][_LEMMA].lower() == "accord":
                to = [k for k, t in enumerate(tokens) if t[_HEAD] == j and t[_LEMMA].lower() == "to"]
                sources += [k for k, t in enumerate(tokens) if t[_HEAD] in to and t[_DEP] == "pobj"]
        return any(t[_HEAD] == s and t[_DEP] == "amod" and t[_LEMMA].lower() in NEWER_ADJECTIVES
                   for s in sources if tokens[s][_LEMMA].lower() in STATEMENT_NOUNS for t in tokens)
    return False
