"""A tenth mini-cluster, for a second source of the answer that was never read: one outlet gives a
driving ban in the question's words, the other gives it in its own ('will not be allowed behind the
wheel for a year and a half') below sentences that repeat the question's names, so only one source
was counted. Written, with the expected result, before it was run; fictional places, people and
outlets. Used by tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

ARTICLES = [
    _a("b1-a", "Redbourne Chronicle", "2026-09-08", "Redbourne councillor banned from driving",
       "Redbourne councillor Martin Ellery has been banned from driving for 18 months after admitting drink-driving. "
       "Magistrates in Redbourne heard that Mr Ellery was stopped on the ring road in July. He was also fined "
       "£1,200. Mr Ellery said he would not stand down as a councillor."),
    _a("b1-b", "Marlvale Radio", "2026-09-09", "Calls for Redbourne councillor Martin Ellery to quit",
       "Opposition members on Redbourne council have called on Martin Ellery to resign after his conviction. "
       "Martin Ellery, who chairs the council's transport committee, told Redbourne magistrates he was "
       "ashamed. Redbourne council's leader said Martin Ellery had the support of his group. Martin Ellery "
       "was found to be twice the legal limit. He will not be allowed behind the wheel for a year and a half, "
       "and must pay costs of £85."),
    _a("b1-x", "Harlow Vale Times", "2026-08-30", "Harlow Vale driver banned",
       "A Harlow Vale delivery driver has been banned from driving for three years after a crash on the bypass. "
       "The driver was banned from driving after magistrates heard he had been using a phone."),
]

QUESTIONS = [
    {"q": "How long has Martin Ellery been banned from driving?", "kind": "agree",
     "answers": ["18 months", "eighteen months", "a year and a half"], "sources": 2},
]
