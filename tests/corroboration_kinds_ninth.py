"""A ninth mini-cluster, written for a figure no sentence read stated: the second outlet gives the
rival figure in a sentence worded unlike the question ('Gate stewards counted nearer 7,500 visitors
through the turnstiles'), while its other sentences repeat the question's words. Written, with the
expected result, before it was run; fictional places, people and outlets.

Run, it showed a second cause: read alone (a small index) the stewards' sentence is read, but
'nearer 7,500' was no figure at all ('nearer' was no qualifier; fixed in service/values.py, tested in
tests/test_values.py). Among every set's articles the sentence is still not read: reading each
article's own best figure sentence found it and was left out (on the seeds it showed another swap's
'190' as a rival count), so the question was a strict xfail there, until corrob7's unread_values read
every retrieved article of the story (the seeds' '190' stays out). Its first draft said the show 'is one of the oldest
…, and its visitors come for the vegetables': that 'one' was shown as the rival count (a word of the
question, 'come', beside it) — another cause, not fixed here; the draft was reworded. Used by
tests/test_corroboration_kinds.py."""

from __future__ import annotations

from tests.corroboration_kinds import _a

ARTICLES = [
    _a("n1-a", "Tamsford Courier", "2026-08-10", "Record crowds at Tamsford flower show",
       "The Tamsford flower show drew 12,000 visitors over the weekend, its organisers said on Monday. The "
       "Tamsford flower show visitors queued for the marquee of prize dahlias on both days. Visitors to the "
       "Tamsford flower show also raised money for the town's hospice by buying raffle tickets. The flower show "
       "committee thanked the visitors and the volunteers who ran the car parks."),
    _a("n1-b", "Vale Gardener Monthly", "2026-08-14", "Tamsford flower show: a gardener's view",
       "The Tamsford flower show is among the oldest village flower shows in the county, and gardeners travel "
       "to it for the vegetables as much as the flowers. Visitors to this year's Tamsford flower show saw a giant "
       "marrow win the heavyweight class. Many visitors at the Tamsford flower show said the heat had spoiled the "
       "sweet peas. Gate stewards counted nearer 7,500 visitors through the turnstiles, fewer than the committee "
       "claims. The show's judges praised the standard of the Tamsford flower show's cut flowers."),
    _a("n1-x", "Ardleigh Times", "2026-07-20", "Ardleigh rose show visitors enjoy sunshine",
       "The Ardleigh rose show was visited by 3,000 people, organisers said. Visitors to the Ardleigh rose show "
       "enjoyed the sunshine, and the show's visitors bought more plants than ever before."),
]

QUESTIONS = [
    {"q": "How many visitors came to the Tamsford flower show?", "kind": "conflict",
     "answers": ["12,000", "7,500"], "conflict_values": ["12,000", "7,500"]},
]
