"""An eighth mini-cluster, for a conflict lost when one outlet's figure stands beside the question's
verb and the other's does not: the harbour master says how many boats the gale *damaged*; the
fishermen's association, in its own words, counted more boats 'with holed hulls'. Both count the
asked noun, so they are two accounts of one fact. Written, with the expected result, before it was
run; fictional places, people and outlets. Used by tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

ARTICLES = [
    _a("e1-a", "Porthwenna Gazette", "2026-11-03", "Gale damages 40 boats in Porthwenna harbour",
       "A gale that swept along the coast on Monday night damaged 40 boats moored in Porthwenna harbour, the "
       "harbour master, Colm Rafferty, said on Tuesday. Several pontoons broke loose and two yachts sank at their "
       "moorings. Gusts of 78mph were recorded at the lifeboat station, and the harbour was closed to traffic "
       "until the wreckage had been cleared."),
    _a("e1-b", "Kernow Coast Radio", "2026-11-04", "Porthwenna fishermen say gale toll is higher",
       "Fishermen in Porthwenna say the harbour authority has played down the cost of Monday's gale. The "
       "Porthwenna Fishermen's Association said its members had counted 65 boats with holed hulls or smashed "
       "wheelhouses, among them most of the small crabbers that work the bay. The association's secretary, "
       "Tamsin Pascoe, said several owners could not afford to repair their boats before the spring."),
    _a("e1-x", "Lowenstow Echo", "2026-10-20", "Lowenstow regatta boats damaged in storm",
       "Twelve boats were damaged when a storm hit the Lowenstow regatta on Saturday, organisers said. The "
       "regatta was abandoned after the first race and the damaged boats were towed to the slipway."),
]

QUESTIONS = [
    {"q": "How many boats did the gale damage in Porthwenna harbour?", "kind": "conflict",
     "answers": ["40", "65"], "conflict_values": ["40", "65"]},
]
