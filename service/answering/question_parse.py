"""The question's parse, cheaper: spaCy's pipeline with its tok2vec layer run as a few array operations.

A question is one short doc. spaCy's small English model spends most of its time on it in the
tok2vec layer (~1–2 ms of a ~2.5 ms parse on the bench's questions), and almost all of that is
thinc's per-layer bookkeeping (some 70 nested model calls per doc), not arithmetic: 6 hashed
embeddings, one maxout + layer norm, then 4 residual window-maxout-layer-norm blocks over ~10 rows.
`FastTok2Vec` runs the same steps with the same thinc ops (`hash`, `gather_add`, `gemm`, `maxout`,
`seq2col`) and the same numpy layer norm on the model's own weights, read from the loaded pipeline,
and sets `doc.tensor` — which is what the tagger's and the parser's listeners read at prediction
time — then the pipeline's other components run as usual. It is checked at start-up against
tok2vec's own output on a probe sentence (and in the tests on many more); a pipeline whose tok2vec
is shaped otherwise, or disagrees, is parsed the plain way (`nlp(text)`).
"""

from __future__ import annotations

import logging

import numpy as np

log = logging.getLogger(__name__)

TOLERANCE = 1e-4  # |fast − tok2vec| at the probe, per value: float32 rounding of the same sums
PROBE = "How many people did the mayor of the old harbour town say were moved on Friday, 3 May?"
_SKIPPED = {"ner"}  # entities of the question are not used: save their time


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True) + 1e-08  # thinc's LayerNorm
    return (x - mu) * var ** (-1.0 / 2.0) * gain + bias


class FastTok2Vec:
    """spaCy's MultiHashEmbed + MaxoutWindowEncoder tok2vec forward for one doc (see the module's doc)."""

    def __init__(self, model) -> None:
        embed, encode = model.layers  # extract >> ragged >> with_array(hashembeds) >> with_array(maxout…) >> list; with_array(residuals)
        extract, _, hashed, mix, _ = embed.layers
        self.columns = list(extract.attrs["columns"])
        self.ops = model.ops
        self.tables = []  # (column, seed, E) per hashed embedding
        for branch in hashed.layers[0].layers:
            getitem, table = branch.layers
            self.tables.append((int(getitem.attrs["index"][1]), int(table.attrs["seed"]), table.get_param("E")))
        maxout, norm = mix.layers[0].layers[0].layers
        self.mix = self._maxout_norm(maxout, norm)
        self.pad = int(encode.attrs["pad"])
        self.blocks = []
        for block in encode.layers[0].layers:
            window, rest = block.layers[0].layers
            maxout, norm = rest.layers[0].layers
            self.blocks.append((int(window.attrs["window_size"]), self._maxout_norm(maxout, norm)))

    @staticmethod
    def _maxout_norm(maxout, norm):
        n_out, pieces, n_in = maxout.get_param("W").shape
        return (maxout.get_param("W").reshape(n_out * pieces, n_in), maxout.get_param("b").reshape(n_out * pieces),
                n_out, pieces, norm.get_param("G"), norm.get_param("b"))

    def _apply(self, x: np.ndarray, layer) -> np.ndarray:
        w, b, n_out, pieces, gain, bias = layer
        y = self.ops.gemm(x, w, trans2=True)
        y += b
        best, _ = self.ops.maxout(y.reshape(y.shape[0], n_out, pieces))
        return _layer_norm(best, gain, bias)

    def __call__(self, doc) -> np.ndarray:
        ids = self.ops.asarray2i(doc.to_array(self.columns), dtype="uint64")
        if ids.ndim == 1:
            ids = ids.reshape((ids.shape[0], 1))
        parts = []
        for column, seed, table in self.tables:
            keys = self.ops.hash(self.ops.as_contig(ids[:, column], dtype="uint64"), seed) % table.shape[0]
            parts.append(self.ops.gather_add(table, keys))
        x = self._apply(np.hstack(parts), self.mix)
        width = x.shape[1]
        pad = np.zeros((self.pad, width), dtype=x.dtype)
        x = np.concatenate([pad, x, pad])  # with_array's padding around the doc, carried through the blocks
        for window, layer in self.blocks:
            x = x + self._apply(self.ops.seq2col(x, window), layer)
        return x[self.pad:len(x) - self.pad]


class QuestionParser:
    """nlp(text) without NER, the tok2vec step done by FastTok2Vec when it agrees with spaCy's own."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.fast: FastTok2Vec | None = None
        self.steps = [(name, proc) for name, proc in nlp.pipeline if name not in _SKIPPED and name != "tok2vec"]
        if "tok2vec" not in nlp.pipe_names:
            return
        try:
            fast = FastTok2Vec(nlp.get_pipe("tok2vec").model)
            probe = nlp.make_doc(PROBE)
            expected = nlp.get_pipe("tok2vec").model.predict([probe])[0]
            if fast(probe).shape == expected.shape and float(np.abs(fast(probe) - expected).max()) < TOLERANCE:
                self.fast = fast
            else:
                log.warning("the question parser's tok2vec shortcut disagrees with spaCy's: parsing the plain way")
        except (AttributeError, KeyError, ValueError, IndexError, TypeError) as error:
            log.warning("the question parser's tok2vec shortcut does not fit this pipeline (%s): parsing the plain way", error)

    def __call__(self, text: str):
        if self.fast is None:
            return self.nlp(text, disable=list(_SKIPPED))
        doc = self.nlp.make_doc(text)
        if len(doc):
            doc.tensor = self.fast(doc)
        for _, proc in self.steps:
            doc = proc(doc)
        return doc


_PARSER: QuestionParser | None = None


def question_parser() -> QuestionParser:
    """One per process, over the shared pipeline (index.annotate.load_nlp)."""
    global _PARSER
    if _PARSER is None:
        from index.annotate import load_nlp

        _PARSER = QuestionParser(load_nlp())
    return _PARSER
