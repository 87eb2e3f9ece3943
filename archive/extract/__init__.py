"""Extraction: named actors and attributed quotes for article bodies.

`extract_many(bodies)` parses the bodies with spaCy in batches (`nlp.pipe`) and returns one
(actors, quotes) pair per body, as RawActor and RawQuote records; the importer and `reextract` run
it over a stream of batches, in worker processes if asked (batches.py). The rules live in actors.py
and quotes.py; nothing here imports Django, and the model loads on first use only (nlp.py).
"""

from .actors import find_actors, is_doubtful_person
from .nlp import parse_many, parse_sentences
from .quotes import find_quote_spans, find_quotes, own_attributions, sentences_to_parse
from .reported import candidate_sentences, find_reported

BATCH_SIZE = 32


def extract_many(bodies, batch_size=BATCH_SIZE):
    """[(actors, quotes)] for `bodies`, in order; `quotes` holds direct, partial and reported ones.

    Three passes: named entities and the rules' attributions per body; one dependency parse of
    every sentence that needs it (reported-speech candidates, and quotes the rules left without
    a speaker although their sentence has a cue), batched across the bodies; then the quotes.
    """
    bodies = list(bodies)
    articles = [Article(body, doc) for body, doc in zip(bodies, parse_many(bodies, batch_size), strict=True)]
    spans = [(index, s, e) for index, article in enumerate(articles) for s, e in article.to_parse]
    docs = iter(parse_sentences([article.doc for article in articles], spans))
    results = []
    for article in articles:
        parsed = {sentence: next(docs) for sentence in article.to_parse}
        results.append(article.annotated(parsed))
    return results


class Article:
    """One body between the passes of extract_many: its actors, quote spans and what to parse."""

    def __init__(self, body, doc):
        self.body = body
        self.doc = doc
        self.actors = find_actors(body, doc)
        self.spans = find_quote_spans(body)
        self.own = own_attributions(body, self.spans, self.actors)
        self.reported_sentences = candidate_sentences(body, self.spans)
        quote_sentences = sentences_to_parse(body, self.spans, self.own)
        self.to_parse = sorted(set(self.reported_sentences) | set(quote_sentences))

    def annotated(self, parsed):
        """(actors, quotes) given `parsed`, the Doc of each sentence in `to_parse`."""
        quotes = find_quotes(self.body, self.actors, self.spans, self.own, parsed)
        docs = [parsed[sentence] for sentence in self.reported_sentences]
        reported = find_reported(self.body, self.reported_sentences, docs, self.actors, self.spans)
        return annotate(self.actors, sorted(quotes + reported, key=lambda q: q.start))


def annotate(article_actors, quotes):
    """(actors, quotes): the article's actors without doubtful people who do not speak."""
    speakers = {q.speaker for q in quotes}
    actors = [a for a in article_actors.actors if a.name in speakers or not is_doubtful_person(a)]
    return actors, quotes
