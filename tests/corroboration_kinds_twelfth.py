"""A twelfth mini-cluster set (session 16, helper corrob10), for the forms a blind batch may use and ours
did not: a date, a name and a place updated, a count updated with a verb of change our cues lacked ('has
gone up to', 'switched to'), a date restated later by the same outlet in no words of change, a wire story
reprinted with its opening rewritten and a local paragraph added (one source), an appended note amending a
date, and a conflict of two unattributed figures (which must stay a conflict). Written, with the expected
results, before they were run; fictional places, people and outlets. Used by
tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

WIRE = ("Engineers have found a crack in one of the main supports of the Ambleside Viaduct in Carrowdale, and the "
        "railway line across it will stay closed for at least nine weeks, Northline Rail said on Tuesday. The crack "
        "was spotted during a routine inspection of the 19th-century viaduct, which carries about 40 trains a day. "
        "Replacement buses will run between Carrowdale and Fenwick while repairs are carried out. The company's "
        "route director, Morwenna Quist, said safety came first. \"We know this is hard for passengers,\" she said.")

ARTICLES = [
    # w1: a date restated later by the same outlet, in no words of change
    _a("w1-a", "Hartwell Courier", "2026-04-02", "Beer festival returns to Hartwell",
       "The Hartwell Beer Festival will be held on 14 June on the town's cricket ground, organisers said. "
       "More than 40 breweries are expected to take part, and tickets go on sale next month."),
    _a("w1-b", "Hartwell Courier", "2026-05-20", "Hartwell beer festival tickets on sale",
       "Tickets for the Hartwell Beer Festival are on sale from today. The festival will be held on 21 June on the "
       "cricket ground, and organisers said the marquee firm could only supply its tents for that weekend."),
    # w2: a name updated by an appointment
    _a("w2-a", "Orlbury Herald", "2026-01-12", "Orlbury hospitals miss A&E target",
       "Orlbury Hospitals Trust missed its four-hour A&E target for the ninth month running. Its chief executive, "
       "Dr Imogen Sallis, said staff were under severe pressure and apologised to patients."),
    _a("w2-b", "Healthwatch Weekly", "2026-03-03", "New chief for Orlbury trust",
       "Orlbury Hospitals Trust has appointed Rhodri Fane as its new chief executive, after Dr Imogen Sallis stepped "
       "down last month. Mr Fane previously ran a hospital group in the Midlands."),
    # w3: a place switched
    _a("w3-a", "Fellbeck Gazette", "2026-06-01", "Folk festival line-up announced",
       "The Fellbeck Folk Festival will take place at Marsh Park in August, with 30 acts over two days, "
       "organisers announced on Monday."),
    _a("w3-b", "Dales Sounds", "2026-07-14", "Folk festival switched to new site",
       "The Fellbeck Folk Festival has been switched to Quarry Fields after heavy rain left its usual ground "
       "waterlogged. Organisers said all tickets would remain valid."),
    # w4: a count updated with 'has gone up to'
    _a("w4-a", "Tarnby Echo", "2026-09-08", "Coach crash on Tarnby bypass",
       "Three people were injured when a coach carrying pensioners left the Tarnby bypass and overturned on "
       "Sunday morning, police said. The road was closed for six hours."),
    _a("w4-b", "Northern Road News", "2026-09-10", "Tarnby coach crash: driver questioned",
       "The number of people hurt in the Tarnby coach crash has gone up to seven, police said, as officers "
       "questioned the driver about the speed the coach was travelling at."),
    # w5: a wire story, one copy with its opening rewritten and a local paragraph added, and another outlet
    _a("w5-a", "Carrowdale Times", "2026-02-17", "Viaduct crack closes Carrowdale line", WIRE),
    _a("w5-b", "Fenwick Mercury", "2026-02-17", "Fenwick commuters face weeks of buses",
       "Commuters from Fenwick face more than two months of replacement buses. "
       + WIRE.split(". ", 1)[1].replace("Replacement buses will run between Carrowdale and Fenwick while repairs are "
                                          "carried out. ", "")
       + " Fenwick's mayor, Tobias Lark, said he would press for extra buses at peak times. (Wire report)"),
    _a("w5-c", "Rail Engineer Digest", "2026-02-19", "Ambleside Viaduct: what the crack means",
       "The crack found in a pier of the Ambleside Viaduct is the kind engineers most fear in old masonry, "
       "specialists said. Northline Rail expects the line over the viaduct to stay shut for at least nine weeks "
       "while a steel frame is built around the damaged pier."),
    # w6: a note appended to the article amends a date
    _a("w6-a", "Kilnsey Post", "2026-03-02", "Inquest into quarry death opens",
       "An inquest into the death of a quarry worker at Kilnsey Edge was opened and adjourned on Monday. The full "
       "hearing will take place on 4 April, the coroner said.\n\nThis article was amended on 3 March 2026: the full "
       "hearing will take place on 14 April."),
    # w7: two outlets, two unattributed figures: a conflict, not an update
    _a("w7-a", "Selby Moor News", "2026-10-05", "Moor fire put out",
       "A fire on Selby Moor burned across 120 hectares of heather before crews put it out on Saturday night. "
       "Walkers have been asked to avoid the area."),
    _a("w7-b", "Upland Wildlife Journal", "2026-10-08", "Selby Moor fire: the damage",
       "The Selby Moor fire destroyed 300 hectares of heather, leaving ground-nesting birds with little cover "
       "for the winter."),
]

QUESTIONS = [
    {"q": "When will the Hartwell Beer Festival be held?", "kind": "update",
     "answers": ["21 June"], "superseded": ["14 June"]},
    {"q": "Who is the chief executive of Orlbury Hospitals Trust?", "kind": "update",
     "answers": ["Rhodri Fane"], "superseded": ["Imogen Sallis", "Dr Imogen Sallis"]},
    {"q": "Where will the Fellbeck Folk Festival take place?", "kind": "update",
     "answers": ["Quarry Fields"], "superseded": ["Marsh Park"]},
    {"q": "How many people were injured in the Tarnby coach crash?", "kind": "update",
     "answers": ["seven"], "superseded": ["Three"]},
    {"q": "For how long will the railway line across the Ambleside Viaduct stay closed?", "kind": "syndicated",
     "answers": ["at least nine weeks", "nine weeks"], "independent_sources": 2},
    {"q": "When will the full hearing of the Kilnsey Edge quarry inquest take place?", "kind": "correction",
     "answers": ["14 April"], "superseded": ["4 April"]},
    {"q": "How much of Selby Moor did the fire burn?", "kind": "conflict",
     "answers": ["120 hectares", "300 hectares"], "conflict_values": ["120 hectares", "300 hectares"]},
]
