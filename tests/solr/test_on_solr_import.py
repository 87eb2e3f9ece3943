"""tests/test_import.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_import import *  # noqa: F403
