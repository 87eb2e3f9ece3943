"""One search request, from a URL's parameters to its results, and four renderers of it.

The search page (search/views.py), the JSON API (api/views.py), the CSV and JSON-lines exports
(exports/views.py) and the Atom feed (exports/feeds.py) each build a `SearchRequest` from the GET
parameters, run it, and render the `SearchResults` (Datasette's one query, many renderers): which
list a tab searches, how hits become database rows and which facets are counted is decided here.

Parameters are read in one of two ways:

* `SearchRequest.forgiving(query)`, the search page's: a bad sort or tab falls back to the
  default, an invalid filter is dropped and its message kept in `form.errors` for the page to show;
  `for_download(query)` is the same reading, refused (`InvalidSearch`) where the page would show a
  message, since a download should not quietly hold something other than what was asked for;
* `SearchRequest.strict(query, params=...)`, the API's: every bad value is an `InvalidSearch`
  naming the parameter, and so is a filter that exists but does not apply to this list.
"""

from dataclasses import dataclass, replace

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.http import urlencode

from archive.selectors import public_articles, public_quotes, with_copy_counts
from search import filters, service
from search.engine import SearchTooSlow, without_facets, without_highlight
from search.forms import DEFAULTS, SORT_CHOICES, STATE_FIELDS, TAB_CHOICES, SearchForm
from search.hits import hits_with_rows, iter_matches

# Every parameter of a search's state but the page's own (per_page): what a program may send.
SEARCH_PARAMS = ("q", "tab", *filters.FILTER_PARAMS, "sort")


class InvalidSearch(Exception):
    """Parameters a strict reading refuses: a sentence, and messages per parameter."""

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


# The parameters of a search's URL, in the one order they are written in.
URL_PARAMS = (*STATE_FIELDS, "page")


def state_url(state, **changes):
    """The query string of `state` with `changes` applied (None removes); page 1 unless given.

    Parameters come in one fixed order and defaults are left out, so one search has one URL.
    """
    return "?" + urlencode(_written({**state, "page": None, **changes}, URL_PARAMS))


def state_urls(state, name, values):
    """[state_url(state, **{name: value}) for value in values], the other parameters encoded once
    (a facet's ~30 links: urlencode of the whole state per link was a tenth of a search page)."""
    merged = {**state, "page": None}
    at = URL_PARAMS.index(name)
    before = urlencode(_written(merged, URL_PARAMS[:at]))
    after = urlencode(_written(merged, URL_PARAMS[at + 1 :]))
    urls = []
    for value in values:
        own = urlencode(_written({name: value}, (name,)))
        urls.append("?" + "&".join(part for part in (before, own, after) if part))
    return urls


def _written(params, names):
    """(name, value) of `names` as a URL writes them: those set, and not to their default."""
    return [
        (name, params[name]) for name in names if params.get(name) and not default_value(name, params[name])
    ]


def default_value(name, value):
    return name in DEFAULTS and DEFAULTS[name] == value


def rows_of(tab):
    """The public rows a hit of `tab` stands for, with what every renderer shows of them."""
    if tab == "quotes":
        return public_quotes().select_related("speaker", "article__source")
    return with_copy_counts(public_articles().select_related("source"))


@dataclass(frozen=True)
class SearchRequest:
    """The valid state of a search (search/forms.py's keys), and the form it was read with."""

    state: dict
    form: SearchForm | None = None

    @classmethod
    def forgiving(cls, query):
        form = SearchForm(query)
        return cls(form.state(), form)

    @classmethod
    def for_download(cls, query):
        """The page's reading of `query`, without pages; InvalidSearch where the page would show a
        message instead of results, or has nothing to search for."""
        search = cls.forgiving(without_page(query))
        if search.form.errors:
            messages = [message for messages in search.form.errors.values() for message in messages]
            raise InvalidSearch(" ".join(messages), dict(search.form.errors))
        if not search.state.get("q"):
            raise InvalidSearch("Type one or more words to search for (the “q” parameter).")
        return search

    @classmethod
    def strict(cls, query, *, params, tab=None, q_required=False):
        """The state of the parameters in `params` (each list's own, see api/params.py), holding only
        what the caller gave, on the list `tab` (else the one `query` asks for); InvalidSearch names
        every parameter it refuses. Without a text query `sort` defaults to newest first."""
        errors = empty_value_errors(query, params)
        for name in SEARCH_PARAMS:
            if name not in params and query.get(name):
                errors[name] = [f"“{name}” is not a filter of this list."]
        for name, choices in (("sort", SORT_CHOICES), ("tab", TAB_CHOICES)):
            errors.update(choice_error(query, name, choices))
        form = SearchForm(without_page(query))
        form.is_valid()
        for name, messages in form.errors.items():
            if name in params:
                errors.setdefault(name, []).extend(messages)
        # The form fills in defaults for sort and tab; here only what the caller gave counts.
        given = [name for name in params if name not in ("sort", "tab")]
        state = {name: form.cleaned_data[name] for name in given if form.cleaned_data.get(name)}
        state.update({name: query[name] for name in ("sort", "tab") if name in params and query.get(name)})
        if q_required and not state.get("q"):
            errors["q"] = ["Give a text query in “q”, e.g. q=border."]
        if state.get("sort") == "relevance" and not state.get("q"):
            errors["sort"] = ["Sorting by relevance needs a text query in “q”; use newest or oldest."]
        if errors:
            raise invalid_parameters(errors)
        state.setdefault("sort", "relevance" if state.get("q") else "newest")
        state.setdefault("tab", tab or DEFAULTS["tab"])
        return cls(state, form)

    @property
    def tab(self):
        return self.state["tab"]

    def changed(self, **changes):
        """This request with some of its state replaced."""
        return replace(self, state={**self.state, **changes})

    def url(self, view_name="search:search", **changes):
        """The URL of view `view_name` (the page, an export, the feed) for this search."""
        return reverse(view_name) + state_url(self.state, **changes)

    def run(self, *, highlight=False):
        """The results; `highlight` marks the query's words in each article hit (the page shows them)."""
        return SearchResults(self, service.search(self.state), highlight=highlight)

    def run_strictly(self):
        """The results, ready to render whole: InvalidSearch for a query the search syntax refuses
        or one over its time budget (run now, so a download is never cut short by it)."""
        results = self.run()
        if not results.ok:
            message = results.parsed.error or "The text query is empty."
            raise InvalidSearch(message, {"q": [message]})
        try:
            results.count()
        except SearchTooSlow as error:
            raise InvalidSearch(str(error), {"q": [str(error)]}) from None
        return results


class SearchResults:
    """What a search found: pages of hits, their rows in hit order, every row, the facet counts.

    `hits` is one SearchQuerySet: paging it, counting it and counting its facets are answered by one
    search in the backend.
    """

    def __init__(self, search, found, *, highlight):
        self.search = search
        self.parsed = found.parsed
        self.browsing = found.browsing  # no words, only filters (search/service.py)
        self.sort = found.sort  # the order applied, which a list without words may have changed
        self.ok = found.ok
        self.hits = found.sqs if highlight else without_highlight(found.sqs)

    def count(self):
        return self.hits.count()

    def page(self, number, *, size):
        """The page `number` of hits, `size` a page; a number beyond the last gives the last page."""
        return Paginator(self.hits, size).get_page(number)

    def hits_with_rows(self, hits):
        """(hit, row) for each of `hits` still public, in hit order; one query per page."""
        return hits_with_rows(hits, rows_of(self.search.tab))

    def rows(self, hits):
        """The public rows of `hits` (a page, a slice), in hit order."""
        return [row for _hit, row in self.hits_with_rows(hits)]

    def first_rows(self, count):
        """The rows of the first `count` hits, without counting facets (a feed shows no sidebar)."""
        return self.rows(without_facets(self.hits)[:count])

    def iter_rows(self, queryset=None):
        """Every matching row, in hit order, loaded a window at a time (of `queryset`, if given:
        the same rows with what an export needs prefetched)."""
        return iter_matches(self.hits, rows_of(self.search.tab) if queryset is None else queryset)

    def facets(self):
        """{parameter: [(value, count)]} for each facet of the tab (search/filters.py), in order;
        empty lists when nothing matched."""
        counted = self.hits.facet_counts().get("fields", {}) if self.count() else {}
        return {
            filter_.param: list(counted.get(index.facet, []))
            for filter_, index in filters.facets_of(self.search.tab)
        }


def invalid_parameters(errors):
    """The InvalidSearch for {parameter: [messages]}, naming them all."""
    return InvalidSearch("Invalid parameters: " + ", ".join(sorted(errors)) + ".", errors)


def without_page(query):
    """The parameters minus `page`, which a caller that pages reads itself (and a download ignores).

    SearchForm.clean_page raises ValueError on digits int() refuses ("²" passes str.isdigit()).
    """
    query = query.copy()
    query.pop("page", None)
    return query


def empty_value_errors(query, names):
    """An error for each of `names` given without a value (`page=`): a program meant something by it."""
    return {
        name: [f"“{name}” is empty: give it a value or leave it out."]
        for name in names
        if name in query and not query[name].strip()
    }


def choice_error(query, name, choices):
    value = query.get(name)
    allowed = [choice for choice, _ in choices]
    if value and value not in allowed:
        return {name: [f"“{name}” must be one of: {', '.join(allowed)}."]}
    return {}
