"""tests/test_search_states.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_search_states import *  # noqa: F403
