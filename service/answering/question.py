"""What a question asks for: its type, the kind of span that answers it, and its content words.

General English only (wh-words, head nouns of "which country" / "how many passengers"): nothing
here knows a corpus or a question set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from index.lexical import tokenize
from service.answering.kinds import (CARDINAL, CLAUSE, DATE, DESCRIPTION, EVENT, FAC, GPE, LANGUAGE, LAW, LOC, MONEY,
                                     NORP, NOUN_PHRASE, NUMBERS, ORG, PERCENT, PERSON, POLARITY, PRODUCT, QUANTITY,
                                     QUOTE, TERM, TIME, VERB_OBJECT, WORK)
from service.answering.demonyms import asked_origins
from service.answering.question_parse import question_parser

# Head nouns that name only the kind of figure asked for ('what *percentage*', 'what *share*'): an
# article states the figure ('40%') without the noun, so it is not a counted thing it must mention.
FIGURE_NOUNS = frozenset("number amount total count percentage share figure proportion".split())
# Head nouns that say what kind of thing the answer is ("which country", "what year").
HEAD_NOUN_TYPES: dict[str, tuple[str, ...]] = {}
for _types, _nouns in [
    ((PERSON,), "person people man woman men women leader president minister official spokesman spokeswoman "
                "spokesperson chief head author writer player actor actress singer king queen prince princess "
                "ceo founder director coach manager captain politician candidate senator governor mayor general "
                "commander judge lawyer doctor scientist artist journalist reporter negotiator envoy ambassador "
                "mediator chancellor premier emperor pope son daughter father mother wife husband brother sister "
                "athlete champion winner medallist medalist opponent rival star striker goalkeeper batsman cyclist sprinter swimmer boxer golfer rapper comedian "
                "presenter musician composer designer executive barrister solicitor economist analyst campaigner "
                "activist chef novelist poet filmmaker film-maker"),
    ((ORG,), "organization organisation company firm group agency party team body ministry department institution "
             "bank club network newspaper union court council committee government army bloc alliance broadcaster "
             "university school college charity manufacturer airline retailer lab laboratory broker insurer lender "
             "publisher magazine supermarket"),
    ((GPE, LOC), "country nation city town state region province territory capital place location area continent "
                 "island village county district border site port harbour"),
    ((DATE,), "year date day month decade century season week period era"),
    ((TIME,), "time hour"),
    ((NORP,), "nationality religion ethnicity"),
    ((EVENT,), "event war battle tournament championship election summit festival"),
    ((LAW,), "law act bill treaty"),
    ((WORK,), "book film movie song album show series novel play"),
    ((LANGUAGE,), "language"),
    ((PRODUCT,), "product device car phone vehicle"),
    ((CARDINAL, QUANTITY, PERCENT, MONEY), " ".join(sorted(FIGURE_NOUNS))),
    ((MONEY,), "price cost fee salary fine sum"),
    # 'What pay offer / wage rise did they accept': a pay deal is stated as a figure (a share or a sum).
    ((PERCENT, MONEY, CARDINAL), "pay wage wages rise raise increase"),
    ((TERM, QUOTE), "formula term phrase word slogan nickname motto expression catchphrase alias moniker codename "
                    "tagline buzzword"),
    # 'in what manner / way': how something is done, a describing phrase ('in a responsible way')
    ((DESCRIPTION, QUOTE), "manner"),
    # 'what message did she post': the words said, quoted or not
    ((QUOTE, NOUN_PHRASE), "message statement remark comment post tweet announcement"),
]:
    for _noun in _nouns.split():
        HEAD_NOUN_TYPES[_noun] = _types

WH_TYPES: dict[str, tuple[str, ...]] = {
    "who": (PERSON, ORG, GPE, NORP),
    "whom": (PERSON, ORG, GPE, NORP),
    "whose": (PERSON, ORG, GPE, NORP),
    "when": (DATE, TIME),
    "where": (GPE, LOC, FAC, ORG, NOUN_PHRASE),
    "how many": (CARDINAL, QUANTITY, MONEY, PERCENT),
    "how much": (MONEY, QUANTITY, PERCENT, CARDINAL),
    "how long": (DATE, TIME, QUANTITY),
    "how old": (DATE, CARDINAL),
    "how far": (QUANTITY, CARDINAL),
    "why": (CLAUSE,),
    "how": (CLAUSE, NOUN_PHRASE),
    "yes-no": (POLARITY,),
    "quote": (QUOTE,),
    "what": (NOUN_PHRASE,),
    "which": (NOUN_PHRASE,),
    "other": (NOUN_PHRASE,),
}
AUXILIARIES = {"is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will",
               "would", "should", "shall", "may", "might", "must", "am"}
SPEECH_VERBS = {"say", "tell", "state", "claim", "write", "post", "tweet", "announce", "declare", "add", "warn",
                "insist", "stress", "argue", "comment", "respond", "reply"}
DISTANCE_WORDS = {"close", "near"}  # 'how close', 'how near' ask what 'how far' asks
WH_WORDS = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how"}
# 'How did X describe Y', 'what did X call Y': the answer is the describing word or phrase.
DESCRIBING_VERBS = {"describe", "call", "characterize", "characterise", "label", "dub", "term", "brand", "portray",
                    "nickname", "sum", "summarise", "summarize"}  # 'how did the MP *sum up* the whole episode
NAMING_VERBS = {"call", "dub", "term", "nickname"}  # 'what is X called': the answer may be a name or coined term
# 'How big / high / large …': a degree of something measurable is a figure, like 'how much'.
MEASURE_ADJECTIVES = {"big", "large", "high", "tall", "deep", "wide", "heavy", "fast", "low", "small", "steep",
                      "expensive", "costly", "cheap", "hot", "cold", "strong"}
SCORE_NOUNS = {"score", "scoreline"}  # 'what was the score': a match's result in games or goals ('6-1 7-5')
TIME_ADVERBS = {"often", "soon", "frequently", "early", "late", "recently"}
# 'What will X do / present': the answer is the object of the question's verb, not a speech act.
LIGHT_VERBS = {"be", "have"}


@dataclass
class Question:
    text: str
    kind: str  # who, what, when, where, how many, how much, how long, why, yes-no, quote, which, other
    expected: tuple[str, ...]  # span kinds, most wanted first
    focus: str | None = None  # head noun: "passengers" in "how many passengers"
    focus_terms: list[str] = field(default_factory=list)  # its stems, as written and as lemma
    terms: list[str] = field(default_factory=list)  # stemmed content words
    negated: bool = False
    names: list[str] = field(default_factory=list)  # proper nouns and numbers the answer must be about
    wh_role: str = ""  # dependency of the wh-word: 'nsubj' (who did it), 'dobj' (what did they do), ...
    verb: str = ""  # stem of the question's main verb ('mediat' in 'who mediated ...')
    action: str = ""  # stem of the action the question's subject is said to undergo ('strand' in 'how long was she stranded')
    topic: str = ""  # stem of a copular question's subject noun: 'diversion' in 'how long is the diversion while …'
    described: list[str] = field(default_factory=list)  # stems of what a describing verb describes ('the *IAAF*', 'the *match* against *Wales*')
    inner_verb: str = ""  # stem of the verb a speech or thought verb's clause asks about ('what did X say the evidence does not *support*')
    inner_words: list[str] = field(default_factory=list)  # its stems as written and as lemma ('hoped' → hope; spaCy's lemma says 'hop')
    acts: bool = False  # asks what someone does or must do ('what must the coach *do*'): a verb phrase answers
    doers: list[str] = field(default_factory=list)  # stems of who is to do it: 'the French *coach*', 'invite *O'Reilly* to do'
    stranded: str = ""  # a preposition the wh-word is the object of, left at the end ('set out plans *for*', 'working *on*')
    subject_of: str = ""  # stem of the verb the wh-phrase is the subject of ('which aircraft maker *announced* …')
    origins: frozenset[str] = frozenset()  # countries or regions the wh-phrase's adjectives ask for ('which *Brazilian* company')
    about: list[str] = field(default_factory=list)  # stems of the head of what a speech verb is said 'about' ('say about *Ireland's team* on paper')
    copular: list[str] = field(default_factory=list)  # stems of the side of a reported 'be' the question gives ('say *foster carers* must not be', 'say was *the only unusual thing*')
    subject: list[str] = field(default_factory=list)  # stems of the main verb's subject noun and its compounds ('when did the *ferry strike* begin')
    object_asked: bool = False  # the wh-phrase is its verb's object ('what will the council *hand* them', 'what will X receive')
    weekday: bool = False  # asks for a day of the week ('on what *day of the week*', 'which weekday')
    preposition: str = ""  # the preposition the wh-phrase is the object of: '*Through* which area', 'which state is she suing HP *from*'
    sort_of: list[str] = field(default_factory=list)  # stems of the noun a 'what kind / sort / type of *care*' asks a kind of
    lacking: bool = False  # asks what did not come about ('what did the talks *fail to* produce', 'what did they *not* get')
    total: bool = False  # asks for a total ('how many … *in total*', '*altogether*', '*combined*')
    score: bool = False  # asks for a match's score ('what was the *score* when she beat X')
    many: bool = False  # the head noun is plural or counted ('which countries', 'which two cities'): a list may answer
    doc: Doc | None = field(default=None, compare=False, repr=False)  # the parse analyse() read, for later steps (stated.py)

    @property
    def counted_terms(self) -> list[str]:
        """The stems of the noun a figure counts ('how many *passengers*'), which an article stating
        the figure must mention; none when the head noun only names the kind of figure asked for
        ('what *percentage*', 'what *share*': the article writes '40%')."""
        return [] if self.focus in FIGURE_NOUNS else self.focus_terms

    def describe(self) -> str:
        """Words for an abstention reason: 'a person', 'a number of passengers', ..."""
        first = self.expected[0]
        names = {PERSON: "a person or organisation", ORG: "an organisation", GPE: "a place", LOC: "a place",
                 FAC: "a place", DATE: "a date", TIME: "a time", CARDINAL: "a number", QUANTITY: "a quantity",
                 MONEY: "an amount of money", PERCENT: "a percentage", NORP: "a group", EVENT: "an event",
                 QUOTE: "a quotation", CLAUSE: "a reason", POLARITY: "a statement", NOUN_PHRASE: "an answer"}
        name = names.get(first, "an answer")
        if self.focus and first in NUMBERS:
            return f"{name} of {self.focus}"
        return name


def _wh_phrase(doc: Doc) -> tuple[str, int]:
    """The question word (two words for 'how many' and the like) and its token index."""
    lowered = [t.lower_ for t in doc]
    for i, word in enumerate(lowered):
        if word == "how" and i + 1 < len(lowered) and lowered[i + 1] in {"many", "much", "long", "old", "far"}:
            return f"how {lowered[i + 1]}", i
        if word == "how" and i + 1 < len(lowered) and lowered[i + 1] in DISTANCE_WORDS:
            return "how far", i  # 'how close will it pass': a distance, as 'how far' asks
        if word in WH_WORDS:
            return word, i
    return "", -1


def _asks_for_words(doc: Doc, index: int) -> bool:
    """'What did X say (about Y)?': the wh-word is what a speech verb says."""
    head = doc[index].head
    return head.lemma_.lower() in SPEECH_VERBS and doc[index].dep_ in {"dobj", "ccomp", "nsubjpass", "attr"}


def _head_noun_after(doc: Doc, index: int):
    """The noun token a wh-determiner governs: 'which *country*', 'how many *passengers*'."""
    for token in doc[index + 1: index + 6]:
        if token.pos_ in {"NOUN", "PROPN"}:
            token = _hyphen_head(doc, token)  # 'which film-*maker*', 'anti-*virus* firm'
            # 'how much prize *money*', 'which squad *number*'; but 'what *pay* offer': a noun that names
            # the answer's kind stays
            while (token.dep_ == "compound" and token.head.i > token.i and token.head.pos_ in {"NOUN", "PROPN"}
                   and not (token.lower_ in HEAD_NOUN_TYPES and token.head.lower_ not in HEAD_NOUN_TYPES)):
                token = token.head
            if token.pos_ == "PROPN" and token.dep_ == "poss" and token.head.i > token.i and token.head.lower_ in HEAD_NOUN_TYPES:
                token = token.head  # "which McDonald's *slogan*": a name owns the asked thing, the noun says its kind
            return token
        if token.pos_ in {"VERB", "AUX"} or token.is_punct and token.text not in HYPHENS:
            return None
    return None


HYPHENS = {"-", "\u2010", "\u2011"}


def _hyphen_head(doc: Doc, token):
    """The last word of a hyphenated compound noun the token begins ('*film*-maker' → maker)."""
    while token.i + 2 < len(doc) and doc[token.i + 1].text in HYPHENS and doc[token.i + 2].pos_ in {"NOUN", "PROPN"} \
            and not doc[token.i + 1].whitespace_ and not token.whitespace_:
        token = doc[token.i + 2]
    return token


def _asked_origins(doc: Doc, index: int, head) -> frozenset[str]:
    """The countries or regions the words between the wh-word and its head noun name ('which
    *Brazilian* energy company', 'which *Nordic* anti-virus firm'): empty when there are none."""
    if head is None or index < 0 or head.i <= index:
        return frozenset()
    return asked_origins([t.text for t in doc[index + 1: head.i] if t.pos_ in {"ADJ", "PROPN", "NOUN"}])


def analyse(text: str) -> Question:
    doc = question_parser()(text)  # spaCy without NER, its tok2vec step as a few array operations (question_parse.py)
    wh, index = _wh_phrase(doc)
    first = doc[0].lower_ if len(doc) else ""
    head = _head_noun_after(doc, index + (1 if " " in wh else 0)) if wh else None
    focus = (head.lower_ if head.lower_ in HEAD_NOUN_TYPES else head.lemma_.lower()) if head is not None else None
    if wh == "what" and index >= 0 and index + 1 < len(doc) and doc[index + 1].lemma_.lower() in {"be"}:
        head = focus = None  # "what is the X" asks for a description, the noun is the subject not the type
    if first in AUXILIARIES and (not wh or index > 2):
        kind = "yes-no"
    elif wh == "what" and focus is None and _asks_for_words(doc, index):
        kind = "quote"
    elif wh == "how" and _degree(doc, index) in MEASURE_ADJECTIVES:
        kind = "how much"  # 'how big is the package' asks for a figure
    elif wh:
        kind = wh
    else:
        kind = "other"
    expected = WH_TYPES[kind]
    if kind in {"what", "which", "other"} and focus in HEAD_NOUN_TYPES:
        expected = HEAD_NOUN_TYPES[focus] + (NOUN_PHRASE,)
    elif kind in {"what", "which"} and focus:
        expected = (NOUN_PHRASE,)
    root = _main_verb(doc)
    describing = _describing_verb(doc, root)
    if kind == "what" and describing in NAMING_VERBS and focus not in HEAD_NOUN_TYPES:
        expected = (DESCRIPTION, TERM, QUOTE, NOUN_PHRASE)  # 'what is the practice … called': a name or term
    elif kind in {"how", "what"} and describing:
        expected = (DESCRIPTION, QUOTE, NOUN_PHRASE)
    elif kind == "how" and not _degree(doc, index) and any(_reports_speech(t) for t in doc if t.pos_ == "VERB"):
        expected = (DESCRIPTION, CLAUSE, QUOTE, NOUN_PHRASE)  # 'how did X say the project began': 'as a lunchtime bet'
    elif kind == "how" and _degree(doc, index) in TIME_ADVERBS:
        expected = (DATE, TIME, CARDINAL)  # 'how often': 'every two weeks', 'twice a year'
    elif kind == "how" and _degree(doc, index):
        expected = (DESCRIPTION, NOUN_PHRASE)  # 'how serious is the injury': a describing word
    elif kind == "what" and focus is None and index >= 0 and doc[index].dep_ == "dobj" \
            and doc[index].head.lemma_.lower() not in LIGHT_VERBS:
        expected = (VERB_OBJECT, NOUN_PHRASE)
    doing = _doing_verb(doc) if kind in {"what", "quote"} and focus is None else None
    acts = bool(_doers(doing))  # only when the question says who does it: the verb phrase is theirs
    if acts and VERB_OBJECT not in expected:  # 'what must the coach do': 'recall Frederic Michalak'
        expected = (*(k for k in expected if k == QUOTE), VERB_OBJECT, NOUN_PHRASE)
    if kind == "what" and focus not in HEAD_NOUN_TYPES and (_reports_speech(root) or attributed_to(doc)) \
            and QUOTE not in expected:
        expected = (QUOTE, *expected)  # 'what did X say he would do', 'according to X, what was Y short of'
    inner_token = _inner_verb(doc, root) if kind in {"what", "quote"} and focus is None else None
    inner = (tokenize(inner_token.lemma_) or [""])[0] if inner_token is not None else ""
    if inner and VERB_OBJECT not in expected:
        # 'what did Hughes say the evidence does not support': the supported thing, quoted or not
        expected = (*(k for k in expected if k == QUOTE), VERB_OBJECT, NOUN_PHRASE)
    wh_tokens = set(range(index, index + len(wh.split()))) if wh else set()
    # Content words; a verb counts even when it is also a stopword ('how long did it *last*').
    content = [t for t in doc if t.i not in wh_tokens and not t.is_punct and t.lower_ not in WH_WORDS
               and (not t.is_stop or t.pos_ == "VERB")]
    terms = list(dict.fromkeys(tokenize(" ".join(t.text for t in content))))
    negated = any(t.dep_ == "neg" for t in doc)
    names = list(dict.fromkeys(t.text for t in doc if t.pos_ in {"PROPN", "NUM"} and t.lower_ not in WH_WORDS and not t.is_stop))
    focus_terms = list(dict.fromkeys(tokenize(f"{head.text} {head.lemma_}"))) if head is not None else []
    sort_of = _sort_of(head)
    return Question(text=text, kind=kind, expected=expected, focus=focus, focus_terms=focus_terms, terms=terms,
                    negated=negated, names=names, wh_role=doc[index].dep_ if index >= 0 else "",
                    verb=(tokenize(root.lemma_) or [""])[0] if root is not None else "",
                    action=_action(doc), topic=_topic(doc), many=_asks_for_several(head) or _asks_who_several(doc), doc=doc,
                    described=_described(doc) if describing else [],
                    origins=_asked_origins(doc, index, head) if kind in {"which", "what"} else frozenset(),
                    inner_verb=inner, acts=acts,
                    inner_words=list(dict.fromkeys(tokenize(f"{inner_token.text} {inner_token.lemma_}"))) if inner_token is not None else [], doers=_doers(doing),
                    subject_of=_subject_of(head) if kind in {"which", "what"} else "",
                    stranded=_stranded(doc, index, head) if kind in {"what", "quote"} else "",  # 'which comedy did she appear in': its name
                    copular=_copular(root) if kind in {"what", "quote"} and focus is None else [],
                    about=_about(root) if kind in {"what", "quote"} and focus is None else [],
                    weekday=asks_weekday(text), subject=_subject_words(root),
                    object_asked=kind == "what" and index >= 0 and (head if head is not None else doc[index]).dep_ == "dobj",
                    preposition=_asked_preposition(doc, index, head) if kind == "which" or kind == "what" and index > 0 else "",
                    sort_of=sort_of, total=bool(TOTAL_ASKED.search(text)), score=any(t.lower_ in SCORE_NOUNS and t.pos_ == "NOUN" for t in doc),
                    lacking=kind == "what" and focus is None and _asks_lacking(doc))


TOTAL_ASKED = re.compile(r"\b(?:in total|altogether|in all|all told|combined|overall|total)\b", re.IGNORECASE)
FAILING_VERBS = {"fail"}  # 'what did the talks *fail* to produce': what was wanted and did not come


def _asks_lacking(doc: Doc) -> bool:
    """Whether the question asks what did not happen or come: its main verb is negated ('what did the
    union *not* accept') or is one of failing with a verb after it ('what did the talks *fail to* yield')."""
    root = _main_verb(doc)
    if root is None:
        return False
    return any(c.dep_ == "neg" for c in root.children) or (
        root.lemma_.lower() in FAILING_VERBS and any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in root.children))


SORT_NOUNS = {"kind", "sort", "type", "form", "variety", "category"}  # 'what *kind* of deal': a kind of the noun after 'of'


def _sort_of(head) -> list[str]:
    """Stems of the noun whose kind the wh-phrase asks ('what sort of *care*', 'what type of *engine*'),
    as written and as lemma: the answer is that noun with the words that say which kind ('psychological
    and medical care'); empty for other questions."""
    if head is None or head.lower_ not in SORT_NOUNS:
        return []
    noun = next((c for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                 for c in p.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}), None)
    return list(dict.fromkeys(tokenize(f"{noun.text} {noun.lemma_}"))) if noun is not None else []


def _degree(doc: Doc, index: int) -> str:
    """The adjective or adverb right after 'how' ('big' in 'how big is it'), lower case; '' if none."""
    if index < 0 or index + 1 >= len(doc) or doc[index + 1].pos_ not in {"ADJ", "ADV"}:
        return ""
    return doc[index + 1].lower_


NUMBER_WORDS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both"}


def _asks_for_several(head) -> bool:
    """'which *countries*', 'which two *cities*', 'which *newcomers*': the head noun the wh-word
    governs is plural or counted, so the answer may be a list ('Jeddah and Riyadh')."""
    if head is None:
        return False
    return head.tag_ in {"NNS", "NNPS"} or any(child.lower_ in NUMBER_WORDS for child in head.children)


def _describing_verb(doc: Doc, root) -> str:
    """The lemma of the question's describing verb ('how did X *describe* Y', 'what is the practice …
    *called*', 'how is X *described*'): its main verb, else a participle or verb of its clause; ''."""
    if root is not None and root.lemma_.lower() in DESCRIBING_VERBS:
        return root.lemma_.lower()
    verb = next((t for t in doc if t.pos_ == "VERB" and t.lemma_.lower() in DESCRIBING_VERBS
                 and t.dep_ in {"ROOT", "acl", "acomp", "oprd", "xcomp", "ccomp", "advcl", "conj"}), None)
    return verb.lemma_.lower() if verb is not None else ""


DESCRIBED_DEPS = {"dobj", "nsubjpass", "nsubj", "oprd"}  # 'describe *the IAAF*', 'how is *Nasdaq* described'
DESCRIBED_PARTS = {"compound", "amod", "poss", "prep", "pobj", "nmod"}  # 'the *match* against *Wales*'


def _described(doc: Doc) -> list[str]:
    """Stems of the thing the question's describing verb describes: its object (or passive subject)
    with the nouns and names that modify it ('the match against Wales' → match, wale), not a relative
    clause ('the flautist *who brought the case*'); for 'what is X called', the subject X."""
    verb = next((t for t in doc if t.pos_ == "VERB" and t.lemma_.lower() in DESCRIBING_VERBS), None)
    if verb is None:
        return []
    heads = [t for t in verb.children if t.dep_ in DESCRIBED_DEPS and t.lower_ not in WH_WORDS and t.pos_ in {"NOUN", "PROPN"}]
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if not heads and root is not None and root.lemma_.lower() == "be":  # 'what is the practice … called'
        heads = [t for t in root.children if t.dep_ == "nsubj" and t.pos_ in {"NOUN", "PROPN"}]
    passive = verb.tag_ in {"VBN", "VBD"} and any(t.lemma_.lower() == "be" and t.i < verb.i for t in doc)
    # not the speaker of 'how did X describe'; but 'how is the film Sideways described' (read as a relative clause)
    objects = [t for t in heads if t.dep_ != "nsubj" or verb.tag_ == "VBN" or passive]
    words = []
    for head in objects:
        stack = [head]
        while stack:
            t = stack.pop()
            if t.pos_ in {"NOUN", "PROPN"}:
                words.append(t.text)
            stack.extend(c for c in t.children if c.dep_ in DESCRIBED_PARTS)
    return list(dict.fromkeys(tokenize(" ".join(words))))


def _asks_who_several(doc: Doc) -> bool:
    """'Who are / were the *members* of the group': a copular 'who' question whose subject is plural
    asks for several people (a list: 'Michael Diamond, Adam Horowitz, and Adam Yauch')."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_.lower() != "be" or not any(c.lower_ == "who" for c in root.children):
        return False
    return any(c.dep_ == "nsubj" and c.tag_ in {"NNS", "NNPS"} for c in root.children)


def _reports_speech(verb) -> bool:
    """The question's main verb is one of saying ('what did X *say* he would do'): the answer may be
    the words said, whatever the wh-word's role in the clause said."""
    return verb is not None and verb.lemma_.lower() in SPEECH_VERBS


def _main_verb(doc: Doc):
    """The question's main verb, skipping auxiliaries ('describe' in 'how did X describe Y') and an
    attribution's 'according' ('according to the coach, what was the team short of')."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is not None and root.pos_ == "VERB" and not _attributing(root):
        return root
    return next((t for t in doc if t.pos_ == "VERB" and not _attributing(t)), None)


ATTRIBUTING = "according"  # 'according to X': who says it, not what the question's clause does
# What an attribution may name that is no speaker: the text itself ('according to the article').
DOCUMENT_NOUNS = {"article", "report", "piece", "story", "text", "passage", "study", "survey", "figures", "figure",
                  "data", "statistics", "estimates", "estimate", "account", "accounts", "reports", "research",
                  "analysis", "poll", "polls", "records", "document", "documents"}


def _attributing(token) -> bool:
    """Whether the token is the 'according' of 'according to X'."""
    return token.lower_ == ATTRIBUTING and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"


def attributed_to(doc: Doc) -> list[str]:
    """The words of whom the question says its answer is told by ('according to *the mayor's
    spokeswoman*, what …'): empty when there is no such attribution, or it names the text itself
    ('according to the article'), which says nothing of whose words the answer is."""
    verb = next((t for t in doc if _attributing(t)), None)
    if verb is None:
        return []
    objects = [t for t in doc[verb.i + 1].children if t.dep_ == "pobj"]
    if not objects or objects[0].lower_ in DOCUMENT_NOUNS:
        return []
    return [t.text for t in objects[0].subtree if not t.is_punct and t.pos_ not in {"DET", "PART"}]


ACTION_DEPS = {"acl", "acomp", "xcomp", "oprd"}  # 'was the girl *stranded*', 'were the roads *closed*'


def _action(doc: Doc) -> str:
    """The content verb the question's clause is about: its root, or a participle the copula's
    subject or complement is ('how long was the girl *stranded*'), not one of a subordinate or
    relative clause ('while the bridge is *shut*', 'the bridge that *collapsed*'); '' when none."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return ""
    if root.pos_ == "VERB" and root.lemma_.lower() not in LIGHT_VERBS | {"do"}:
        return (tokenize(root.lemma_) or [""])[0]
    for t in doc:
        if t.pos_ == "VERB" and t.dep_ in ACTION_DEPS and root in (t.head, t.head.head):
            return (tokenize(t.lemma_) or [""])[0]
        # 'how long was X *jailed* for': a passive participle the parser hangs from 'was' as a clause
        if t.pos_ == "VERB" and t.tag_ == "VBN" and t.dep_ == "ccomp" and t.head == root and root.lemma_.lower() == "be":
            return (tokenize(t.lemma_) or [""])[0]
    return ""


def _topic(doc: Doc) -> str:
    """The noun a copular question asks something of: the subject of its root 'be' ('how long is the
    *diversion* while the bridge is shut', 'how old is the *curator* of the museum'), or its complement
    when the subject is the wh-word ('who is the *director* of …'); '' otherwise."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_.lower() != "be":
        return ""
    deps = ("nsubj", "attr") if any(t.dep_ == "nsubj" and t.lower_ in WH_WORDS for t in root.children) else ("nsubj",)
    subject = next((t for t in root.children if t.dep_ in deps and t.pos_ == "NOUN"), None)
    return (tokenize(subject.lemma_) or [""])[0] if subject is not None else ""


# Verbs whose clause says what the question is about: 'what did X *say* the evidence does not support'.
REPORTING_VERBS = SPEECH_VERBS | {"think", "believe", "admit", "expect", "hope", "fear", "feel", "suggest", "predict",
                                  "acknowledge", "concede", "reveal", "explain", "suspect", "know"}
INNER_DEPS = {"ccomp", "xcomp"}


def _inner_verb(doc: Doc, root):
    """The content verb of the clause a reporting verb introduces ('what did Hughes say the
    evidence does not *support*', 'what did Phillips say young players are *looking* for'); '' when the
    main verb reports nothing or its clause's verb is 'be', 'have' or 'do' (None then)."""
    if root is None or root.lemma_.lower() not in REPORTING_VERBS:
        return None
    inner = next((t for t in root.children if t.dep_ in INNER_DEPS and t.pos_ == "VERB"), None)
    if inner is None or inner.lemma_.lower() in LIGHT_VERBS | {"do"} or not tokenize(inner.lemma_):
        return None
    return inner


def _about(root) -> list[str]:
    """Stems of the head of what the question's verb of saying is 'about': 'what did Corry say about
    Ireland's *team* on paper', 'what did Molyneux say about what he would *wear*' (its verb); []
    when the verb says nothing 'about' anything. A quotation about it names it."""
    if root is None or root.lemma_.lower() not in SPEECH_VERBS:
        return []
    about = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "about"), None)
    if about is None:
        return []
    head = next((c for c in about.children if c.dep_ in {"pobj", "pcomp"}), None)
    if head is not None and head.lower_ in WH_WORDS:  # 'about what he would wear': the clause's verb
        head = head.head if head.head is not about else None
    if head is None or head.lower_ in WH_WORDS or head.is_stop:
        return []
    return list(dict.fromkeys(tokenize(f"{head.text} {head.lemma_}")))


COPULA_SIDES = {"nsubj", "nsubjpass", "csubj", "attr", "acomp"}


def _copular(root) -> list[str]:
    """Stems of the side of 'be' a reporting verb's clause gives when the wh-word is the other side:
    'what did the minister say *foster carers* must not be', 'what did the delegate say was *the only
    unusual thing* that happened', 'say used to be *the only worry* of …'; [] when its clause is no
    'be' clause. The answer is then the other side, as the quotation words it (copula_complements)."""
    if root is None:
        return []
    if root.dep_ == "csubj" and root.lemma_.lower() in REPORTING_VERBS and root.head.lemma_.lower() == "be":
        clause = root.head  # 'what did the delegate say was …' read with 'say' as the subject of 'was'
    elif root.lemma_.lower() not in REPORTING_VERBS:
        return []
    else:
        clause = next((t for t in root.children if t.dep_ in INNER_DEPS), None)
    if clause is not None and clause.lemma_.lower() != "be":  # 'used to be': the 'be' its clause holds
        clause = next((t for t in clause.children if t.dep_ == "xcomp" and t.lemma_.lower() == "be"), None)
    if clause is None or clause.lemma_.lower() != "be":
        return []
    words = [w for c in clause.children if c.dep_ in COPULA_SIDES and c.lower_ not in WH_WORDS and c.dep_ != "csubj"
             for w in c.subtree if not w.is_punct and not w.is_stop and w.lower_ not in WH_WORDS]
    return list(dict.fromkeys(tokenize(" ".join(w.text for w in words))))


def _doing_verb(doc: Doc):
    """'What must the coach *do*', 'what did X invite Y to *do*', 'what did the executive *do* to his
    disk': a main verb 'do' (not the auxiliary) with no object but the question word; None."""
    for t in doc:
        if t.lemma_.lower() == "do" and t.pos_ == "VERB" and t.dep_ != "aux":
            if not any(c.dep_ == "dobj" and c.lower_ not in WH_WORDS for c in t.children):
                return t
    return None


DOER_PARTS = {"compound"}  # 'the *Tory* leader'; not an adjective: 'the French coach' is a coach, 'the French' a team


def _doers(verb) -> list[str]:
    """Stems of who is to do what the question asks: the subject of its 'do' ('the French *coach*
    must do'), else the object of the verb whose clause it is ('invite *O'Reilly* to do')."""
    if verb is None:
        return []
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None and verb.dep_ in {"xcomp", "ccomp"}:
        subject = next((c for c in verb.head.children if c.dep_ == "dobj" and c.lower_ not in WH_WORDS), None)
    if subject is None or subject.lower_ in WH_WORDS or subject.pos_ == "PRON":
        return []
    words = [subject.text] + [c.text for c in subject.children if c.dep_ in DOER_PARTS]
    return list(dict.fromkeys(tokenize(" ".join(words))))


def _subject_of(head) -> str:
    """The stem of the verb whose subject the wh-phrase's head noun is ('which European aircraft
    *maker* announced …' → announc); '' when it is not a subject or the verb is 'be' or 'have'."""
    if head is None or head.dep_ != "nsubj" or head.head.pos_ != "VERB" or head.head.lemma_.lower() in LIGHT_VERBS:
        return ""
    return (tokenize(head.head.lemma_) or [""])[0]


SUBORDINATORS = {"once", "when", "after", "before", "while", "until", "if", "as"}  # 'decide on *once* …': a clause, no object of 'on'


def _stranded(doc: Doc, index: int, head=None) -> str:
    """The preposition a question leaves without its object because the wh-word is that object
    ('what will he set out plans *for*', 'what is Yapp working *on*'), lower case; '' when none, or
    when the wh-phrase is a subject ('which bills does it want to get *through*') or another wh-word
    may be the object ('what did he say about *where* data can be recovered *from*')."""
    if index < 0 or index > 1 and doc[index - 1].text != ",":  # 'once a deal is reached, what will they decide *on*'
        return ""
    asked = head if head is not None else doc[index]
    if asked.dep_ in {"nsubj", "nsubjpass"} or any(t.lower_ in WH_WORDS for t in doc[index + 1:]):
        return ""
    for t in doc:
        if t.pos_ == "ADP" and t.dep_ == "prep" and t.i > index and not any(
                c.dep_ in {"pobj", "pcomp"} and c.i != index and c.lower_ not in SUBORDINATORS for c in t.children):
            return t.lower_
    return ""


def _asked_preposition(doc: Doc, index: int, head=None) -> str:
    """The preposition whose object the wh-phrase is, lower case: leading it ('*Through* which area do
    they travel', '*At* what venue') or left at the end ('which state is she suing HP *from*'); ''
    when none. The answer is that preposition's object in the text ('a trip *through* California's
    wine regions')."""
    if index < 0:
        return ""
    asked = head if head is not None else doc[index]
    if asked.dep_ == "pobj" and asked.head.pos_ == "ADP" and asked.head.i < index:
        return asked.head.lower_
    if index == 1 and doc[0].pos_ == "ADP":
        return doc[0].lower_  # the parser hung the leading preposition elsewhere
    if asked.dep_ in {"nsubj", "nsubjpass"} and asked.head.pos_ == "VERB":
        return ""  # 'which bills does it want to get *through*': the bills get through, they are no object of it
    words = [t for t in doc if not t.is_punct]
    last = words[-1] if words else None
    if (last is not None and last.i > index and last.pos_ == "ADP" and last.dep_ == "prep"
            and not any(c.dep_ in {"pobj", "pcomp"} for c in last.children)):
        return last.lower_  # left at the end, its object the wh-phrase
    return ""


def asks_weekday(text: str) -> bool:
    """Whether the question asks for a day of the week ('On what *day of the week* did it happen')."""
    lowered = text.lower()
    return "day of the week" in lowered or "weekday" in lowered


def _subject_words(root) -> list[str]:
    """The stems of the main verb's subject noun and the nouns compounded with it ('When did the largest
    *ferry strike* begin' → the stems of ferry, strike); none for a pronoun or a wh-word subject."""
    if root is None:
        return []
    subject = next((t for t in root.children if t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ in {"NOUN", "PROPN"}), None)
    if subject is None:
        return []
    words = [t.text for t in subject.children if t.dep_ == "compound" and t.pos_ in {"NOUN", "PROPN"}] + [subject.text]
    return list(dict.fromkeys(tokenize(" ".join(words))))
