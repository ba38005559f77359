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

from collections.abc import Collection

from index.lexical import tokenize
from service.answering.candidates import token_range
from service.answering.kinds import NOUN_PHRASE, NUMBERS, PERSON, TIMES

# Questions whose answer is a value or a person: the ones sources state differently and that a
# sentence may state several of. Other kinds ('what town', 'what method') keep the scorer's choice.
BOUND_KINDS = NUMBERS + TIMES + (PERSON,)
LOOKED_AT = 12  # value groups looked at, the top one included: lower ones never answer
MAX_STEPS = 3  # dependency steps between the value's head and the asked word, through their common ancestor
# Edges that leave a clause: 'seven were killed *and* about 40 were missing' (conj), relative,
# adverbial and complement clauses, side-by-side sentences.
CLAUSE_EDGES = {"conj", "relcl", "advcl", "ccomp", "pcomp", "parataxis", "acl"}
AGENT_SUFFIXES = ("er", "r", "or", "ner", "ers", "ors")  # lead → leader, organise → organiser, win → winner
LIGHT_VERBS = {"be", "have", "do", "get", "make", "take", "say"}  # say nothing of what the value is about
POS, DEP, HEAD = 3, 4, 5  # fields of a stored token


def asked_words(question, attribute) -> set[str]:
    """Stems of the word the question asks about: the named attribute, else the main verb; none
    when the question asks for another kind than BOUND_KINDS."""
    expected = getattr(question, "expected", BOUND_KINDS)
    if not expected or expected[0] not in BOUND_KINDS:
        return set()
    if attribute is not None and attribute.named:
        return set(tokenize(attribute.noun))
    verb = getattr(question, "verb", "")
    return {verb} if verb and verb not in LIGHT_VERBS else set()


def _matches(stem: str, lemma: str, words: Collection[str]) -> bool:
    return any(stem == w or lemma == w or (stem.startswith(w) and stem[len(w):] in AGENT_SUFFIXES) for w in words)


def _ancestors(tokens, node: int) -> dict[int, tuple[int, bool]]:
    """Node → (steps up from `node`, whether a clause edge was crossed on the way)."""
    found, crossed = {node: (0, False)}, False
    for step in range(1, MAX_STEPS + 1):
        parent = tokens[node][HEAD]
        if parent == node or not 0 <= parent < len(tokens):
            break
        crossed = crossed or tokens[node][DEP] in CLAUSE_EDGES
        node = parent
        found[node] = (step, crossed)
    return found


def _targets(sentence, words: Collection[str], cache: dict | None) -> list[int]:
    """Token positions of the asked word in the sentence, once per sentence per question."""
    key = (sentence.doc_id, sentence.start)
    if cache is not None and key in cache:
        return cache[key]
    found = [j for j, (st, le) in enumerate(zip(sentence.stems, sentence.lemmas)) if _matches(st, le, words)]
    if cache is not None:
        cache[key] = found
    return found


def bound(candidate, words: Collection[str], cache: dict | None = None) -> bool:
    """Whether the candidate's head and a token matching `words` (outside it) are at most MAX_STEPS
    dependency steps apart, through no clause edge. `cache`: per-question memo of the targets."""
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
    up = _ancestors(tokens, root)
    for j in targets:
        for node, (steps, crossed) in _ancestors(tokens, j).items():
            if node in up:
                total = steps + up[node][0]
                if total <= MAX_STEPS and not crossed and not up[node][1]:
                    return True
                break
    return False


def _elsewhere(candidate, words: Collection[str]) -> bool:
    """The candidate is said of another content verb: within MAX_STEPS up its clause, a verb
    other than the asked word ('*seven* people had been *killed*')."""
    sentence, tokens = candidate.sentence, candidate.sentence.tokens
    first, last = token_range(sentence, candidate.start, candidate.end)
    if first == last:
        return False
    node = next((i for i in range(first, last) if not first <= tokens[i][HEAD] < last), first)
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
                return [g] + groups[:i] + groups[i + 1:]
        elif named or g.best.score >= top.score - margin:
            return [g] + groups[:i] + groups[i + 1:]
    return groups
