"""The search page (Articles and Quotes tabs), its help page and the actor autocomplete.

Thin by design: search/forms.py validates the URL state, search/service.py builds the queries.
Here we paginate, turn facets into links that keep the whole state, and load what the page shows
in bulk (one SQL query for the page's articles, one for their matching quotes).
"""

import re

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from haystack.query import SearchQuerySet

from archive.models import Actor, Article, Quote
from search import service
from search.doc_values import SearchTooSlow
from search.forms import FILTER_FIELDS, STATE_FIELDS, SearchForm

PER_PAGE = 20
ADJACENT_MARKS = re.compile(r"</em>(\s+)<em>")
AUTOCOMPLETE_LIMIT = 10
FACET_LIMIT = 12
# Facet (index field) → the page-state parameter that filters on it, and its sidebar heading.
ARTICLE_FACET_PARAMS = {
    "source": ("source", "Source"),
    "people": ("person", "People"),
    "organisations": ("organisation", "Organisations"),
    "speakers": ("speaker", "Speakers"),
    "year": ("year", "Year"),
    "month": ("month", "Month"),
}
QUOTE_FACET_PARAMS = {"speaker": ("speaker", "Speaker"), "source": ("source", "Source")}


def state_url(state, **changes):
    """The search URL for `state` with `changes` applied (None removes); page 1 unless given."""
    merged = {**state, "page": None, **changes}
    params = [(name, merged[name]) for name in (*STATE_FIELDS, "page") if merged.get(name)]
    params = [(name, value) for name, value in params if not default_value(name, value)]
    return "?" + urlencode(params) if params else "?"


def default_value(name, value):
    return (name, value) in {("tab", "articles"), ("sort", "relevance"), ("page", 1)}


def search(request):
    form = SearchForm(request.GET)
    state = form.state()
    quotes_tab = state["tab"] == "quotes"
    found = service.search_quotes(state) if quotes_tab else service.search_articles(state)
    context = {"form": form, "state": state, "parsed": found.parsed, "searched": bool(state.get("q"))}
    context["tabs"] = [
        (value, label, state_url(state, tab=value), value == state["tab"])
        for value, label in (("articles", "Articles"), ("quotes", "Quotes"))
    ]
    context["sorts"] = [
        (value, label, state_url(state, sort=value), value == state["sort"])
        for value, label in (
            ("relevance", "Relevance"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
        )
    ]
    context["chips"] = chips(state)
    context["hidden_filters"] = [
        (name, state[name])
        for name in (*FILTER_FIELDS, "sort")
        if state.get(name) and not default_value(name, state[name])
    ]
    status = 200
    if found.ok:
        try:
            context.update(results_context(found, state, quotes_tab))
        except SearchTooSlow as error:
            found.parsed.error, status = str(error), 400
    return render(request, "search/search.html", context, status=status)


def results_context(found, state, quotes_tab):
    paginator = Paginator(found.sqs, PER_PAGE)
    page = paginator.get_page(state["page"])  # clamps: beyond the last page → the last page
    hits = list(page.object_list)
    facets = found.sqs.facet_counts().get("fields", {}) if paginator.count else {}
    params = QUOTE_FACET_PARAMS if quotes_tab else ARTICLE_FACET_PARAMS
    context = {
        "page": page,
        "total": paginator.count,
        "facets": facet_groups(facets, params, state),
        "month_counts": list(facets.get("month", [])) if not quotes_tab else [],
        "page_links": page_links(page, state),
        "previous_url": state_url(state, page=page.number - 1) if page.has_previous() else None,
        "next_url": state_url(state, page=page.number + 1) if page.has_next() else None,
    }
    if quotes_tab:
        context["quote_results"] = quote_rows(hits)
    else:
        context["article_results"] = article_rows(hits, found.parsed.words())
    if not paginator.count:
        context["suggestion"] = suggestion(found.parsed, state)
    return context


def article_rows(hits, words):
    """(hit, article, quotes) per hit; drafts are dropped even if the index were stale."""
    ids = [int(hit.pk) for hit in hits]
    articles = Article.objects.published().select_related("source").in_bulk(ids)
    quotes = service.quotes_matching(list(articles), words)
    return [
        {"article": articles[pk], "snippet": snippet(hit), "quotes": quotes.get(pk, [])}
        for pk, hit in zip(ids, hits, strict=True)
        if pk in articles
    ]


def snippet(hit):
    """The highlighted passage, safe to output as HTML, with a phrase marked as one <em>.

    The backend escapes <, > and & and adds only bare <em> tags, but leaves quotes as they are
    (search/backend.py); we escape those too so the fragment is safe anywhere. It marks phrase
    words one by one; adjacent marks are joined so "zero tolerance" shows as one highlight.
    """
    fragments = (getattr(hit, "highlighted", None) or {}).get("text") or []
    if not fragments:
        return ""
    fragment = fragments[0].replace('"', "&quot;").replace("'", "&#x27;")
    return ADJACENT_MARKS.sub(r"\1", fragment)


def quote_rows(hits):
    ids = [int(hit.pk) for hit in hits]
    quotes = (
        Quote.objects.filter(article__status=Article.Status.PUBLISHED)
        .select_related("speaker", "article__source")
        .in_bulk(ids)
    )
    return [quotes[pk] for pk in ids if pk in quotes]


def facet_groups(facets, params, state):
    groups = []
    for field, (param, heading) in params.items():
        values = facets.get(field, [])
        if param not in ("year", "month"):
            values = values[:FACET_LIMIT]
        links = [
            {
                "value": value,
                "count": count,
                "selected": state.get(param) == value,
                "url": state_url(state, **{param: None if state.get(param) == value else value}),
            }
            for value, count in values
        ]
        if links:
            groups.append({"param": param, "heading": heading, "links": links})
    return groups


def chips(state):
    labels = {
        "source": "Source",
        "person": "Person",
        "organisation": "Organisation",
        "speaker": "Speaker",
        "year": "Year",
        "month": "Month",
        "date_from": "From",
        "date_to": "To",
    }
    return [
        {"label": label, "value": state[name], "remove_url": state_url(state, **{name: None})}
        for name, label in labels.items()
        if state.get(name)
    ]


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
    hits = SearchQuerySet().models(Actor).autocomplete(name_auto=text)[:AUTOCOMPLETE_LIMIT]
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
    return {Actor.Kind.PERSON: "person", Actor.Kind.ORGANISATION: "organisation"}.get(kind, "q")
