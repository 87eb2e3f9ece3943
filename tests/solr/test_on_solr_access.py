"""tests/test_access.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_access import *  # noqa: F403
