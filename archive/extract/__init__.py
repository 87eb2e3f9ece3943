"""Extraction: named actors and attributed quotes for article bodies.

`extract_many(bodies)` parses the bodies with spaCy in batches (`nlp.pipe`) and returns one
(actors, quotes) pair per body, as RawActor and RawQuote records; the importer and `reextract` run
it over a stream of batches, in worker processes if asked (batches.py). The rules live in actors.py
and quotes.py; nothing here imports Django, and the model loads on first use only (nlp.py).
"""

from .actors import find_actors, is_doubtful_person
from .nlp import parse_many
from .quotes import find_quotes

BATCH_SIZE = 32


def extract_many(bodies, batch_size=BATCH_SIZE):
    """[(actors, quotes)] for `bodies`, in order."""
    bodies = list(bodies)
    return [annotate(body, doc) for body, doc in zip(bodies, parse_many(bodies, batch_size), strict=True)]


def annotate(body, doc):
    """(actors, quotes) for one body and its spaCy Doc."""
    article_actors = find_actors(body, doc)
    quotes = find_quotes(body, article_actors)
    speakers = {q.speaker for q in quotes}
    actors = [a for a in article_actors.actors if a.name in speakers or not is_doubtful_person(a)]
    return actors, quotes
