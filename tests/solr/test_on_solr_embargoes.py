"""tests/test_embargoes.py, run against SolrCloud (tests/solr/conftest.py)."""

from tests.test_embargoes import *  # noqa: F403
