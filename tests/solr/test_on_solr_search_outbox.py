"""tests/test_search_outbox.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_search_outbox import *  # noqa: F403
