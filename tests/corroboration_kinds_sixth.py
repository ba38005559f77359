"""A sixth set of mini-clusters, one per cause of a wrong value seen on the training clusters
(tests/data/clusters_train, t01–t10): a correction notice whose right value comes two sentences
after the retracted one, worded unlike the question ('the start was moved to …', 'They were spoken
by …'), so the scorer never ranks it; a length-of-time question over a sentence whose only bare
number is an age ('Harrow, 61, was jailed …'); and a count of one thing ('how many jobs') over
articles that count only other things ('by nine votes to three'), which must be an abstention.
Written, with the expected results, before anything was run on them; fictional places, people and
outlets. Used by tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

ARTICLES = [
    # w1: a fun run's start place, corrected; the right place is in the notice's third sentence.
    _a("w1-a", "Bramwick Courier", "2026-06-08", "Hundreds take part in Bramwick Fun Run",
       "More than 900 runners took part in the Bramwick Fun Run on Sunday, which started at Tanners Quay and "
       "raised money for the town's hospice. The winner, a local teacher, finished the ten-kilometre course in 34 "
       "minutes."),
    _a("w1-b", "Bramwick Courier", "2026-06-10", "Correction: Bramwick Fun Run",
       "Correction: Our report of the Bramwick Fun Run on 8 June said that the race started at Tanners Quay. That "
       "was wrong. This year the start was moved to Orchard Meadow, beside the old rectory, so that the route could "
       "avoid the roadworks; Tanners Quay was used only for the prize-giving. We apologise for the error."),
    # w2: a quotation credited to the wrong official, corrected two sentences later.
    _a("w2-a", "Fennick Gazette", "2026-08-03", "Fennick Rail to close line for repairs",
       "Fennick Rail will close the coastal line for three weeks in September to replace a bridge. \"We know this "
       "will be hard for commuters, but the bridge is older than anyone using it,\" said the company's press "
       "officer, Mirela Dostal."),
    _a("w2-b", "Fennick Gazette", "2026-08-05", "Correction: Fennick Rail bridge",
       "Correction: Our article of 3 August about the closure of the coastal line quoted Mirela Dostal, Fennick "
       "Rail's press officer, as saying that \"the bridge is older than anyone using it\". The words were not hers. "
       "They were spoken by the company's chief engineer, Osric Tamblyn, at a public meeting. Ms Dostal wrote the "
       "press release announcing the closure."),
    # w3: a sentence that states the defendant's age but gives the term in words of time.
    _a("w3-a", "Quarrington Echo", "2026-03-17", "Builder jailed for Quarrington pension fraud",
       "Dermot Harrow, 61, was jailed for three years and four months at Quarrington Crown Court on Friday for "
       "taking money from the pension savings of his former employees. The judge said he had shown no remorse."),
    # w4: a vote count and a cost, but no number of jobs.
    _a("w4-a", "Pellmoor Standard", "2026-09-22", "Pellmoor leisure centre approved",
       "Plans for a new leisure centre in Pellmoor were approved by nine votes to three at a meeting of the town's "
       "planning committee on Tuesday. The £14m centre will have a 25-metre pool and a climbing wall, and is due to "
       "open in 2028."),
]

QUESTIONS = [
    {"q": "Where did this year's Bramwick Fun Run start?", "kind": "correction",
     "answers": ["Orchard Meadow"], "superseded": ["Tanners Quay"]},
    {"q": "Which Fennick Rail official said the bridge is older than anyone using it?", "kind": "correction",
     "answers": ["Osric Tamblyn"], "superseded": ["Mirela Dostal"]},
    {"q": "How long was Dermot Harrow jailed for?", "kind": "single",
     "answers": ["three years and four months"], "sources": 1},
    {"q": "How many jobs will the new Pellmoor leisure centre create?", "kind": "unanswerable", "answers": []},
]
