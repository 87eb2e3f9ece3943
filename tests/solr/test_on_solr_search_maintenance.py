"""tests/test_search_maintenance.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_search_maintenance import *  # noqa: F403
