"""A third set of mini-clusters, mostly agreement in forms the first two sets do not use ('on
Saturday' in a Sunday paper and '19 September', '$1.5bn' and '1.5 billion dollars', a title and a
surname, 'twelve per cent'), a conflict stated with 'according to' and 'claims', a figure 'revised
down', a 'previous version misstated' correction, a near-verbatim wire copy beside an independent
report, and one outlet reporting a fact twice. Written, with the expected results, before anything
was run on them; fictional places, people and outlets. Used by tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

WIRE = ("Firefighters rescued 23 people from a fire at the Belvane Hotel in Marrick on Tuesday night, the fire "
        "service said. The blaze started in a kitchen on the ground floor shortly before midnight. Eleven guests "
        "were treated for smoke inhalation. The hotel's manager, Sunniva Roth, thanked the crews for their speed.")

ARTICLES = [
    # t1: a relative date and the same date written out; a surname and a full name with a title.
    _a("t1-a", "Quarry Bay Sunday", "2026-09-20", "Quarry Bay lido reopens",
       "The Quarry Bay lido reopened on Saturday after a two-year restoration, and hundreds of swimmers queued "
       "from dawn. The restoration was led by the engineer Dr Amara Osei, whose firm rebuilt the seawater pumps."),
    _a("t1-b", "Coastal Leisure Review", "2026-09-22", "A lido reborn",
       "Quarry Bay's art deco lido welcomed swimmers again on 19 September. Osei, who led the restoration, said "
       "the pool would stay open until the end of October this year."),
    # t2: money in two forms; a share in words and in figures.
    _a("t2-a", "Harlow Street Journal", "2026-03-12", "Tervane buys Oskel for $1.5bn",
       "The logistics group Tervane has agreed to buy the warehouse operator Oskel for $1.5bn, the companies said "
       "on Thursday. Oskel's shares rose 12% on the news."),
    _a("t2-b", "Markets Daily", "2026-03-12", "Oskel shares jump on Tervane deal",
       "Shares in Oskel jumped twelve per cent after Tervane agreed to pay 1.5 billion dollars for the company, "
       "which runs 40 warehouses across the north."),
    # t3: a conflict stated with 'according to' and 'claims'.
    _a("t3-a", "Vellan Times", "2026-06-02", "Vellan clinic waiting times fall",
       "Waiting times at Vellan's walk-in clinic have fallen to 45 minutes on average, according to the regional "
       "health board. The board credited two extra nurses hired in the spring."),
    _a("t3-b", "Patients First Bulletin", "2026-06-04", "Patients group disputes clinic figures",
       "The patients' association claims the average wait at Vellan's walk-in clinic is still 90 minutes, and "
       "says the health board's figures leave out evenings and weekends."),
    # t4: a forecast revised down.
    _a("t4-a", "Dunlow Business Post", "2026-01-15", "Dunlow port traffic forecast",
       "The Dunlow port authority expects to handle 2.4 million containers this year, up from 2.1 million last year."),
    _a("t4-b", "Freight Weekly", "2026-07-08", "Dunlow cuts forecast",
       "The Dunlow port authority's forecast for this year was later revised down to 1.9 million containers after "
       "two shipping lines moved to a rival port."),
    # t5: a 'previous version misstated' correction of a date.
    _a("t5-a", "Orrin Valley News", "2026-02-03", "Orrin bypass to open",
       "The Orrin bypass will open to traffic on 14 March, the highways agency said. The 6km road takes lorries "
       "out of the village centre."),
    _a("t5-b", "Orrin Valley News", "2026-02-04", "Correction: Orrin bypass",
       "A previous version of our report on the Orrin bypass misstated the opening date as 14 March. The bypass "
       "will open on 28 March."),
    # t6: a near-verbatim wire copy and an independent report of the same fire.
    _a("t6-a", "Central Wire", "2026-11-18", "23 rescued from Marrick hotel fire", WIRE),
    _a("t6-b", "Marrick Evening Star", "2026-11-18", "Guests rescued from Belvane Hotel blaze",
       WIRE.replace("on Tuesday night", "late on Tuesday").replace("thanked the crews for their speed",
                                                                      "thanked the crews")),
    _a("t6-c", "Fire Service Journal", "2026-11-20", "Marrick crews praised after hotel rescue",
       "Crews from three stations brought 23 people out of the burning Belvane Hotel in Marrick, using ladders "
       "to reach guests trapped on the upper floors. Investigators believe the fire began in the kitchen."),
    # t7: one outlet reporting a fact twice.
    _a("t7-a", "Linmoor Gazette", "2026-04-02", "Linmoor library gets new wing",
       "Linmoor's central library will get a new children's wing costing £2.8 million, the council said."),
    _a("t7-b", "Linmoor Gazette", "2026-04-09", "Library wing plans on show",
       "Plans for the £2.8 million children's wing at Linmoor's central library go on show this week. The wing "
       "will hold 15,000 books."),
    # distractors.
    _a("td-1", "Markets Daily", "2026-05-06", "Pellmark buys rival",
       "The packaging firm Pellmark has bought a smaller rival, Tessin, for $300 million."),
    _a("td-2", "Vellan Times", "2026-01-11", "Dentist waiting list grows",
       "The waiting list for NHS dentists in the Vellan area has grown to 4,000 people, the health board said."),
]

QUESTIONS = [
    {"q": "When did the Quarry Bay lido reopen?", "kind": "agree",
     "answers": ["Saturday", "on Saturday", "19 September", "on 19 September"], "sources": 2},
    {"q": "Who led the restoration of the Quarry Bay lido?", "kind": "agree",
     "answers": ["Dr Amara Osei", "Amara Osei", "Osei"], "sources": 2},
    {"q": "How much is Tervane paying for Oskel?", "kind": "agree",
     "answers": ["$1.5bn", "1.5 billion dollars"], "sources": 2},
    {"q": "By how much did Oskel's shares rise after the Tervane deal?", "kind": "agree",
     "answers": ["12%", "twelve per cent"], "sources": 2},
    {"q": "What is the average wait at Vellan's walk-in clinic?", "kind": "conflict",
     "answers": ["45 minutes", "90 minutes"], "conflict_values": ["45 minutes", "90 minutes"]},
    {"q": "How many containers does the Dunlow port authority expect to handle this year?", "kind": "update",
     "answers": ["1.9 million containers", "1.9 million"], "superseded": ["2.4 million"]},
    {"q": "When will the Orrin bypass open?", "kind": "correction", "answers": ["28 March", "on 28 March"],
     "superseded": ["14 March"]},
    {"q": "How many people were rescued from the Belvane Hotel fire?", "kind": "syndicated",
     "answers": ["23", "23 people"], "sources": 2},
    {"q": "How many guests were treated for smoke inhalation after the Belvane Hotel fire?", "kind": "syndicated",
     "answers": ["Eleven", "Eleven guests"], "sources": 1},
    {"q": "How much will the new children's wing at Linmoor library cost?", "kind": "single",
     "answers": ["£2.8 million"], "sources": 1},
    {"q": "How many books will the Linmoor children's wing hold?", "kind": "single", "answers": ["15,000"],
     "sources": 1},
]
