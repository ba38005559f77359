"""A fourth set of mini-clusters, one per cause of a wrong *value* (not of wrong corroboration) seen on
the clusters' dev half: 'how long is the detour' asks for the detour's length, not for a delay
said in another sentence; 'which town' is answered by the town's name, not 'the nearby town of X';
'who runs' a place named in many sentences, when only a sentence with few of the question's words
names a person; 'where will X be shown' beside a time phrase in the same sentence; and an asked
attribute that no article states (an age), which must be an abstention. Written, with the expected
results, before anything was run on them; fictional places, people and outlets. Used by
tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

ARTICLES = [
    # f1: a delay in one sentence, the detour's length in another.
    _a("f1-a", "Pelton Courier", "2026-05-04", "Pelton footbridge closure extended",
       "The reopening of the Pelton footbridge has been delayed by nearly three weeks after divers found cracks in "
       "the river piers. Walkers and cyclists face a detour of about 3 kilometres via the Mossgate weir while the "
       "footbridge is closed, the borough council said."),
    # f2: the asked place named inside a longer phrase, by two outlets.
    _a("f2-a", "Ardley Herald", "2026-08-11", "Ardley hospital evacuated after flood",
       "Flood water forced the evacuation of Ardley General Hospital on Monday. Ambulances moved 46 patients to "
       "the nearby town of Fenwick Cross, where a field ward had been set up in a sports hall."),
    _a("f2-b", "Vale Radio News", "2026-08-12", "Patients moved as Ardley hospital floods",
       "Forty-six patients were taken to Fenwick Cross after flood water reached the wards of Ardley General "
       "Hospital, the health trust said."),
    # f3: a place named in every sentence; who runs it is said only once, beside few of its words.
    _a("f3-a", "Brackley Chronicle", "2026-04-18", "Brackley Toy Museum reopens after fire",
       "The Brackley Toy Museum reopened on Friday, eight months after a fire in the Brackley Toy Museum shop. "
       "Repairs to the Brackley Toy Museum cost £900,000, most of it paid by insurers. The Brackley Toy Museum "
       "holds 12,000 toys, and the Brackley Toy Museum's tin soldiers are back on show. \"It has been a long "
       "wait,\" said its curator, Tomas Rell."),
    _a("f3-b", "Midland Culture Weekly", "2026-04-22", "Toys are back in Brackley",
       "The Brackley Toy Museum is open again. Visitors to the Brackley Toy Museum queued on Friday morning, and "
       "the Brackley Toy Museum gave every child a paper crown. The Brackley Toy Museum's rebuilt shop sells "
       "copies of its Victorian dolls. Curator Tomas Rell and his staff worked through the winter."),
    # f4: the place and a time phrase in one sentence.
    _a("f4-a", "Garrow Post", "2026-03-02", "Garrow tapestry restored",
       "The Garrow tapestry, damaged by damp in 2024, has been restored by a team of eight conservators. The "
       "tapestry will go on show at Carden Hall for three weeks from 4 May before returning to the abbey."),
    # distractors.
    _a("fd-1", "Pelton Courier", "2026-02-10", "Canal towpath shut",
       "A section of the canal towpath near Pelton will shut for a month for resurfacing, the canal trust said."),
    _a("fd-2", "Vale Radio News", "2026-01-20", "Doll collection donated",
       "A collection of 300 Victorian dolls has been donated to a museum in Harlby by a retired teacher."),
]

QUESTIONS = [
    {"q": "How long is the detour while the Pelton footbridge is closed?", "kind": "single",
     "answers": ["about 3 kilometres", "3 kilometres"], "sources": 1},
    {"q": "To which town were the Ardley hospital patients moved?", "kind": "agree",
     "answers": ["Fenwick Cross"], "sources": 2},
    {"q": "Who runs the Brackley Toy Museum?", "kind": "agree", "answers": ["Tomas Rell", "Curator Tomas Rell"],
     "sources": 2},
    {"q": "Where will the Garrow tapestry go on show?", "kind": "single", "answers": ["Carden Hall", "at Carden Hall"],
     "sources": 1},
    {"q": "How old is the curator of the Brackley Toy Museum?", "kind": "unanswerable", "answers": []},
]
