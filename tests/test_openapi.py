"""docs/openapi.json is checked against the code it describes: every API URL, every parameter a view
reads with the limits the code enforces, and every value the description forbids is refused.
(.ci/schemathesis then runs a bounded, seeded schemathesis pass against a running server.)"""

import json
import re

import pytest
from django.urls import URLPattern

from api import params, urls
from api.views import MAX_NAME_FILTER, OPENAPI_FILE
from archive.models import Actor, Quote
from search.filters import MONTH_PATTERN, YEAR_PATTERN
from search.forms import SORT_CHOICES, TAB_CHOICES, SearchForm
from search.query import MAX_CHARS

DESCRIPTION = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
PAGING = ("page", "page_size")
LIST_PARAMETERS = {
    "/articles/": (*params.ARTICLE_PARAMS, *PAGING),
    "/quotes/": (*params.QUOTE_PARAMS, *PAGING),
    "/search/": (*params.SEARCH_PARAMS, *PAGING),
    "/actors/": ("kind", "name", *PAGING),
}


def parameters(path):
    """{name: parameter object} of a path's GET, references resolved."""
    found = {}
    for parameter in DESCRIPTION["paths"][path]["get"].get("parameters", []):
        if "$ref" in parameter:
            parameter = DESCRIPTION["components"]["parameters"][parameter["$ref"].split("/")[-1]]
        found[parameter["name"]] = parameter
    return found


def described_path(pattern):
    route = str(pattern.pattern)
    return "/" + re.sub(r"<int:pk>", "{id}", re.sub(r"<slug:slug>", "{slug}", route))


def test_every_api_url_is_described_and_nothing_else():
    served = {described_path(p) for p in urls.urlpatterns if isinstance(p, URLPattern) and p.name}
    assert set(DESCRIPTION["paths"]) == {path.replace("//", "/") for path in served}


@pytest.mark.parametrize("path", sorted(LIST_PARAMETERS))
def test_each_list_declares_exactly_the_parameters_its_view_reads(path):
    assert set(parameters(path)) == set(LIST_PARAMETERS[path])


def quote_kind_enums(node):
    """Every `kind` enum of a quote record in the description (quotes list, article's quotes…)."""
    if isinstance(node, dict):
        kind = node.get("properties", {}).get("kind", {})
        if "cue" in node.get("properties", {}) and "enum" in kind:
            yield kind["enum"]
        for value in node.values():
            yield from quote_kind_enums(value)
    elif isinstance(node, list):
        for value in node:
            yield from quote_kind_enums(value)


def test_quote_kinds_are_the_models_kinds():
    enums = list(quote_kind_enums(DESCRIPTION))
    assert len(enums) == 2  # the Quote record and an article's quotes
    assert all(enum == list(Quote.Kind.values) for enum in enums)


def test_parameter_limits_are_the_codes_limits():
    search, articles, actors = parameters("/search/"), parameters("/articles/"), parameters("/actors/")
    assert search["q"]["required"] is True and not articles["q"].get("required")
    assert articles["q"]["schema"]["maxLength"] == MAX_CHARS
    assert articles["page"]["schema"]["maximum"] == params.MAX_PAGE
    assert articles["page_size"]["schema"]["maximum"] == params.MAX_PAGE_SIZE
    assert articles["year"]["schema"]["pattern"] == YEAR_PATTERN
    assert articles["month"]["schema"]["pattern"] == MONTH_PATTERN
    assert articles["sort"]["schema"]["enum"] == [value for value, _ in SORT_CHOICES]
    assert search["tab"]["schema"]["enum"] == [value for value, _ in TAB_CHOICES]
    assert actors["kind"]["schema"]["enum"] == list(Actor.Kind.values)
    assert actors["name"]["schema"]["maxLength"] == MAX_NAME_FILTER
    for name in ("source", "person", "organisation", "speaker"):
        assert articles[name]["schema"]["maxLength"] == SearchForm.base_fields[name].max_length
    for path in LIST_PARAMETERS:
        for name, parameter in parameters(path).items():
            schema = parameter["schema"]
            if schema["type"] == "string" and not {"enum", "format", "pattern"} & set(schema):
                assert schema.get("minLength") == 1, (path, name)  # an empty value is refused


def forbidden_values(parameter):
    """Values the description rules out for this parameter (an empty one, always)."""
    schema = parameter["schema"]
    values = [""]
    if "maximum" in schema:
        values.append(str(schema["maximum"] + 1))
    if "minimum" in schema:
        values.append(str(schema["minimum"] - 1))
    if "maxLength" in schema:
        values.append("x" * (schema["maxLength"] + 1))
    if "enum" in schema:
        values.append("none-of-these")
    if "pattern" in schema:
        values += ["0000", "0000-01", "2018-13"]
    if schema.get("format") == "date":
        values += ["2018-02-30", "0999-12-31", "yesterday"]
    return values


@pytest.mark.parametrize("path", sorted(LIST_PARAMETERS))
def test_every_value_the_description_forbids_is_a_json_400(client, archive, path, subtests):
    base = {"q": "harbour"} if path == "/search/" else {}
    for name, parameter in parameters(path).items():
        for value in forbidden_values(parameter):
            with subtests.test(parameter=name, value=value[:20]):
                response = client.get(f"/api/v1{path}", {**base, name: value})
                assert response.status_code == 400, (name, value, response.content[:200])
                assert response["Content-Type"].startswith("application/json")
                assert name in response.json()["fields"] or name == "q"
