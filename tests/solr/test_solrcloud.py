"""The local SolrCloud the Solr lane runs on: real Solr nodes over HTTP, started from Maven artifacts.

Run with `make test-solr` (needs Java 17 and Maven; the first run downloads Solr's artifacts). The
cluster is the session's (tests/solr/conftest.py); its collection is the alias the engine builds.
"""

import threading
import time
from collections import Counter

import httpx
import pytest

from search.engine.solr.cloud import SolrCloudAdmin
from search.engine.solr.nodes import Nodes


def get_json(url, **params):
    response = httpx.get(url, params={**params, "wt": "json"}, timeout=30)
    response.raise_for_status()
    return response.json()


def post_documents(collection_url, documents):
    """Documents as they are, each routed by its id (the collection routes by shard_route)."""
    documents = [{"shard_route": document["id"], **document} for document in documents]
    response = httpx.post(f"{collection_url}/update", params={"commit": "true"}, json=documents, timeout=60)
    response.raise_for_status()
    assert response.json()["responseHeader"]["status"] == 0


@pytest.fixture
def cloud(solr_cloud):
    _url, running = solr_cloud
    if running is None:
        pytest.skip("MORGUE_TEST_SOLR_URL names a cluster this session does not drive")
    return running


def test_the_collection_has_two_shards_of_two_replicas_on_two_nodes(cloud):
    collection = SolrCloudAdmin(Nodes(cloud.node_urls)).resolve("morgue")
    status = get_json(f"{cloud.node_urls[0]}/admin/collections", action="CLUSTERSTATUS")
    shards = status["cluster"]["collections"][collection]["shards"]
    assert sorted(shards) == ["shard1", "shard2"]
    for shard in shards.values():
        replicas = list(shard["replicas"].values())
        assert [replica["state"] for replica in replicas] == ["active", "active"]
        assert len({replica["node_name"] for replica in replicas}) == 2


def test_highlights_are_html_escaped(cloud):
    post_documents(cloud.collection_url, [{"id": "xss", "text": "<script>alert(1)</script> border wall"}])
    answer = get_json(
        f"{cloud.collection_url}/select", q="border", fq="id:xss", hl="true", **{"hl.fl": "text"}
    )
    snippet = answer["highlighting"]["xss"]["text"][0]
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet and "<em>border</em>" in snippet


def test_phrases_stay_exact_across_stop_words(cloud):
    post_documents(
        cloud.collection_url,
        [
            {"id": "p1", "text": "the state of the union"},
            {"id": "p2", "text": "the state union of workers"},
        ],
    )
    answer = get_json(f"{cloud.collection_url}/select", q='"state of the union"', fq="id:(p1 OR p2)", fl="id")
    assert [doc["id"] for doc in answer["response"]["docs"]] == ["p1"]


def test_searches_keep_answering_while_a_node_is_down(cloud):
    documents = [{"id": f"node-{number}", "text": f"quorum story {number}"} for number in range(100)]
    post_documents(cloud.collection_url, documents)
    answers = Counter()
    stop = threading.Event()

    def search_until_stopped():
        while not stop.is_set():
            try:
                found = get_json(f"{cloud.collection_url}/select", q="quorum", rows=0)["response"]["numFound"]
                answers[found] += 1
            except httpx.HTTPError as error:
                answers[f"error: {error}"] += 1
            time.sleep(0.02)

    searcher = threading.Thread(target=search_until_stopped)
    searcher.start()
    try:
        time.sleep(0.5)
        cloud.stop_node(1)
        time.sleep(2)
    finally:
        stop.set()
        searcher.join()
        cloud.start_node(1)
    assert set(answers) == {100}, answers
    assert answers[100] >= 10
