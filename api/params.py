"""The API's query parameters: the search page's state (search/forms.py) plus paging, read strictly.

The search page forgives (a bad sort falls back to relevance, a bad page becomes page 1); a
program would rather know, so here every bad value is an `ApiError` (HTTP 400) naming the
parameter and saying what is expected. Unknown parameters are ignored; a filter that exists but
does not apply to this list (`year` on quotes) is an error rather than a silent no-op.
"""

from search.filters import FILTER_PARAMS, applying_to
from search.forms import SORT_CHOICES, TAB_CHOICES, SearchForm

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 10**6
# Each list takes the filters that apply to it (search/filters.py); search takes them all.
ARTICLE_PARAMS = ("q", *(filter_.param for filter_ in applying_to("articles")), "sort")
QUOTE_PARAMS = ("q", *(filter_.param for filter_ in applying_to("quotes")), "sort")
SEARCH_PARAMS = ("q", "tab", *FILTER_PARAMS, "sort")


class ApiError(Exception):
    """An error response: HTTP `status`, a sentence for the caller, and messages per parameter."""

    def __init__(self, status, message, fields=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}


def read_list_params(query, allowed, q_required=False):
    """→ (state, page, page_size) for a list endpoint accepting the state parameters in `allowed`.

    `state` holds only the given, non-empty values, with `sort` defaulting to relevance when there
    is a text query and to newest first otherwise.
    """
    errors = empty_value_errors(query, (*allowed, "page", "page_size"))
    for name in SEARCH_PARAMS:
        if name not in allowed and query.get(name):
            errors[name] = [f"“{name}” is not a filter of this list."]
    for name, choices in (("sort", SORT_CHOICES), ("tab", TAB_CHOICES)):
        errors.update(choice_error(query, name, choices))
    form = SearchForm(without_page(query))
    form.is_valid()
    for name, messages in form.errors.items():
        if name in allowed:
            errors.setdefault(name, []).extend(messages)
    page = whole_number(query, "page", 1, MAX_PAGE, errors)
    page_size = whole_number(query, "page_size", PAGE_SIZE, MAX_PAGE_SIZE, errors)
    # The form fills in defaults for sort and tab; here only what the caller gave counts.
    given = [name for name in allowed if name not in ("sort", "tab")]
    state = {name: form.cleaned_data[name] for name in given if form.cleaned_data.get(name)}
    state.update({name: query[name] for name in ("sort", "tab") if name in allowed and query.get(name)})
    if q_required and not state.get("q"):
        errors["q"] = ["Give a text query in “q”, e.g. q=border."]
    if state.get("sort") == "relevance" and not state.get("q"):
        errors["sort"] = ["Sorting by relevance needs a text query in “q”; use newest or oldest."]
    if errors:
        raise ApiError(400, "Invalid parameters: " + ", ".join(sorted(errors)) + ".", errors)
    state.setdefault("sort", "relevance" if state.get("q") else "newest")
    state.setdefault("tab", "articles")
    return state, page, page_size


def empty_value_errors(query, names):
    """An error for each of `names` given without a value (`page=`): a program meant something by it."""
    return {
        name: [f"“{name}” is empty: give it a value or leave it out."]
        for name in names
        if name in query and not query[name].strip()
    }


def without_page(query):
    """The parameters minus `page`, which the caller reads itself.

    SearchForm.clean_page raises ValueError on digits int() refuses ("²" passes str.isdigit()).
    """
    query = query.copy()
    query.pop("page", None)
    return query


def choice_error(query, name, choices):
    value = query.get(name)
    allowed = [choice for choice, _ in choices]
    if value and value not in allowed:
        return {name: [f"“{name}” must be one of: {', '.join(allowed)}."]}
    return {}


def whole_number(query, name, default, maximum, errors):
    raw = query.get(name)
    if raw in (None, ""):
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 7 and 1 <= int(raw) <= maximum):
        errors[name] = [f"“{name}” must be a whole number from 1 to {maximum}."]
        return default
    return int(raw)


def query_error(parsed):
    """The ApiError for a text query the search syntax refuses (search/query.py's message)."""
    return ApiError(400, parsed.error or "The text query is empty.", {"q": [parsed.error]})
