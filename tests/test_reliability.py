"""Regression tests for what the reliability runs (bench/stress_*.py, docs/reliability.md) found."""

import os
import threading
from itertools import pairwise

import pytest
from django.db import connection

from archive.ingest.store import store_article
from archive.models import Actor, Article, ChangeLogEntry, Mention
from archive.records import RawActor, RawArticle, RawQuote
from archive.selectors import public_actors
from search.engine import search_engine
from search.indexer import Indexer, compare_index
from tests.factories import make_article

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
    assert compare_index(search_engine()) == {"missing": [], "ghost": [], "stale": [], "spelling": []}


def test_an_indexer_whose_parent_is_gone_stops():
    """gunicorn's master killed with -9 must not leave its indexer running with the daemon lock."""
    assert not Indexer(parent_pid=os.getppid()).orphaned()
    assert not Indexer().orphaned()
    orphan = Indexer(poll=0.01, parent_pid=os.getppid() + 1)
    finished = threading.Thread(target=orphan.loop, daemon=True)
    finished.start()
    finished.join(timeout=5)
    assert not finished.is_alive()


def test_actor_a_to_z_counts_from_the_actors_not_from_every_published_article(db):
    """The load run found /browse/people/ at 12 s: the join was driven by the published articles."""
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    make_article("Budget talks", "Gordon Brown met Tony Blair.", people=["Gordon Brown", "Tony Blair"])
    make_article("Draft", "Tony Blair spoke.", people=["Tony Blair"], status=Article.Status.DRAFT)
    people = public_actors(kind=Actor.Kind.PERSON, with_counts=True).order_by("name")
    assert [(a.name, a.article_count) for a in people] == [("Gordon Brown", 1), ("Tony Blair", 1)]
    sql, params = people.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    assert not any("archive_article USING" in step and "status" in step for step in plan), plan
    # Nor a subquery run once per actor that starts from the published articles (the plan names
    # the table by its alias there; a list of published ids built once is fine).
    per_actor_scans = [
        step
        for head, step in pairwise(plan)
        if head.startswith("CORRELATED") and "archive_article_status" in step and "(status=?)" in step
    ]
    assert per_actor_scans == [], plan


def test_a_new_actor_queues_nothing_until_something_names_it(drain_index):
    """An import creates thousands of actors; each used to queue a redundant outbox entry."""
    pending = ChangeLogEntry.objects.count()
    actor = Actor.objects.create(name="Nobody Yet", kind=Actor.Kind.PERSON)
    assert ChangeLogEntry.objects.count() == pending
    article = make_article("Nobody Yet speaks", "Nobody Yet spoke today.")
    Mention.objects.create(article=article, actor=actor)
    drain_index()
    assert compare_index(search_engine()) == {"missing": [], "ghost": [], "stale": [], "spelling": []}
    assert search_engine().searcher().document(id=f"archive.actor.{actor.pk}") is not None
