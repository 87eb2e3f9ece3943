"""`speaker:` and `actor:` read an actor's aliases from its own search document (search/query.py:
NamedActors), so merging a much-named actor rewrites the merged actor's few articles, not every
document naming the survivor (issue #13) — and every public path still answers as before."""

import csv
import io
from datetime import date

import pytest

from archive.editing import merge_actors
from archive.models import Actor, ActorAlias, Article, Quote
from search import indexer
from tests.factories import API, get_json, make_article, make_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(drain_index):
    """Jeff Sessions (the survivor-to-be, named in three articles and quoted in one) and Jeff
    Beauregard (named in one published article, where he is quoted, and in a draft)."""
    named = {
        "survivor": [
            make_article(
                f"Sessions {topic}",
                f"Jeff Sessions on {topic}.",
                date(2018, 6, day),
                people=["Jeff Sessions"],
            )
            for day, topic in ((1, "the border"), (2, "crime"), (3, "trade"))
        ],
        "duplicate": make_article(
            "Beauregard on ferries",
            "Jeff Beauregard said: Ferries are late.",
            date(2018, 6, 4),
            people=["Jeff Beauregard"],
        ),
        "draft": make_article(
            "Beauregard draft",
            "Jeff Beauregard, unpublished.",
            people=["Jeff Beauregard"],
            status=Article.Status.DRAFT,
        ),
    }
    make_quote(named["survivor"][0], "Jeff Sessions", "Jeff Sessions on the border")
    make_quote(named["duplicate"], "Jeff Beauregard", "Ferries are late")
    drain_index()
    return named


def merge():
    """Merges Jeff Beauregard into Jeff Sessions and drains as the indexer's batches do."""
    merge_actors(Actor.objects.get(name="Jeff Sessions"), [Actor.objects.get(name="Jeff Beauregard")])
    while indexer.drain_batch():
        pass


def page_titles(client, q, tab="articles"):
    context = client.get("/search/", {"q": q, "tab": tab}).context
    if tab == "quotes":
        return sorted(row["quote"].text for row in context["quote_results"])
    return sorted(row["article"].title for row in context["article_results"])


def test_a_merge_rewrites_the_merged_actors_articles_and_quotes_only(sessions, documents_written):
    merge()
    assert {obj.pk for obj in documents_written if isinstance(obj, Article)} == {sessions["duplicate"].pk}
    assert {obj.text for obj in documents_written if isinstance(obj, Quote)} == {"Ferries are late"}
    assert {obj.name for obj in documents_written if isinstance(obj, Actor)} == {"Jeff Sessions"}


def test_after_a_merge_both_names_find_every_article_of_the_survivor(client, sessions):
    assert page_titles(client, "actor:Beauregard") == ["Beauregard on ferries"]
    merge()
    everything = ["Beauregard on ferries", "Sessions crime", "Sessions the border", "Sessions trade"]
    for q in (
        "actor:Beauregard",
        'actor:"Jeff Beauregard"',
        'actor:"Jeff Sessions"',
        "actor:sessions",
        "actor:beaur*",
    ):
        assert page_titles(client, q) == everything, q
    assert page_titles(client, "speaker:Beauregard") == ["Beauregard on ferries", "Sessions the border"]
    assert page_titles(client, "speaker:Beauregard", tab="quotes") == [
        "Ferries are late",
        "Jeff Sessions on the border",
    ]
    assert page_titles(client, "jeff -actor:Beauregard") == []
    assert page_titles(client, "ferries OR actor:Nobody") == ["Beauregard on ferries"]
    assert page_titles(client, "actor:Nobody") == []


def test_after_a_merge_the_api_exports_and_facets_agree(client, sessions):
    merge()
    found = get_json(client, f"{API}/search/", {"q": "actor:Beauregard"})
    assert found["count"] == 4
    assert found["facets"]["person"] == [{"value": "Jeff Sessions", "count": 4}]
    listed = get_json(client, f"{API}/articles/", {"q": "speaker:Beauregard"})
    assert sorted(row["title"] for row in listed["results"]) == [
        "Beauregard on ferries",
        "Sessions the border",
    ]
    exported = b"".join(
        client.get("/search/export.csv", {"q": "actor:Beauregard"}).streaming_content
    ).decode()
    assert sorted(row["title"] for row in csv.DictReader(io.StringIO(exported))) == [
        "Beauregard on ferries",
        "Sessions crime",
        "Sessions the border",
        "Sessions trade",
    ]
    people_page = client.get(Actor.objects.get(name="Jeff Sessions").get_absolute_url()).context
    assert people_page["article_page"].paginator.count == 4
    assert people_page["aliases"] == ["Jeff Beauregard"]


def test_a_name_only_a_draft_uses_finds_nothing(client, sessions, drain_index):
    ActorAlias.objects.create(
        actor=Actor.objects.get(name="Jeff Sessions"), alias="Quxley", article=sessions["draft"]
    )
    drain_index()
    assert page_titles(client, "actor:Quxley") == []
    assert get_json(client, f"{API}/search/", {"q": "speaker:Quxley"})["count"] == 0
    sessions["draft"].status = Article.Status.PUBLISHED
    sessions["draft"].save()
    drain_index()
    assert page_titles(client, "actor:Quxley") == ["Sessions crime", "Sessions the border", "Sessions trade"]


def test_an_editors_alias_rewrites_only_the_actors_document(client, sessions, drain_index, documents_written):
    ActorAlias.objects.create(actor=Actor.objects.get(name="Jeff Sessions"), alias="Attorney General")
    drain_index()
    assert [type(obj).__name__ for obj in documents_written] == ["Actor"]
    assert page_titles(client, 'actor:"attorney general"') == [
        "Sessions crime",
        "Sessions the border",
        "Sessions trade",
    ]
