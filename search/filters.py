"""The search vocabulary, written once: the tabs, the sorts and every filter a search can carry.

Like the entries of django.contrib.admin's `list_filter`, each `Filter` declares everything a layer
needs to know about it, and the layers iterate the list instead of naming filters again:

* search/forms.py validates each parameter with the filter's `form_field`;
* search/service.py narrows each index by the filter's `articles` / `quotes` declaration
  (a `WholeValue` of an index field, or a `DateBound` on the publication date) and counts facets;
* search/views.py labels chips with `label` and heads facet lists with `WholeValue.heading`;
* exports/feeds.py names the filters in a feed's title;
* api/params.py derives the parameters each API list accepts (a filter with no `quotes`
  declaration is refused on quote lists), and api/selectors.py filters database rows with
  `article_rows` / `quote_rows`, which mean exactly what the index filters mean;
* `actor_kind` ties a filter to the actors it names: the name box, the autocomplete and an
  actor's API record all find the parameter for an actor's kind here (`for_actor_kind`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django import forms
from django.db.models import Exists, OuterRef, Q

from archive.models import Actor, Mention, Quote
from archive.selectors import is_original

MIN_YEAR = 1000
# The `year` value of an article without a known date (search/search_indexes.py indexes it).
UNDATED = "unknown"
# Years from MIN_YEAR on (Whoosh misreads earlier ones, and the database refuses year 0), or UNDATED.
YEAR_PATTERN = rf"^([1-9]\d{{3}}|{UNDATED})$"
MONTH_PATTERN = r"^[1-9]\d{3}-(0[1-9]|1[0-2])$"
# The `copy_role` of an article no published copy precedes (search/search_indexes.py); "copy" otherwise.
# Without a `copies` filter a list of articles holds one copy of each story (search/service.py).
ORIGINAL = "original"
COPY_ROLES = ((ORIGINAL, "Originals only"), ("copy", "Copies only"))


@dataclass(frozen=True)
class Tab:
    """A list the search page can show: its parameter value, label, and the filters whose facets
    its sidebar lists (in this order)."""

    name: str
    label: str
    facets: tuple


@dataclass(frozen=True)
class Sort:
    """An order of results: its parameter value, label, and the index field to order by (None:
    relevance)."""

    name: str
    label: str
    index_order: str | None


@dataclass(frozen=True)
class WholeValue:
    """Keeps the documents whose index `field` holds the filter's value whole (a name, never a word
    of it); the sidebar counts the values of `facet` under `heading`."""

    field: str
    facet: str
    heading: str


@dataclass(frozen=True)
class DateBound:
    """Keeps the documents published on or after (`lookup` …__gte) or before (…__lte) the date."""

    lookup: str


@dataclass(frozen=True, kw_only=True)
class Filter:
    """One filter of a search. `articles` / `quotes`: how it narrows that index (None: it does not
    apply to that list); `article_rows` / `quote_rows`: a value → the Q selecting the same rows in
    the database."""

    param: str
    label: str
    form_field: Callable[[], forms.Field]
    articles: WholeValue | DateBound
    quotes: WholeValue | DateBound | None = None
    article_rows: Callable[[object], Q]
    quote_rows: Callable[[object], Q] | None = None
    actor_kind: str | None = None

    def on(self, tab):
        """This filter's declaration for the index of `tab` ("articles" or "quotes"), or None."""
        return getattr(self, tab)


def mentions_actor(kind, name):
    """Articles naming an actor of `kind` by its whole canonical name."""
    mentions = Mention.objects.filter(article=OuterRef("pk"), actor__kind=kind, actor__name=name)
    return Q(Exists(mentions))


def mention_filter(param, label, kind, articles):
    """A filter keeping the articles that name an actor of `kind` (the name box picks it by kind)."""
    return Filter(
        param=param,
        label=label,
        form_field=name_field,
        articles=articles,
        article_rows=partial(mentions_actor, kind),
        actor_kind=kind,
    )


def quotes_speaker(name):
    """Articles holding a quote of the speaker with this whole canonical name."""
    return Q(Exists(Quote.objects.filter(article=OuterRef("pk"), speaker__name=name)))


def published_in_year(year, field="published"):
    """Rows published in `year` ("2018"), or without a date for UNDATED (the index's year value)."""
    if year == UNDATED:
        return Q(**{f"{field}__isnull": True})
    return Q(**{f"{field}__year": int(year)})


def published_in_month(month, field="published"):
    """Rows published in `month` ("2018-04")."""
    year, number = month.split("-")
    return Q(**{f"{field}__year": int(year), f"{field}__month": int(number)})


def date_filter(param, label, bound, *, example):
    """A filter keeping what was published on or after (`bound` "gte") or on or before ("lte") a day."""
    return Filter(
        param=param,
        label=label,
        form_field=partial(
            forms.DateField,
            required=False,
            label=label,
            error_messages={
                "invalid": f"“{label}” must be a real date, written YYYY-MM-DD (for example {example})."
            },
        ),
        articles=DateBound(f"published__{bound}"),
        quotes=DateBound(f"published__{bound}"),
        article_rows=lambda day: Q(**{f"published__{bound}": day}),
        quote_rows=lambda day: Q(**{f"article__published__{bound}": day}),
    )


name_field = partial(forms.CharField, required=False, max_length=200)

FILTERS = (
    Filter(
        param="source",
        label="Source",
        form_field=name_field,
        articles=WholeValue("source_exact", "source", "Source"),
        quotes=WholeValue("source_exact", "source", "Source"),
        article_rows=lambda name: Q(source__name=name),
        quote_rows=lambda name: Q(article__source__name=name),
    ),
    Filter(
        param="section",
        label="Section",
        form_field=partial(forms.CharField, required=False, max_length=100),
        articles=WholeValue("section_exact", "section", "Section"),
        article_rows=lambda section: Q(section=section),
    ),
    mention_filter("person", "Person", Actor.Kind.PERSON, WholeValue("people", "people", "People")),
    mention_filter(
        "organisation",
        "Organisation",
        Actor.Kind.ORGANISATION,
        WholeValue("organisations", "organisations", "Organisations"),
    ),
    Filter(
        param="speaker",
        label="Speaker",
        form_field=name_field,
        articles=WholeValue("speakers", "speakers", "Speakers"),
        quotes=WholeValue("speaker_exact", "speaker", "Speaker"),
        article_rows=quotes_speaker,
        quote_rows=lambda name: Q(speaker__name=name),
    ),
    Filter(
        param="year",
        label="Year",
        form_field=partial(
            forms.RegexField,
            regex=YEAR_PATTERN,
            required=False,
            error_messages={
                "invalid": f"Use a year like 2018 (from {MIN_YEAR} on), or “{UNDATED}” for undated articles."
            },
        ),
        articles=WholeValue("year_exact", "year", "Year"),
        article_rows=published_in_year,
    ),
    Filter(
        param="month",
        label="Month",
        form_field=partial(
            forms.RegexField,
            regex=MONTH_PATTERN,
            required=False,
            error_messages={"invalid": f"Use a month like 2018-04 (from {MIN_YEAR} on)."},
        ),
        articles=WholeValue("month_exact", "month", "Month"),
        article_rows=published_in_month,
    ),
    Filter(
        param="copies",
        label="Wire copies",
        form_field=partial(forms.ChoiceField, choices=(("", "All"), *COPY_ROLES), required=False),
        articles=WholeValue("copy_role_exact", "copy_role", "Wire copies"),
        article_rows=lambda role: is_original() if role == ORIGINAL else ~is_original(),
    ),
    date_filter("date_from", "From", "gte", example="2018-04-01"),
    date_filter("date_to", "To", "lte", example="2018-06-30"),
)
FILTER_PARAMS = tuple(filter_.param for filter_ in FILTERS)
BY_PARAM = {filter_.param: filter_ for filter_ in FILTERS}

TABS = (
    Tab(
        "articles",
        "Articles",
        facets=("source", "section", "person", "organisation", "speaker", "year", "month"),
    ),
    Tab("quotes", "Quotes", facets=("speaker", "source")),
)
SORTS = (
    Sort("relevance", "Relevance", None),
    Sort("newest", "Newest first", "-published"),
    Sort("oldest", "Oldest first", "published"),
)
TAB_BY_NAME = {tab.name: tab for tab in TABS}
SORT_BY_NAME = {sort.name: sort for sort in SORTS}


def applying_to(tab):
    """The filters that narrow the list `tab` ("articles" or "quotes")."""
    return [filter_ for filter_ in FILTERS if filter_.on(tab) is not None]


def facets_of(tab):
    """(filter, its WholeValue) for each facet the sidebar of `tab` lists, in order."""
    return [(BY_PARAM[param], BY_PARAM[param].on(tab)) for param in TAB_BY_NAME[tab].facets]


def row_conditions(state, tab):
    """The Q objects selecting, in the database, the rows the index filters of `state` keep."""
    rows = "article_rows" if tab == "articles" else "quote_rows"
    return [getattr(f, rows)(state[f.param]) for f in applying_to(tab) if state.get(f.param)]


ACTOR_FILTERS = tuple(filter_ for filter_ in FILTERS if filter_.actor_kind)


def for_actor_kind(kind):
    """The filter naming actors of `kind` (person, organisation), or None (places have none)."""
    return next((filter_ for filter_ in ACTOR_FILTERS if filter_.actor_kind == kind), None)
