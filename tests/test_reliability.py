"""Regression tests for what the reliability runs (bench/stress_*.py, docs/reliability.md) found."""

import os
import threading

import pytest

from archive.ingest.store import store_article
from archive.records import RawActor, RawArticle, RawQuote
from search.indexer import Indexer, compare_index, live_backend

pytestmark = pytest.mark.django_db


def sessions_article(title, alias, body_end):
    body = f'Jeff Sessions said: "We will secure the border." {body_end}'
    return RawArticle(
        body=body,
        title=title,
        actors=[RawActor(name="Jeff Sessions", kind="person", aliases=[alias])],
        quotes=[RawQuote(text="We will secure the border.", start=21, end=47, speaker="Jeff Sessions")],
    )


def test_a_new_alias_from_a_later_import_reaches_the_earlier_articles_and_quotes(drain_index):
    """The alias is bulk-created (no signal): every document showing the actor's aliases must follow."""
    store_article(sessions_article("Sessions at the border", "Sessions", "Officials met."))
    drain_index()
    store_article(sessions_article("Sessions again", "Mr Sessions", "Talks went on."))
    drain_index()
    assert compare_index(live_backend()) == {"missing": [], "ghost": [], "stale": []}


def test_an_indexer_whose_parent_is_gone_stops():
    """gunicorn's master killed with -9 must not leave its indexer running with the daemon lock."""
    assert not Indexer(parent_pid=os.getppid()).orphaned()
    assert not Indexer().orphaned()
    orphan = Indexer(poll=0.01, parent_pid=os.getppid() + 1)
    finished = threading.Thread(target=orphan.loop, daemon=True)
    finished.start()
    finished.join(timeout=5)
    assert not finished.is_alive()
