"""The API's query parameters: the search page's state (search/forms.py) plus paging, read strictly.

The search page forgives (a bad sort falls back to relevance, a bad page becomes page 1); a
program would rather know, so here every bad value is refused (HTTP 400) naming the parameter and
saying what is expected: `SearchRequest.strict` (search/request.py) reads the search's state,
this module the paging. Unknown parameters are ignored; a filter that exists but does not apply
to this list (`year` on quotes) is an error rather than a silent no-op.
"""

from search import request as search_request
from search.filters import applying_to
from search.request import InvalidSearch, SearchRequest, empty_value_errors, invalid_parameters

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 10**6
# Each list takes the filters that apply to it (search/filters.py); search takes them all.
ARTICLE_PARAMS = ("q", *(filter_.param for filter_ in applying_to("articles")), "sort")
QUOTE_PARAMS = ("q", *(filter_.param for filter_ in applying_to("quotes")), "sort")
SEARCH_PARAMS = search_request.SEARCH_PARAMS  # the whole state of a search


class ApiError(Exception):
    """An error response: HTTP `status`, a sentence for the caller, and messages per parameter."""

    def __init__(self, status, message, fields=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}


def read_list_params(query, allowed, *, tab=None, q_required=False):
    """→ (SearchRequest, page, page_size) for a list endpoint accepting the parameters in `allowed`,
    on the list `tab` (see SearchRequest.strict); InvalidSearch names every parameter refused."""
    errors = empty_value_errors(query, ("page", "page_size"))
    page = whole_number(query, "page", 1, MAX_PAGE, errors)
    page_size = whole_number(query, "page_size", PAGE_SIZE, MAX_PAGE_SIZE, errors)
    try:
        search = SearchRequest.strict(query, params=allowed, tab=tab, q_required=q_required)
    except InvalidSearch as error:
        errors = {**error.fields, **errors}
    if errors:
        raise invalid_parameters(errors)
    return search, page, page_size


def whole_number(query, name, default, maximum, errors):
    raw = query.get(name)
    if raw in (None, ""):
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 7 and 1 <= int(raw) <= maximum):
        errors[name] = [f"“{name}” must be a whole number from 1 to {maximum}."]
        return default
    return int(raw)
