"""Step 4b, binding: the value the sentence says *of the asked word*, not a neighbour of it.

A sentence often states several values of one kind: 'seven people had been killed and about 40
were missing', 'Turnout was 38.2 per cent, down from 44 per cent', 'The rescue team's leader,
Hal Bryce, said …' beside 'the Fenmoor team'. Scores read closeness to all of the question's words;
this step reads the parse for the one word the question asks about — the attribute it names
('the *turnout*') or else its main verb ('were *missing*', 'who *led*', with its agent noun
'*leader*') — and calls a candidate bound to it when the two are a few dependency steps apart
inside one clause (no step through a conjunct, a relative or an adverbial clause).

Then the value groups (best first) are reordered, never thinned, so corroboration still sees
every value (a correction's new figure may well be unbound). When the top group is not bound:
* if its sentence holds the asked word, a value that sentence binds to it goes first, and only
  when the top value is said of another verb ('*seven* people had been killed' beside 'about 40
  were *missing*'); 'the cost of cleaning up the land, estimated at £6m' keeps its £6m;
* otherwise the first bound group goes first: for a named attribute however it scores (a turnout
  is what the text says the turnout was), else when it scores at most the scorer's margin below.
General English grammar only; nothing here knows a corpus or a question set.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from index.lexical import tokenize
from service.answering.candidates import SCORE, TERM_CUE, consequence_of, token_range
from service.answering.demonyms import origins, said_origins
from service.answering.question import DESCRIBING_VERBS
from service.answering.kinds import (DESCRIPTION, NORP, NOUN_PHRASE, NUMBERS, ORG, PERSON, PLACES, QUOTE, TERM, TIMES, VERB_OBJECT,
                                     VERB_PHRASE)

# Questions whose answer is a value or a person: the ones sources state differently and that a
# sentence may state several of. Other kinds ('what town', 'what method') keep the scorer's choice.
BOUND_KINDS = NUMBERS + TIMES + (PERSON,)
LOOKED_AT = 12  # value groups looked at, the top one included: lower ones never answer
MAX_STEPS = 3  # dependency steps between the value's head and the asked word, through their common ancestor
# Edges that leave a clause: 'seven were killed *and* about 40 were missing' (conj), relative,
# adverbial and complement clauses, side-by-side sentences.
CLAUSE_EDGES = {"conj", "relcl", "advcl", "ccomp", "pcomp", "parataxis", "acl"}
AGENT_SUFFIXES = ("er", "r", "or", "ner", "ers", "ors")  # lead → leader, organise → organiser, win → winner
# Say nothing of what the value is about. Not 'take': 'how long did the jury *take*' → 'took nine hours'.
LIGHT_VERBS = {"be", "have", "do", "get", "make", "say"}
POS, DEP, HEAD = 3, 4, 5  # fields of a stored token


def to_front(groups: list, i: int) -> list:
    """The value groups with group `i` moved first, the others in their order."""
    return [groups[i]] + groups[:i] + groups[i + 1:]


def token_span(candidate) -> tuple:
    """The candidate's sentence, the sentence's tokens and the candidate's token range in it."""
    sentence = candidate.sentence
    return (sentence, sentence.tokens, *token_range(sentence, candidate.start, candidate.end))


def span_head(candidate) -> tuple[int, int, int] | None:
    """The candidate's token range in its sentence and the token heading it (the first whose head lies
    outside the span); None when the span covers no token."""
    first, last = token_range(candidate.sentence, candidate.start, candidate.end)
    if first == last:
        return None
    tokens = candidate.sentence.tokens
    return first, last, next((i for i in range(first, last) if not first <= tokens[i][HEAD] < last), first)


def first_to_front(groups: list, accepts, looked_at: int = LOOKED_AT) -> list:
    """The first of the groups below the top one (among the first `looked_at`) that `accepts`
    goes first; the groups unchanged when none does. Every '… goes first' preference below is one."""
    for i, g in enumerate(groups[1:looked_at], start=1):
        if accepts(g):
            return to_front(groups, i)
    return groups


def asked_words(question, attribute) -> set[str]:
    """Stems of the word the question asks about: the named attribute, else a copular question's
    subject ('how long is the *diversion*': not the verb of its 'while' clause), else the main verb,
    else for 'who is the *headteacher* of X' the question's words but its names; none when the question asks for another kind than BOUND_KINDS."""
    expected = getattr(question, "expected", BOUND_KINDS)
    if not expected or expected[0] not in BOUND_KINDS:
        return set()
    if attribute is not None and attribute.named:
        return set(tokenize(attribute.noun))
    topic = getattr(question, "topic", "")
    if topic and not getattr(question, "action", ""):  # 'how deep were the coins *buried*': the action
        return {topic}
    verb = getattr(question, "verb", "")
    if verb and verb not in LIGHT_VERBS:
        return {verb}
    if expected[0] == PERSON and not verb:  # 'who is the *headteacher* of Pinehurst Academy': the role asked
        names = set(tokenize(" ".join(getattr(question, "names", ()))))
        return {t for t in getattr(question, "terms", ()) if t not in names}
    return set()


def _matches(stem: str, lemma: str, words: Collection[str]) -> bool:
    return any(stem == w or lemma == w or (stem.startswith(w) and stem[len(w):] in AGENT_SUFFIXES) for w in words)


def _ancestors(tokens, node: int, steps: int = MAX_STEPS, edges: Collection[str] = CLAUSE_EDGES) -> dict[int, tuple[int, bool]]:
    """Node → (steps up from `node`, whether an edge of `edges` was crossed on the way)."""
    found, crossed = {node: (0, False)}, False
    for step in range(1, steps + 1):
        parent = tokens[node][HEAD]
        if parent == node or not 0 <= parent < len(tokens):
            break
        crossed = crossed or tokens[node][DEP] in edges
        node = parent
        found[node] = (step, crossed)
    return found


def _targets(sentence, words: Collection[str], cache: dict | None) -> list[int]:
    """Token positions of the asked word in the sentence, once per sentence per question."""
    key = (sentence.doc_id, sentence.start)
    if cache is not None and key in cache:
        return cache[key]
    found = [j for j, (st, le) in enumerate(zip(sentence.stems, sentence.lemmas))
             if _matches(st, le, words) and not semi_auxiliary(sentence, j)]
    if cache is not None:
        cache[key] = found
    return found


# 'is *set* to smash records', 'is *due* to open': a verb that only says what is to come, not the asked act
SEMI_AUXILIARIES = {"set", "due", "poised", "bound", "about"}


def semi_auxiliary(sentence, j: int) -> bool:
    """Whether token `j` is a word of SEMI_AUXILIARIES followed by 'to' ('Texting is *set* to smash more
    records in 2005'): the record asked about was not set then."""
    tokens = sentence.tokens
    return (sentence.lemmas[j] in SEMI_AUXILIARIES and j + 1 < len(tokens) and tokens[j + 1][2].lower() == "to"
            and j > 0 and tokens[j - 1][POS] == "AUX")


def bound(candidate, words: Collection[str], cache: dict | None = None, steps: int = MAX_STEPS,
          edges: Collection[str] = CLAUSE_EDGES) -> bool:
    """Whether the candidate's head and a token matching `words` (outside it) are at most `steps`
    dependency steps apart, through no edge of `edges`. `cache`: per-question memo of the targets."""
    if not words:
        return False
    sentence = candidate.sentence
    targets = _targets(sentence, words, cache)
    if not targets:
        return False
    tokens = sentence.tokens
    first, last = token_range(sentence, candidate.start, candidate.end)
    targets = [j for j in targets if not first <= j < last]
    if not targets or first == last:
        return False
    root = next((i for i in range(first, last) if not first <= tokens[i][HEAD] < last), first)
    up = _ancestors(tokens, root, steps, edges)
    for j in targets:
        for node, (count, crossed) in _ancestors(tokens, j, steps, edges).items():
            if node in up:
                total = count + up[node][0]
                if total <= steps and not crossed and not up[node][1]:
                    return True
                break
    return False


def _elsewhere(candidate, words: Collection[str]) -> bool:
    """The candidate is said of another content verb: within MAX_STEPS up its clause, a verb
    other than the asked word ('*seven* people had been *killed*')."""
    span = span_head(candidate)
    if span is None:
        return False
    sentence, tokens, node = candidate.sentence, candidate.sentence.tokens, span[2]
    for _ in range(MAX_STEPS):
        parent = tokens[node][HEAD]
        if parent == node or not 0 <= parent < len(tokens) or tokens[node][DEP] in CLAUSE_EDGES:
            return False
        node = parent
        if tokens[node][POS] == "VERB":
            return (not _matches(sentence.stems[node], sentence.lemmas[node], words)
                    and sentence.lemmas[node] not in LIGHT_VERBS)
    return False


def reordered(groups: list, words: Collection[str], named: bool, margin: float, kinds: Collection[str] = ()) -> list:
    """`groups` (each with `.members` and `.best`, best first) with a bound one among the first
    LOOKED_AT moved first by the rules above; unchanged when the top group is bound or none is. A
    group moves ahead of a better-typed one (`.type_fit`) only when its kind is one of the question's
    `kinds` ('12%' for 'by how much did the shares rise', which wants money first), a fallback noun
    phrase never."""
    if not words or len(groups) < 2:
        return groups
    if kinds and kinds[0] == PERSON and not any(does(c, words) for c in groups[0].members):
        # 'who drove it': the person the sentence names as the doer ('driven *by* Colette Ambrose', 'by
        # the returning officer, Declan Moyes', 'the referee, Nadine Okonjo') is the answer, however it scores;
        # a name the tagger took for an organisation is still a name of the kinds a 'who' question takes.
        doers = [(i, g) for i, g in enumerate(groups[1:LOOKED_AT], start=1)
                 if getattr(g.best, "label", "") in kinds and any(does(c, words) for c in g.members)]
        doers.sort(key=lambda ig: getattr(ig[1].best, "label", "") != PERSON)  # a person first, then the order
        if doers:
            i, g = doers[0]
            return to_front(groups, i)
    cache: dict = {}
    if any(bound(c, words, cache) for c in groups[0].members):
        return groups
    top = groups[0].best
    # The top value's sentence speaks of the asked word but not of this value: only a value that
    # sentence binds to it may go first, and only when the top one is said of another verb.
    local = bool(_targets(top.sentence, words, cache))
    if local and not _elsewhere(top, words):
        return groups
    for i, g in enumerate(groups[1:LOOKED_AT], start=1):
        label = getattr(g.best, "label", NOUN_PHRASE)
        asked_kind = label in kinds and label != NOUN_PHRASE
        if not asked_kind and getattr(g.best, "type_fit", 1.0) < getattr(top, "type_fit", 1.0):
            continue
        hits = [c for c in g.members if bound(c, words, cache)]
        if not hits:
            continue
        if local:
            if any(c.sentence.doc_id == top.sentence.doc_id and c.sentence.start == top.sentence.start for c in hits):
                return to_front(groups, i)
        elif named or g.best.score >= top.score - margin:
            return to_front(groups, i)
    return groups


# A description said of the described thing by the grammar, or the object of the very verb or preposition
# asked about, is a strong sign: it is looked for a little deeper.
DESCRIBED_LOOKED_AT = 20
DESCRIBING_KINDS = (DESCRIPTION, TERM)  # what a describing question's answer is, when the scorer has it among its best


def describes(candidate, words: Collection[str], modifying: bool = False) -> bool:
    """Whether the candidate is said of the described thing (`words`: its stems) by the grammar of
    description: in apposition to it ('Nasdaq, *an icon of the boom*'), the complement of a 'be' it
    is the subject of ('the Wales game was *amazing to watch*'), or set off by punctuation right after
    it ('The IAAF - *athletics' world governing body* -'); with `modifying`, also an adjective of it
    ('its "*dangerous*" views', but also 'the commercial-*free* show': enough to keep, not to move)."""
    sentence, tokens, first, last = token_span(candidate)
    if first == last:
        return False

    def asked(i: int) -> bool:
        return 0 <= i < len(tokens) and _matches(sentence.stems[i], sentence.lemmas[i], words)

    def named(i: int) -> bool:  # the word or a compound inside its name ('the *Wales* game')
        return asked(i) or any(tokens[j][HEAD] == i and tokens[j][DEP] == "compound" and asked(j) for j in range(len(tokens)))
    node = next((i for i in range(first, last) if not first <= tokens[i][HEAD] < last), first)
    head = tokens[node][HEAD]
    if asked(node):
        return False  # 'the Wales Students *rugby side*' is the described thing itself, not a description of it
    if tokens[node][DEP] == "appos" and named(head) or modifying and tokens[node][DEP] == "amod" and named(head):
        return True
    if (tokens[node][DEP] == "compound" and asked(head) and last <= head < len(tokens)
            and all(tokens[k][POS] == "PROPN" for k in range(last, head + 1))):
        return True  # a title right before the name: '*Quirky comedy* Sideways', '*Former captain* Keith Wood'
    if named_as(candidate, words):
        return True
    if tokens[node][DEP] in {"acomp", "attr"} and 0 <= head < len(tokens) and (
            tokens[head][POS] == "AUX" or tokens[head][2] in COPULAS):
        if any(tokens[j][HEAD] == head and tokens[j][DEP] == "nsubj" and named(j) for j in range(len(tokens))):
            return True
    before = first - 1
    while before >= 0 and tokens[before][POS] == "PUNCT":
        before -= 1
    return before < first - 1 and asked(before)


COPULAS = {"be", "become", "remain", "seem", "appear"}  # 'the side has *become* a casualty of …'


def named_as(candidate, words: Collection[str]) -> bool:
    """Whether the candidate is the name of the described thing: a word of it stands in apposition to
    the candidate ('*Sampling*, now a standard practice among musicians' for 'what is the practice …
    called')."""
    span = span_head(candidate)
    if span is None:
        return False
    sentence, tokens, (first, last, node) = candidate.sentence, candidate.sentence.tokens, span
    return any(tokens[j][HEAD] == node and tokens[j][DEP] == "appos" and not first <= j < last
               and _matches(sentence.stems[j], sentence.lemmas[j], words) for j in range(len(tokens)))


def introduced(candidate) -> bool:
    """Whether a describing or naming cue comes right before the candidate, but for quotation marks
    ('described as "*A Concert of Hope*"', 'known as *the Palancas Negras*')."""
    before = candidate.sentence.text[:candidate.start].rstrip(" \"“‘'")
    return any(m.end() >= len(before) for m in TERM_CUE.finditer(before + " "))


# Verbs that say what something is called or held to be, with 'as': 'branded the complaint *as* "pathetic"'.
DESCRIBED_AS_VERBS = DESCRIBING_VERBS | {"dismiss", "hail", "denounce", "condemn", "criticise", "criticize", "praise",
                                         "see", "regard", "view", "slam", "attack", "present"}


def described_as(candidate, words: Collection[str]) -> bool:
    """Whether the candidate follows the 'as' of a verb that describes something and the described
    thing (`words`) stands between that verb and the 'as' ('has branded *Chelsea's expected complaint*
    to Uefa as "*pathetic*"', 'dismissed *this idea* as “*not very realistic*”')."""
    sentence, tokens = candidate.sentence, candidate.sentence.tokens
    before = sentence.text[:candidate.start].rstrip(" \"“‘'")
    if not words or not before.lower().endswith(" as"):
        return False
    at = len(before) - 2
    verbs = [i for i, t in enumerate(tokens) if t[1] <= at and t[POS] == "VERB" and t[2].lower() in DESCRIBED_AS_VERBS]
    if not verbs:
        return False
    verb_end = tokens[verbs[-1]][1]
    return any(verb_end <= tokens[j][0] < at and _matches(sentence.stems[j], sentence.lemmas[j], words)
               for j in range(len(tokens)))


def described_first(groups: list, words: Collection[str]) -> list:
    """For 'how did X describe Y' (`words`: Y's stems): the first of the LOOKED_AT best groups whose
    describing span (DESCRIBING_KINDS) is said of Y, or whose span Y is said of (named_as), goes first, unless the top group is said of Y or
    a describing verb introduces it ('the show described as "*A Concert of Hope*"') or it is in the
    describer's own words (`in_own_words`)."""
    if not words or len(groups) < 2:
        return groups
    if any(describes(c, words, modifying=True) or introduced(c) or described_as(c, words) or in_own_words(c)
           for c in groups[0].members):
        return before_the_aside(groups)
    return first_to_front(groups, lambda g: any(c.label in DESCRIBING_KINDS and (describes(c, words) or described_as(c, words))
                                                or named_as(c, words) for c in g.members), DESCRIBED_LOOKED_AT)


OWN_WORDS_MAX = 6  # words of a description set between quotation marks: a phrase, not a quoted sentence


def in_own_words(candidate) -> bool:
    """Whether the candidate is a short phrase set between quotation marks, the describer's own words ('calling
    it a “*historic first step*”'): the description asked for, even when it names the described thing."""
    text = candidate.sentence.text
    start, end = candidate.start, candidate.end
    return (0 < start and end < len(text) and text[start - 1] in QUOTE_MARKS and text[end] in QUOTE_MARKS
            and len(candidate.text.split()) <= OWN_WORDS_MAX)


ASIDE_MARKS = (" - ", " (", " – ", " — ")  # an aside set off inside a description: '2.5G technology *- 2.5 generation -* …'


def before_the_aside(groups: list) -> list:
    """A top description a describing cue introduces that runs on into an aside ('described as *2.5G
    technology* - 2.5 generation - sitting between …') is cut, in place, before the aside."""
    top = groups[0].best
    cut = min((top.text.find(m) for m in ASIDE_MARKS if top.text.find(m) > 0), default=-1)
    if cut > 0 and introduced(top):
        top.text, top.end = top.text[:cut].rstrip(), top.start + len(top.text[:cut].rstrip())
    return groups


TITLE_EDGES = {"compound", "appos"}  # the asked agent noun as the name's title or apposition


def does(candidate, words: Collection[str]) -> bool:
    """Whether the sentence names the candidate as the doer of the asked verb: the object of its passive
    'by' ('driven *by* Colette Ambrose'), in apposition to that object ('by the returning officer, Declan
    Moyes'), or in apposition to the verb's agent noun ('the *referee*, Nadine Okonjo'), or titled by
    it ('*Headteacher* Samuel Okonkwo-Reid', 'Nadine Okonjo, the *referee*')."""
    span = span_head(candidate)
    if span is None:
        return False
    sentence, tokens, (first, last, node) = candidate.sentence, candidate.sentence.tokens, span

    def asked(i: int) -> bool:
        return _matches(sentence.stems[i], sentence.lemmas[i], words)
    if any(first <= tokens[j][HEAD] < last and tokens[j][DEP] in TITLE_EDGES and asked(j)
           for j in range(len(tokens)) if not first <= j < last and j != node):
        return True  # '*Headteacher* Samuel Okonkwo-Reid said', 'Nadine Okonjo, the *referee*, said'
    if tokens[node][DEP] == "appos":
        node = tokens[node][HEAD]
        if tokens[node][POS] == "NOUN" and asked(node):
            return True  # 'the referee, Nadine Okonjo'
    if tokens[node][DEP] != "pobj":
        return False
    by = tokens[node][HEAD]
    if tokens[by][2] != "by" or tokens[by][DEP] not in {"agent", "prep"}:
        return False
    node = tokens[by][HEAD]  # the parser may hang 'by' from a time beside the verb: 'declared after 2am by …'
    for _ in range(MAX_STEPS):
        if tokens[node][POS] in {"VERB", "AUX"} or tokens[node][HEAD] == node:
            break
        node = tokens[node][HEAD]
    return asked(node)


NAMING_LINKS = {"of"}  # 'the nearby town *of* Fenwick Cross', 'the port of Aldwick'


def _subtree(tokens, node: int, first: int, last: int) -> tuple[int, int]:
    """The token range [lo, hi) of `node` and its descendants inside [first, last)."""
    inside = [i for i in range(first, last) if _descends(tokens, i, node, first, last)]
    return (min(inside), max(inside) + 1) if inside else (node, node + 1)


def _descends(tokens, i: int, node: int, first: int, last: int) -> bool:
    for _ in range(last - first + 1):
        if i == node:
            return True
        parent = tokens[i][HEAD]
        if parent == i or not first <= parent < last:
            return False
        i = parent
    return False


def _noun_phrases(candidates):
    """Each noun-phrase candidate with its sentence, the sentence's tokens and its [first, last) token range."""
    for c in candidates:
        if c.label == NOUN_PHRASE:
            first, last = token_range(c.sentence, c.start, c.end)
            yield c, c.sentence, c.sentence.tokens, first, last


def name_the_focus(candidates, focus_terms: Collection[str]) -> None:
    """'Which town': a phrase whose head is the asked noun and which names it ('the nearby *town* of
    Fenwick Cross', 'the port, Aldwick') is narrowed, in place, to the name ('Fenwick Cross'), so the
    answer is the town and agrees with an outlet that wrote only the name. General English only."""
    if not focus_terms:
        return
    for c, sentence, tokens, first, last in _noun_phrases(candidates):
        if last - first < 3:
            continue
        head = next((i for i in range(first, last) if not first <= tokens[i][HEAD] < last), None)
        if head is None or sentence.stems[head] not in focus_terms and sentence.lemmas[head] not in focus_terms:
            continue
        name = None
        for i in range(head + 1, last):
            if tokens[i][HEAD] == head and tokens[i][DEP] == "appos" and tokens[i][POS] == "PROPN":
                name = i
            elif tokens[i][HEAD] == head and tokens[i][DEP] == "prep" and tokens[i][2].lower() in NAMING_LINKS:
                name = next((j for j in range(i + 1, last) if tokens[j][HEAD] == i and tokens[j][DEP] == "pobj"
                             and tokens[j][POS] == "PROPN"), None)
            if name is not None:
                break
        if name is None:
            continue
        lo, hi = _subtree(tokens, name, first, last)
        start, end = tokens[lo][0], tokens[hi - 1][1]
        c.text, c.start, c.end = sentence.text[start:end], start, end
    for c, sentence, tokens, first, last in _noun_phrases(candidates):
        if (lo := titled_name(sentence, first, last, focus_terms)) is not None:
            c.text, c.start, c.end = sentence.text[tokens[lo][0]:c.end], tokens[lo][0], c.end


NAME_POS = {"PROPN"}


def titled_name(sentence, first: int, last: int, focus_terms: Collection[str]) -> int | None:
    """'Record *company* Universal', 'Namibian *athlete* Frankie Fredericks' for 'which company / athlete':
    the first token of the proper name the asked noun titles, when the phrase [first, last) ends with
    that name and the asked noun, in lower case, is a modifier of it; None otherwise ('the company's
    Universal deal', '*Judge* Rowan Pilbeam': a capitalised title is the name's own)."""
    tokens = sentence.tokens
    for j in range(first, last - 1):
        if sentence.stems[j] not in focus_terms and sentence.lemmas[j] not in focus_terms:
            continue
        if sentence.text[tokens[j][0]:tokens[j][0] + 1].isupper():
            continue  # '*Judge* Rowan Pilbeam': a capitalised title is part of the name
        name = range(j + 1, last)
        if all(tokens[i][POS] in NAME_POS for i in name) and tokens[j][HEAD] in name:
            return j + 1
    return None


FALLBACK_FIT = 0.85  # a kind the question takes only as a fallback: 'who' answered by a place or a nationality
WANTED_FIT = 1.0  # the question's first kind: 'who' → a person


def wanted_kind_first(groups: list, margin: float) -> list:
    """`groups` (best first) with the first group of the question's most wanted kind moved first
    when the top one is only a fallback kind (`.type_fit` below FALLBACK_FIT: 'Victorian' for 'who
    runs the museum'), and the wanted one scores at most `margin` below and is stated by more
    independent sources (`.sources`), at least two: corroboration outweighs a fallback. Unchanged
    otherwise (one passage alone, as in SQuAD, never changes the scorer's choice)."""
    if len(groups) < 2 or getattr(groups[0].best, "type_fit", 1.0) >= FALLBACK_FIT:
        return groups
    top, sources = groups[0].best.score, len(groups[0].sources)
    return first_to_front(groups, lambda g: (getattr(g.best, "type_fit", 0.0) >= WANTED_FIT and g.best.score >= top - margin
                                             and len(g.sources) >= max(2, sources + 1)))


# A figure may be said of the asked noun through a clause that describes that noun ('a painting …,
# *valued at* €2.3 million'; 'the stadium, *which cost* £310 million'), a little further away.
FIGURE_STEPS = MAX_STEPS + 2
FIGURE_EDGES = CLAUSE_EDGES - {"acl", "relcl"}
FIGURE_ATTRIBUTES = {"age"}  # asked by a form ('how old') that expects dates first, yet a figure of someone


def figure_words(question, attribute) -> set[str]:
    """Stems a value stating the asked figure is said of: the counted noun ('how many *jobs*'), a copular
    question's subject, the question's content verb ('will it *cut*'), its other words but names. Empty
    unless the question asks for a figure of a thing it names (a count or an amount of a noun, a named
    attribute, an age): 'how much did Sky bid' names none, and a verb alone is too often paraphrased
    ('picked up the remaining four for £1.3bn'). A measure of a named dimension ('how deep': a length)
    is checked by its kind already."""
    expected = getattr(question, "expected", ())
    named = bool(getattr(question, "focus_terms", ())) or attribute is not None and attribute.named
    figure = bool(expected) and expected[0] in NUMBERS and named  # 'how many *jobs*', 'how much prize *money*'
    if attribute is not None and attribute.noun in FIGURE_ATTRIBUTES:
        figure = True
    if not figure or (attribute is not None and attribute.dimension):
        return set()
    words = set(getattr(question, "focus_terms", ()))
    if attribute is not None and attribute.named:
        words |= set(tokenize(attribute.noun))
    for word in (getattr(question, "topic", ""), getattr(question, "verb", ""), getattr(question, "action", "")):
        if word and word not in LIGHT_VERBS:
            words.add(word)
    # and any other content word of the question that is not a name: 'how much did it *cost* to build'
    names = set(tokenize(" ".join(getattr(question, "names", ()))))
    return words | {t for t in getattr(question, "terms", ()) if t not in names and t not in LIGHT_VERBS}


def states_figure(groups: list, words: Collection[str], depth: int = LOOKED_AT) -> bool:
    """Whether one of the first `depth` values is bound (see `bound`) to one of `words`: 'Orvane
    employs about 6,000 people' states no number of jobs cut; '£610,000 had been pledged' is no prize
    money won. True when there is nothing to check."""
    if not words:
        return True
    cache: dict = {}
    return any(bound(c, words, cache, FIGURE_STEPS, FIGURE_EDGES) for g in groups[:depth] for c in g.members)


CONSEQUENCE_SHARE = 0.4  # of the question's words a consequence must say for its cause to answer 'why'
RESTATING_SHARE = 0.6  # of a value's words that are the question's own: it restates the question


def restates(candidate, question_terms: Collection[str]) -> bool:
    """Whether most of the value's words are the question's own ('the Brackley Toy Museum queued'
    for 'who runs the Brackley Toy Museum'): such a span names what is asked about, not the answer."""
    words = tokenize(candidate.text)
    return bool(words) and sum(w in question_terms for w in words) >= RESTATING_SHARE * len(words)


def restating_last(groups: list, question_terms: Collection[str]) -> list:
    """`groups` (best first) with those whose value restates the question moved behind the first
    group among the first LOOKED_AT that does not; unchanged when the top one does not restate it."""
    terms = set(question_terms)
    if len(groups) < 2 or not terms or not restates(groups[0].best, terms):
        return groups
    return first_to_front(groups, lambda g: not restates(g.best, terms))


KIND_WORDS = {"ADJ", "NOUN", "PROPN", "VERB", "NUM"}  # words before a noun that say which kind it is ('*medical* care', '*food-for-oil* deal')


def of_the_sort(candidate, nouns: Collection[str]) -> bool:
    """Whether the candidate is the asked noun (`nouns`: its stems) with a word before it that says which
    kind ('psychological and medical *care*', 'a reliable peace *accord*'), not the bare noun."""
    span = span_head(candidate)
    if span is None or not nouns:
        return False
    sentence, tokens, (first, last, node) = candidate.sentence, candidate.sentence.tokens, span
    return _matches(sentence.stems[node], sentence.lemmas[node], nouns) and any(
        tokens[j][POS] in KIND_WORDS for j in range(first, node))


def sort_first(groups: list, nouns: Collection[str]) -> list:
    """'What sort of care are they getting' (`nouns`: the stems of the noun asked a kind of): when no member
    of the top group is that noun said with its kind (`of_the_sort`), the first group among LOOKED_AT with a
    member that is goes first, that member speaking for it."""
    if not nouns or len(groups) < 2 or any(of_the_sort(c, nouns) for c in groups[0].members):
        return groups
    return first_to_front_promoted(groups, lambda c: of_the_sort(c, nouns))


NONE_WORDS = {"no", "little", "few", "without"}  # 'a war that has seen *little* progress': the thing is said to be wanting
NEGATIONS = {"not", "n't", "never"}


def wanting(candidate) -> bool:
    """Whether the text says the candidate, a noun phrase, did not come about: it opens with a word of none
    ('*little* progress towards a deal', '*no* agreement'), or it is the object of a negated verb or of one
    a failing verb governs ('did *not* yield *any progress*', '*failed to* reach *an agreement*')."""
    span = span_head(candidate)
    if span is None:
        return False
    sentence, tokens, (first, last, node) = candidate.sentence, candidate.sentence.tokens, span
    if tokens[first][2].lower() in NONE_WORDS:
        return True
    verb = tokens[node][HEAD]
    if tokens[node][DEP] == "pobj" and 0 <= verb < len(tokens):  # 'did not agree *on* a date'
        verb = tokens[verb][HEAD]
    if tokens[node][DEP] not in {"dobj", "pobj"} or not 0 <= verb < len(tokens) or tokens[verb][POS] not in {"VERB", "AUX"}:
        return False
    children = [j for j in range(len(tokens)) if tokens[j][HEAD] == verb and j != verb]
    parent = tokens[verb][HEAD]
    return any(tokens[j][DEP] == "neg" or tokens[j][2].lower() in NEGATIONS for j in children) or (
        tokens[verb][DEP] == "xcomp" and 0 <= parent < len(tokens) and sentence.lemmas[parent] == "fail")


def wanting_first(groups: list, lacking: bool) -> list:
    """'What did the talks fail to produce' (`lacking`): when no member of the top group is said not to have
    come about (`wanting`), of the groups among DESCRIBED_LOOKED_AT with a member that is, the one whose sentence is
    nearest the question in meaning goes first, that member speaking for it."""
    if not lacking or len(groups) < 2 or any(wanting(c) for c in groups[0].members):
        return groups
    found = [(c.sentence.similarity, -i, i) for i, g in enumerate(groups[1:DESCRIBED_LOOKED_AT], start=1) for c in g.members if wanting(c)]
    if not found:
        return groups
    return promoted(to_front(groups, max(found)[2]), wanting)


TOTAL_BEFORE = re.compile(r"(?:\b(?:up to|a total of|total of|totalling|totaling|in all|all told|combined|overall)\s+(?:\S+\s+)?)$",
                          re.IGNORECASE)  # 'up to 50 of its planes', 'a total of 640 people'
TOTAL_AFTER = re.compile(r"^\s*(?:\S+\s+){0,3}?(?:in total|in all|altogether|all told|combined)\b", re.IGNORECASE)  # '640 jobs in all'
TOTAL_REACH = 40  # characters looked at either side of a figure for a word saying it is a total


def said_as_total(candidate) -> bool:
    """Whether the text says the candidate, a figure, is a total: 'up to 50', 'a total of 640', '640 jobs
    in all', 'altogether 320' (a word of totals just before it, in it, or within a few words after it)."""
    text = candidate.sentence.text
    before = text[max(0, candidate.start - TOTAL_REACH):candidate.start]
    after = text[candidate.end:candidate.end + TOTAL_REACH]
    return bool(TOTAL_BEFORE.search(before) or TOTAL_BEFORE.search(before + candidate.text.split()[0] + " ")
                or re.match(r"(?:up to|a total of)\b", candidate.text, re.IGNORECASE) or TOTAL_AFTER.match(after))


TOTAL_MARGIN = 2.0  # scorer points a figure said to be a total may trail the top value by and still go first


def total_first(groups: list, asks_total: bool) -> list:
    """'How many jets could they take in total' (`asks_total`): when the top value is not said to be a total
    and a figure among LOOKED_AT is (`said_as_total`) and scored within TOTAL_MARGIN of it, that one goes
    first, speaking for its group (a figure the question is plainly about stays: 'the wider deal covers 1,000')."""
    if not asks_total or len(groups) < 2 or any(said_as_total(c) for c in groups[0].members):
        return groups
    floor = groups[0].best.score - TOTAL_MARGIN
    return first_to_front_promoted(groups, lambda c: c.label in NUMBERS and said_as_total(c) and c.score >= floor)


def consequence_first(groups: list, terms: Collection[str]) -> list:
    """'Why was the strike all but certain' (`terms`: the question's stems): a cause whose ', making …'
    consequence says most of the question's words it does not itself hold goes first ('Fuel prices doubled,
    making *the strike all but certain*'), unless the top value is one. Unchanged for other questions."""
    terms = set(terms)
    if not terms or len(groups) < 2:
        return groups

    def explains(c) -> bool:
        said = set(tokenize(consequence_of(c)))
        return bool(said) and len(said & terms) >= CONSEQUENCE_SHARE * len(terms - set(tokenize(c.text)))
    if any(explains(c) for c in groups[0].members):
        return groups
    return first_to_front_promoted(groups, explains)


SET_GAMES = re.compile(r"(?<!\()\d{1,3}-\d{1,3}")  # one set's or match's score, not a tie-break's '(7-3)'


def sets_in(candidate) -> int:
    """How many scores the candidate is made of ('6-1 7-5': 2, '2-0': 1; none when it is not all one scoreline)."""
    return len(SET_GAMES.findall(candidate.text)) if SCORE.fullmatch(candidate.text) else 0


def score_first(groups: list, asks_score: bool) -> list:
    """'What was the score when she beat X' (`asks_score`): a scoreline goes first, the fullest one among
    LOOKED_AT when there are several ('6-1 7-5', the match's, before '5-4', a game count within a set);
    unchanged when none is a scoreline."""
    if not asks_score or len(groups) < 2:
        return groups
    found = [(sets_in(g.best), -i, i) for i, g in enumerate(groups[:LOOKED_AT])]
    sets, _, i = max(found)
    return to_front(groups, i) if sets and i else groups


PLACE_LINKS = {"at", "in", "near", "of", "on"}  # 'land *at* Copse End Farm', 'a site *near* Orwell Bridge'


DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
              "north-east", "north-west", "south-east", "south-west", "northeastern", "northwestern",
              "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern", "south-western",
              "northeast", "northwest", "southeast", "southwest", "upstate", "coastal", "rural"}


def widen_to_the_part(candidates) -> None:
    """A place's name right after a word saying which part of it ('northern *Portugal*', 'eastern *Europe*')
    is widened, in place, to that part: the name alone says a larger place than the text does."""
    for c in candidates:
        if getattr(c, "label", "") not in PLACES:
            continue
        text = c.sentence.text
        before = text[:c.start].rstrip()
        if len(before) == c.start or not before:  # no space before the name, or nothing
            continue
        word = before.split()[-1]
        if word.lower() in DIRECTIONS and word[:1].islower():
            c.start = len(before) - len(word)
            c.text = text[c.start:c.end]


def widen_to_the_name(candidates) -> None:
    """A bare common noun ('land') whose own phrase goes on to name it ('land at Copse End Farm') is
    widened, in place, to that name: the noun alone says nothing a reader could check."""
    for c, sentence, tokens, first, last in _noun_phrases(candidates):
        if last - first != 1 or tokens[first][POS] != "NOUN" or last >= len(tokens):
            continue
        # the preposition right after it, whichever word the parser hangs it from ('built on land at …')
        link = last if tokens[last][DEP] == "prep" and tokens[last][2].lower() in PLACE_LINKS else None
        if link is None:
            continue
        name = next((j for j in range(link + 1, min(len(tokens), link + 8)) if tokens[j][HEAD] == link
                     and tokens[j][DEP] == "pobj" and tokens[j][POS] == "PROPN"), None)
        if name is None:
            continue
        lo, hi = _subtree(tokens, name, link, min(len(tokens), link + 8))
        start, end = tokens[first][0], tokens[hi - 1][1]
        c.text, c.start, c.end = sentence.text[start:end], start, end


def names_the_focus(candidate, focus_terms: Collection[str]) -> bool:
    """Whether the value is a proper name of the asked noun's kind ('which telescope' → 'the 1.2-metre
    Greyfell *Telescope*', 'which farm' → "Hobb's End *Farm*", 'which judge' → '*Judge* Rowan Pilbeam'): the
    last capitalised word of the value (the name's head) or its first (a title) is the asked noun, and
    another capitalised word names it. 'a poultry farm' is of that kind but names none; 'the Los Angeles
    *Film* Critics Association' is an association, not a film."""
    words = [w for w in candidate.text.replace("'s", " ").split() if w[:1].isalpha()]
    capitalised = [w for w in words if w[:1].isupper()]
    if len(capitalised) < 2:
        return False
    return any(set(tokenize(w)) & set(focus_terms) for w in (capitalised[0], capitalised[-1])
               if not w.endswith(("'", "’")))  # "the *Athletes'* Commission" is no athlete


def named_focus_first(groups: list, focus_terms: Collection[str]) -> list:
    """`groups` (best first) with the first among LOOKED_AT whose value is a name of the asked noun's
    kind (`names_the_focus`) moved first, when the top one is not such a name and is no better typed:
    'which telescope did she use' is answered by a telescope's name, not by what she found with it.
    Unchanged when the question asks for no noun's kind or no group names one."""
    if not focus_terms or len(groups) < 2 or names_the_focus(groups[0].best, focus_terms):
        return groups
    top_fit = getattr(groups[0].best, "type_fit", 1.0)
    return first_to_front(groups, lambda g: (getattr(g.best, "type_fit", 1.0) >= top_fit
                                             and names_the_focus(g.best, focus_terms)))


# -- 'which Brazilian energy company': the name the text says is from the asked place -------------

TITLE_POS = {"ADJ", "NOUN", "PROPN", "PART", "DET", "NUM"}  # the words of a name's title: "Brazil's", 'Finnish anti-virus lab'
TITLE_REACH = 6  # tokens looked back from a name for its title


def title_words(candidate) -> list[str]:
    """The words that title the candidate's head: its own before the head ("*Brazil's* Petrobras") and
    those of the noun phrase right before it ('*this Finnish anti-virus lab* F-Secure', '*Namibian
    athlete* Frankie Fredericks'), in order; stops at a verb, a conjunction or punctuation other than
    a hyphen. Not the words after the head: 'the Stade de *France*' is not French."""
    _, tokens, first, last = token_span(candidate)
    if first == last:
        return []
    head = next((i for i in range(first, last) if not first <= tokens[i][HEAD] < last), last - 1)
    start = first
    while start > 0 and first - start < TITLE_REACH and (
            tokens[start - 1][POS] in TITLE_POS or tokens[start - 1][2] in {"-", "'s", "’s"}):
        start -= 1
    return [tokens[i][2] for i in range(start, head + 1)]


def from_asked_place(candidate, asked: Collection[str]) -> bool:
    """Whether the candidate's words or its title say it is from a country or region of `asked`
    ('Brazil's Petrobras' for brazil; "Germany's Tommy Haas" for european)."""
    return bool(asked) and bool(said_origins(title_words(candidate)) & set(asked))


def is_a_name(candidate) -> bool:
    """A name other than a nationality or a place: its head is a proper noun that names no country or
    region ('Namibian athlete' is a nationality and a noun; "Boeing's great European competitor" is a
    noun; 'Petrobras' is a name)."""
    if getattr(candidate, "label", "") in PLACES + (NORP,):
        return False
    _, tokens, first, last = token_span(candidate)
    if first == last:
        return False
    head = next((i for i in range(first, last) if not first <= tokens[i][HEAD] < last), last - 1)
    return tokens[head][POS] == "PROPN" and not origins(tokens[head][2])


def from_asked_place_first(groups: list, asked: Collection[str]) -> list:
    """'Which Brazilian energy company' (`asked`: the countries and regions the question's adjectives
    name): when no member of the top group is said to be from there, the first group among LOOKED_AT
    with a name that is goes first. Unchanged when the question names no place of origin."""
    if not asked or len(groups) < 2 or any(from_asked_place(c, asked) for c in groups[0].members):
        return groups
    return first_to_front(groups, lambda g: any(is_a_name(c) and from_asked_place(c, asked) for c in g.members))


# -- 'what must the coach do': a verb phrase; 'what did X say the evidence does not support': its object --

ACTING_LABELS = {VERB_OBJECT, VERB_PHRASE, QUOTE}


def _acting_verb(candidate) -> int | None:
    """The verb the candidate begins with, after an optional 'to' ('recall Frederic Michalak', 'to
    co-present the TV special', 'froze his broken hard disk'); None when it is not something done."""
    if getattr(candidate, "label", "") not in ACTING_LABELS:
        return None
    sentence, tokens, first, last = token_span(candidate)
    if first == last:
        return None
    if tokens[first][2].lower() == "to" and first + 1 < last:
        first += 1
    text = sentence.text
    if text[candidate.end:candidate.end + 1] in HYPHENS or text[max(0, candidate.start - 1):candidate.start] in HYPHENS:
        return None  # 're' of 're-submit': part of a word
    if first + 2 < last and tokens[first + 1][2] in HYPHENS and tokens[first + 2][POS] == "VERB":
        return first + 2  # 're-*submit*'
    return first if tokens[first][POS] == "VERB" else None


HYPHENS = {"-", "\u2010", "\u2011"}


DOER_EDGES = {"compound", "amod", "appos", "poss"}


def _doer_words(tokens, node: int) -> list[int]:
    """The noun `node` and the words that name or title it ('coach Bernard *Laporte*')."""
    return [node] + [j for j in range(len(tokens)) if tokens[j][HEAD] == node and tokens[j][DEP] in DOER_EDGES and j != node]


def done_by(candidate, doers: Collection[str]) -> bool:
    """Whether the candidate is something done (it begins with a verb) by one of `doers` (stems): the
    verb's subject ('the Commission should *re-submit* …', 'coach Bernard Laporte must *recall* …'),
    the object of the verb whose clause it is ('urged O'Reilly to *co-present* …'), or the noun a
    relative clause hangs from ('An executive who *froze* his broken hard disk')."""
    verb = _acting_verb(candidate)
    if verb is None or not doers:
        return False
    sentence = candidate.sentence
    tokens = sentence.tokens
    for _ in range(MAX_STEPS):  # 'help Labour fight and *win* the election': the first conjunct's subject
        if tokens[verb][DEP] != "conj" or not 0 <= tokens[verb][HEAD] < len(tokens):
            break
        verb = tokens[verb][HEAD]
    nodes = [j for j in range(len(tokens)) if tokens[j][HEAD] == verb and tokens[j][DEP] in {"nsubj", "nsubjpass"} and j != verb]
    head = tokens[verb][HEAD]
    if not nodes and tokens[verb][DEP] in {"xcomp", "ccomp"} and 0 <= head < len(tokens):
        nodes = [j for j in range(len(tokens)) if tokens[j][HEAD] == head and tokens[j][DEP] in {"dobj", "nsubj"} and j != head]
    if tokens[verb][DEP] == "relcl" and 0 <= head < len(tokens):
        nodes.append(head)
    return any(_matches(sentence.stems[j], sentence.lemmas[j], doers) for n in nodes for j in _doer_words(tokens, n))


def tells_deed(candidate, doers: Collection[str]) -> bool:
    """Whether the candidate holds a whole clause whose subject is one of `doers` ('Nevertheless,
    *victims* soon calm down when …'): it says what they do, subject and all."""
    sentence, tokens, first, last = token_span(candidate)
    return any(tokens[j][DEP] in {"nsubj", "nsubjpass"} and first <= tokens[j][HEAD] < last
               and any(_matches(sentence.stems[k], sentence.lemmas[k], doers) for k in _doer_words(tokens, j))
               for j in range(first, last))


def acting_first(groups: list, doers: Collection[str]) -> list:
    """'What must the coach do' (`doers`: the stems of who is to do it): when no member of the top
    group is done by them (`done_by`), the first group among LOOKED_AT with a member that is goes
    first. Unchanged for other questions."""
    if not doers or len(groups) < 2 or any(done_by(c, doers) or tells_deed(c, doers) for c in groups[0].members):
        return groups
    done = [(i, g) for i, g in enumerate(groups[1:LOOKED_AT], start=1) if done_by(g.best, doers)]
    if not done:
        return groups
    first = done[0][1].best
    # the whole of what is done: of the phrases of that verb, the longest ('create the right framework so that …')
    same = [(i, g) for i, g in enumerate(groups[1:], start=1) if g.best.sentence is first.sentence
            and _acting_verb(g.best) == _acting_verb(first) and done_by(g.best, doers)]
    i, g = max(same, key=lambda ig: (ig[1].best.end - ig[1].best.start, -ig[0]))
    return to_front(groups, i)


OBJECT_EDGES = {"dobj", "pobj", "attr", "oprd", "xcomp", "ccomp"}


def object_of(candidate, verbs: Collection[str]) -> bool:
    """Whether the candidate's head is the object of a verb of `verbs` (stems), directly ('does not
    support *his claims that …*') or through a preposition of it ('look for *the biggest challenge*')."""
    verbs = {v for v in verbs if v}
    if not verbs:
        return False
    span = span_head(candidate)
    if span is None:
        return False
    sentence, tokens, (first, last, node) = candidate.sentence, candidate.sentence.tokens, span
    if tokens[node][DEP] not in OBJECT_EDGES:
        return False
    head = tokens[node][HEAD]
    if tokens[node][DEP] == "pobj" and 0 <= head < len(tokens) and tokens[head][DEP] == "prep":
        head = tokens[head][HEAD]
    if not 0 <= head < len(tokens) or first <= head < last:
        return False
    return _matches(sentence.stems[head], sentence.lemmas[head], verbs)


def objects_first(groups: list, verb: str | Collection[str]) -> list:
    """'What did Hughes say the evidence does not *support*' (`verb`: the stem, or stems, of the verb the
    reported clause asks about): when no member of the top group is that verb's object, the first group among
    LOOKED_AT with a member that is goes first. Unchanged when the question names no such verb."""
    verbs = {verb} if isinstance(verb, str) else set(verb)
    if not verb or len(groups) < 2 or any(object_of(c, verbs) for c in groups[0].members):
        return groups
    # the verb's own object: looked for deeper
    return first_to_front(groups, lambda g: any(object_of(c, verbs) for c in g.members), DESCRIBED_LOOKED_AT)


# -- 'which barrister': the name the text titles with the asked noun ----------------------------------

TITLED_KINDS = (PERSON, ORG)


def titled(candidate, focus_terms: Collection[str]) -> bool:
    """Whether the text titles the candidate, a name, with the asked noun: '*barrister* Jonah Ekwueme',
    'Her *barrister*, Jonah Ekwueme', 'Jonah Ekwueme, the *barrister*' (`does` on the noun's stems)."""
    return bool(focus_terms) and is_a_name(candidate) and does(candidate, focus_terms)


def titled_first(groups: list, focus_terms: Collection[str], expected: Collection[str] = ()) -> list:
    """'Which barrister represented her' (a person or organisation asked by its kind, `focus_terms`):
    when no member of the top group is titled with the asked noun (`titled`), the first group among
    LOOKED_AT with a member that is goes first. Unchanged for other questions."""
    if not focus_terms or not expected or expected[0] not in TITLED_KINDS or len(groups) < 2:
        return groups
    if any(titled(c, focus_terms) or names_the_focus(c, focus_terms) for c in groups[0].members):
        return groups  # titled already, or a name with the noun in it: 'Judge Rowan Pilbeam'
    return first_to_front(groups, lambda g: any(titled(c, focus_terms) for c in g.members))


def subject_of(candidate, verb: str) -> bool:
    """Whether the candidate is the subject of a verb whose stem is `verb` ('*Airbus* this week announced …'),
    or its doer in the passive (`passive_agent`: 'the pre-sale announced by *Airbus*')."""
    span = span_head(candidate)
    if span is None:
        return False
    sentence, tokens, (first, last, node) = candidate.sentence, candidate.sentence.tokens, span
    head = tokens[node][HEAD]
    if tokens[node][DEP] == "pobj":
        head = passive_agent(tokens, node)
        return head is not None and not first <= head < last and _matches(sentence.stems[head], sentence.lemmas[head], {verb})
    return (tokens[node][DEP] == "nsubj" and 0 <= head < len(tokens) and not first <= head < last
            and _matches(sentence.stems[head], sentence.lemmas[head], {verb}))


def passive_agent(tokens, node: int) -> int | None:
    """The verb whose doer `node` names in the passive ('a swap mediated by *Qatar*': the 'by' is the verb's
    agent), its position; None otherwise."""
    by = tokens[node][HEAD]
    if not 0 <= by < len(tokens) or by == node or tokens[by][DEP] != "agent":
        return None
    verb = tokens[by][HEAD]
    return verb if 0 <= verb < len(tokens) and verb != by else None


def subject_first(groups: list, verb: str, focus_terms: Collection[str] = ()) -> list:
    """'Which European aircraft maker announced the pre-sale' (`verb`: the stem of the verb the asked
    thing is the subject of): when no member of the top group is that verb's subject, the first name
    among LOOKED_AT groups that is goes first ('Airbus this week announced …', not its 'A350'); but not
    over a top value that is a name of the asked noun's kind (`focus_terms`: 'which ministry said' →
    'the Transport Ministry indicated …') when it is no such name."""
    if not verb or len(groups) < 2 or any(subject_of(c, verb) for c in groups[0].members):
        return groups
    named = bool(focus_terms) and names_the_focus(groups[0].best, focus_terms)
    return first_to_front(groups, lambda g: any(subject_of(c, verb) and is_a_name(c) for c in g.members)
                          and (not named or names_the_focus(g.best, focus_terms)))


def object_of_preposition(candidate, preposition: str, words: Collection[str]) -> bool:
    """Whether the candidate is the object of `preposition` hung from a word of `words` (stems):
    'set out Tory plans *for* an immigration quota' for 'what will he set out plans for', 'would decide
    *on* signing a new contract' (a gerund's clause) for 'what will they decide on'."""
    span = span_head(candidate)
    if span is None:
        return False
    sentence, tokens, (first, last, node) = candidate.sentence, candidate.sentence.tokens, span
    prep = tokens[node][HEAD]
    if tokens[node][DEP] not in {"pobj", "pcomp"} or not 0 <= prep < len(tokens) or first <= prep < last or tokens[prep][2] != preposition:
        return False
    head = tokens[prep][HEAD]
    return 0 <= head < len(tokens) and _matches(sentence.stems[head], sentence.lemmas[head], words)


def stranded_first(groups: list, preposition: str, words: Collection[str]) -> list:
    """'What will he set out plans for' (`preposition`: the one the question leaves at its end; `words`:
    its content stems): when no member of the top group is that preposition's object, hung from a word
    of the question, the first group among LOOKED_AT with a member that is goes first."""
    if not preposition or not words or len(groups) < 2:
        return groups
    if any(object_of_preposition(c, preposition, words) for c in groups[0].members):
        return groups
    return first_to_front(groups, lambda g: any(object_of_preposition(c, preposition, words) for c in g.members),
                          DESCRIBED_LOOKED_AT)


# -- 'what did she say was the only unusual thing': the other side of the quoted 'be' ------------------

COPULA_COMPLEMENT_DEPS = {"attr", "acomp", "ccomp", "prep"}


def completes_copula(candidate, words: Collection[str]) -> bool:
    """Whether the candidate is what a 'be' says (its complement: 'is *that Chelsea failed …*', 'must
    not be *out of pocket*') and that 'be''s subject (else, none parsed, the words before it) holds
    at least half of `words`, the side the question gives ('the only unusual thing', 'foster carers')."""
    span = span_head(candidate)
    if span is None or not words:
        return False
    tokens = candidate.sentence.tokens
    first, last, node = span
    copula = tokens[node][HEAD]
    if tokens[node][DEP] not in COPULA_COMPLEMENT_DEPS or not 0 <= copula < first \
            or tokens[copula][2].lower() != "be" or tokens[copula][POS] != "AUX":
        return False
    sentence = candidate.sentence
    subject = next((j for j in range(copula) if tokens[j][HEAD] == copula and tokens[j][DEP] in {"nsubj", "nsubjpass", "csubj"}), None)
    if subject is not None:  # the subject's own words: 'nowadays *the worry* is whether …' is not 'the only worry … was'
        side = [j for j in range(copula) if j == subject or _descends(tokens, j, subject, 0, copula)]
    else:  # no subject parsed: the words before the 'be'
        side = list(range(copula))
    said = {sentence.stems[j] for j in side} | {sentence.lemmas[j] for j in side}
    return 2 * len(said & set(words)) >= len(set(words))


def complement_first(groups: list, words: Collection[str]) -> list:
    """'What did the delegate say was the only unusual thing' (`words`: question.copular): when no
    member of the top group completes a 'be' whose subject side holds those words, the first group
    among LOOKED_AT with a member that does goes first. Unchanged when the question gives none."""
    if not words or len(groups) < 2 or any(completes_copula(c, words) for c in groups[0].members):
        return groups
    return first_to_front(groups, lambda g: any(completes_copula(c, words) for c in g.members))


# -- 'what term did X use for Y': the coined words, not the sentence around them ---------------------


def same_sentence(a, b) -> bool:
    """Whether two candidates come from one stored sentence."""
    return a.sentence is b.sentence or (getattr(a.sentence, "doc_id", None), getattr(a.sentence, "index", None)) == (
        getattr(b.sentence, "doc_id", 0), getattr(b.sentence, "index", 0))


def coined_within(candidate, outer) -> bool:
    """Whether `candidate` is a term (quoted, hyphenated or cued words) inside `outer`'s span and
    shorter than it: "'computer rage'" inside 'human error, including 'computer rage', seems …'."""
    return (getattr(candidate, "label", None) == TERM and same_sentence(candidate, outer)
            and outer.start <= candidate.start and candidate.end <= outer.end
            and candidate.end - candidate.start < outer.end - outer.start)


def coined_first(groups: list, expected: Collection[str]) -> list:
    """'What term / phrase / slogan did X use' (a term wanted first, `expected`): when the top group's
    best span is no term but holds one, the first group among LOOKED_AT whose best is such a term
    goes first. Unchanged for other questions, or when the top holds no term."""
    if not expected or expected[0] != TERM or len(groups) < 2 or groups[0].best.label == TERM:
        return groups
    top = groups[0].best
    return first_to_front(groups, lambda g: coined_within(g.best, top), DESCRIBED_LOOKED_AT)


QUOTE_MARKS = "“”\"‘’'"


def quoted_term(candidate) -> bool:
    """Whether the candidate is a term between quotation marks ('insists on tackling “*zombie contracts*”')."""
    text = candidate.sentence.text
    return (getattr(candidate, "label", None) == TERM and candidate.start > 0 and candidate.end < len(text)
            and text[candidate.start - 1] in QUOTE_MARKS and text[candidate.end] in QUOTE_MARKS)


def quoted_term_first(groups: list, expected: Collection[str]) -> list:
    """'What phrase does the union use for …' (a term wanted first): when the top group's best is a term
    the writer's own words give (a hyphenated compound: 'an immediate *30-day truce*') and a term its
    sentence puts in quotation marks — someone's phrase — is among LOOKED_AT, that one goes first."""
    if not expected or expected[0] != TERM or len(groups) < 2:
        return groups
    top = groups[0].best
    if top.label != TERM or quoted_term(top):
        return groups
    return first_to_front(groups, lambda g: quoted_term(g.best) and same_sentence(g.best, top))


# -- 'what did X say about Y': a quotation that names Y ---------------------------------------------------


def names_topic(candidate, words: Collection[str]) -> bool:
    """Whether the candidate's sentence names the topic a question of saying asks 'about' (`words`:
    its head's stems: 'say about Ireland's *team* on paper')."""
    sentence = candidate.sentence
    return any(_matches(stem, lemma, words) for stem, lemma in zip(sentence.stems, sentence.lemmas))


def topic_first(groups: list, words: Collection[str]) -> list:
    """'What did Corry say about Ireland's team on paper' (`words`: question.about): when the top
    group's quotation comes from a sentence that does not name the topic, the first group among
    LOOKED_AT whose best is a quotation from a sentence of the same article that does goes first.
    Unchanged otherwise."""
    if not words or len(groups) < 2 or groups[0].best.label != QUOTE or any(names_topic(c, words) for c in groups[0].members):
        return groups
    article = groups[0].best.sentence.doc_id  # the speaker's article: another story's quotation is no better
    return first_to_front(groups, lambda g: g.best.label == QUOTE and g.best.sentence.doc_id == article
                          and names_topic(g.best, words))


# -- 'where did they meet', 'through which area', 'which state is she suing HP from': a preposition's object --

# Prepositions that say where something is or happens or goes ('met *at* London's King Cross station').
LOCATIVE = {"in", "at", "on", "near", "inside", "outside", "within", "across", "around", "throughout", "beside",
            "behind", "along", "off", "beyond", "opposite", "to", "into", "from"}  # 'moved *to* the Isle of Man'

# A locative preposition's object that says when, not where ('on *Thursday*', 'in *the first half*').
TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
              "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
              "year", "month", "week", "day", "night", "morning", "afternoon", "evening", "weekend", "time", "half",
              "season", "period", "hour", "minute", "second", "future", "past", "moment", "decade", "century"}
ANCHOR_STEPS = 3  # from the preposition up to a word of the question: 'plays *at* …', 'captured during the offensive *in* …'
ARGUMENT_EDGES = {"compound", "nsubj", "nsubjpass", "dobj"}  # 'the *ferry* strike, called on …': a word naming the head


def promoted(groups: list, accepts) -> list:
    """When the top group's best value is not accepted but another of its members is ('California' beside
    "California's wine regions", one place), that member speaks for the group: it goes first among the
    members, with the best one's score. The groups otherwise unchanged."""
    top = groups[0]
    if accepts(top.best):
        return groups
    member = next((c for c in top.members if accepts(c)), None)
    if member is not None:
        member.score = top.best.score
        top.members.remove(member)
        top.members.insert(0, member)
    return groups


def first_to_front_promoted(groups: list, accepts) -> list:
    """`first_to_front` for a member `accepts`, that member then speaking for its group (`promoted`)."""
    moved = first_to_front(groups, lambda g: any(accepts(c) for c in g.members))
    return promoted(moved, accepts) if moved[0] is not groups[0] else groups


def place_like(candidate) -> bool:
    """A place's name or a phrase naming one: a place or organisation label, or a proper noun in it ('the
    Gnoll', "London's King Cross station"); not 'in *contact*'."""
    if getattr(candidate, "label", "") in PLACES + (ORG,):
        return True
    _, tokens, first, last = token_span(candidate)
    return any(tokens[i][POS] == "PROPN" for i in range(first, last))


def preposition_of(candidate) -> int | None:
    """The token of the preposition whose object heads the candidate ('*at* the Gnoll'); None."""
    span = span_head(candidate)
    if span is None:
        return None
    tokens, (first, last, node) = candidate.sentence.tokens, span
    prep = None
    for _ in range(MAX_STEPS):
        for _ in range(len(tokens)):  # 'in the UK, Germany, US and *South Korea*': a conjunct of the object is one too
            if tokens[node][DEP] != "conj" or not 0 <= tokens[node][HEAD] < len(tokens) or tokens[node][HEAD] == node:
                break
            node = tokens[node][HEAD]
        prep = tokens[node][HEAD]
        if tokens[node][DEP] != "pobj" or not 0 <= prep < len(tokens) or first <= prep < last or tokens[prep][POS] != "ADP":
            return None
        example = tokens[prep][HEAD]  # 'in films *such as* Troy': an example of the object is its object too
        if tokens[prep][2].lower() not in EXAMPLE_LINKS or not 0 <= example < len(tokens) or tokens[example][DEP] != "pobj":
            return prep
        node = example
    return prep


EXAMPLE_LINKS = {"as", "like", "including"}  # 'films such *as* Troy', 'counties *like* Kent and Essex'
# A preposition inside a relative or another clause says nothing of the asked verb: 'Mr Sigarchi, who edits a
# newspaper *in northern Iran*, was sentenced by a court in the Gilan area'.
ANCHOR_BARRIERS = {"relcl", "advcl", "ccomp", "parataxis", "conj"}


def hung_from(sentence, prep: int, words: Collection[str], steps: int = ANCHOR_STEPS) -> bool:
    """Whether the preposition hangs, at most `steps` up, from a word of `words` (stems): 'take a road trip
    *through*' (take), 'first meeting *at*' (meet)."""
    tokens, node = sentence.tokens, prep
    for _ in range(steps):
        parent = tokens[node][HEAD]
        if parent == node or not 0 <= parent < len(tokens) or tokens[node][DEP] in ANCHOR_BARRIERS:
            return False
        node = parent
        if _names_asked(sentence, node, words):
            return True
    return False


def _names_asked(sentence, node: int, words: Collection[str]) -> bool:
    """Whether the token, or a word naming it (its compound, a verb's subject or object), is a word of `words`:
    'the *ferry* strike', 'crews on both routes began the *strike*'."""
    tokens = sentence.tokens
    return _matches(sentence.stems[node], sentence.lemmas[node], words) or any(
        tokens[j][HEAD] == node and j != node and tokens[j][DEP] in ARGUMENT_EDGES
        and _matches(sentence.stems[j], sentence.lemmas[j], words) for j in range(len(tokens)))


def says_when(candidate) -> bool:
    """Whether the candidate's head word is a time ('on *Thursday*', 'at *the weekend*') or it is a date or time."""
    if getattr(candidate, "label", "") in TIMES:
        return True
    span = span_head(candidate)
    return span is not None and candidate.sentence.lemmas[span[2]] in TIME_WORDS


def located(candidate, words: Collection[str], named: bool = True) -> bool:
    """Whether the candidate is where the asked thing happens: the object of a locative preposition hung from a
    word of the question ('plays its first match … *at the Gnoll*'), or the place a 'where' clause of the asked
    verb hangs from ('to *Calais*, where they are receiving medical care'); no time, and (`named`) naming a place."""
    if says_when(candidate) or named and not place_like(candidate):
        return False
    if where_clause(candidate, words):
        return True
    prep = preposition_of(candidate)
    return (prep is not None and candidate.sentence.tokens[prep][2].lower() in LOCATIVE
            and hung_from(candidate.sentence, prep, words) and not a_state(candidate))


def where_clause(candidate, words: Collection[str]) -> bool:
    """Whether a relative clause opened by 'where' hangs from the candidate's head and its verb, or a word naming
    it, is a word of `words`: 'the transfer of its passengers to *Calais*, where they are *receiving* medical care'."""
    span = span_head(candidate)
    if span is None:
        return False
    sentence, tokens, node = candidate.sentence, candidate.sentence.tokens, span[2]
    return any(tokens[v][HEAD] == node and tokens[v][DEP] == "relcl" and v != node
               and any(tokens[w][HEAD] == v and tokens[w][2].lower() == "where" for w in range(len(tokens)))
               and _names_asked(sentence, v, words) for v in range(len(tokens)))


def a_state(candidate) -> bool:
    """A lone common noun after the preposition says a state, not a place: 'in *contact*', 'at *risk*', 'in
    *power*' (a place takes a word more: 'at *a fixed spot*', 'on *shareware sites*')."""
    _, tokens, first, last = token_span(candidate)
    return last - first == 1 and tokens[first][POS] == "NOUN" and not any(
        tokens[j][HEAD] == first and j != first for j in range(len(tokens)))


def asks_where(question) -> bool:
    """A 'where' question, or one that asks for a place through a preposition of place ('*At* what location')."""
    expected = getattr(question, "expected", ())
    return getattr(question, "kind", "") == "where" or (
        getattr(question, "preposition", "") in LOCATIVE and bool(expected) and expected[0] in PLACES)


def located_first(groups: list, words: Collection[str]) -> list:
    """'Where will the side play its first game' (`words`: the question's stems): when no member of the top
    group is located (above), the first group among LOOKED_AT with a member that is goes first ('against
    Italy *at the Gnoll*': the Gnoll, not Italy)."""
    if not words or len(groups) < 2:
        return groups
    if any(located(c, words, named=False) for c in groups[0].members):  # 'taken *at a fixed spot*' stays
        return promoted(groups, lambda c: located(c, words, named=False))
    return first_to_front_promoted(groups, lambda c: located(c, words))


def object_of_asked_preposition(candidate, preposition: str, words: Collection[str], anchored: bool = True,
                                times: bool = False) -> bool:
    """Whether the candidate is the object of the question's preposition (`preposition`), hung from a word of
    `words` when `anchored` ('a road trip *through* California's wine regions'), else a name ('concert
    *at* Arkansas State University'); a time only when `times` ('*on* what day': 'exchanged … *on Friday*'),
    else never."""
    prep = preposition_of(candidate)
    if prep is None or candidate.sentence.tokens[prep][2].lower() != preposition or says_when(candidate) != times:
        return False
    if anchored:
        return hung_from(candidate.sentence, prep, words)
    span = span_head(candidate)
    return candidate.sentence.tokens[span[2]][POS] == "PROPN"


def preposition_first(groups: list, preposition: str, words: Collection[str], times: bool = False,
                      focus_terms: Collection[str] = ()) -> list:
    """'*Through* which area do they travel', 'which state is she suing HP *from*' (`preposition`): the object
    of that preposition hung from a word of the question goes first (the top group's own member, else the
    first group among LOOKED_AT with one); when there is none, the first such name hung elsewhere.
    `times`: the question asks for a time ('*on* what day'), which the object must then be. A top value that
    is a name of the asked noun's kind (`focus_terms`: 'at which farm' → 'Saltings Farm') stays."""
    if not preposition or len(groups) < 2 or focus_terms and names_the_focus(groups[0].best, focus_terms):
        return groups
    for anchored in (True, False):
        def accepts(c, anchored=anchored) -> bool:
            return object_of_asked_preposition(c, preposition, words, anchored, times)
        if any(accepts(c) for c in groups[0].members):
            return promoted(groups, accepts)
        moved = first_to_front_promoted(groups, accepts)
        if moved[0] is not groups[0]:
            return moved
    return groups


def conjuncts_end(candidate) -> int | None:
    """The character offset where the list the candidate's head begins ends ('*Westminster* and their
    constituencies'), when the head has conjuncts after the candidate; None otherwise."""
    span = span_head(candidate)
    if span is None:
        return None
    tokens, (first, last, node) = candidate.sentence.tokens, span
    conj = [j for j in range(last, len(tokens)) if tokens[j][DEP] == "conj" and tokens[j][HEAD] == node]
    if not conj:
        return None
    hi = _subtree(tokens, conj[-1], conj[-1], len(tokens))[1]  # the last conjunct with its words
    return tokens[hi - 1][1]


def whole_list_first(groups: list, many: bool) -> list:
    """'Between which *places*' (`many`: the question asks for several): when the top value heads a list
    ('Westminster and their constituencies'), a value of its sentence that holds the whole list goes first."""
    if not many or len(groups) < 2:
        return groups
    top = groups[0].best
    end = conjuncts_end(top)
    if end is None:
        return groups
    here = (top.sentence.doc_id, top.sentence.start)

    def whole(c) -> bool:
        return (c.sentence.doc_id, c.sentence.start) == here and c.start <= top.start and c.end >= end
    if any(whole(c) for c in groups[0].members):
        return promoted(groups, whole)
    return first_to_front_promoted(groups, whole)



WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def names_weekday(candidate) -> bool:
    """Whether the candidate is, or ends with, the name of a day of the week ('Friday', 'last Tuesday')."""
    words = candidate.text.lower().replace(",", " ").split()
    return bool(words) and words[-1].rstrip(".") in WEEKDAYS


def weekday_first(groups: list, asks_weekday: bool) -> list:
    """'On what *day of the week*' (`asks_weekday`): a value naming a weekday goes first (its own group's
    member first: 'Friday' beside '23 May 2025', one date), when the top one names none."""
    if not asks_weekday or not groups:
        return groups
    if any(names_weekday(c) for c in groups[0].members):
        return promoted(groups, names_weekday)
    return first_to_front_promoted(groups, names_weekday)



# -- 'when did the ferry strike begin': the date of the asked event, not a background date ---------

DATE_EDGES = {"npadvmod", "tmod", "obl"}  # a date hung from its verb without a preposition ('began *last week*')


def dated_event(candidate, subject: Collection[str]) -> bool:
    """Whether the candidate, a time, is said of an event whose doer or object is the question's subject
    (`subject`: its stems): hung, by a preposition or directly, from a verb with that subject or object ('*On 23
    May 2025*, crews on both routes began the longest ferry *strike*'), never through a relative or
    another clause ('the longest since the dispute began *in 2022*': the dispute's date)."""
    if not subject or not says_when(candidate):
        return False
    span = span_head(candidate)
    if span is None:
        return False
    sentence, tokens, node = candidate.sentence, candidate.sentence.tokens, span[2]
    prep = preposition_of(candidate)
    start = prep if prep is not None else (node if tokens[node][DEP] in DATE_EDGES else None)
    if start is None:
        return False
    return _verb_of_subject(sentence, start, subject)


def _verb_of_subject(sentence, node: int, subject: Collection[str], steps: int = 2) -> bool:
    """Whether, at most `steps` up from `node` and through no clause edge, a verb has a subject or object
    naming `subject` (the noun or a compound of it)."""
    tokens = sentence.tokens
    for _ in range(steps):
        parent = tokens[node][HEAD]
        if parent == node or not 0 <= parent < len(tokens) or tokens[node][DEP] in ANCHOR_BARRIERS:
            return False
        node = parent
        if tokens[node][POS] in {"VERB", "AUX"}:
            return any(tokens[j][HEAD] == node and j != node and tokens[j][DEP] in {"nsubj", "nsubjpass", "dobj"}
                       and _noun_names(sentence, j, subject) for j in range(len(tokens)))
    return False


def _noun_names(sentence, j: int, words: Collection[str]) -> bool:
    """Whether the noun `j` or a noun compounded with it is a word of `words` ('the *ferry* strike')."""
    tokens = sentence.tokens
    return _matches(sentence.stems[j], sentence.lemmas[j], words) or any(
        tokens[k][HEAD] == j and tokens[k][DEP] == "compound" and _matches(sentence.stems[k], sentence.lemmas[k], words)
        for k in range(len(tokens)))


BACKGROUND_LINKS = {"since"}  # 'the largest *since* the invasion in February 2022': a date the asked event is measured from
BACKGROUND_STEPS = 3


def background_date(candidate, subject: Collection[str], verb: Collection[str]) -> bool:
    """Whether the candidate, a time, dates something else than the asked event: it lies in a 'since' phrase
    ('*since* the full-scale invasion in February 2022'), or it is hung from the asked verb said of another
    subject ('the largest since the invasion *began* in 2022' for 'when did the exchange begin')."""
    span = span_head(candidate)
    if span is None or not says_when(candidate):
        return False
    sentence, tokens, node = candidate.sentence, candidate.sentence.tokens, span[2]
    for _ in range(BACKGROUND_STEPS):
        parent = tokens[node][HEAD]
        if parent == node or not 0 <= parent < len(tokens):
            break
        node = parent
        if tokens[node][2].lower() in BACKGROUND_LINKS:
            return True
        if tokens[node][POS] == "VERB":
            if not _matches(sentence.stems[node], sentence.lemmas[node], verb):
                return False
            doers = [j for j in range(len(tokens)) if tokens[j][HEAD] == node and j != node
                     and tokens[j][DEP] in {"nsubj", "nsubjpass"} and tokens[j][POS] in {"NOUN", "PROPN"}]
            return bool(doers) and not any(_noun_names(sentence, j, subject) for j in doers)
    return False


def event_date_first(groups: list, subject: Collection[str], verb: Collection[str] = ()) -> list:
    """'When did the ferry strike begin' (`subject`: the question's subject stems, `verb`: its verb's): when
    the top value is a background date (above), the first group among LOOKED_AT with a member that dates an event
    of that subject (`dated_event`) goes first, that member speaking for it."""
    if not subject or len(groups) < 2 or not background_date(groups[0].best, subject, verb):
        return groups
    if any(dated_event(c, subject) for c in groups[0].members):
        return promoted(groups, lambda c: dated_event(c, subject))
    return first_to_front_promoted(groups, lambda c: dated_event(c, subject))



# -- 'what will the council hand them', 'what will Jerry Lewis receive': the thing the subject gives or gets ----

def _subtree_names(sentence, node: int, words: Collection[str]) -> bool:
    """Whether a word of `node`'s subtree is a word of `words` ('to veteran actor and comic Jerry *Lewis*')."""
    tokens = sentence.tokens
    lo, hi = _subtree(tokens, node, 0, len(tokens))
    return any(_matches(sentence.stems[j], sentence.lemmas[j], words) for j in range(lo, hi))


def given_or_handed(candidate, subject: Collection[str]) -> bool:
    """Whether the candidate, a noun, is what the question's subject (`subject`: its stems) hands over or is
    handed: the object of a verb that subject does ('*the council* would present a *draft plan*'), or the object or
    passive subject of a verb done *to* it ('A career achievement *award* will be handed *to* … Jerry Lewis')."""
    span = span_head(candidate)
    if span is None or not subject:
        return False
    sentence, tokens, (first, last, node) = candidate.sentence, candidate.sentence.tokens, span
    verb = tokens[node][HEAD]
    if tokens[node][DEP] not in {"dobj", "nsubjpass"} or tokens[node][POS] not in {"NOUN", "PROPN"} \
            or not 0 <= verb < len(tokens) or first <= verb < last or tokens[verb][POS] != "VERB":
        return False
    children = [j for j in range(len(tokens)) if tokens[j][HEAD] == verb and j != verb]
    if tokens[node][DEP] == "dobj" and any(tokens[j][DEP] == "nsubj" and _noun_names(sentence, j, subject) for j in children):
        return True
    return any(tokens[j][DEP] in {"prep", "dative"} and tokens[j][2].lower() == "to" and any(
        tokens[k][HEAD] == j and tokens[k][DEP] == "pobj" and _subtree_names(sentence, k, subject) for k in range(len(tokens)))
        for j in children)


def handed_first(groups: list, subject: Collection[str]) -> list:
    """'What will the council hand the negotiators', 'what will Jerry Lewis receive' (`subject`: the question's subject
    stems, when the wh-phrase is its verb's object): when no member of the top group is what that subject gives or
    gets (`given_or_handed`), the first group among LOOKED_AT with a member that is goes first."""
    if not subject or len(groups) < 2:
        return groups
    if any(given_or_handed(c, subject) for c in groups[0].members):
        return promoted(groups, lambda c: given_or_handed(c, subject))
    return first_to_front_promoted(groups, lambda c: given_or_handed(c, subject))
