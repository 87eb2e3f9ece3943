"""The long run of tests/test_hostile_queries.py: 400 hostile requests to each of the 27 public URLs
(10,800 in all, a few minutes). `make stress` runs it; the summary line counts the responses."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile_requests import ENDPOINT_NAMES, hostile_settings, send

EXAMPLES_PER_URL = 400


@hostile_settings(EXAMPLES_PER_URL)
@given(data=st.data())
@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES)
def test_hostile_requests_never_fail_the_server(client, known, tally, endpoint, data):
    response = send(client, known, endpoint, data)
    tally[f"{response.status_code // 100}xx"] += 1
