"""search/request.py: one search request read from GET, and what its four renderers cost in SQL."""

from datetime import date

import pytest
from django.http import QueryDict

from search.request import InvalidSearch, SearchRequest, state_url, state_urls
from tests.factories import make_article, make_quote


def query(text):
    return QueryDict(text)


def test_the_forgiving_reading_falls_back_and_drops_what_is_invalid():
    search = SearchRequest.forgiving(query("q=harbour&sort=sideways&tab=nope&year=12&source=Reuters"))
    assert search.state["sort"] == "relevance" and search.tab == "articles"
    assert "year" not in search.state and search.state["source"] == "Reuters"
    assert "year" in search.form.errors


def test_a_download_is_refused_where_the_page_shows_a_message():
    with pytest.raises(InvalidSearch, match="“From” must be a real date"):
        SearchRequest.for_download(query("q=harbour&date_from=2018-02-30"))
    with pytest.raises(InvalidSearch, match="Type one or more words"):
        SearchRequest.for_download(query("source=Reuters"))
    assert SearchRequest.for_download(query("q=harbour&page=3")).state["page"] == 1


def test_the_strict_reading_names_every_parameter_it_refuses():
    with pytest.raises(InvalidSearch) as refused:
        SearchRequest.strict(query("year=2018&sort=sideways&source="), params=("q", "source", "sort"))
    assert set(refused.value.fields) == {"year", "sort", "source"}
    assert refused.value.message == "Invalid parameters: sort, source, year."


def test_the_strict_reading_holds_only_what_was_given():
    search = SearchRequest.strict(query("speaker=Bo Chen"), params=("q", "speaker", "sort"), tab="quotes")
    assert search.state == {"speaker": "Bo Chen", "sort": "newest", "tab": "quotes"}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=harbour",
        "q=dock+%26+port&tab=quotes&sort=newest&per_page=50&page=3",
        "q=x&year=2004&source=BBC",
    ],
)
def test_a_facets_links_are_the_urls_of_their_states(query):
    """state_urls encodes the rest of the state once; each link is state_url's, byte for byte."""
    state = SearchRequest.forgiving(QueryDict(query)).state
    for name in ("source", "year", "q", "per_page"):
        values = [None, "BBC News", "2004", "a&b c/é", "20", "", state.get(name)]
        assert state_urls(state, name, values) == [state_url(state, **{name: value}) for value in values]


def test_a_request_links_to_each_renderer_with_its_state():
    search = SearchRequest.forgiving(query("source=Reuters&q=harbour&sort=newest&page=2"))
    assert search.url() == "/search/?q=harbour&source=Reuters&sort=newest"
    assert search.url("exports:csv", sort=None) == "/search/export.csv?q=harbour&source=Reuters"


def test_results_count_the_facets_of_their_tab(archive):
    articles = SearchRequest.forgiving(query("q=harbour")).run().facets()
    quotes = SearchRequest.forgiving(query("q=harbour&tab=quotes")).run().facets()
    assert list(articles) == ["source", "section", "person", "organisation", "speaker", "year", "month"]
    assert list(quotes) == ["speaker", "source"]
    assert ("Reuters", 1) in articles["source"] and ("Ana López", 1) in quotes["speaker"]


def test_results_without_matches_have_empty_facets(archive):
    facets = SearchRequest.forgiving(query("q=zeppelin&tab=quotes")).run().facets()
    assert facets == {"speaker": [], "source": []}


# SQL queries of each renderer for one search, whatever the number of matches (no query per row).
# Each starts with the index changes still pending (search/service.py); then the page's rows (the
# article page also their matching quotes); the page also reads the newest date (its date presets).
RENDERER_QUERIES = [
    ("/search/", {"q": "harbour"}, 4),
    ("/search/", {"q": "harbour", "tab": "quotes"}, 3),
    ("/api/v1/search/", {"q": "harbour"}, 2),
    ("/api/v1/search/", {"q": "harbour", "tab": "quotes"}, 2),
    # An article's whole record: articles, then mentions, their editors' aliases, the article's own
    # alias forms, and quotes (archive/export.py's prefetches).
    ("/search/export.csv", {"q": "harbour"}, 6),
    ("/search/export.jsonl", {"q": "harbour", "tab": "quotes"}, 2),
    ("/search/feed/", {"q": "harbour"}, 2),
    ("/search/feed/", {"q": "harbour", "tab": "quotes"}, 2),
]


@pytest.mark.parametrize("matches", [3, 30])
@pytest.mark.parametrize(("url", "params", "queries"), RENDERER_QUERIES)
def test_each_renderer_costs_the_same_queries_whatever_the_matches(
    client, db, drain_index, django_assert_num_queries, matches, url, params, queries
):
    for number in range(matches):
        article = make_article(
            f"Harbour {number}",
            f'"The harbour is open," the mayor said {number}.',
            published=date(2018, 1, 1 + number % 28),
            people=["Ann Mayor"],
        )
        make_quote(article, "Ann Mayor", "The harbour is open")
    drain_index()
    with django_assert_num_queries(queries):
        response = client.get(url, params)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert content.count(b"Harbour") + content.count(b"harbour") >= min(matches, 20)
