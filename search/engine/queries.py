"""Whoosh query objects: rewrites that make queries cheap, and the parts of a query."""

from whoosh.query import And, AndNot, Not, Or


def with_and_not(query):
    """The query with every `a AND NOT b` as Whoosh's AndNot(a, b), at any depth.

    Whoosh matches And([a, Not(b)]) by stepping the Not through every document of the index that
    lacks b: 2.3 s for "economy NOT china" at 100,000 articles (545,000 documents). AndNot reads
    a's documents and skips over b's.
    """
    query = query.apply(with_and_not)
    if not isinstance(query, And):
        return query
    negatives = [q.query for q in query.subqueries if isinstance(q, Not)]
    positives = [q for q in query.subqueries if not isinstance(q, Not)]
    if not negatives or not positives:
        return query
    return AndNot(one_of(positives, And), one_of(negatives, Or))


def conjuncts(query):
    """The parts of an And, or [query]; [] for None."""
    if query is None:
        return []
    return list(query.subqueries) if isinstance(query, And) else [query]


def fieldnames(query):
    return {fieldname for fieldname, _ in query.iter_all_terms()}


def one_of(queries, compound):
    return queries[0] if len(queries) == 1 else compound(queries)
