"""The extractive answerer: sentences → candidates → features → scores → groups → template.

Every answer is a span of a stored sentence and every quote is `document.text[start:end]`;
nothing is generated. When the evidence is weak the answerer abstains and says why.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from index.lexical import tokenize
from index.store import Snapshot
from service.answering import answerability, binding, offices, stated, template
from service.answering.abstention import Answered, event_words, runner_up_gap, signals, type_gate
from service.answering.candidates import CANDIDATE_SETS, extract
from service.answering.features import FEATURES, Context, Span, spans as to_spans, matrix
from service.answering.demonyms import other_forms
from service.answering.corroboration import story_names as names_of_story, about_story, name_heads, agreed_first, agreed_on, agreeing_outlets, corroborate, off_story, on_story, proper_names, story_documents
from service.answering.second_stage import SHIPPED, SecondStage, shipped_stage
from service.answering.grouping import (CONFLICT_GROUPS_LOOKED_AT, MAX_CONFLICTS, attach, attach_names, attach_unread, group, unread_values, is_conflict, join_compounds, stating_figures, tighten,
                                          resolve_dates)
from service.answering.kinds import DATE, NUMBERS, POLARITY, QUOTE, TIME, TIMES
from service.answering.question import Question
from service.answering.result import Result
from service.answering.scorer import DEFAULT_STRATEGY, RuleWeights, Scorer, make_scorer, rule_columns
from service.attributes import Attribute, asked_attribute, checked, narrowed, picks_one_out, preferred_attribute, said_of_wind
from service.answering.sentences import SentenceView, select_sentences, with_kind
from service.answering.story import as_written
from service.revisions import asks_first, asks_settled_past, names_an_article
from service.values import value_of
from service.retrieve import Hit

SENTENCES_CONSIDERED = 8  # twice as many when a quotation is wanted: it may sit after its 'X said:' line
NEGATION = {"not", "no", "never", "n't", "neither", "nor", "without"}
# Only the best-scored candidates are grouped into values and checked for conflicts: grouping is
# quadratic, and a span scored below the first 50 does not change which value wins.
GROUPED_CANDIDATES = 50
# A candidate off the scorer's shortlist still counts as one more source of a value, if its kind fits
# the question as well as the rules scorer requires of any candidate (fewer comparisons: answer time).
UNSCORED_MIN_TYPE_FIT = RuleWeights().min_type_fit
COMBINED_SOURCES = 3  # independent sources whose confidences combine
AGREEING_OUTLETS = 2  # outlets stating one measured figure (a unit, a currency, a share) that clear the threshold together


@dataclass(frozen=True)
class Relevance:
    """When no sentence is about the question at all (checked before any span is scored)."""

    min_coverage: float = 0.3
    min_similarity: float = 0.5
    yes_no_coverage: float = 0.6  # a yes/no verdict needs a sentence with most of the question's terms


RELEVANCE = Relevance()


@dataclass(frozen=True)
class EarlyGates:
    """The hand gates `rank()` applies before any span is scored (each can be turned off, so that
    training records the facts of answers they would have refused, and what they would have said).

    * `names`: a proper name of the question (written capitalised, or a number) no indexed article holds;
    * `counted`: the noun a figure counts ('how many *jets*') no indexed article holds;
    * `relevance`: no retrieved sentence covers enough of the question's terms nor is similar enough.
    """

    names: bool = True
    counted: bool = True
    relevance: Relevance | None = RELEVANCE
    # the names gate also refuses when every missing name only modifies a common noun ('which *Gulf* state',
    # 'a *Scotland* Yard inquiry': an article may say 'the Qatari mediators'); off: the learned check reads it
    # (`missing_modifier_name`)
    modifier_names: bool = True


EARLY_GATES = EarlyGates()


def gates_to_json(gates: EarlyGates) -> dict:
    r = gates.relevance
    return {"names": gates.names, "counted": gates.counted, "modifier_names": gates.modifier_names,
            "relevance": None if r is None else {"min_coverage": r.min_coverage, "min_similarity": r.min_similarity,
                                                 "yes_no_coverage": r.yes_no_coverage}}


def gates_from_json(data) -> EarlyGates:
    """EarlyGates from a model's `gates` ({} or None: the defaults)."""
    if not data:
        return EARLY_GATES
    r = data.get("relevance", "default")
    relevance = RELEVANCE if r == "default" else (None if r is None else Relevance(**r))
    return EarlyGates(bool(data.get("names", True)), bool(data.get("counted", True)), relevance,
                      bool(data.get("modifier_names", True)))
RECORDING_GATES = EarlyGates(names=False, counted=False, relevance=None)  # every gate's verdict kept as a fact instead


@dataclass
class Ranking:
    """The scored candidates of one question (or why there are none)."""

    sentences: list[SentenceView]
    spans: list[Span]
    features: np.ndarray
    scores: np.ndarray
    early: Result | None = None
    rest: list[Span] = field(default_factory=list)  # left off the scorer's shortlist: they only corroborate
    unread: list[SentenceView] = field(default_factory=list)  # the retrieved passages' other sentences
    gates: dict[str, float] = field(default_factory=dict)  # what each early gate reads / says (facts for fitting and the learned check)


class Answerer:
    """Turns retrieved passages into a short, cited answer or a reasoned abstention."""

    def __init__(self, strategy: str = DEFAULT_STRATEGY, model: Path | None = None, scorer: Scorer | None = None,
                 keep_signals: bool = False, reader: "SecondStage | None | str" = SHIPPED,
                 learned: "answerability.Model | None | str" = SHIPPED, record_facts: bool = False,
                 gates: EarlyGates | None = None) -> None:
        self.scorer = scorer or make_scorer(strategy, model)
        self.strategy = self.scorer.name
        # The span reader's second stage (second_stage.py): the shipped one when its card turns it on
        # and this is the learned scorer it was fitted with; or the one given; or none.
        self._reader = shipped_stage() if reader is SHIPPED and self.strategy == "learned" else (None if reader is SHIPPED else reader)
        # The answer's abstention signals are read when an answerability model uses them, or when
        # training records them (keep_signals); otherwise /ask does not compute them.
        self._answerability = getattr(self.scorer, "answerability", None)
        self._signals = keep_signals or self._answerability is not None
        # The learned answerability check (answerability.py): the shipped one unless `answerability`
        # is given as `learned` (None: off); `record_facts` keeps each answer's facts in Result.facts (training).
        self._learned = (answerability.shipped() if self.strategy == "learned" else None) if learned is SHIPPED else learned
        self._record_facts = record_facts
        self._facts = record_facts or self._learned is not None
        self._needs_type_fit = "type_fit" not in self.scorer.features
        # rank()'s early gates: as given; all off when recording for fitting; else the learned check's (its `gates`)
        self.gates = gates or (RECORDING_GATES if record_facts else
                               gates_from_json(self._learned.gates) if self._learned is not None else EARLY_GATES)
        self._extractors = CANDIDATE_SETS[self.scorer.candidates]

    def rank(self, snapshot: Snapshot, question: Question, hits: list[Hit], query_vector: np.ndarray,
             with_spans: bool = True) -> Ranking:
        """Sentences and every scored candidate; `early` is set when the answerer abstains before scoring."""
        empty = Ranking([], [], np.zeros((0, len(self.scorer.features))), np.zeros(0))
        if not hits:
            empty.early = template.abstain(question, "the index holds no passages to answer from")
            return empty
        gates = self.gates
        missing_names = [n for n in question.names if proper_name(question.text, n) and not mentioned(n, snapshot.lexical.df)]
        counted_missing = bool(question.counted_terms and question.expected[0] in NUMBERS
                               and not any(snapshot.lexical.df(t) for t in question.counted_terms))
        modifier_only = bool(missing_names) and all(modifies_common_noun(question.doc, n) for n in missing_names)
        missing = missing_names if gates.names and (gates.modifier_names or not modifier_only) else []
        if counted_missing and gates.counted:
            missing.append(question.focus)
        if missing:
            empty.early = template.abstain(question, f"no indexed article mentions {', '.join(repr(m) for m in missing)}")
            return empty
        idf = {t: snapshot.lexical.idf(t) for t in question.terms}
        depth = SENTENCES_CONSIDERED * (2 if QUOTE in question.expected else 1)
        ranked_sentences = select_sentences(snapshot, hits, question, query_vector, idf)
        sentences = with_kind(ranked_sentences, depth, question.expected[0])
        empty.sentences = sentences
        best = sentences[0]
        flags = {"best_coverage": float(best.coverage), "best_similarity": float(best.similarity),
                 "counted_missing_corpus": float(counted_missing), "_missing_name": float(bool(missing_names)),
                 "missing_modifier_name": float(modifier_only), "_missing_name_hard": float(bool(missing_names) and not modifier_only),
                 "_missing_counted": float(counted_missing), "_irrelevant": float(not relevant(best, RELEVANCE))}
        empty.gates = flags
        if gates.relevance is not None and not relevant(best, gates.relevance):
            empty.early = template.abstain(question, "no retrieved passage is about what the question asks", sentences[:1], snapshot)
            return empty
        if not with_spans:
            return empty
        context = Context(question, idf, snapshot, snapshot.memo)
        spans = to_spans([c for s in sentences for c in extract(s, question, self._extractors, snapshot.memo)], context)
        rest: list[Span] = []
        if self.scorer.stacked:
            rules, known = rule_columns(spans)
            limit = self.scorer.shortlist
            if limit and len(spans) > limit:
                order = np.argsort(-rules[:, 0], kind="stable")
                kept = np.sort(order[:limit])
                rest = [spans[i] for i in np.sort(order[limit:])]
                spans, rules = [spans[i] for i in kept], rules[kept]
                known = {n: column[kept] for n, column in known.items()}
            features = np.column_stack([matrix(spans, self.scorer.features, known), rules])
        else:
            features = matrix(spans, self.scorer.features)
        type_fit = FEATURES["type_fit"]
        column = self.scorer.features.index("type_fit") if not self._needs_type_fit else None
        for i, x in enumerate(spans):
            x.c.type_fit = float(features[i, column]) if column is not None else type_fit(x)
        scores = self.scorer.score(features, spans) if spans else np.zeros(0)
        for x, value in zip(spans, scores):
            x.c.score = float(value)
        floor = float(scores.min()) - 1.0 if len(scores) else 0.0
        for x in rest:
            x.c.type_fit, x.c.score = type_fit(x), floor
        read = {(s.doc_id, s.index) for s in sentences}
        return Ranking(sentences, spans, features, scores, rest=rest,
                       unread=[s for s in ranked_sentences if (s.doc_id, s.index) not in read], gates=flags)

    @staticmethod
    def asked(question: Question) -> tuple[Question, Attribute | None]:
        """The question with the kinds its asked attribute wants first, and that attribute when it is checked."""
        attribute = checked(asked_attribute(question.text, question.kind, question.action))
        if attribute is not None and attribute.named:  # 'what was the turnout' wants a percentage, 'how deep' a measure
            question = replace(question, expected=tuple(dict.fromkeys((*attribute.labels, *question.expected))))
        return question, attribute

    @staticmethod
    def fitting(spans: list[Span], attribute: Attribute | None) -> list[Span]:
        """The spans that can state the asked attribute (all of them when none is checked)."""
        if attribute is None:
            return spans
        return narrowed(attribute, spans, text=lambda x: x.c.text, label=lambda x: x.c.label,
                        picked=lambda x: picks_one_out(x.c.sentence.text, x.c.start, x.c.end),
                        windy=lambda x: said_of_wind(x.c.sentence.text, x.c.start))

    def answer(self, snapshot: Snapshot, question: Question, hits: list[Hit], query_vector: np.ndarray,
               fetch_story: Callable[[Sequence[str]], list[Hit]] | None = None) -> Result:
        """`fetch_story`: retrieval again among the given articles only; when the value chosen comes from
        no article about the question's story while retrieved articles are about it, the question is
        answered again from the passages of those articles alone ('the repairs in Carnbury' are not
        priced by another town's article, whatever it says). The result's `read` then lists the
        passages it was answered from."""
        asked_question = question
        yes_no = POLARITY in question.expected
        question, attribute = self.asked(question)
        ranking = self.rank(snapshot, question, hits, query_vector, with_spans=not yes_no)
        if ranking.early is not None:
            return ranking.early
        if yes_no:
            return _yes_no(snapshot, question, ranking.sentences)
        gate = type_gate(self.scorer, question.kind)  # the least type fit this kind of question takes
        fitting = [x for x in ranking.spans + ranking.rest if x.c.type_fit >= gate]
        if attribute is not None and fitting:
            fitting = self.fitting(fitting, attribute)
            if not fitting:
                asked = f"{attribute.description} (the {attribute.noun})" if attribute.named else attribute.description
                return template.abstain(question, f"the question asks for {asked} and no retrieved passage states one",
                                        ranking.sentences[:1], snapshot)
        elif attribute is None and fitting and (preferred := preferred_attribute(asked_question)) is not None:
            # 'how far': too often answered otherwise in SQuAD to abstain on, yet a distance stated
            # among the candidates goes before a bare count ('12 miles', not '9,000 patients')
            fitting = self.fitting(fitting, preferred) or fitting
        if DATE in question.expected:  # 'Our article of 15 July' dates the article corrected, not the answer
            fitting = [x for x in fitting if not names_an_article(x.c.sentence.text, x.c.start)
                       or (x.c.label != DATE and value_of(x.c.text, x.c.label).kind != "date")]  # '22 May' read as a noun phrase too
        unscored = {id(x) for x in ranking.rest}  # off the scorer's shortlist: they may only corroborate
        ranked = sorted(fitting, key=lambda x: -x.c.score)
        scored = [x for x in ranked if id(x) not in unscored]
        if not scored:
            return template.abstain(question, f"no retrieved passage names {question.describe()} that answers it",
                                    ranking.sentences[:1], snapshot)
        reads = {}
        first_scored = scored[0]
        if self._reader is not None:  # the span reader re-orders the ranker's best few
            scored, reads = self._reader.rerank(question.text, scored)
        gap = runner_up_gap(scored)  # how clearly the scorer prefers its best value (the answerability model reads it)
        fitting = scored[:GROUPED_CANDIDATES]
        rest = [x.c for x in scored[GROUPED_CANDIDATES:]] + [x.c for x in ranked if id(x) in unscored
                                                             and x.c.type_fit >= UNSCORED_MIN_TYPE_FIT]
        # grouping may attach candidates from outside `ranked` (attach_names): look up every span
        by_candidate = {id(x.c): x for x in ranking.spans + ranking.rest + scored}  # scored: with the reader's proposal
        if DATE in question.expected:
            resolve_dates(snapshot, [x.c for x in ranked])
        join_compounds([x.c for x in ranked])  # 'four years and six months' is one length of time
        binding.name_the_focus([x.c for x in ranked], question.focus_terms)
        binding.widen_to_the_part([x.c for x in ranked])  # 'Portugal' → 'northern Portugal'
        binding.widen_to_the_name([x.c for x in ranked])  # 'land' → 'land at Copse End Farm'  # 'the town of X' → 'X' for 'which town'
        groups = group([x.c for x in fitting], self.scorer.grouping)
        if groups and groups[0].best.label in NUMBERS + (DATE, TIME):  # 'a fortnight' read as a noun phrase
            grouped = {id(c) for c in rest} | {id(c) for g in groups for c in g.members}
            rest = rest + [c for c in stating_figures([x.c for x in ranking.spans + ranking.rest]) if id(c) not in grouped]
        attach(groups, rest)  # a lower-scored sentence may still state the same value: one more source
        attach_names(groups, [x.c for x in ranking.spans], gate)
        tighten(groups)  # 'a fortnight in November' → 'a fortnight'
        weights = self.scorer.grouping
        told_by = as_written(question.doc, names_of_story(question.text, question.names))  # the names an article of the story mentions
        groups = on_story(snapshot, groups, told_by)  # binding chooses among the story's values only
        if fetch_story is not None and off_story(snapshot, groups, told_by):
            documents = story_documents(snapshot, [x.c.sentence.doc_id for x in ranked] + [
                s.doc_id for s in ranking.sentences], told_by)
            if documents:  # fetch more of the story: its own passages, without the look-alikes
                found = fetch_story(documents)
                result = self.answer(snapshot, asked_question, found, query_vector)
                rows = {h.row for h in found}  # the answer's passages: the story's first, then the rest read
                result.read = found + [h for h in hits if h.row not in rows]
                return result
        if not binding.states_figure(groups, binding.figure_words(question, attribute)):
            return template.abstain(question, f"no retrieved passage states {question.describe()} as the question asks it",
                                    [groups[0].best.sentence], snapshot)
        scored_first = groups[0].best
        groups = binding.restating_last(groups, question.terms)  # 'the Brackley Toy Museum queued' names no one
        groups = binding.wanted_kind_first(groups, weights.conflict_margin)
        groups = binding.score_first(groups, question.score)  # 'what was the score': '6-1 7-5'
        groups = binding.named_focus_first(groups, question.focus_terms)  # 'which telescope': a telescope's name
        groups = binding.titled_first(groups, offices.with_titles(question.focus_terms), question.expected)  # 'which barrister': 'her barrister, Jonah Ekwueme'; 'which official': 'the mayor, X'
        groups = binding.subject_first(groups, question.subject_of, question.focus_terms)  # 'which aircraft maker announced': 'Airbus announced'
        groups = binding.from_asked_place_first(groups, question.origins)  # 'which Brazilian energy company'
        groups = binding.preposition_first(groups, question.preposition, question.terms, question.expected[0] in TIMES,
                                           question.focus_terms)  # 'through which area': 'through California's wine regions'
        groups = binding.located_first(groups, question.terms if binding.asks_where(question) else ())  # 'where will they play': 'at the Gnoll'
        groups = binding.weekday_first(groups, question.weekday)  # 'on what day of the week': 'Friday'
        groups = binding.whole_list_first(groups, question.many)  # 'between which places': 'Westminster and their constituencies'
        groups = binding.handed_first(groups, question.subject if question.object_asked and not question.inner_words else ())  # what will X receive
        groups = binding.acting_first(groups, question.doers)  # 'what must the coach do': a verb phrase
        groups = binding.stranded_first(groups, question.stranded, question.terms)  # 'what will he set out plans for'
        groups = binding.objects_first(groups, question.inner_words)  # 'what did X say the evidence does not support'
        groups = binding.complement_first(groups, question.copular)  # 'what did she say was the only unusual thing'
        groups = binding.coined_first(groups, question.expected)  # 'what term did he use': "'computer rage'", not its sentence
        groups = binding.topic_first(groups, question.about)  # 'what did X say about Y': a quotation that names Y
        groups = binding.quoted_term_first(groups, question.expected)  # 'what phrase does the union use': “zombie contracts”, not '30-day notice'
        groups = binding.described_first(groups, question.described)  # 'how does the article describe the IAAF'
        groups = binding.wanting_first(groups, question.lacking)  # 'what did the talks fail to yield': 'little progress'
        groups = binding.sort_first(groups, question.sort_of)  # 'what sort of care': 'psychological and medical care'
        groups = binding.reordered(groups, binding.asked_words(question, attribute),
                                   attribute is not None and attribute.named, weights.conflict_margin, question.expected)
        if question.kind == "why":
            groups = binding.consequence_first(groups, question.terms)  # 'why was it significant': 'X, making it significant'
        groups = binding.total_first(groups, question.total)  # 'how many in total': 'up to 50', not the firm order's '30'
        groups = agreed_first(snapshot, groups, weights.agreement_reach * weights.conflict_margin, question.terms,
                              question.names, question.focus_terms)  # a figure several newsrooms give for the asked thing
        if TIMES[0] in question.expected[:1] or question.kind == "when":
            groups = binding.event_date_first(groups, question.subject, [question.verb])  # 'when did the strike begin': not 'since the dispute began in 2022'
        story_names = proper_names(told_by)  # another source of the answer, in a sentence of its story not read
        story_article = lambda d: not story_names or about_story(snapshot, d, story_names)  # noqa: E731
        resolve = (lambda cs: resolve_dates(snapshot, cs)) if DATE in question.expected else None  # noqa: E731
        name_stems = {t for n in told_by for t in tokenize(n)}
        attach_unread(groups[0], ranking.unread, story_article, resolve,
                      asked=set(question.terms) - name_stems, rivals=groups[1:])  # a bare count beside a word of the question
        if story_names:  # another outlet's figure, a later one, from its sentences not read (only when the story is known)
            groups = groups + unread_values(groups, ranking.unread, story_article, weights,
                                            [x.c for x in ranked if id(x) in unscored], resolve)
        story = corroborate(snapshot, groups, lambda g, chosen: is_conflict(g, chosen, weights), question.terms,
                            weights.conflict_margin, CONFLICT_GROUPS_LOOKED_AT, MAX_CONFLICTS,
                            names=told_by, focus=question.focus_terms,
                            spare=[x.c for x in scored[GROUPED_CANDIDATES:]] + [x.c for x in ranked if id(x) in unscored],
                            regroup=lambda cs: group(cs, weights), heads=name_heads(question.text, told_by),
                            changeable=not asks_settled_past(question.doc), first=asks_first(question.text))
        top = story.answer.best  # a value later reports superseded gives way to the latest
        chosen = groups[0].best
        # a value read from a sentence never scored (unread_values) speaks through the one it replaced
        top_span = by_candidate.get(id(top)) or by_candidate[id(chosen)]
        confidence = self.scorer.confidence(top.score, top_span) if id(top) in by_candidate else \
            self.scorer.confidence(chosen.score, top_span)
        if chosen is not scored_first:
            # Binding chose another value of the sentences the question is confidently about: it
            # inherits that confidence, as a replacement below does.
            confidence = max(confidence, self.scorer.confidence(scored_first.score, by_candidate[id(scored_first)]))
        if top is not chosen and story.superseded:
            # A later report or a correction replaced the value the question is confidently about
            # ('It was made by the mayor, Piet Hallam'): the replacement inherits that confidence.
            confidence = max(confidence, self.scorer.confidence(chosen.score, by_candidate[id(chosen)]))
        # Independent sources stating one value are independent evidence for it: their confidences
        # combine (1 - Π(1 - c)), so two outlets each weakly matched together clear the threshold.
        independent = [by_candidate[id(c)] for c in story.answer.sources[:COMBINED_SOURCES] if id(c) in by_candidate]
        if len(independent) >= 2:
            doubt = math.prod(1.0 - self.scorer.confidence(x.c.score, x) for x in independent)
            confidence = max(confidence, 1.0 - doubt)
        if agreeing_outlets(snapshot, story.answer) >= AGREEING_OUTLETS or agreed_on(
                snapshot, story.answer, question.terms, question.names, question.focus_terms) >= AGREEING_OUTLETS:
            confidence = max(confidence, self.scorer.threshold)  # two outlets state one measured figure, or the asked one
        # Whether the answer settled on answers the question at all: the answerability model, when
        # the scorer has one, turns the confidence and the answer's other signals into the probability
        # it is right (abstention.py); the threshold applies to that.
        values = None
        if self._signals or self._facts:
            values = signals(Answered(top_span, confidence, gap, frozenset(binding.figure_words(question, attribute)),
                                      frozenset(binding.asked_words(question, attribute)), event_words(question)))
        if self._answerability is not None:
            confidence = self._answerability.probability(values)
        asked = stated.asked(question, attribute)
        seen = None
        learned_names = self._learned.weights if self._learned is not None else None
        if self._facts:  # the learned answerability check's facts of this answer (answerability.py)
            seen = answerability.facts(answerability.Seen(
                question, asked, top, confidence, gap, values, reader_moved=bool(reads) and scored[0] is not first_scored,
                sources=len(story.answer.sources), conflicts=len(story.conflicts), attribute_checked=attribute is not None,
                attribute_named=attribute is not None and attribute.named, best_coverage=ranking.sentences[0].coverage,
                article=answerability.article_stems(snapshot, top.sentence.doc_id), idf=top_span.ctx.idf,
                gates=ranking.gates, span=top_span, snapshot=snapshot,
                read_answer=None if self._reader is None else (lambda: self._reader.answer_read(question.text, reads, top)),
                read_text=None if self._reader is None else (lambda q, text, around: answerability.read_text(self._reader, q, text, around))),
                None if self._record_facts else learned_names)
        learned = self._learned
        # recording for fitting: every hand decision is kept as a fact (below), none applied, so that each
        # settled answer is judged right or not whatever the hand rules would say of it
        refuse = not self._record_facts
        weak = refuse and confidence < self.scorer.threshold and (learned is None or learned.replaces == "none")
        if weak:
            result = template.abstain(question, f"the passages that mention {question.describe()} match the question only weakly",
                                      [top.sentence], snapshot)
        elif refuse and (unsaid := stated.unstated(asked, top)) is not None:
            # the value is not said to be what is asked
            result = template.abstain(question, stated.reason(unsaid, asked.noun), [top.sentence], snapshot)
        elif refuse and answerability.count_not_a_count(question, top):  # 'how many phones' → '7610', '6.7%'
            result = template.abstain(question, f"the question asks how many and the passage gives {top.text!r}, which is not a count",
                                      [top.sentence], snapshot)
        elif refuse and answerability.share_not_a_share(question, top):  # 'what percentage of …' → '270'
            result = template.abstain(question, f"the question asks for a share and the passage gives {top.text!r}, which is not one",
                                      [top.sentence], snapshot)
        elif refuse and self._reader is not None and self._reader.abstains(question.text, reads, top, confidence) is not None:
            result = template.abstain(question, f"the sentence that names {question.describe()} does not hold the answer to it",
                                      [top.sentence], snapshot)
        elif learned is not None and learned.abstains(seen):
            result = template.abstain(question, f"the passages that mention {question.describe()} do not clearly say it is what the question asks",
                                      [top.sentence], snapshot)
        else:
            result = template.compose(snapshot, question, story, confidence)
        if self._record_facts and seen is not None:  # what each hand decision says of it, for fitting
            result.facts = {**seen, **{k: v for k, v in ranking.gates.items() if k.startswith("_")}, "_weak": float(confidence < self.scorer.threshold),
                            "_stated": float(stated.unstated(asked, top) is not None),
                            "_reader": float(self._reader is not None and self._reader.abstains(question.text, reads, top, confidence) is not None), "_sentence": top.sentence.text}
        result.signals = values
        return result


def relevant(best: SentenceView, relevance: Relevance) -> bool:
    """Whether the best retrieved sentence is about the question: enough of its terms or close enough in meaning."""
    return best.coverage >= relevance.min_coverage or best.similarity >= relevance.min_similarity


def proper_name(question_text: str, name: str) -> bool:
    """Whether one of the question's names is written as a proper name (capitalised, or a figure) in the
    question: 'the *rap* group' parsed as a name is a common word, which an article may put otherwise."""
    words = name.split()
    if not words:
        return False
    at = question_text.find(name)
    return any(w[:1].isupper() or w[:1].isdigit() for w in words) and (at != 0 or len(words) > 1 or not words[0].istitle()
                                                                        or name.isupper())


def mentioned(name: str, df: Callable[[str], int]) -> bool:
    """Whether an indexed article holds one of the name's words, or the country it names written otherwise
    (demonyms.other_forms: 'Qatari' → 'Qatar', every word of the form held)."""
    if any(df(t) for t in tokenize(name)):
        return True
    forms = [tokenize(f) for f in other_forms(name)]
    return any(words and all(df(t) for t in words) for words in forms)


NAME_LINKS = frozenset({"compound", "amod", "nmod"})  # a name on a noun: 'a *Gulf* state', 'the *PCS* leader'


def modifies_common_noun(doc, name: str) -> bool:
    """Whether `name` (a name of the question) only modifies a common noun in the question's parse: up its
    chain of proper nouns ('Scotland' → 'Yard') the first other word is a common noun it is a compound or
    adjective of ('a Scotland Yard *inquiry*'). False without a parse or when the name is not found."""
    if doc is None:
        return False
    words = name.split()
    tokens = [t for t in doc if t.text in words]
    if not tokens:
        return False
    for t in tokens:
        node = t
        for _ in range(len(doc)):
            if node.head is node or node.dep_ not in NAME_LINKS:
                return False
            if node.head.pos_ == "PROPN" or node.head.text in words:
                node = node.head
                continue
            if node.head.pos_ != "NOUN":
                return False
            break
    return True


def _yes_no(snapshot: Snapshot, question: Question, sentences: list[SentenceView]) -> Result:
    best = sentences[0]
    if best.coverage < RELEVANCE.yes_no_coverage:
        return template.abstain(question, "no retrieved passage states it either way", [best], snapshot)
    negated = any(t[2] in NEGATION for t in best.tokens)
    verdict = "no" if negated != question.negated else "yes"
    confidence = min(1.0, 0.2 + 0.5 * best.coverage + 0.3 * max(best.similarity, 0.0))
    return template.verdict(snapshot, question, best, verdict, confidence)
