"""Database lists for the API when there is no text query: published rows only, stable order.

A list with a text query (`q`) goes through the search service instead (search/service.py), which
applies the same filters in the index. Without `q` the search page shows nothing, but a program
still wants "every article mentioning Jeff Sessions in 2018": these querysets answer that from the
database, with the filters meaning exactly what they mean in the index (search/search_indexes.py):
`person`/`organisation` match the whole name of a mentioned actor of that kind, `speaker` the whole
name of a quoted speaker, `source` the whole source name, `year`/`month`/dates the publication date.
tests/test_api_lists.py checks each filter against the search service.

Ordering is total (ties broken by id), so page N is the same page on every request until the data
changes; articles without a date come last in both directions, as in the index.
"""

from django.db.models import Exists, F, OuterRef

from archive.models import Actor, Mention, Quote
from archive.selectors import public_actors, public_articles, public_quotes
from search.forms import UNDATED

ARTICLE_ORDER = {
    "newest": (F("published").desc(nulls_last=True), "-id"),
    "oldest": (F("published").asc(nulls_last=True), "id"),
}
QUOTE_ORDER = {
    "newest": (F("article__published").desc(nulls_last=True), "-article_id", "start", "id"),
    "oldest": (F("article__published").asc(nulls_last=True), "article_id", "start", "id"),
}
MENTION_FILTERS = {"person": Actor.Kind.PERSON, "organisation": Actor.Kind.ORGANISATION}


def filtered_articles(state):
    articles = public_articles().select_related("source")
    if state.get("source"):
        articles = articles.filter(source__name=state["source"])
    for param, kind in MENTION_FILTERS.items():
        if state.get(param):
            mentions = Mention.objects.filter(article=OuterRef("pk"), actor__kind=kind)
            articles = articles.filter(Exists(mentions.filter(actor__name=state[param])))
    if state.get("speaker"):
        quoted = Quote.objects.filter(article=OuterRef("pk"), speaker__name=state["speaker"])
        articles = articles.filter(Exists(quoted))
    if state.get("year") == UNDATED:
        articles = articles.filter(published__isnull=True)
    elif state.get("year"):
        articles = articles.filter(published__year=int(state["year"]))
    if state.get("month"):
        year, month = state["month"].split("-")
        articles = articles.filter(published__year=int(year), published__month=int(month))
    articles = filter_dates(articles, state, "published")
    return articles.order_by(*ARTICLE_ORDER[state["sort"]])


def filtered_quotes(state):
    quotes = public_quotes().select_related("speaker", "article__source")
    if state.get("speaker"):
        quotes = quotes.filter(speaker__name=state["speaker"])
    if state.get("source"):
        quotes = quotes.filter(article__source__name=state["source"])
    quotes = filter_dates(quotes, state, "article__published")
    return quotes.order_by(*QUOTE_ORDER[state["sort"]])


def filter_dates(rows, state, field):
    if state.get("date_from"):
        rows = rows.filter(**{f"{field}__gte": state["date_from"]})
    if state.get("date_to"):
        rows = rows.filter(**{f"{field}__lte": state["date_to"]})
    return rows


def filtered_actors(kind=None, name=None):
    actors = public_actors(kind=kind, with_counts=True).with_public_profile()
    if name:
        actors = actors.called(name)
    return actors.order_by("name", "id")
