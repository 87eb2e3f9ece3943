"""tests/test_export_large.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_export_large import *  # noqa: F403
