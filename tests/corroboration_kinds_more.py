"""More mini-clusters for issue 15's kinds, with wording the first set (tests/corroboration_kinds.py)
does not use: 'has been revised to', 'has been pushed back to', 'an earlier version wrongly said',
numbers written in words, a surname alone, an attributed conflict over a year, a wire story three
outlets carry. Written, with their expected results, before anything was run on them; fictional
places, people and outlets. Used by tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

WIRE = ("A painting by the landscape artist Oda Marken, valued at €2.3 million, was stolen from the Hesselby "
        "Museum early on Sunday, police said. Thieves broke a rear window and took the work, Winter Fields at "
        "Dusk, from a first-floor gallery in under four minutes. The alarm sounded, but the thieves had gone "
        "when officers arrived. The museum's director, Rune Adler, called the theft a heavy loss for the town.")

ARTICLES = [
    # m1: a cost and a closure in two forms each (agreement).
    _a("m1-a", "Dravenport Courier", "2026-08-03", "Dravenport viaduct to close for repairs",
       "The Dravenport viaduct will close for three months from September while cracked bearings are replaced, "
       "the county council said on Monday. The repairs will cost £4.6m, and buses will be diverted through "
       "the valley. Councillor Edith Marsh said the work could not wait another winter."),
    _a("m1-b", "Westhaven Today", "2026-08-04", "Viaduct closure will hit commuters",
       "Commuters face a three-month closure of the Dravenport viaduct this autumn. The council is spending "
       "£4.6 million on new bearings and a resurfaced deck. Traders on the valley road said the diversion "
       "would at least bring more customers past their shops."),
    # m2: an attributed conflict over a count, and a single-source date.
    _a("m2-a", "Millbrook Gazette", "2026-09-15", "Glassworks to close with loss of jobs",
       "The Corvane glassworks in Millbrook will close in March 2027 with the loss of 240 jobs, its owner, "
       "Corvane Holdings, said on Tuesday. The company blamed high energy prices and falling orders."),
    _a("m2-b", "Workers' Bulletin", "2026-09-16", "Union: Millbrook closure worse than admitted",
       "The glassworkers' union said 310 jobs would be lost at the Corvane glassworks in Millbrook once "
       "agency staff and cleaners were counted. Its regional officer, Dev Sandhu, said the union would ask "
       "the county to find a buyer for the site."),
    # m3: a cost a later report revises.
    _a("m3-a", "Porthkennet Packet", "2026-02-10", "Sea wall plan for Porthkennet",
       "A new sea wall to protect Porthkennet's harbour from winter storms is expected to cost £9 million, "
       "the harbour board said. Work is due to start next year."),
    _a("m3-b", "Western Coast News", "2026-04-22", "Sea wall bill rises",
       "The estimated cost of the Porthkennet sea wall has been revised to £13 million after engineers found "
       "the old harbour foundations were weaker than expected, the harbour board said on Wednesday."),
    # m4: an opening a later report pushes back.
    _a("m4-a", "Ardley Observer", "2026-03-05", "Concert hall opening date announced",
       "Ardley's new concert hall will open in September 2026, the regional arts council said on Thursday. "
       "The hall will seat 1,400 people and be home to the Ardley Philharmonic."),
    _a("m4-b", "Arts Desk Weekly", "2026-06-18", "Ardley hall delayed",
       "The opening of Ardley's new concert hall has been pushed back to January 2027 because the hall's "
       "organ will not be delivered in time, the arts council said. Tickets for the first season go on "
       "sale in October."),
    # m5: a height an earlier version got wrong.
    _a("m5-a", "Tolland Mercury", "2026-05-11", "Tolland lighthouse to be repainted",
       "The Tolland lighthouse, which is 41 metres tall, will be repainted in its red and white bands this "
       "summer for the first time in 20 years. Scaffolding goes up in June."),
    _a("m5-b", "Tolland Mercury", "2026-05-13", "Tolland lighthouse: a correction",
       "An earlier version of our article on the repainting of the Tolland lighthouse wrongly said that the "
       "tower was 41 metres tall. It is 34 metres tall. We apologise for the error."),
    # m6: one wire story carried by three outlets.
    _a("m6-a", "Nordic Wire", "2026-10-11", "Oda Marken painting stolen", WIRE),
    _a("m6-b", "Hesselby Tidende", "2026-10-11", "Thieves take Marken painting from Hesselby Museum", WIRE),
    _a("m6-c", "Art Market Daily", "2026-10-12", "Marken landscape stolen",
       WIRE + " Police have asked auction houses to watch for the painting."),
    # m7: a count in digits and in words, a winner named in full and by surname.
    _a("m7-a", "Elmstead Weekly", "2026-04-27", "Quiroga wins Elmstead half marathon",
       "Mateo Quiroga won the Elmstead half marathon on Sunday in a course record of one hour and two minutes. "
       "Nearly 3,000 runners took part, raising money for the town's hospice."),
    _a("m7-b", "Runner's Post", "2026-04-28", "Record run in Elmstead",
       "Almost three thousand runners lined up for the Elmstead half marathon, which was won by Quiroga "
       "ahead of the local favourite, Ben Otley. The hospice said it expected to raise £60,000."),
    # m8: an attributed conflict over a year.
    _a("m8-a", "Grelling Herald", "2026-07-07", "Grelling tunnel on schedule, ministry says",
       "The transport ministry said the Grelling rail tunnel would be finished in 2029, as planned, despite "
       "flooding in the western shaft this spring."),
    _a("m8-b", "Ferris Business", "2026-07-09", "Contractor expects tunnel delay",
       "The main contractor on the Grelling rail tunnel, Halvard Bygg, expects to finish the tunnel in 2031, "
       "its chief executive told investors on Thursday, citing the flooding in the western shaft."),
    # m9: one source, among other figures.
    _a("m9-a", "Ostvik Review", "2026-11-02", "Ostvik hospital wing approved",
       "Plans for a new wing at Ostvik General Hospital were approved on Monday. The wing will have 120 beds, "
       "two operating theatres and a car park for 300 vehicles, and should open in 2029."),
    # distractors: look-alike stories.
    _a("md-1", "Westhaven Today", "2026-05-19", "Kilburn bridge reopens",
       "The Kilburn road bridge reopened on Tuesday after a two-month closure. The repairs cost £1.2 million."),
    _a("md-2", "Nordic Wire", "2026-01-20", "Sculpture stolen from Varde gallery",
       "A bronze sculpture worth €400,000 was stolen from a gallery in Varde overnight, police said."),
    _a("md-3", "Runner's Post", "2026-09-07", "Fenwick 10k draws record field",
       "About 1,800 runners took part in the Fenwick 10k on Sunday, which was won by Lotte Brandt."),
]

QUESTIONS = [
    {"q": "How much will the repairs to the Dravenport viaduct cost?", "kind": "agree",
     "answers": ["£4.6m", "£4.6 million"], "sources": 2},
    {"q": "How long will the Dravenport viaduct be closed?", "kind": "agree",
     "answers": ["three months", "three-month"], "sources": 2},
    {"q": "How many jobs will be lost at the Corvane glassworks?", "kind": "conflict",
     "answers": ["240", "310"], "conflict_values": ["240", "310"]},
    {"q": "When will the Corvane glassworks close?", "kind": "single", "answers": ["March 2027", "in March 2027"],
     "sources": 1},
    {"q": "How much will the Porthkennet sea wall cost?", "kind": "update",
     "answers": ["£13 million"], "superseded": ["£9 million"]},
    {"q": "When will Ardley's new concert hall open?", "kind": "update",
     "answers": ["January 2027"], "superseded": ["September 2026"]},
    {"q": "How tall is the Tolland lighthouse?", "kind": "correction",
     "answers": ["34 metres", "34 metres tall"], "superseded": ["41 metres"]},
    {"q": "How much was the stolen Oda Marken painting worth?", "kind": "syndicated",
     "answers": ["€2.3 million"], "sources": 1},
    {"q": "Which museum was the Oda Marken painting stolen from?", "kind": "syndicated",
     "answers": ["the Hesselby Museum", "Hesselby Museum"], "sources": 1},
    {"q": "How many runners took part in the Elmstead half marathon?", "kind": "agree",
     "answers": ["Nearly 3,000", "3,000", "Almost three thousand", "three thousand"], "sources": 2},
    {"q": "Who won the Elmstead half marathon?", "kind": "agree", "answers": ["Mateo Quiroga", "Quiroga"],
     "sources": 2},
    {"q": "When will the Grelling rail tunnel be finished?", "kind": "conflict",
     "answers": ["2029", "2031"], "conflict_values": ["2029", "2031"]},
    {"q": "How many beds will the new wing at Ostvik General Hospital have?", "kind": "single",
     "answers": ["120"], "sources": 1},
]
