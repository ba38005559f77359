"""Mini-clusters for every kind of corroboration issue 15 names, written (with their expected
results) before anything was run on them. Fictional places, people and outlets; each cluster is
2–4 outlets with publication dates, plus look-alike distractors. Used by
tests/test_corroboration_kinds.py (the whole index is asked, not a chosen set of documents)."""

from __future__ import annotations

from index.documents import Article


def _a(doc_id, outlet, published, title, text, site=None):
    host = (site or outlet).lower().replace(" ", "")
    return Article(doc_id, title, text, published=published, source=outlet, url=f"https://www.{host}.example/{doc_id}")


WIRE = ("A 14-year-old girl has been rescued after spending two nights on a ledge on Carrow Crag, mountain rescuers "
        "said on Thursday. The girl, who had become separated from a school group on Tuesday afternoon, was spotted by "
        "a helicopter crew at first light. The rescue team's leader, Hal Bryce, said she was cold and hungry but "
        "unhurt. Rescuers lowered her 90 metres to a waiting stretcher party, and she was taken to hospital in "
        "Fenmoor as a precaution. Her school said it would review how pupils are supervised on walks.")

ARTICLES = [
    # k1: one duration and one percentage in two forms each (agreement), one single-source figure.
    _a("k1-a", "Velmar Post", "2026-05-04", "Korsby bus strike ends",
       "Bus drivers in Korsby ended a six-week strike on Monday after accepting a pay offer worth 41.7 per cent over "
       "three years, the Transit Workers Guild said. The deal covers 1,150 drivers employed by Korsby City Buses. "
       "Guild secretary Tomas Reinholt said members had voted to accept it at a meeting in the town hall. \"It was a "
       "long fight, but it was worth it,\" he said. Night routes will be restored later in the month."),
    _a("k1-b", "Korsby Daily", "2026-05-05", "Buses back on Korsby streets",
       "Korsby's buses were running again on Tuesday. The drivers, who had been on strike for six weeks, accepted an "
       "offer worth 41.7% over three years. Shopkeepers in the old town said trade had fallen sharply while the "
       "buses were off the road, and the council is considering a free-fare weekend to bring shoppers back."),
    # k2: one cost in two forms (agreement) and a genuine other figure without a space (conflict).
    _a("k2-a", "Harbour Review", "2026-06-10", "Saltmere to get new ferry terminal",
       "The port authority of Saltmere will spend €38 million on a new ferry terminal, its chairwoman, Ines Varga, "
       "said on Wednesday. Construction is due to begin in October and take two years. The terminal will have "
       "room for two ferries at once and a covered waiting hall for 600 passengers."),
    _a("k2-b", "Coastline Business", "2026-06-11", "Saltmere terminal plan approved",
       "Saltmere's board has approved a new ferry terminal with a budget of 38 million euros, the port authority "
       "said. The old terminal, built in 1971, will be pulled down once the new one opens."),
    _a("k2-c", "Saltmere Voice", "2026-06-12", "Opposition questions ferry terminal sums",
       "Opposition councillors in Saltmere said the new ferry terminal would cost closer to €52million once the new "
       "access road was included. The port authority said the road was a separate project paid for by the region."),
    # k3: one wire story carried by three outlets, and one independent report.
    _a("k3-a", "Bexley Wire", "2026-04-09", "Girl rescued from Carrow Crag ledge", WIRE),
    _a("k3-b", "Fenmoor Gazette", "2026-04-09", "Schoolgirl rescued after two nights on crag", WIRE),
    _a("k3-c", "Tidewater Online", "2026-04-10", "Girl, 14, saved from Carrow Crag",
       WIRE + " Walkers have been asked to keep to marked paths."),
    _a("k3-d", "Crag and Fell", "2026-04-11", "How the Carrow Crag rescue unfolded",
       "For two nights a schoolgirl sheltered on a narrow ledge high on the north face of Carrow Crag before a "
       "helicopter crew saw her waving a red jacket. Volunteers from the Fenmoor team then spent four hours "
       "reaching her in poor weather. The ledge is well known to climbers but almost impossible to reach on foot."),
    # k4: a toll that later reports raise; two reports from one outlet.
    _a("k4-a", "Rinmouth Herald", "2026-10-03", "Landslide buries part of Osterby",
       "A landslide buried part of the mountain village of Osterby on Friday after days of heavy rain. Regional "
       "officials said seven people had been killed and about 40 were missing. Soldiers have been sent to help "
       "dig through the mud, and the only road into the valley is closed."),
    _a("k4-b", "Alpine Wire", "2026-10-05", "Osterby landslide toll rises",
       "The number of people killed in the Osterby landslide rose to 12 on Sunday as rescuers dug through the mud "
       "with their hands. The regional governor, Markus Ebner, said hopes of finding more survivors were fading."),
    _a("k4-c", "Rinmouth Herald", "2026-10-06", "Osterby mourns its dead",
       "Officials said the death toll in the Osterby landslide now stands at 15, after three more bodies were "
       "recovered overnight. A memorial service will be held in the village church on Saturday."),
    # k5: a date a later report moves ('now expected'), with as_of.
    _a("k5-a", "Lakeside Star", "2026-01-20", "Pellworth pool opening date set",
       "The new Pellworth swimming pool will open on 2 March, the leisure trust said on Tuesday. The 25-metre pool "
       "replaces the Victorian baths on Mill Street, which closed in 2024."),
    _a("k5-b", "Pellworth Advertiser", "2026-02-25", "Pool opening delayed",
       "The opening of Pellworth's new swimming pool is now expected on 13 April after a fault was found in the "
       "filtration system, the leisure trust said. Swimming clubs have been offered lanes in a neighbouring town."),
    # k6: corrections, of a quote's speaker and of a figure.
    _a("k6-a", "Dunmore Times", "2026-07-01", "Dunmore festival draws the crowds",
       "The Dunmore Arts Festival drew 22,000 visitors over its four days, organisers said on Tuesday. \"This town "
       "has never looked so alive,\" said the festival director, Cara Lindqvist. The festival's closing concert "
       "in the market square was the first to sell out in its history."),
    _a("k6-b", "Dunmore Times", "2026-07-02", "Correction: Dunmore festival",
       "Correction: An article on Wednesday about the Dunmore Arts Festival wrongly credited the remark that the "
       "town had never looked so alive to the festival director, Cara Lindqvist. It was made by the mayor, Piet "
       "Hallam. The article also said the festival drew 22,000 visitors; the correct figure is 27,000."),
    # k7: a genuine conflict, attributed.
    _a("k7-a", "Harwick Echo", "2026-03-08", "March against fire station closure",
       "Police estimated that 6,500 people took part in Saturday's march in Harwick against the closure of the "
       "town's fire station. The march went from the station to the town hall, where a petition was handed in."),
    _a("k7-b", "Firefighters' Voice", "2026-03-09", "Harwick says no to closure",
       "Organisers put the number of marchers at 18,000, making Saturday's protest in Harwick against the fire "
       "station closure the biggest the town has seen. The county will decide on the closure in May."),
    # k8: approximations and units in different forms; a spokeswoman named in two ways.
    _a("k8-a", "Tessby News", "2026-11-12", "Storm Odile cuts power in Tessby",
       "About 1,200 homes in Tessby were left without power after Storm Odile brought down lines overnight, the "
       "grid operator's spokeswoman, Mirela Danu, said. Gusts of 110 km/h were recorded at the harbour."),
    _a("k8-b", "Coast Weather Today", "2026-11-12", "Odile's winds hit 68 mph",
       "Storm Odile's strongest gust, 68 mph, was measured at Tessby harbour on Wednesday night. Roughly 1.2 "
       "thousand homes in the town lost power, according to Ms Danu of the grid operator, and crews expected to "
       "restore most supplies by the evening."),
    # k9: an election: the turnout is asked, the winner is nearby.
    _a("k9-a", "Kestrel Bay Chronicle", "2026-05-08", "Brenner wins Kestrel Bay mayoralty",
       "Alva Brenner won the mayoral election in Kestrel Bay with 54 per cent of the vote, beating the sitting mayor, "
       "Joss Farrant. Turnout was 38.2 per cent, down from 44 per cent four years ago. Brenner has promised to "
       "reopen the town's library on Sundays."),
    # distractors: look-alike stories.
    _a("kd-1", "Velmar Post", "2026-02-11", "Tram drivers strike in Ostrova",
       "Tram drivers in Ostrova walked out on Tuesday at the start of a two-week strike over pay. Their union is "
       "asking for a rise of 9 per cent; the operator has offered 4 per cent."),
    _a("kd-2", "Alpine Wire", "2026-09-14", "Rockfall closes pass",
       "A rockfall closed the Hallen pass on Sunday. Nobody was hurt, but about 300 drivers were stranded for "
       "several hours before the road was cleared, police said."),
    _a("kd-3", "Lakeside Star", "2026-03-02", "Ribbon cut at Amberley library",
       "The new Amberley library opened on 2 March after a two-year build costing £6 million. It has room for "
       "80,000 books and a cafe on the ground floor."),
]

# kind: agree | conflict | update | correction | syndicated | single (the clusters eval's kinds).
QUESTIONS = [
    {"q": "How long did the Korsby bus drivers' strike last?", "kind": "agree",
     "answers": ["six-week", "six weeks"], "sources": 2},
    {"q": "What pay offer did the Korsby bus drivers accept?", "kind": "agree",
     "answers": ["41.7 per cent", "41.7%"], "sources": 2},
    {"q": "How many drivers does the Korsby deal cover?", "kind": "single", "answers": ["1,150"], "sources": 1},
    {"q": "How much will the new Saltmere ferry terminal cost?", "kind": "conflict",
     "answers": ["€38 million", "38 million euros", "€52million"], "conflict_values": ["38 million", "€52million"]},
    {"q": "How much will Saltmere's port authority spend on the ferry terminal?", "kind": "agree",
     "answers": ["€38 million", "38 million euros"], "sources": 2},
    {"q": "How long was the girl stranded on Carrow Crag?", "kind": "syndicated",
     "answers": ["two nights"], "sources": 2},
    {"q": "Who led the team that rescued the girl on Carrow Crag?", "kind": "syndicated",
     "answers": ["Hal Bryce"], "sources": 1},
    {"q": "How many people were killed in the Osterby landslide?", "kind": "update",
     "answers": ["15"], "superseded": ["seven", "12"]},
    {"q": "How many people were missing after the Osterby landslide?", "kind": "single",
     "answers": ["about 40", "40"], "sources": 1},
    {"q": "When will the new Pellworth swimming pool open?", "kind": "update",
     "answers": ["13 April"], "superseded": ["2 March"]},
    {"q": "Who said the town of Dunmore had never looked so alive?", "kind": "correction",
     "answers": ["Piet Hallam", "the mayor, Piet Hallam"], "superseded": ["Cara Lindqvist"]},
    {"q": "How many visitors did the Dunmore Arts Festival draw?", "kind": "correction",
     "answers": ["27,000"], "superseded": ["22,000"]},
    {"q": "How many people took part in the march in Harwick?", "kind": "conflict",
     "answers": ["6,500", "18,000"], "conflict_values": ["6,500", "18,000"]},
    {"q": "How many homes lost power in Tessby during Storm Odile?", "kind": "agree",
     "answers": ["About 1,200", "1,200", "1.2 thousand"], "sources": 2},
    {"q": "What was the strongest gust of Storm Odile at Tessby?", "kind": "agree",
     "answers": ["110 km/h", "68 mph"], "sources": 2},
    {"q": "What was the turnout in the Kestrel Bay mayoral election?", "kind": "single",
     "answers": ["38.2 per cent"], "sources": 1},
    {"q": "Who won the Kestrel Bay mayoral election?", "kind": "single", "answers": ["Alva Brenner"], "sources": 1},
]
