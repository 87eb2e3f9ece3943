"""A search engine that cannot answer: pages that need it say so with a 503 (never "no results",
never a 500), pages it only decorates are shown without that part, and the database-only pages
keep working. The engine here is the real Solr backend pointed at a port nothing listens on, so
the failure goes through requests and pysolr as a cluster that is down would."""

import socket
from datetime import date

import pytest
from haystack import connections

from archive.models import Actor
from morgue.search_url import haystack_connection
from tests.factories import make_article, make_quote

pytestmark = pytest.mark.django_db

UNAVAILABLE = "Search is unavailable right now"


def closed_port():
    """A local port that refuses connections (bound for a moment, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def engine_down(settings):
    """Haystack's engine: a two-node SolrCloud URL whose nodes both refuse connections."""
    url = f"solr://127.0.0.1:{closed_port()},127.0.0.1:{closed_port()}/solr/morgue"
    settings.HAYSTACK_CONNECTIONS = {"default": haystack_connection(url, None)}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    yield url
    connections.reload("default")


@pytest.fixture
def article():
    found = make_article("Harbour strike ends", published=date(2024, 5, 2), people=["Jane Roe"])
    make_quote(found, "Jane Roe", "Harbour strike")
    return found


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=harbour",
        "/search/?q=harbour&tab=quotes",
        "/search/feed/?q=harbour",
        "/search/export.csv?q=harbour",
    ],
)
def test_a_page_that_needs_the_engine_answers_503_saying_what_still_works(client, engine_down, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert UNAVAILABLE in page and "/browse/" in page
    assert "127.0.0.1" not in page  # the nodes' addresses go to the log, not to the reader


def test_the_reason_with_every_node_tried_goes_to_the_log(client, engine_down, caplog):
    client.get("/search/?q=harbour")
    logged = " ".join(record.getMessage() for record in caplog.records if record.name == "morgue.middleware")
    assert "no node of" in logged and engine_down.split(",")[1].split("/")[0] in logged


@pytest.mark.parametrize("path", ["/api/v1/search/?q=harbour", "/api/v1/articles/?q=harbour"])
def test_the_api_answers_its_own_json_503(client, engine_down, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["error"].startswith(UNAVAILABLE)


def test_the_autocomplete_answers_json_503_with_no_names(client, engine_down):
    response = client.get("/search/actors/autocomplete", {"q": "jan"})
    assert response.status_code == 503
    assert response.json() == {"results": [], "error": response.json()["error"]}
    assert response.json()["error"].startswith(UNAVAILABLE)


def test_the_home_page_is_shown_without_its_most_quoted_list(client, engine_down, article):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert article.title in page  # the newest articles come from the database
    assert "which is not answering right now" in page
    assert "No quotes yet" not in page  # the engine's silence is not "nothing was quoted"


def test_an_article_page_is_shown_without_related_articles(client, engine_down, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Harbour strike" in page and "Jane Roe" in page
    assert "Related articles come from the search engine, which is not answering right now" in page


def test_database_pages_do_not_touch_the_engine(client, engine_down, article):
    actor = Actor.objects.get(name="Jane Roe")
    for path in ("/browse/", "/browse/people/", actor.get_absolute_url(), "/api/v1/articles/"):
        assert client.get(path).status_code == 200, path


def test_with_the_engine_up_the_home_page_lists_the_most_quoted(client, article, drain_index):
    drain_index()
    page = client.get("/").content.decode()
    assert "which is not answering right now" not in page
    assert "Jane Roe" in page
