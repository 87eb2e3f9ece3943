"""tests/test_xss.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_xss import *  # noqa: F403
