"""tests/test_reliability.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_reliability import *  # noqa: F403
