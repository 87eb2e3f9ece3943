"""tests/test_pages.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_pages import *  # noqa: F403
