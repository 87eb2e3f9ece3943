"""search/engine/solr/nodes.py: a request that cannot reach one node of the cloud goes to the next
(no Solr needed; tests/solr/test_solr_engine.py stops a real node)."""

import pysolr
import pytest
import requests

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


def test_when_no_node_can_be_reached_the_last_failure_is_raised():
    send, asked = refusing("h1", "h2")
    with pytest.raises(requests.ConnectionError, match="h2"):
        Nodes(["h1", "h2"]).first_answer(send)
    assert asked == ["h1", "h2"]
