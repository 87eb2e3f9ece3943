"""Hostile query strings sent to every search, export, feed, API and archive URL: never a server
error, and every client error says what is wrong (tests/hostile_requests.py; the long run of the
same property is tests/stress/test_hostile_queries_stress.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import make_article
from tests.hostile_requests import ENDPOINT_NAMES, check, hostile_settings, send

EXAMPLES_PER_URL = 15  # x 27 URLs: about 400 requests


@hostile_settings(EXAMPLES_PER_URL)
@given(data=st.data())
@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES)
def test_hostile_requests_never_fail_the_server(client, known, endpoint, data):
    send(client, known, endpoint, data)


# Requests that once were server errors (found by the property above or by reading the code).
REGRESSIONS = (
    "/search/?page=" + "9" * 5000,  # int() refuses more than 4,300 digits
    "/search/?q=harbour&page=" + "9" * 5000,
    "/browse/months/10000/1/",  # beyond Python's dates
    "/browse/months/99999999999/1/",
    "/browse/months/0/1/",
    "/browse/people/?letter=%00",  # PostgreSQL refuses NUL in text
    "/api/v1/actors/?name=%00",
    "/search/?q=harbour&date_from=0001-1-1",  # Whoosh misreads years before 1000
    "/api/v1/search/?q=harbour&date_to=0099-01-01",
    "/search/feed/?q=harbour&source=%1B",  # XML 1.0 cannot hold control characters
)


@pytest.mark.parametrize("url", REGRESSIONS)
def test_requests_that_once_failed_the_server(client, archive, url):
    check(client.get(url), url)


def test_a_title_with_control_characters_does_not_break_the_feed(client, archive, drain_index):
    make_article("Harbour \x0bvertical tab\x1b title", "The harbour \x07 bell \x0c and more.")
    drain_index()
    response = client.get("/search/feed/?q=harbour")
    assert response.status_code == 200
    assert b"Harbour vertical tab title" in response.content
