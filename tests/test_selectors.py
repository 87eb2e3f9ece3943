"""archive/selectors.py: one definition of what the public sees, used by pages, search and API."""

from datetime import date

import pytest

from archive.models import Actor, Article, Quote
from archive.selectors import public_actors, public_sources
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def quoted_only():
    """The Harbour Board is quoted in a published article that mentions nobody; the Draft Board
    is mentioned and quoted only in a draft."""
    for title, board, status in (
        ("Cranes", "Harbour Board", Article.Status.PUBLISHED),
        ("Draft", "Draft Board", Article.Status.DRAFT),
    ):
        body = f'"Cranes arrive," the {board} said.'
        article = make_article(title, body, published=date(2018, 6, 1), status=status)
        speaker = Actor.objects.create(name=board, kind=Actor.Kind.ORGANISATION)
        Quote.objects.create(article=article, speaker=speaker, text="Cranes arrive", start=1, end=14)
        if status == Article.Status.DRAFT:
            article.mentions.create(actor=speaker)


def test_an_actor_quoted_but_never_mentioned_is_public_with_its_counts(quoted_only):
    actors = public_actors(kind=Actor.Kind.ORGANISATION, with_counts=True)
    assert [(a.name, a.article_count, a.quote_count) for a in actors] == [("Harbour Board", 0, 1)]


def test_every_public_list_of_actors_agrees_on_who_is_public(client, quoted_only):
    """The Organisations A-Z page, the search page's name box and the API once had their own rules
    (mentions only on the first two): a speaker quoted but never mentioned was missing there."""
    organisations = client.get("/browse/organisations/").context["page"].object_list
    assert [actor.name for actor in organisations] == ["Harbour Board"]
    assert client.get("/browse/").context["organisation_count"] == 1
    response = client.get("/search/", {"q": "cranes", "name": "harbour board"})
    assert response["Location"] == "/search/?q=cranes&organisation=Harbour+Board"
    assert client.get("/search/", {"q": "cranes", "name": "draft board"})["Location"].endswith(
        "person=draft+board"
    )
    api_names = [row["name"] for row in client.get("/api/v1/actors/").json()["results"]]
    assert api_names == ["Harbour Board"]


def test_a_source_with_only_drafts_is_not_public():
    make_article("Public", "Text.", source="BBC News")
    make_article("Draft", "Text two.", source="Hidden Gazette", status=Article.Status.DRAFT)
    assert [(s.name, s.article_count) for s in public_sources()] == [("BBC News", 1)]


def test_a_search_pages_rows_are_read_by_id_without_sorting_the_archive():
    """The page orders its rows as the hits come; the SQL sorting them by date had SQLite walk
    every published article through the newest-first index (4 s at 100,000 articles)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.hits import hits_with_rows
    from search.request import rows_of

    articles = [make_article(f"Story {n}", f"Text {n}.", published=date(2018, 6, n + 1)) for n in range(3)]
    hits = [type("Hit", (), {"pk": str(article.pk)}) for article in (articles[1], articles[0])]
    with CaptureQueriesContext(connection) as queries:
        rows = hits_with_rows(hits, rows_of("articles"))
    assert [row for _hit, row in rows] == [articles[1], articles[0]]
    assert len(queries) == 1 and "ORDER BY" not in queries[0]["sql"]


def test_planner_statistics_gathered_before_new_indexes_are_refreshed_to_cover_them():
    """Migration 0015: an imported archive's SQLite statistics are refreshed to cover the indexes
    added after them; a database that never had statistics gets none."""
    from importlib import import_module

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner statistics (PostgreSQL keeps its own)")
    refresh = import_module("archive.migrations.0015_refresh_planner_statistics").refresh_statistics
    make_article("Story", "Text.", published=date(2018, 6, 1))
    schema_editor = type("SchemaEditor", (), {"connection": connection})
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")  # no statistics: none are made
        refresh(None, schema_editor)
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone() == (0,)
        cursor.execute("ANALYZE archive_actor")  # statistics, but none of the article indexes
        refresh(None, schema_editor)
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE idx = 'article_public_newest'")
        assert cursor.fetchone() == (1,)


def test_an_actor_is_public_from_its_first_published_mention_without_listing_the_others():
    """The public test stops at an actor's first mention in a published article: written as
    `article IN (the actor's mentions)` SQLite listed every mention of every actor (1.3 s per A-Z
    page at 100,000 articles). Both tests run per mention, each article by its primary key."""
    from django.db import connection

    sql, params = public_actors(kind=Actor.Kind.PERSON).query.sql_with_params()
    assert " IN (SELECT" not in sql
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = [row[3] for row in cursor.fetchall()]
        assert not any("LIST SUBQUERY" in step for step in plan), plan
