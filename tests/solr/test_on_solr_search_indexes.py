"""tests/test_search_indexes.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_search_indexes import *  # noqa: F403
