"""tests/test_search_page.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_search_page import *  # noqa: F403
