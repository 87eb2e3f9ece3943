"""search/engine/solr/nodes.py: a request that cannot reach one node of the cloud goes to the next,
and a cloud that cannot answer raises SearchUnavailable (no Solr needed; tests/solr/test_solr_engine.py
stops a real node, tests/test_search_unavailable.py shows the pages)."""

import pysolr
import pytest
import requests

from search.engine import SearchUnavailable
from search.engine.solr.nodes import Nodes


def refusing(*down):
    """A send() that cannot connect to the nodes in `down` and answers with the node's name elsewhere."""
    asked = []

    def send(base):
        asked.append(base)
        if base in down:
            raise requests.ConnectionError(f"connection refused by {base}")
        return base

    return send, asked


def test_a_node_that_cannot_be_reached_is_passed_over_and_then_asked_last():
    nodes = Nodes(["h1", "h2", "h3"])
    send, asked = refusing("h1")
    assert nodes.first_answer(send) == "h2"
    assert nodes.first_answer(send) == "h2"
    assert asked == ["h1", "h2", "h2"]  # the node that answered is asked first from then on


def test_pysolrs_wrapped_connection_error_also_moves_on():
    def send(base):
        if base == "h1":
            try:
                raise requests.ConnectionError("refused")
            except requests.ConnectionError:
                raise pysolr.SolrError("Failed to connect to server at h1") from None
        return base

    assert Nodes(["h1", "h2"]).first_answer(send) == "h2"


def test_an_answer_that_is_an_error_is_not_sent_again_to_another_node():
    asked = []

    def send(base):
        asked.append(base)
        raise pysolr.SolrError("Solr responded with an error (HTTP 400): undefined field")

    with pytest.raises(pysolr.SolrError, match="HTTP 400"):
        Nodes(["h1", "h2"]).first_answer(send)
    assert asked == ["h1"]


def test_when_no_node_can_be_reached_the_engine_is_unavailable_for_the_last_failure():
    send, asked = refusing("h1", "h2")
    with pytest.raises(SearchUnavailable) as raised:
        Nodes(["h1", "h2"]).first_answer(send)
    assert asked == ["h1", "h2"]
    assert "h1, h2" in raised.value.reason
    assert isinstance(raised.value.__cause__, requests.ConnectionError)
    assert "h2" in str(raised.value.__cause__)


def wrapped(error):
    """pysolr's SolrError for `error`, raised while handling it as pysolr does."""
    try:
        raise error
    except requests.RequestException:
        raise pysolr.SolrError(f"Connection to server timed out: {error}") from None


def test_a_node_that_does_not_answer_in_time_makes_the_engine_unavailable_without_asking_again():
    asked = []

    def send(base):
        asked.append(base)
        wrapped(requests.ReadTimeout("read timed out"))

    with pytest.raises(SearchUnavailable, match="unavailable right now"):
        Nodes(["h1", "h2"]).first_answer(send)
    assert asked == ["h1"]  # it had the request: an update is not sent twice


@pytest.mark.parametrize("status", [502, 503, 504])
def test_an_answer_that_the_collection_cannot_be_served_makes_the_engine_unavailable(status):
    def send(base):
        raise pysolr.SolrError(f"Solr responded with an error (HTTP {status}): no servers hosting shard")

    with pytest.raises(SearchUnavailable) as raised:
        Nodes(["h1", "h2"]).first_answer(send)
    assert f"HTTP {status}" in raised.value.reason


def test_a_query_solr_refuses_is_not_an_outage():
    def send(base):
        raise pysolr.SolrError("Solr responded with an error (HTTP 500): java.lang.NullPointerException")

    with pytest.raises(pysolr.SolrError, match="HTTP 500"):
        Nodes(["h1"]).first_answer(send)
