"""Category nouns and the offices that are of their kind: 'which Hollywood *official*' is answered by
"Hollywood's honorary *mayor*, Johnny Grant", 'which European *leader*' by 'German *Chancellor* …'.

General English only: a question may name a person by a broad category where the text titles the
name with an office. Nothing here knows a corpus or a question set.
"""

from __future__ import annotations

from collections.abc import Collection

from index.lexical import tokenize

# A broad category → the office and role nouns a text titles one of its members with.
CATEGORY_TITLES: dict[str, str] = {
    "official": "mayor minister secretary commissioner governor spokesman spokeswoman spokesperson director "
                "chairman chairwoman chair president ambassador councillor senator officer administrator "
                "regulator inspector chief head deputy envoy",
    "leader": "president minister premier chancellor king queen monarch chief head chairman chairwoman "
              "secretary-general emperor",
    "politician": "mp minister senator councillor congressman congresswoman mayor governor president chancellor "
                  "premier",
    "executive": "chief boss director chairman chairwoman president ceo",
    "boss": "chief director chairman chairwoman president ceo manager head",
}
_TITLES = {stem: frozenset(t for word in words.split() for t in tokenize(word))
           for category, words in CATEGORY_TITLES.items() for stem in tokenize(category)}


def with_titles(focus_terms: Collection[str]) -> list[str]:
    """The asked noun's stems and, when it is a broad category, the stems of the offices of its kind."""
    extra = [t for term in focus_terms for t in sorted(_TITLES.get(term, ()))]
    return list(dict.fromkeys([*focus_terms, *extra]))
