"""An eleventh mini-cluster set, for updates worded so that no cue stands next to the value: a verb of
change far from its 'to' ('has raised its proposed increase in fares on the route to 9 per cent'), a
running total that 'stands at' a figure, a newer source named by 'according to the latest tally', and a
date moved in a sentence that names the event but not the question's verb. Written, with the expected
results, before they were run; fictional places, people and outlets. Used by
tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

ARTICLES = [
    _a("u1-a", "Kestwick Argus", "2026-02-03", "Bus fares to go up",
       "Fares on the Kestwick to Orrin bus route will go up by 4 per cent in March, the Kestwick Bus Company said. "
       "The company blamed the price of diesel and drivers' wages."),
    _a("u1-b", "Kestwick Argus", "2026-02-24", "Bus company raises fare plan",
       "The Kestwick Bus Company has raised its proposed increase in fares on the Orrin route to 9 per cent after "
       "losing a council subsidy. Passenger groups said the rise would push people back into their cars."),
    _a("u2-a", "Dunlow Times", "2026-05-11", "Gas leak at leisure centre",
       "Eleven people were taken to hospital after a gas leak at the Dunlow leisure centre on Sunday afternoon. "
       "The pool and gym were evacuated and the building will stay closed while engineers find the fault."),
    _a("u2-b", "Mid Fell News", "2026-05-12", "Dunlow gas leak: more treated",
       "The number of people treated in hospital after the Dunlow leisure centre gas leak stands at 17, the health "
       "board said on Monday. None of them is thought to be seriously ill."),
    _a("u3-a", "Pellbrook Post", "2026-04-02", "Food festival date announced",
       "The Pellbrook Food Festival will take place on 8 August in Abbey Park, organisers said. "
       "More than 60 stalls have signed up."),
    _a("u3-b", "Pellbrook Post", "2026-06-15", "Food festival moved",
       "The Pellbrook Food Festival has been moved to 22 August because roadworks will block the entrance to "
       "Abbey Park. Stallholders have been told their pitches are safe."),
    _a("u4-a", "Sandmere Gazette", "2026-07-05", "Beach clean-up",
       "Volunteers collected 1,300 bags of litter from Sandmere beach on Saturday in the first of four weekend "
       "clean-ups organised by the Sandmere Sea Trust."),
    _a("u4-b", "Coast & Country", "2026-07-27", "Sandmere clean-up nears its end",
       "Volunteers have collected 2,050 bags of litter from Sandmere beach this month, according to the latest "
       "tally. The trust hopes to make the clean-up a yearly event."),
]

QUESTIONS = [
    {"q": "By how much will fares on the Kestwick to Orrin bus route go up?", "kind": "update",
     "answers": ["9 per cent"], "superseded": ["4 per cent"]},
    {"q": "How many people were taken to hospital after the gas leak at Dunlow leisure centre?", "kind": "update",
     "answers": ["17"], "superseded": ["Eleven"]},
    {"q": "When will the Pellbrook Food Festival take place?", "kind": "update",
     "answers": ["22 August"], "superseded": ["8 August"]},
    {"q": "How many bags of litter have volunteers collected from Sandmere beach?", "kind": "update",
     "answers": ["2,050"], "superseded": ["1,300"]},
]
