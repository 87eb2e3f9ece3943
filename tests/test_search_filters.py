"""search/filters.py: each filter means the same in the index and in the database, on every list."""

from datetime import date

import feedparser
import pytest

from search.filters import FILTERS, applying_to
from tests.factories import make_article, make_quote, wire_copies

API = "/api/v1"
# A value of each filter that keeps some, not all, of the archive fixture's articles and quotes.
SAMPLE_VALUES = {
    "source": "Reuters",
    "section": "business",
    "person": "Ana López",
    "organisation": "Port Authority",
    "speaker": "Bo Chen",
    "year": "2018",
    "month": "2018-06",
    "copies": "copy",
    "date_from": "2018-04-01",
    "date_to": "2018-06-13",
}


@pytest.fixture
def with_section(archive, drain_index):
    article = make_article(
        "Harbour shares", "Harbour shares rose, Bo Chen said.", published=date(2018, 5, 1), section="business"
    )
    make_quote(article, "Bo Chen", "Harbour shares rose")
    wire_copies("Harbour shares", dates=[date(2018, 5, 2), date(2018, 5, 3)])
    drain_index()
    return archive


def listed_ids(client, path, params):
    response = client.get(f"{API}/{path}", {"page_size": 100, "sort": "newest", **params})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_every_filter_has_a_sample_value():
    assert set(SAMPLE_VALUES) == {filter_.param for filter_ in FILTERS}


@pytest.mark.parametrize(
    ("tab", "path", "everything"),
    [("articles", "articles/", "harbour"), ("quotes", "quotes/", "harbour OR ferries")],
)
def test_each_filter_keeps_the_same_rows_in_the_database_as_in_the_index(
    client, with_section, tab, path, everything
):
    """`everything` matches every fixture row: with it as `q` the list comes from the index instead."""
    assert len(listed_ids(client, path, {"q": everything})) == len(listed_ids(client, path, {}))
    for filter_ in applying_to(tab):
        given = {filter_.param: SAMPLE_VALUES[filter_.param]}
        from_database = listed_ids(client, path, given)
        assert from_database == listed_ids(client, path, {**given, "q": everything}), filter_.param
        assert from_database, filter_.param  # each filter keeps something…
        assert len(from_database) < len(listed_ids(client, path, {})), filter_.param  # …not everything


def test_a_section_filters_the_database_list(client, with_section):
    """Regression: the article list without `q` accepted `section` and ignored it."""
    listed = client.get(f"{API}/articles/", {"section": "business"}).json()["results"]
    titles = [row["title"] for row in listed]
    assert titles == ["Harbour shares"]


def test_a_filter_that_does_not_apply_to_quotes_is_refused_there(client, archive):
    response = client.get(f"{API}/quotes/", {"section": "business"})
    assert response.status_code == 400
    assert "section" in response.json()["fields"]


def test_a_feed_title_names_every_filter_of_its_search(client, with_section):
    """Regression: the title left out the section, so two feeds of different sections read alike."""
    response = client.get("/search/feed/", {"q": "harbour", "section": "business", "speaker": "Bo Chen"})
    title = feedparser.parse(response.content).feed.title
    assert title == "Morgue — Articles matching “harbour” (section: business, speaker: Bo Chen)"
