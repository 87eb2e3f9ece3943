"""tests/test_actor_provenance.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_actor_provenance import *  # noqa: F403
