"""A fifth set of mini-clusters, one per cause of a wrong value or a missed rival seen on the
training clusters (tests/data/clusters_train): one wire story carried by three outlets filling the
sentences looked at, so a fourth outlet's revised figure is never seen; a later report that gives
the new figure beside the old one in words unlike the question's ('sales have risen to …, from
…'); two outlets stating a sum only beside the asked noun ('fee'); a figure of another story
ranked first; and counts or sums the articles never state for what is asked (jobs cut, prize money
won), which must be abstentions. Written, with the expected results, before anything was run on
them; fictional places, people and outlets. Used by tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

WIRE = ("Shares in Brannock Foods fell 14 per cent on Monday after the snack maker warned that annual profit would "
        "fall short of forecasts. The company, based in Ulverby, said it now expects pre-tax profit of £41m for the "
        "year, compared with the £55m analysts had expected. Brannock employs about 2,300 people at three bakeries.")

ARTICLES = [
    # v1: a wire story carried by three outlets, then a fourth outlet's revised forecast.
    _a("v1-a", "Northgate Wire", "2026-05-11", "Brannock Foods shares fall on profit warning", WIRE),
    _a("v1-b", "Ulverby Business Post", "2026-05-11", "Brannock warns on profit", WIRE),
    _a("v1-c", "Kestle Daily", "2026-05-11", "Snack maker Brannock cuts outlook", WIRE),
    _a("v1-d", "Markets Weekly Ledger", "2026-05-15", "Brannock cuts forecast again",
       "It has been a hard week for Brannock Foods. On Thursday the snack maker revised its profit forecast again, "
       "to £33m, three days after telling investors to expect £41m. Its shares fell a further 6%."),
    # v2: sales of a record, and later sales 'risen to' a new total, 'from' the old one.
    _a("v2-a", "Tollmere Music Weekly", "2026-02-03", "Harrow Lane album sells well",
       "The debut album by the Tollmere band Harrow Lane, Paper Lanterns, has sold 8,000 copies since its release "
       "in December, its label said."),
    _a("v2-b", "Tollmere Evening Echo", "2026-04-20", "Paper Lanterns sales jump after award",
       "Total sales of Paper Lanterns, the Harrow Lane album, have risen to 14,500 copies, from about 8,000 before "
       "the band won the regional music award, the label said on Monday."),
    # v3: a transfer fee stated by two clubs, each only beside 'fee'.
    _a("v3-a", "Dunmere Sports Desk", "2026-07-06", "Dunmere sign Okafor",
       "Dunmere Athletic have signed the goalkeeper Chidi Okafor from Welham United for a club-record fee of "
       "£900,000, the club said on Monday."),
    _a("v3-b", "Welham Argus", "2026-07-07", "Welham confirm Okafor sale",
       "Welham United said they had received £1.2 million for Chidi Okafor, the largest fee in the club's history, "
       "and that the money would go towards a new training ground."),
    # v4: a distractor naming the asked thing but another story ('jobs' at another plant).
    _a("v4-a", "Corby Vale News", "2026-03-09", "Marlpit plant to expand",
       "The Marlpit glass plant near Corby Vale will create 85 jobs when its new furnace opens next year, the "
       "owners said."),
    # v5: a race report that states a time and money raised, but no prize money won.
    _a("v5-a", "Ferrand Runner", "2026-10-05", "Amos wins Ferrand half marathon",
       "Lena Amos won the Ferrand Half Marathon on Sunday in 1:09:55, a course record. Runners raised money for "
       "local charities, and the organisers said £85,000 had been pledged by the evening."),
]

QUESTIONS = [
    {"q": "What pre-tax profit does Brannock Foods now expect for the year?", "kind": "update",
     "answers": ["£33m"], "superseded": ["£41m"]},
    {"q": "How many copies of Paper Lanterns have been sold?", "kind": "update",
     "answers": ["14,500 copies", "14,500"], "superseded": ["8,000"]},
    {"q": "What fee did Dunmere Athletic pay Welham United for Chidi Okafor?", "kind": "conflict",
     "answers": ["£900,000", "£1.2 million"], "conflict_values": ["£900,000", "£1.2 million"]},
    {"q": "How many jobs will Brannock Foods cut?", "kind": "unanswerable", "answers": []},
    {"q": "How much prize money did Lena Amos win at the Ferrand Half Marathon?", "kind": "unanswerable",
     "answers": []},
]

# Written before they were first run, like the rest (added after the training clusters showed a
# correction's replacement speaker in a sentence sharing no word with the question, and the date of
# the corrected article read as a date the question asks).
ARTICLES += [
    _a("v6-a", "Pennock Gazette", "2026-03-02", "Pennock libraries safe, says council",
       "Pennock council has set aside £1.1m to keep its branch libraries open next year. \"We will not close a "
       "single library,\" said the council leader, Harriet Lowe. The council will vote on the budget on 19 March."),
    _a("v6-b", "Pennock Gazette", "2026-03-04", "Correction: Pennock libraries",
       "Correction: Our article of 2 March about library funding quoted the council leader, Harriet Lowe, as "
       "saying: \"We will not close a single library.\" The words were not hers. They were spoken by the deputy "
       "leader, Colm Ferris, at a budget meeting. We apologise for the error."),
]
QUESTIONS += [
    {"q": "Who said \"We will not close a single library\" about Pennock's libraries?", "kind": "correction",
     "answers": ["Colm Ferris"], "superseded": ["Harriet Lowe"]},
    {"q": "When will Pennock council vote on the budget?", "kind": "single", "answers": ["19 March", "on 19 March"],
     "sources": 1},
]

# Written before it was first run: a bare noun whose phrase goes on to name the place.
ARTICLES += [
    _a("v7-a", "Fenby Courier", "2026-06-15", "Fenby bus depot plan approved",
       "Councillors have approved a new bus depot for Fenby. The depot will be built on land near Harrow Quay, "
       "and will house 60 electric buses when it opens in 2028."),
]
QUESTIONS += [
    {"q": "On what site will the new Fenby bus depot be built?", "kind": "single",
     "answers": ["land near Harrow Quay", "Harrow Quay"], "sources": 1},
]
