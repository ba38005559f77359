"""What the answer is said of: the words its span hangs from in its sentence's parse (issue 7, look-alikes).

A look-alike sentence holds a value of the asked kind said of *another* thing: 'What price per share has
the bourse offered?' → 'a £1.5bn *bid*'; 'How many members sit on the board?' → 'two *executives* left'.
The question's words are all around, so coverage reads the sentence as on topic; what tells them apart is
the word the value itself is tied to — the noun a figure counts or modifies, the noun a 'of' phrase hangs
from, the verb whose object or subject the span is. `anchors` finds those words (lemmas); `anchor_credit`
reads how near the nearest is to the question's content words (1 for the same stem, else the cosine credit
of MiniLM's input word vectors, nearwords.py): 'acquired' for 'bought' counts in full (cosine 0.50), 'bid' for
'price' about a third (0.24), 'members' for 'executives' not at all (0.09). Study facts, not fitted (session 17:
no gain out of fold; service/training/answerability.STUDY_ONLY).

Parse only (stored tokens: start, end, lemma, part of speech, dependency, head index); general grammar,
nothing of any corpus.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from index.lexical import tokenize
from service.answering import nearwords

START, END, LEMMA, POS, DEP, HEAD = 0, 1, 2, 3, 4, 5  # fields of a stored token
# the span modifies its head: a figure counting a noun ('two executives'), a name or word on a noun ('a Gulf state')
MODIFIER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "poss", "nmod", "appos", "npadvmod", "nounmod"})
# the span is an argument of its head: the verb (or noun) it is the subject or object of
ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "dative", "oprd", "acomp", "agent", "obj", "conj"})
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
CLIMB = 3  # head steps walked up from the span to reach content words


def span_tokens(tokens: list[tuple], start: int, end: int) -> list[int]:
    return [i for i, t in enumerate(tokens) if t[END] > start and t[START] < end]


def span_head(tokens: list[tuple], inside: list[int]) -> int:
    members = set(inside)
    return next((i for i in inside if tokens[i][HEAD] not in members), inside[0])


def anchors(tokens: list[tuple], start: int, end: int, climb: int = CLIMB) -> list[int]:
    """Token indices of the content words the span [start, end) is said of: up its head chain (through a
    preposition and its noun: 'the price *of* £5' → 'price') at most `climb` content words, and the
    span's own head when it is a noun of more than a figure ('two *members*'). [] when the span has no token."""
    inside = span_tokens(tokens, start, end)
    if not inside:
        return []
    found: list[int] = []
    head = span_head(tokens, inside)
    # the span's own nouns other than its head figure ('two members' → 'members'): what it counts
    found += [i for i in inside if tokens[i][POS] == "NOUN"]
    node = head
    for _ in range(climb + 2):
        parent = tokens[node][HEAD]
        if parent == node or not 0 <= parent < len(tokens):
            break
        node = parent
        if tokens[node][POS] in CONTENT_POS and node not in inside:
            found.append(node)
            if len([i for i in found if i not in inside]) >= climb:
                break
    return list(dict.fromkeys(found))


def anchor_words(text: str, tokens: list[tuple], start: int, end: int) -> list[str]:
    """The words (as written) of `anchors`."""
    return [text[tokens[i][START]:tokens[i][END]] for i in anchors(tokens, start, end)]


def anchor_credit(words: Iterable[str], question_words: Mapping[str, str], vector=nearwords.word_vector) -> float:
    """The best credit of one anchor word against one of the question's content words (stem → a word as
    written): 1 when they share a stem, else nearwords.credit of their cosine; 0 with no anchor or no word."""
    best = 0.0
    qwords = [(stem, w) for stem, w in question_words.items()]
    for word in words:
        stems = set(tokenize(word))
        for stem, qword in qwords:
            if stem in stems:
                return 1.0
            a, b = vector(word), vector(qword)
            if a is not None and b is not None:
                best = max(best, nearwords.credit(float(a @ b)))
    return best


def asked_credit(words: Iterable[str], asked: Collection[str], vector=nearwords.word_vector) -> float:
    """anchor_credit against the asked words only (the asked noun, the question's head noun); 1 when none is asked."""
    asked = [w for w in asked if w]
    if not asked:
        return 1.0
    return anchor_credit(words, {s: w for w in asked for s in tokenize(w)[:1]}, vector)


def said_credit(stems: Iterable[str], question_text: str, held: Collection[str], sentence_words: Iterable[str],
                vector=nearwords.word_vector) -> float:
    """How well a sentence says each of the question's `stems` (its verb, its head noun), the least of them:
    1 for a stem the sentence holds (`held`: its stems and lemmas), else the credit of the best cosine to a
    word of the sentence ('paid back' for 'repaid'); 1 when `stems` is empty."""
    stems = [s for s in dict.fromkeys(stems) if s]
    if not stems:
        return 1.0
    words = nearwords.question_words(question_text, stems)
    vectors = [v for v in (vector(w) for w in set(sentence_words)) if v is not None]
    worst = 1.0
    for stem in stems:
        if stem in held:
            continue
        word = words.get(stem)
        v = vector(word) if word else None
        got = 0.0 if v is None or not vectors else nearwords.credit(max(float(u @ v) for u in vectors))
        worst = min(worst, got)
    return worst
