"""tests/test_security.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_security import *  # noqa: F403
