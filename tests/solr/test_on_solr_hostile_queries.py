"""tests/test_hostile_queries.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_hostile_queries import *  # noqa: F403
