"""tests/test_search_merged_actors.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_search_merged_actors import *  # noqa: F403
