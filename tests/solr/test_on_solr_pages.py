"""The search page's tests (tests/test_search_page.py), run against SolrCloud."""

from tests.test_search_page import *  # noqa: F403
