"""tests/test_export.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_export import *  # noqa: F403
