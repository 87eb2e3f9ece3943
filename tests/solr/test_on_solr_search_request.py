"""tests/test_search_request.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_search_request import *  # noqa: F403
