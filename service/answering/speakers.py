"""Who speaks a quotation that does not name its speaker.

News quotes run over several sentences and paragraphs: '"Over the years I've found David very
difficult to play against." / "He returns serve very well …' follows '"It's a great start," Henman
told his website.', and '"It was a pretty horrible thing …' runs on into '… I felt guilt," said the
Ealing North MP.'. A question names the speaker ('how did Henman describe …'), the quoted sentence
does not. This module finds the named speaker of such a sentence in its neighbours, from the stored
parse only (tokens are (start, end, lemma, pos, dep, head)): the sentence step counts the speaker's
words as carried from the context, as it does the previous sentence's.
"""

from __future__ import annotations

from typing import Callable, Sequence

from service.answering.question import SPEECH_VERBS
from service.answering.quotes import MARK, mark_sides
from service.answering.tree import subtree

SPEAKER_REACH = 3  # sentences before (or after) a quoted sentence its speaker is looked for in
SPEAKER_MAX_TOKENS = 8  # a speaker's words: 'The Libertine's executive producer Marc Samuelson'
SUBJECTS = {"nsubj", "nsubjpass"}

Tokens = Sequence[tuple]


def speech_subjects(tokens: Tokens) -> list[int]:
    """The subjects of the sentence's first verb of saying that has one ('said', 'told', 'added'):
    two when the parser splits an apposition ('Colin Asplin, Blackpool Hotel Association said')."""
    for i, t in enumerate(tokens):
        if t[3] == "VERB" and t[2].lower() in SPEECH_VERBS:
            subjects = [j for j, u in enumerate(tokens) if u[5] == i and j != i and u[4] in SUBJECTS]
            if subjects:
                return subjects
    return []


def named_speaker(tokens: Tokens) -> list[int]:
    """Token indices of the speaker the sentence names: the subjects of its verb of saying that are
    no pronoun ('said *an IAAF spokesman*', '*Colin Asplin, Blackpool Hotel Association* said:'), each
    cut to SPEAKER_MAX_TOKENS ending at its head; empty when it names none ('he added')."""
    found: list[int] = []
    for subject in speech_subjects(tokens):
        if tokens[subject][3] == "PRON":
            continue
        first, last = subtree(tokens, subject)
        first = max(first, subject - SPEAKER_MAX_TOKENS + 1)
        last = min(last, first + SPEAKER_MAX_TOKENS)
        found += [i for i in range(first, last) if tokens[i][3] not in {"PUNCT", "DET"} and i not in found]
    return found


def quoted(text: str, continues: bool) -> bool:
    """Whether the sentence holds quoted words: a quotation mark, or it continues a quotation."""
    return continues or MARK.search(text) is not None


def left_open(text: str) -> bool:
    """Whether the sentence's last quotation mark opens one: its quotation runs on after it."""
    sides = mark_sides(text)
    return bool(sides) and sides[-1][1] == "open"


def closes(text: str) -> bool:
    """Whether the sentence closes a quotation."""
    return any(side == "close" for _, side in mark_sides(text))


def speaker_sentence(index: int, count: int, text: Callable[[int], str], tokens: Callable[[int], Tokens],
                     continues: Callable[[int], bool], reach: int = SPEAKER_REACH) -> tuple[int, list[int]] | None:
    """(sentence index, token indices) of the named speaker of quoted sentence `index` when it names
    none itself: a quotation it leaves open is spoken by whoever the sentence closing it names
    ('"It was a pretty horrible thing …' … '… I felt guilt," said the Ealing North MP.'); else by the
    nearest speaker named before it, past sentences that name none or only by pronoun ('he added')
    and past the quotation's other sentences. None when the sentence holds no quotation, names its
    speaker, or none is found within `reach` sentences."""
    own = text(index)
    if not quoted(own, continues(index)) or named_speaker(tokens(index)):
        return None
    if left_open(own):
        for k in range(index + 1, min(count, index + 1 + reach)):
            if closes(text(k)):
                found = named_speaker(tokens(k))
                if found:
                    return k, found
                break
    for k in range(index - 1, max(-1, index - 1 - reach), -1):
        found = named_speaker(tokens(k))
        if found:
            return k, found
        if not speech_subjects(tokens(k)) and not quoted(text(k), continues(k)):
            return None  # a sentence of narrative, neither quoted nor attributing: the quotation ended before it
    return None


TITLE_DEPS = {"compound", "amod"}
TITLE_POS = {"PROPN", "NOUN", "ADJ"}


def bare_name(tokens: Tokens, words: list[int]) -> str | None:
    """The lemma of the one proper noun a speaker's words are, when they are that alone ('*Vasko*
    said'): a later mention by surname, whose title an earlier mention gives. None otherwise."""
    names = [i for i in words if tokens[i][3] == "PROPN"]
    if len(names) != 1 or any(tokens[i][3] in {"NOUN", "ADJ"} for i in words):
        return None
    return tokens[names[0]][2]


def titled_mention(tokens: Tokens, name: str) -> list[int]:
    """Token indices of the title and first names a sentence puts before `name` ('*Estonian Foreign
    Minister Anna* Vasko'); [] when it holds no such mention."""
    for i, t in enumerate(tokens):
        if t[2] != name or t[3] != "PROPN":
            continue
        first = i
        while first > 0 and tokens[first - 1][3] in TITLE_POS and tokens[first - 1][4] in TITLE_DEPS \
                and first - 1 < tokens[first - 1][5] <= i:
            first -= 1
        if first < i:
            return list(range(first, i))
    return []


def speaker_title(index: int, tokens: Callable[[int], Tokens], name: str) -> tuple[int, list[int]] | None:
    """(sentence, token indices) of the first titled mention of `name` in the sentences before `index`:
    a quotation said by 'Vasko' is said by the foreign minister the article named earlier."""
    for k in range(index):
        found = titled_mention(tokens(k), name)
        if found:
            return k, found
    return None
