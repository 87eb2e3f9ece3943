"""The search page (Articles and Quotes tabs), its help page and the actor autocomplete.

The page is one of the four renderers of a search (search/request.py reads the URL state and runs
it; search/service.py builds the queries). Here we show one page of it, turn facets into links that
keep the whole state, and load what the page shows in bulk (one SQL query for the page's articles,
one for their matching quotes).
"""

import logging
import re
from datetime import date, timedelta

from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import (
    MAX_URL_REDIRECT_LENGTH,  # Django refuses longer redirects (400)
    urlencode,
)
from haystack.query import SearchQuerySet

from archive.models import Actor, Article
from archive.selectors import public_actors, public_articles
from archive.templatetags.citation import MONTHS, date_with_precision, quoted_words
from search import filters, service
from search.engine import SearchTooSlow, SearchUnavailable
from search.filters import FILTER_PARAMS, FILTERS, UNDATED
from search.forms import PER_PAGE_CHOICES, SORT_CHOICES, TAB_CHOICES
from search.request import SearchRequest, default_value, state_url, state_urls

log = logging.getLogger(__name__)

ADJACENT_MARKS = re.compile(r"</em>(\s+)<em>")
AUTOCOMPLETE_LIMIT = 10
FACET_LIMIT = 100
FACET_SHOWN = 8  # the rest of a facet's values sit behind "More…"
# The name box's parameter: the view resolves it to `person` or `organisation` by the actor's kind.
NAME_PARAM = "name"


def tidy_parameters(query):
    """The query string without empty parameters and with the name box's `name` resolved to
    `person` or `organisation`; None when `query` is already tidy. A form submits every field,
    filled or not; the URL a user copies should hold only what they chose."""
    given = [(name, value) for name, values in query.lists() for value in values]
    tidy = []
    for name, value in given:
        if not value.strip():
            continue
        if name == NAME_PARAM:
            name, value = actor_filter(value)
        tidy.append((name, value))
    return None if tidy == given else "?" + urlencode(tidy)


def actor_filter(name):
    """(`person` or `organisation`, canonical name) for a name typed in the name box.

    Looked up among the actors named in published articles (by name or alias, any case); a name
    no such actor has stays a person filter, and the page then says that nothing matches."""
    name = name.strip()
    actor = (
        public_actors()
        .filter(kind__in=[filter_.actor_kind for filter_ in filters.ACTOR_FILTERS])
        .called(name, exact=True)
        .order_by("kind", "name")
        .first()
    )
    if actor is None:
        return "person", name
    return param_for_kind(actor.kind), actor.name


def search(request):
    tidy = tidy_parameters(request.GET)
    if tidy is not None and len(request.path + tidy) <= MAX_URL_REDIRECT_LENGTH:
        return redirect(request.path + tidy)
    search_request = SearchRequest.forgiving(request.GET)
    state = search_request.state
    results = search_request.run(highlight=True)
    context = {
        "form": search_request.form,
        "state": state,
        "parsed": results.parsed,
        "searched": bool(state.get("q")) or results.browsing,
        "tabs": choice_links(state, "tab", TAB_CHOICES),
        "sorts": sort_links(state, results),
        "per_page_links": choice_links(state, "per_page", [(n, str(n)) for n in PER_PAGE_CHOICES]),
        "date_presets": date_presets(state, date.today(), latest_public_date()),
        "chips": chips(state),
        "name_filter": state.get("person") or state.get("organisation") or "",
        "hidden_filters": hidden_state(state, ("q", "tab")),
        # The filter form has its own date fields and name box.
        "filter_form_hidden": hidden_state(
            state, ("date_from", "date_to", "person", "organisation", "copies")
        ),
        "copy_roles": filters.COPY_ROLES,
    }
    status = 200
    if results.ok:
        try:
            context.update(results_context(results, state))
        except SearchTooSlow as error:
            results.parsed.error, status = str(error), 400
    return render(request, "search/search.html", context, status=status)


def hidden_state(state, except_for):
    """(name, value) of the state a form on the page must carry along, bar `except_for`."""
    return [
        (name, state[name])
        for name in (*FILTER_PARAMS, "sort", "per_page")
        if name not in except_for and state.get(name) and not default_value(name, state[name])
    ]


def choice_links(state, param, choices):
    """(value, label, url, current) for each choice of a one-of-several parameter (tab, sort…)."""
    return [
        (value, label, state_url(state, **{param: value}), value == state[param]) for value, label in choices
    ]


def sort_links(state, results):
    """The sort choices, the one applied current; a list without words offers no relevance."""
    choices = [c for c in SORT_CHOICES if not (results.browsing and c[0] == "relevance")]
    return choice_links({**state, "sort": results.sort}, "sort", choices)


def latest_public_date():
    """The newest publication date in the archive (None when nothing is dated): one indexed query."""
    return public_articles().aggregate(latest=Max("published"))["latest"]


def date_presets(state, today, latest):
    """Links setting the date range to a common span ending today (any year or month filter goes),
    only those reaching back to the archive's newest dated article: an archive of 2018 news, or of
    undated articles, gets none of them, since every one would find nothing."""
    spans = (
        ("Past 30 days", today - timedelta(days=30), today),
        ("Past 12 months", today.replace(year=today.year - 1) + timedelta(days=1), today),
        ("This year", date(today.year, 1, 1), today),
        ("Last year", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    )
    return [
        {
            "label": label,
            "url": state_url(
                state, date_from=start.isoformat(), date_to=end.isoformat(), year=None, month=None
            ),
            "current": (state.get("date_from"), state.get("date_to")) == (start, end),
        }
        for label, start, end in spans
        if latest is not None and latest >= start
    ]


def results_context(results, state):
    page = results.page(state["page"], size=state["per_page"])  # beyond the last page → the last page
    hits = list(page.object_list)
    facets = results.facets()
    months = facets.get("month", [])
    context = {
        "page": page,
        "total": page.paginator.count,
        "facets": facet_groups(facets, state),
        "month_counts": months,
        "timeline_links": timeline_links(months, state),
        "undated_count": dict(facets.get("year", [])).get(UNDATED, 0),
        "page_links": page_links(page, state),
        "previous_url": state_url(state, page=page.number - 1) if page.has_previous() else None,
        "next_url": state_url(state, page=page.number + 1) if page.has_next() else None,
    }
    words = results.parsed.words()
    quotes_tab = state["tab"] == "quotes"
    if quotes_tab:
        context["quote_results"] = [quote_row(quote, words) for quote in results.rows(hits)]
    else:
        context["article_results"] = article_rows(results.hits_with_rows(hits), words)
        context["undated_outside_range"] = undated_outside_range(state)
    if not page.paginator.count:
        context["suggestion"] = suggestion(results.parsed, state)
        context["kind_swap"] = kind_swap(state)
        context["speaker_search"] = speaker_search(state) if quotes_tab else None
    return context


def undated_outside_range(state):
    """{count, url} for the undated articles a date range left out, or None."""
    count = service.undated_outside_range(state)
    if not count:
        return None
    return {"count": count, "url": state_url(state, date_from=None, date_to=None, year=UNDATED)}


def timeline_links(months, state):
    """{"2018-04": url filtering on that month, "2018": url filtering on that year} for the chart."""
    links = {}
    for month, _count in months:
        links[month] = state_url(state, month=month, year=None, date_from=None, date_to=None)
        links[month[:4]] = state_url(state, year=month[:4], month=None, date_from=None, date_to=None)
    return links


def kind_swap(state):
    """On zero hits: {label, url} when the person filter names an organisation (or the reverse)."""
    for param in (filter_.param for filter_ in filters.ACTOR_FILTERS):
        if state.get(param):
            kind, name = actor_filter(state[param])
            if kind != param:
                label = f"{name} as {'an organisation' if kind == 'organisation' else 'a person'}"
                return {"label": label, "url": state_url(state, **{param: None, kind: name})}
    return None


def speaker_search(state):
    """On zero quotes for plain words: {text, url} searching them as the speaker instead."""
    q = state.get("q") or ""
    if not q or ":" in q or '"' in q:
        return None
    text = f'speaker:"{q}"' if " " in q else f"speaker:{q}"
    return {"text": text, "url": state_url(state, q=text)}


def article_rows(hits_with_articles, words):
    """{article, snippet, quotes} per (hit, article): the article's quotes holding a query word."""
    quotes = service.quotes_matching([article.pk for _hit, article in hits_with_articles], words)
    return [
        {
            "article": article,
            "snippet": snippet(hit),
            "quotes": [quote_row(quote, words) for quote in quotes.get(article.pk, [])],
        }
        for hit, article in hits_with_articles
    ]


def snippet(hit):
    """The highlighted passage, safe to output as HTML, with a phrase marked as one <em>.

    The backend escapes <, > and & and adds only bare <em> tags, but leaves quotes as they are
    (search/engine/); we escape those too so the fragment is safe anywhere. It marks phrase
    words one by one; adjacent marks are joined so "zero tolerance" shows as one highlight.
    """
    fragments = (getattr(hit, "highlighted", None) or {}).get("text") or []
    if not fragments:
        return ""
    fragment = fragments[0].replace('"', "&quot;").replace("'", "&#x27;")
    return ADJACENT_MARKS.sub(r"\1", fragment)


def quote_row(quote, words):
    """The quote and its words as display HTML: escaped, trailing punctuation off, query words marked."""
    return {"quote": quote, "html": service.mark_words(quoted_words(quote.text), words)}


def facet_groups(facets, state):
    groups = []
    for filter_, index in filters.facets_of(state["tab"]):
        param, heading = filter_.param, index.heading
        values = facets[param]
        if param not in ("year", "month"):
            values = values[:FACET_LIMIT]
        urls = state_urls(state, param, [None if state.get(param) == value else value for value, _ in values])
        links = [
            {
                "value": value,
                "label": facet_label(param, value),
                "count": count,
                "selected": state.get(param) == value,
                "url": url,
            }
            for (value, count), url in zip(values, urls, strict=True)
        ]
        if links:
            groups.append(
                {
                    "param": param,
                    "heading": heading,
                    "links": links[:FACET_SHOWN],
                    "more": links[FACET_SHOWN:],
                }
            )
    return groups


def facet_label(param, value):
    """How a filter value reads on the page: "April 2018" for 2018-04, "Date unknown" for undated."""
    if param == "year" and value == UNDATED:
        return "Date unknown"
    if param == "month" and len(value) == 7:
        return f"{MONTHS[int(value[5:]) - 1]} {value[:4]}"
    if param == "section":
        return value.capitalize()
    if param == "copies":
        return dict(filters.COPY_ROLES).get(value, value)
    return value


def chips(state):
    return [
        {
            "label": filter_.label,
            "value": chip_value(filter_.param, state[filter_.param]),
            "remove_url": state_url(state, **{filter_.param: None}),
        }
        for filter_ in FILTERS
        if state.get(filter_.param)
    ]


def chip_value(name, value):
    if isinstance(value, date):
        return date_with_precision(value, Article.Precision.DAY)
    return facet_label(name, value)


def page_links(page, state):
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return [
        {"number": number, "url": state_url(state, page=number) if isinstance(number, int) else None}
        for number in numbers
    ]


def suggestion(parsed, state):
    """ "Did you mean …" for a zero-hit search: the corrected words, as a link keeping the filters."""
    words = " ".join(parsed.words())
    if not words:
        return None
    corrected = SearchQuerySet().spelling_suggestion(words)
    if not corrected or corrected.lower() == words.lower():
        return None
    return {"text": corrected, "url": state_url(state, q=corrected)}


def help_page(request):
    return render(request, "search/help.html")


def actor_autocomplete(request):
    """JSON [{name, kind, url}] of public actors whose name or alias has a word starting with q."""
    text = (request.GET.get("q") or "").strip()[:60]
    if len(text) < 2:
        return JsonResponse({"results": []})
    try:
        hits = list(SearchQuerySet().models(Actor).autocomplete(name_auto=text)[:AUTOCOMPLETE_LIMIT])
    except SearchUnavailable as error:
        log.warning("autocomplete: search engine unavailable: %s", error.reason)
        response = JsonResponse({"results": [], "error": str(error)}, status=503)
        response["Retry-After"] = str(error.retry_after)
        return response
    results = [
        {
            "name": hit.name,
            "kind": hit.kind,
            "url": reverse("archive:actor", kwargs={"slug": hit.slug}),
            "param": param_for_kind(hit.kind),
        }
        for hit in hits
    ]
    return JsonResponse({"results": results})


def param_for_kind(kind):
    """The parameter filtering on an actor of `kind`; `q` for kinds without a filter (places)."""
    filter_ = filters.for_actor_kind(kind)
    return filter_.param if filter_ else "q"
