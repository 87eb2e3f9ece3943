"""Extraction: named actors and attributed quotes for article bodies.

`extract_many(bodies)` parses the bodies with spaCy in batches (`nlp.pipe`) and returns one
(actors, quotes) pair per body, as RawActor and RawQuote records; the importer and `reextract` run
it over a stream of batches, in worker processes if asked (batches.py). The rules live in actors.py
and quotes.py; nothing here imports Django, and the model loads on first use only (nlp.py).
"""

from .actors import find_actors, is_doubtful_person
from .nlp import parse_many, parse_sentences
from .quotes import find_quote_spans, find_quotes
from .reported import candidate_sentences, find_reported

BATCH_SIZE = 32


def extract_many(bodies, batch_size=BATCH_SIZE):
    """[(actors, quotes)] for `bodies`, in order; `quotes` holds direct, partial and reported ones."""
    bodies = list(bodies)
    found = [
        (body, *find_direct(body, doc))
        for body, doc in zip(bodies, parse_many(bodies, batch_size), strict=True)
    ]
    sentences = [candidate_sentences(body, spans) for body, _, _, spans in found]
    texts = [body[s:e] for (body, *_), article in zip(found, sentences, strict=True) for s, e in article]
    docs = iter(parse_sentences(texts))
    results = []
    for (body, article_actors, quotes, spans), article in zip(found, sentences, strict=True):
        article_docs = [next(docs) for _ in article]
        reported = find_reported(body, article, article_docs, article_actors, spans)
        results.append(annotate(article_actors, sorted(quotes + reported, key=lambda q: q.start)))
    return results


def find_direct(body, doc):
    """(ArticleActors, direct and partial quotes, quote spans) for one body and its spaCy Doc."""
    article_actors = find_actors(body, doc)
    return article_actors, find_quotes(body, article_actors), find_quote_spans(body)


def annotate(article_actors, quotes):
    """(actors, quotes): the article's actors without doubtful people who do not speak."""
    speakers = {q.speaker for q in quotes}
    actors = [a for a in article_actors.actors if a.name in speakers or not is_doubtful_person(a)]
    return actors, quotes
