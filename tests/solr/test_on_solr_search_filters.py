"""tests/test_search_filters.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_search_filters import *  # noqa: F403
