"""The read-only JSON API, version 1 (mounted at /api/v1/; documented in docs/api.md).

Every view returns a dict that `api_view` turns into `application/json; charset=utf-8`; errors are
JSON too (`{"error": ..., "fields": {...}}`) with status 400, 404, 405, 429 or 503 (the search engine
is not answering) — never an HTML page (a server error is a JSON 500, logged).
Only published articles and their quotes are reachable: lists start from `published()` querysets
or the search index (which holds nothing else), details 404 for anything unpublished.

Lists without `q` come from the database (api/selectors.py); with `q` they are the search
service's results (search/service.py), the same as the search page's.
"""

import json
import logging
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt

from api import params, selectors
from api.pagination import paginate
from archive import public_records
from archive.export import export_queryset
from archive.models import Actor
from archive.selectors import public_actors, public_articles
from search.engine import SearchTooSlow, SearchUnavailable
from search.filters import for_actor_kind
from search.request import InvalidSearch, empty_value_errors, invalid_parameters, rows_of

OPENAPI_FILE = settings.BASE_DIR / "docs" / "openapi.json"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
MAX_NAME_FILTER = 200
logger = logging.getLogger(__name__)


def api_view(view):
    """GET/HEAD only; the view's dict becomes JSON (a response, e.g. a redirect, passes through);
    `ApiError` and `Http404` become JSON errors."""

    # Exempt from CSRF: no view changes anything, and a POST should get the JSON 405, not an HTML 403.
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "The API is read-only: use GET.")
            response["Allow"] = "GET, HEAD"
            return response
        try:
            result = view(request, *args, **kwargs)
        except params.ApiError as error:
            return error_response(error.status, error.message, error.fields)
        except InvalidSearch as error:
            return error_response(400, error.message, error.fields)
        except Http404:
            return error_response(404, f"Not found: nothing public is at {request.path}.")
        except SearchTooSlow as error:
            return error_response(400, str(error), {"q": [str(error)]})
        except SearchUnavailable as error:
            logger.warning("search engine unavailable for %s: %s", request.get_full_path(), error.reason)
            response = error_response(503, str(error))
            response["Retry-After"] = str(error.retry_after)
            return response
        except Exception:
            # A bug, not bad input: logged with its traceback, and still answered in JSON.
            logger.exception("API request failed: %s", request.get_full_path())
            return error_response(500, "The server failed to answer this request; the error is logged.")
        return result if isinstance(result, HttpResponse) else json_response(result)

    return wrapper


def json_response(data, status=200):
    response = JsonResponse(
        data, status=status, content_type=JSON_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    # Public, read-only data without credentials: other sites' scripts may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(status, message, fields=None):
    return json_response({"error": message, "fields": fields or {}}, status=status)


@api_view
def index(request):
    def link(name):
        return request.build_absolute_uri(reverse(name))

    return {
        "articles": link("api:articles"),
        "quotes": link("api:quotes"),
        "actors": link("api:actors"),
        "search": link("api:search"),
        "openapi": link("api:openapi"),
    }


@api_view
def article_list(request):
    search, page_number, page_size = params.read_list_params(request.GET, params.ARTICLE_PARAMS)
    if search.state.get("q"):
        results = search.run_strictly()
        page, envelope = paginate(request, results.hits, page_number, page_size)
        articles = results.rows(page.object_list)
    else:
        page, envelope = paginate(request, selectors.filtered_articles(search.state), page_number, page_size)
        articles = page.object_list
    return {**envelope, "results": [public_records.article_summary(a, request) for a in articles]}


@api_view
def article_detail(request, pk):
    article = get_object_or_404(export_queryset(public_articles()), pk=pk)
    return public_records.article_full(article, request)


@api_view
def quote_list(request):
    search, page_number, page_size = params.read_list_params(request.GET, params.QUOTE_PARAMS, tab="quotes")
    if search.state.get("q"):
        results = search.run_strictly()
        page, envelope = paginate(request, results.hits, page_number, page_size)
        quotes = results.rows(page.object_list)
    else:
        page, envelope = paginate(request, selectors.filtered_quotes(search.state), page_number, page_size)
        quotes = page.object_list
    return {**envelope, "results": [public_records.quote_record(q, request) for q in quotes]}


@api_view
def quote_detail(request, pk):
    return public_records.quote_record(get_object_or_404(rows_of("quotes"), pk=pk), request)


@api_view
def actor_list(request):
    kind = request.GET.get("kind") or None
    name = (request.GET.get("name") or "").strip() or None
    errors = empty_value_errors(request.GET, ("kind", "name", "page", "page_size"))
    if kind and kind not in Actor.Kind.values:
        errors["kind"] = [f"“kind” must be one of: {', '.join(Actor.Kind.values)}."]
    if name and len(name) > MAX_NAME_FILTER:
        errors["name"] = [f"“name” may be at most {MAX_NAME_FILTER} characters."]
    elif name and "\x00" in name:  # PostgreSQL text cannot hold NUL
        errors["name"] = ["“name” may not contain NUL characters."]
    page_number = params.whole_number(request.GET, "page", 1, params.MAX_PAGE, errors)
    page_size = params.whole_number(request.GET, "page_size", params.PAGE_SIZE, params.MAX_PAGE_SIZE, errors)
    if errors:
        raise invalid_parameters(errors)
    page, envelope = paginate(request, selectors.filtered_actors(kind, name), page_number, page_size)
    return {**envelope, "results": [actor_with_lists(actor, request) for actor in page.object_list]}


@api_view
def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    if actor.merged_into_id:
        return HttpResponsePermanentRedirect(public_records.actor_api_url(actor.survivor(), request))
    public = get_object_or_404(public_actors(with_counts=True).with_public_profile(), pk=actor.pk)
    return actor_with_lists(public, request)


def actor_with_lists(actor, request):
    """An actor's public record (annotated with its counts) and the API lists of its articles (for
    a kind a filter names: people, organisations) and of its quotes."""
    record = public_records.actor_record(actor, request, actor.article_count, actor.quote_count)
    kind_filter = for_actor_kind(actor.kind)
    record["articles_url"] = None
    if kind_filter:
        record["articles_url"] = list_url(request, "api:articles", kind_filter.param, actor.name)
    record["quotes_url"] = list_url(request, "api:quotes", "speaker", actor.name)
    return record


def list_url(request, view_name, param, value):
    return request.build_absolute_uri(f"{reverse(view_name)}?{urlencode({param: value})}")


@api_view
def search(request):
    """The search page as JSON: the same parameters, results, counts and facets."""
    search, page_number, page_size = params.read_list_params(
        request.GET, params.SEARCH_PARAMS, q_required=True
    )
    results = search.run_strictly()
    page, envelope = paginate(request, results.hits, page_number, page_size)
    rows = results.rows(page.object_list)
    record = public_records.quote_record if search.tab == "quotes" else public_records.article_summary
    return {
        "query": {name: str(value) for name, value in search.state.items()},
        **envelope,
        "facets": {
            param: [{"value": value, "count": count} for value, count in counts]
            for param, counts in results.facets().items()
        },
        "results": [record(row, request) for row in rows],
    }


@api_view
def openapi(request):
    """The OpenAPI 3 description (docs/openapi.json), with this server as its base URL."""
    description = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    description["servers"] = [{"url": request.build_absolute_uri(reverse("api:index")).rstrip("/")}]
    return description


@api_view
def not_found(request, rest=""):
    index_url = reverse("api:index")
    raise params.ApiError(404, f"No such API endpoint: {request.path}. Endpoints: {index_url}.")
