"""The Solr lane (`make test-solr`): one real SolrCloud for the whole session, and the suite's
engine-neutral test modules re-run against it (tests/solr/test_on_solr_*.py import them).

`search_index` here overrides the suite's: every test under tests/solr/ searches the session's
collection, emptied before the test. MORGUE_TEST_SOLR_URL=http://…/solr/COLLECTION reuses a running
cluster (`make solr`) instead of starting one; without java and mvn the lane is skipped.
"""

import os
import shutil
from pathlib import Path

import pytest
from haystack import connections

from morgue.search_url import haystack_connection
from search.solr.cluster import SolrCloud

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().parent == HERE:
            item.add_marker(pytest.mark.solr)


@pytest.fixture(scope="session")
def solr_cloud(tmp_path_factory):
    """The running SolrCloud: started for this session (2 nodes, 2 shards × 2 replicas) unless
    MORGUE_TEST_SOLR_URL names one. Yields (collection URL, SolrCloud or None)."""
    given = os.environ.get("MORGUE_TEST_SOLR_URL")
    if given:
        yield given, None
        return
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("the Solr lane needs java and mvn")
    with SolrCloud(tmp_path_factory.mktemp("solrcloud")) as cloud:
        yield cloud.collection_url, cloud


@pytest.fixture(scope="session")
def solr_collection(solr_cloud):
    """The session's collection URL, its alias pointed at a build from the project's configset."""
    url, _cloud = solr_cloud
    from search.engine.solr.backend import MorgueSolrBackend

    engine = MorgueSolrBackend("default", **haystack_connection(url, None))
    if not engine.schema_is_current():
        build = engine.new_build()
        engine.publish(build)
        engine.remove_old_builds()
    return url


@pytest.fixture(autouse=True)
def search_index(settings, solr_collection):
    """Point haystack at the session's Solr collection, emptied for this test."""
    settings.HAYSTACK_CONNECTIONS = {"default": haystack_connection(solr_collection, None)}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    connections["default"].get_backend().clear()
    yield solr_collection
    connections.reload("default")
