"""tests/test_feeds.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_feeds import *  # noqa: F403
