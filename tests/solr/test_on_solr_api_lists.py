"""tests/test_api_lists.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_api_lists import *  # noqa: F403
