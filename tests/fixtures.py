"""The small indexed archive most search, export, feed, API and access tests share (`archive`), with
a draft and an embargoed article that match every query the public ones do, so any leak shows up;
and `known`, its objects by role for the hostile-request tests. Registered in tests/conftest.py."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from archive.models import Article
from tests.factories import hidden, make_article, make_quote
from tests.hostile_requests import known_objects


@pytest.fixture(name="archive")
def archive_fixture(db, drain_index):
    lopez = make_article(
        'Harbour deal: López says "yes, finally"',
        '"The harbour will reopen, with new cranes," Ana López said.\nThe Port Authority agreed.',
        published=date(2018, 6, 14),
        people=["Ana López"],
        organisations=["Port Authority"],
    )
    make_quote(lopez, "Ana López", "The harbour will reopen, with new cranes")
    formula = make_article(
        '=HYPERLINK("http://evil.example") harbour fees',
        "Fees at the harbour rose. +1 for the ferries, said @harbourmaster.",
        published=date(2018, 3, 2),
        source="Reuters",
        people=["Bo Chen"],
    )
    make_quote(formula, "Bo Chen", "+1 for the ferries")
    undated = make_article("Harbour history", "The harbour was built long ago.", source="Local Times")
    older = make_article(
        "Harbour budget vote",
        "The harbour budget passed. The Port Authority paid.",
        published=date(2017, 11, 5),
        organisations=["Port Authority"],
    )
    draft = hidden("Draft: harbour secret", status=Article.Status.DRAFT)
    embargoed = hidden(
        "Embargoed: harbour secret",
        status=Article.Status.EMBARGOED,
        embargo_until=timezone.now() + timedelta(days=3),
    )
    drain_index()
    return {
        "lopez": lopez,
        "formula": formula,
        "undated": undated,
        "older": older,
        "draft": draft,
        "embargoed": embargoed,
    }


@pytest.fixture(name="known")
def known_fixture(archive):
    """Every public and hidden object of the `archive` fixture, by role (tests/hostile_requests.py)."""
    return known_objects(archive)
