"""A seventh set of mini-clusters, for the cause that took most of the wrong answers to unanswerable
training-cluster questions: a look-alike article about another place (another town's lido, another
club's final) states the asked kind of figure in the question's own words, fills the passages read,
and its figure was answered although the articles about the question's story say nothing of it, or
say it in other words that were never read. Written, with the expected results, before anything was
run on them; fictional places, people and outlets. Then two causes of wrong values in the training
clusters' 'which' questions: a question asking for a noun's kind ('which hotel') answered by another
phrase of the sentence than the name of that kind ('the Marlow Grange Hotel'), and a correction of a
name whose sentence giving the right name begins with another phrase ('The trophy was won by …'). Used by tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

ARTICLES = [
    # s1: the Dellmoor lido closes for work whose cost nobody gives; two Harcastle articles price theirs.
    _a("s1-a", "Dellmoor Herald", "2026-04-14", "Dellmoor lido to shut for summer repairs",
       "Dellmoor lido will not open this summer while its cracked pool floor is rebuilt, the town council said on "
       "Monday. Councillors were told that the tiles had lifted over the winter and that the changing rooms also "
       "needed a new roof. The council has not said what the work will cost or who will carry it out. Swimmers "
       "have been offered places at the leisure centre in Ostwick until the lido reopens, which the council hopes "
       "will be in June next year."),
    _a("s1-b", "Dellmoor Weekly", "2026-04-16", "Swimmers dismayed as Dellmoor lido closes",
       "Regular swimmers at Dellmoor lido say they are dismayed that the open-air pool will stay shut for a whole "
       "season. The Friends of Dellmoor Lido, which has 400 members, asked the council to publish a timetable and a "
       "budget for the repairs. A council spokesperson said the figures would be set out once a contractor had "
       "been chosen later in the year."),
    _a("s1-x", "Harcastle Post", "2026-03-02", "Harcastle lido repairs to cost £2.6m",
       "Repairs to the Harcastle lido will cost £2.6m, the borough council said on Friday, after surveyors found "
       "that the pool's concrete shell was leaking. The repairs to the lido will be paid for from the council's "
       "reserves and a grant of £400,000 from a sports charity. The lido is expected to reopen in 2027."),
    _a("s1-y", "Harcastle Evening News", "2026-03-04", "Lido repair bill shocks Harcastle",
       "The £2.6m cost of repairing the Harcastle lido has shocked residents, who were told two years ago that the "
       "pool needed only minor work. The cost of the lido repairs is more than the council spends on all its parks "
       "in a year."),
    # s2: a cup final's attendance, stated by the story's articles in other words than the question's; a
    # look-alike final at another ground states its attendance in the question's words.
    _a("s2-a", "Tolmere Sports Gazette", "2026-05-11", "Tolmere Athletic lift the Brackwater Shield",
       "Tolmere Athletic won the Brackwater Shield for the first time on Saturday, beating Renwick Vale 2-1 at "
       "Copperfield Road. Their captain, Idris Penhallow, scored the winner from a free kick in the 88th minute. A "
       "crowd of 6,300 packed into the ground, the biggest for a non-league match in the county this season."),
    _a("s2-b", "Renwick Vale Chronicle", "2026-05-12", "Late free kick breaks Renwick Vale hearts",
       "Renwick Vale's run in the Brackwater Shield ended in defeat at Copperfield Road, where Tolmere Athletic "
       "scored twice after the break. Vale's manager said his side had tired in the last twenty minutes. There "
       "were 6,300 people inside the ground, and the club thanked the 1,100 supporters who travelled from "
       "Renwick."),
    _a("s2-x", "Lanford Advertiser", "2026-05-04", "Lanford Town win the Marsden Trophy final",
       "The attendance at the Marsden Trophy final on Sunday was 4,150, the largest attendance at Lanford's "
       "ground for ten years. The final attendance beat the record set when the trophy final was last held "
       "there. Lanford Town beat Ashby Rovers 3-0 to win the trophy final."),
    # s3: a choir competition's winner, corrected by a notice whose right name follows 'The trophy'.
    _a("s3-a", "Ellsworth Chronicle", "2026-03-12", "Ellsworth choir contest draws record entry",
       "Twenty-two choirs sang in the Ellsworth county choir competition on Saturday, the largest entry in its "
       "history. The competition was won by St Aldric's School, whose forty singers performed a setting of a "
       "poem by a former pupil. The adjudicator praised the standard of the younger choirs."),
    _a("s3-b", "Ellsworth Chronicle", "2026-03-14", "Correction: Ellsworth choir competition",
       "Correction: Our report of 12 March on the Ellsworth county choir competition named St Aldric's School as "
       "its winner. That was not right. The trophy was won by Kettlewood Academy, and St Aldric's School came "
       "second. We apologise to both schools."),
    # s4: a congress venue: the sentence names the hotel after a long description of the congress.
    _a("s4-a", "Corriston Mercury", "2026-07-01", "Chess congress moves indoors",
       "The Corriston chess congress, which draws players from a dozen countries and raises money for the town's "
       "hospice, will be held this year at the Marlow Grange Hotel, its organisers said. Last year's congress was "
       "held in a marquee on the green, where heavy rain stopped play twice. About 300 players are expected."),
]

QUESTIONS = [
    {"q": "How much will the repairs to Dellmoor lido cost?", "kind": "unanswerable", "answers": []},
    {"q": "What was the attendance at the Brackwater Shield final between Tolmere Athletic and Renwick Vale?",
     "kind": "agree", "answers": ["6,300"], "sources": 2},
    {"q": "Which school won the Ellsworth county choir competition?", "kind": "correction",
     "answers": ["Kettlewood Academy"], "superseded": ["St Aldric's School"]},
    {"q": "Which hotel will host the Corriston chess congress?", "kind": "single",
     "answers": ["Marlow Grange Hotel", "the Marlow Grange Hotel"], "sources": 1},
]
