"""Is the value the asked attribute *of the asked thing*? (issue 7: look-alike unanswerables)

A look-alike sentence holds a value of the asked kind said of something else nearby: 'Who is the chief
executive of Euronext?' → 'Clara Furse, *LSE's* chief executive, said Euronext …'; 'How many aces did X
serve before Y retired?' → a count of another match. The question's words are all in the sentence, so
coverage reads it as on topic. Three things the parse can tell:

* **the value's own clause** (`clause_of`): the tokens of the clause the span sits in — climbed from the span
  to its verb (through 'agreed *to pay*' and a conjunct sharing its subject), its subtree less the clauses
  hanging from it (adverbial, relative, complement, conjoined, parenthetical); a relative clause brings the
  noun it is said of. Whether the question's names are said there or only elsewhere in the sentence
  (`names_in_clause`, `names_elsewhere`).
* **the role the span fills** (`governor`): the word the span is the argument or modifier of — the verb a
  name is the subject or object of ('*bought* by Bonhams' → bought), the noun a figure counts ('two
  *executives*'), the title a name carries ('*coach* Luxemburgo'). `role_credit` reads it against the asked
  word (the question's verb for who-did questions, its head noun otherwise): 1 for the same stem, else the
  credit of MiniLM's input word vectors (nearwords.credit); `role_elsewhere`: the asked verb is in the
  sentence but the span is not its argument (a name that only co-occurs).
* **the noun phrase it is said of** against the asked noun phrase, as MiniLM sentence embeddings of the two
  short phrases (`phrase_cosine`; the process's encoder, each phrase encoded once).

Parse only (stored tokens: start, end, lemma, part of speech, dependency, head index); general grammar,
nothing of any corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import lru_cache

import numpy as np

from index.lexical import tokenize
from service.answering import nearwords
from service.answering.anchors import DEP, END, HEAD, LEMMA, POS, START, span_head, span_tokens

VERBS = frozenset({"VERB", "AUX"})
# dependencies that start another clause below the value's own
CLAUSE_DEPS = frozenset({"advcl", "relcl", "ccomp", "conj", "parataxis", "acl", "csubj", "csubjpass"})
# the verb of the value's clause is a complement of this one: climb on ('agreed *to pay* £5m')
CLIMB_DEPS = frozenset({"xcomp"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# the span is an argument of a verb: its subject, object, agent ('by X') or a preposition's object on it
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "dative", "oprd", "agent", "pobj", "iobj"})
# the span modifies a noun: a figure counting it, a name on it, a title beside it
MODIFIER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "poss", "nmod", "appos", "npadvmod", "flat"})
# words of a noun phrase kept with its head for `phrase_of`
PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "flat"})
PASS_THROUGH = frozenset({"prep", "agent", "case"})  # a preposition between a span and its governor
NOUNS = frozenset({"NOUN", "PROPN"})
ROLE_KINDS = frozenset({"who", "whose", "which", "where"})  # questions asking for a name, whose role the verb sets


def _parent(tokens: list[tuple], i: int) -> int:
    p = tokens[i][HEAD]
    return p if 0 <= p < len(tokens) and p != i else i


def _children(tokens: list[tuple]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for i, t in enumerate(tokens):
        if 0 <= t[HEAD] < len(tokens) and t[HEAD] != i:
            out.setdefault(t[HEAD], []).append(i)
    return out


def clause_head(tokens: list[tuple], start: int, end: int) -> int | None:
    """The verb of the clause the span [start, end) sits in (its root when no verb is above it); None without tokens."""
    inside = span_tokens(tokens, start, end)
    if not inside:
        return None
    node = span_head(tokens, inside)
    while tokens[node][POS] not in VERBS or node in inside:
        parent = _parent(tokens, node)
        if parent == node:
            return node
        node = parent
    children = _children(tokens)
    while True:
        parent = _parent(tokens, node)
        if parent == node:
            return node
        dep = tokens[node][DEP]
        own_subject = any(tokens[c][DEP] in SUBJECT_DEPS for c in children.get(node, ()))
        if dep in CLIMB_DEPS or (dep == "conj" and not own_subject and tokens[parent][POS] in VERBS):
            node = parent
            continue
        return node


def clause_of(tokens: list[tuple], start: int, end: int) -> set[int]:
    """Token indices of the span's own clause (module doc); empty without tokens."""
    head = clause_head(tokens, start, end)
    if head is None:
        return set()
    inside = set(span_tokens(tokens, start, end))
    path, node = set(), span_head(tokens, sorted(inside))
    while True:  # the span's chain up to the clause head stays in
        path.add(node)
        parent = _parent(tokens, node)
        if node == head or parent == node:
            break
        node = parent
    children = _children(tokens)
    out, todo = {head}, [head]
    while todo:
        x = todo.pop()
        for c in children.get(x, ()):
            if c in out:
                continue
            if tokens[c][DEP] in CLAUSE_DEPS and c not in path and not (tokens[c][DEP] == "conj" and tokens[c][POS] not in VERBS):
                continue
            out.add(c)
            todo.append(c)
    if tokens[head][DEP] in ("relcl", "acl"):  # a relative clause is said of its noun ('LSE, whose chief … is X')
        noun = _parent(tokens, head)
        out.add(noun)
        out.update(c for c in children.get(noun, ()) if tokens[c][DEP] in PHRASE_DEPS)
    return out | inside


def words_of(text: str, tokens: list[tuple], indices: Iterable[int]) -> set[str]:
    """Stems (as written and as lemma) of the tokens at `indices`."""
    out: set[str] = set()
    for i in indices:
        t = tokens[i]
        out.update(tokenize(text[t[START]:t[END]]))
        out.update(tokenize(t[LEMMA]))
    return out


def held(name: str, stems: Collection[str]) -> bool:
    """A name is held when one of its content stems is ('Deutsche Boerse' by 'Boerse')."""
    words = tokenize(name)
    return bool(words) and any(w in stems for w in words)


def names_in_clause(names: Iterable[str], answer: str, clause: Collection[str]) -> float:
    """Share of the question's names (less those the answer itself holds) said in the answer's clause; 1 when none."""
    own = set(tokenize(answer))
    asked = [n for n in names if not (set(tokenize(n)) & own) and tokenize(n)]
    if not asked:
        return 1.0
    return sum(held(n, clause) for n in asked) / len(asked)


def names_elsewhere(names: Iterable[str], answer: str, clause: Collection[str], sentence: Collection[str]) -> float:
    """1 when one of the question's names is in the answer's sentence but not in its clause (said of something else there)."""
    own = set(tokenize(answer))
    return float(any(held(n, sentence) and not held(n, clause) for n in names if not (set(tokenize(n)) & own)))


def governor(tokens: list[tuple], start: int, end: int) -> int | None:
    """The word the span is said of: up from its head through a preposition, the first content word outside it
    (module doc); a noun inside a figure's span ('two *executives*') is its own governor. None without one."""
    inside = span_tokens(tokens, start, end)
    if not inside:
        return None
    head = span_head(tokens, inside)
    if tokens[head][POS] == "NUM":
        counted = [i for i in inside if tokens[i][POS] == "NOUN"]
        if counted:
            return counted[-1]
    node = head
    for _ in range(4):
        parent = _parent(tokens, node)
        if parent == node:
            return None
        if tokens[node][DEP] in ARGUMENT_DEPS | MODIFIER_DEPS and tokens[parent][POS] not in ("ADP",) and parent not in inside:
            return parent if tokens[parent][POS] in NOUNS | VERBS | {"ADJ"} else None
        if tokens[parent][POS] == "ADP" or tokens[parent][DEP] in PASS_THROUGH or parent in inside:
            node = parent
            continue
        return parent if tokens[parent][POS] in NOUNS | VERBS else None
    return None


def phrase_of(text: str, tokens: list[tuple], i: int) -> str:
    """The word at `i` with its compound / adjective / possessive modifiers, as written ('Real Madrid coach')."""
    keep = sorted({i, *(c for c in _children(tokens).get(i, ()) if tokens[c][DEP] in PHRASE_DEPS)})
    return " ".join(text[tokens[k][START]:tokens[k][END]] for k in keep)


def word_credit(word: str, asked: str, vector: Callable[[str], np.ndarray | None] = nearwords.word_vector) -> float:
    """1 when `word` and `asked` share a stem, else nearwords.credit of their input-word cosine (0 without vectors)."""
    if not word or not asked:
        return 0.0
    if set(tokenize(word)) & set(tokenize(asked)):
        return 1.0
    a, b = vector(word), vector(asked)
    return 0.0 if a is None or b is None else nearwords.credit(float(a @ b))


def role_credit(lemma: str | None, asked: Iterable[str], vector=nearwords.word_vector) -> float:
    """The best word_credit of the governor's lemma against the asked words; 1 when nothing is asked, 0 with no governor."""
    asked = [a for a in asked if a]
    if not asked:
        return 1.0
    if not lemma:
        return 0.0
    return max(word_credit(lemma, a, vector) for a in asked)


@lru_cache(maxsize=1)
def _encoder():
    try:
        from index.encoders import load_encoder

        return load_encoder()
    except Exception:  # noqa: BLE001 - without the model the phrase cosine reads as unknown
        return None


@lru_cache(maxsize=20_000)
def phrase_vector(phrase: str) -> np.ndarray | None:
    """MiniLM's sentence embedding of a short phrase (unit length), once per phrase; None without the model."""
    encoder = _encoder()
    if encoder is None or not phrase.strip():
        return None
    return np.asarray(encoder.encode([phrase.lower()])[0], dtype=np.float32)


def phrase_cosine(a: str, b: str, vector: Callable[[str], np.ndarray | None] = phrase_vector, missing: float = 0.5) -> float:
    """Cosine of the two phrases' embeddings; 1 when they are the same words; `missing` when either has none."""
    if not a.strip() or not b.strip():
        return missing
    if a.lower().strip() == b.lower().strip():
        return 1.0
    u, v = vector(a), vector(b)
    return missing if u is None or v is None else float(u @ v)


# 'Who is the Brazilian programmer who posted the code?' over '… posted by *a Brazilian programmer*': the asked one is
# only alluded to, with an indefinite article and no name of its own beside it
INDEFINITE = frozenset({"a", "an", "another", "one", "some"})
NAME_DEPS = frozenset({"compound", "appos", "flat", "nmod", "poss", "npadvmod"})


def _subtree(tokens: list[tuple], i: int) -> set[int]:
    children, out, todo = _children(tokens), {i}, [i]
    while todo:
        for c in children.get(todo.pop(), ()):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def alluded(text: str, tokens: list[tuple], start: int, end: int, nouns: Collection[str]) -> float:
    """1 when the sentence refers to an asked noun (stems `nouns`) only as 'a/an N' with no proper name beside it,
    and the span [start, end) is not part of that phrase; 0 otherwise."""
    if not nouns or not tokens:
        return 0.0
    inside = set(span_tokens(tokens, start, end))
    children = _children(tokens)
    for i, t in enumerate(tokens):
        if t[POS] != "NOUN" or not (set(tokenize(t[LEMMA])) | set(tokenize(text[t[START]:t[END]]))) & set(nouns):
            continue
        kids = children.get(i, ())
        if not any(tokens[c][DEP] == "det" and text[tokens[c][START]:tokens[c][END]].lower() in INDEFINITE for c in kids):
            continue
        if any(tokens[c][DEP] in NAME_DEPS and tokens[c][POS] == "PROPN" for c in kids):
            continue
        if inside & _subtree(tokens, i):
            continue
        return 1.0
    return 0.0
