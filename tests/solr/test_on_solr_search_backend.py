"""tests/test_search_backend.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_search_backend import *  # noqa: F403
