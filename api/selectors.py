"""Database lists for the API when there is no text query: published rows only, stable order.

A list with a text query (`q`) goes through the search service instead (search/service.py), which
applies the same filters in the index. Without `q` the search page shows nothing, but a program
still wants "every article mentioning Jeff Sessions in 2018": these querysets answer that from the
database, with the filters meaning exactly what they mean in the index (search/search_indexes.py):
each filter of search/filters.py declares its database twin beside its index lookup
(`person`/`organisation` match the whole name of a mentioned actor of that kind, `speaker` the
whole name of a quoted speaker, `source` the whole source name, `section` the whole section,
`year`/`month`/dates the publication date, `copies` an article's place among its wire copies).
A story's wire copies are listed once, as the index collapses them. tests/test_api_lists.py checks
each filter against the search service.

Ordering is total (ties broken by id), so page N is the same page on every request until the data
changes; articles without a date come last in both directions, as in the index.
"""

from django.db.models import F

from archive.selectors import first_copies, public_actors, public_articles, public_quotes, with_copy_counts
from search.filters import row_conditions

ARTICLE_ORDER = {
    "newest": (F("published").desc(nulls_last=True), "-id"),
    "oldest": (F("published").asc(nulls_last=True), "id"),
}
QUOTE_ORDER = {
    "newest": (F("article__published").desc(nulls_last=True), "-article_id", "start", "id"),
    "oldest": (F("article__published").asc(nulls_last=True), "article_id", "start", "id"),
}


def filtered_articles(state):
    """The articles the filters keep, one per story (its first copy among them) unless the
    `copies` filter asks for originals or copies: as the index lists them (search/service.py)."""
    articles = public_articles()
    for condition in row_conditions(state, "articles"):
        articles = articles.filter(condition)
    if not state.get("copies"):
        articles = first_copies(articles)
    listed = with_copy_counts(articles.select_related("source"))
    return listed.order_by(*ARTICLE_ORDER[state["sort"]])


def filtered_quotes(state):
    quotes = public_quotes().select_related("speaker", "article__source")
    for condition in row_conditions(state, "quotes"):
        quotes = quotes.filter(condition)
    return quotes.order_by(*QUOTE_ORDER[state["sort"]])


def filtered_actors(kind=None, name=None):
    actors = public_actors(kind=kind, with_counts=True).with_public_profile()
    if name:
        actors = actors.called(name)
    return actors.order_by("name", "id")
