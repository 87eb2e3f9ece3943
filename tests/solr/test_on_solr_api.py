"""tests/test_api.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_api import *  # noqa: F403
