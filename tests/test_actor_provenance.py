"""An actor's public role and aliases come from published articles only (issue 12, finding 1).

A draft that says "Barack Obama, the flimwarden envoy of Quxbrindle Partners" and calls him "Mr
Quxbrindle" must not show either through the actor page, the API's actor and article records, the
JSON-lines export, the autocomplete or `actor:` searches; publishing the draft makes them public,
unpublishing, deleting or re-embargoing it hides them again.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from archive.editing import merge_actors
from archive.embargoes import release_due_embargoes
from archive.ingest.store import store_article
from archive.models import Actor, ActorAlias, Article
from archive.records import RawActor, RawArticle
from search.engine import search_engine
from search.indexer import compare_index

pytestmark = pytest.mark.django_db

DRAFT_ROLE = "the flimwarden envoy of Quxbrindle Partners"
DRAFT_FORM = "Mr Quxbrindle"
SECRETS = ("flimwarden", "Quxbrindle")


def obama_article(title, role, forms, **fields):
    body = f"Barack Obama, {role}, said the talks went well. {' '.join(forms)} agreed. ({title})"
    raw = RawArticle(
        body=body,
        title=title,
        actors=[RawActor(name="Barack Obama", kind="person", aliases=list(forms), description=role)],
        **fields,
    )
    return store_article(raw)[0]


@pytest.fixture
def obama(drain_index):
    published = obama_article("Talks in Hawaii", "the former US president", ["Obama"])
    draft = obama_article("Talks in secret", DRAFT_ROLE, [DRAFT_FORM], status=Article.Status.DRAFT)
    drain_index()
    return {"published": published, "draft": draft, "actor": Actor.objects.get(name="Barack Obama")}


def public_texts(client, obama):
    """What every public path says about Obama and about the published article naming him."""
    published = obama["published"]
    texts = {
        "actor page": client.get("/actors/barack-obama/").content.decode(),
        "API actor": client.get("/api/v1/actors/barack-obama/").content.decode(),
        "API actor list": client.get("/api/v1/actors/?name=obama").content.decode(),
        "API article": client.get(f"/api/v1/articles/{published.pk}/").content.decode(),
        "export": b"".join(client.get("/search/export.jsonl?q=talks").streaming_content).decode(),
        "autocomplete": client.get("/search/actors/autocomplete?q=Quxb").content.decode(),
    }
    for query in ("actor:Quxbrindle", "speaker:Quxbrindle", '"Mr Quxbrindle"'):
        texts[query] = str(client.get("/search/", {"q": query}).context["total"])
    return texts


def leaks(client, obama):
    return {
        where: secret
        for where, text in public_texts(client, obama).items()
        for secret in SECRETS
        if secret.lower() in text.lower() or (where.startswith(("actor:", "speaker:")) and text != "0")
    }


def test_a_drafts_role_and_name_forms_show_on_no_public_path(client, obama):
    assert leaks(client, obama) == {}
    api = client.get("/api/v1/actors/barack-obama/").json()
    assert api["description"] == "the former US president"
    assert api["aliases"] == ["Obama"]
    record = client.get(f"/api/v1/articles/{obama['published'].pk}/").json()["actors"][0]
    assert record["aliases"] == ["Obama"] and record["description"] == "the former US president"


def test_publishing_the_draft_makes_its_forms_public_and_unpublishing_hides_them(client, obama, drain_index):
    draft = obama["draft"]
    draft.status = Article.Status.PUBLISHED
    draft.save()
    drain_index()
    api = client.get("/api/v1/actors/barack-obama/").json()
    assert api["aliases"] == [DRAFT_FORM, "Obama"]
    assert api["description"] == "the former US president"  # the earliest published article's
    assert "Barack Obama" in client.get("/search/actors/autocomplete?q=Quxb").content.decode()
    assert client.get("/search/", {"q": "actor:Quxbrindle"}).context["total"] == 2
    assert compare_index(search_engine()) == {"missing": [], "ghost": [], "stale": [], "spelling": []}

    draft.status = Article.Status.DRAFT
    draft.save()
    drain_index()
    assert leaks(client, obama) == {}
    assert compare_index(search_engine()) == {"missing": [], "ghost": [], "stale": [], "spelling": []}


def test_the_role_of_an_actor_only_a_draft_describes_is_public_once_it_is_released(client, drain_index):
    draft = obama_article(
        "Embargoed talks",
        DRAFT_ROLE,
        [DRAFT_FORM],
        status=Article.Status.EMBARGOED,
        embargo_until=timezone.now() + timedelta(days=1),
    )
    obama_article("Talks in Hawaii", "", [])
    drain_index()
    assert client.get("/api/v1/actors/barack-obama/").json()["description"] == ""
    assert DRAFT_ROLE not in client.get("/actors/barack-obama/").content.decode()
    Article.objects.filter(pk=draft.pk).update(embargo_until=timezone.now() - timedelta(seconds=1))
    assert release_due_embargoes() == [draft.pk]
    drain_index()
    assert client.get("/api/v1/actors/barack-obama/").json()["description"] == DRAFT_ROLE
    assert DRAFT_ROLE in client.get("/actors/barack-obama/").content.decode()


def test_deleting_the_only_article_with_a_form_removes_it_everywhere(client, obama, drain_index):
    draft = obama["draft"]
    draft.status = Article.Status.PUBLISHED
    draft.save()
    drain_index()
    assert client.get("/search/", {"q": "actor:Quxbrindle"}).context["total"] == 2
    draft.delete()
    drain_index()
    assert leaks(client, obama) == {}
    assert compare_index(search_engine()) == {"missing": [], "ghost": [], "stale": [], "spelling": []}


def test_an_editors_role_and_alias_are_public(client, obama, drain_index):
    actor = obama["actor"]
    actor.description = "44th President of the United States"
    actor.save()
    ActorAlias.objects.create(actor=actor, alias="Barry")
    drain_index()
    api = client.get("/api/v1/actors/barack-obama/").json()
    assert api["description"] == "44th President of the United States"
    assert api["aliases"] == ["Barry", "Obama"]
    assert "Barack Obama" in client.get("/search/actors/autocomplete?q=Barr").content.decode()


def test_merging_a_draft_only_actor_keeps_its_name_private(client, obama, drain_index):
    """The merged name becomes an alias from the articles that used it, not an editor's word."""
    thatcher = Actor.objects.create(name="Mrs Quxbrindle", kind=Actor.Kind.PERSON)
    obama["draft"].mentions.create(actor=thatcher)
    merge_actors(obama["actor"], [thatcher])
    drain_index()
    assert leaks(client, obama) == {}
    assert set(obama["actor"].aliases.values_list("alias", "article")) == {
        ("Obama", obama["published"].pk),
        (DRAFT_FORM, obama["draft"].pk),
        ("Mrs Quxbrindle", obama["draft"].pk),
    }


def test_the_export_gives_each_article_the_forms_and_role_it_uses(client, obama):
    from archive.export import iter_records

    records = {record["title"]: record for record in iter_records()}
    assert records["Talks in secret"]["actors"][0]["aliases"] == [DRAFT_FORM]
    assert records["Talks in secret"]["actors"][0]["description"] == DRAFT_ROLE
    assert records["Talks in Hawaii"]["actors"][0]["aliases"] == ["Obama"]
    export = b"".join(client.get("/search/export.jsonl?q=talks").streaming_content).decode()
    assert [json.loads(line)["title"] for line in export.splitlines()] == ["Talks in Hawaii"]


def test_the_migration_gives_existing_aliases_and_roles_the_articles_that_hold_them():
    """Migration 0004: an alias or role read in some article moves to it; an editor's stays put."""
    import importlib

    from django.apps import apps

    from tests.factories import make_article

    migration = importlib.import_module("archive.migrations.0005_actor_provenance")
    holder = make_article("Holder", "Mr Quxbrindle, the flimwarden envoy, spoke.", people=["Barack Obama"])
    other = make_article("Other", "Barack Obama spoke.", people=["Barack Obama"], status=Article.Status.DRAFT)
    actor = Actor.objects.get(name="Barack Obama")
    actor.description = "the flimwarden envoy"
    actor.save()
    ActorAlias.objects.create(actor=actor, alias="Mr Quxbrindle")
    ActorAlias.objects.create(actor=actor, alias="Barry")  # in no article: an editor's
    migration.trace_provenance(apps, None)
    assert set(actor.aliases.values_list("alias", "article")) == {
        ("Mr Quxbrindle", holder.pk),
        ("Barry", None),
    }
    assert holder.mentions.get().role == "the flimwarden envoy" and other.mentions.get().role == ""
    actor.refresh_from_db()
    assert actor.description == "" and actor.public_role == "the flimwarden envoy"


def test_a_drafts_name_form_finds_the_actor_in_no_name_box(client, obama):
    """People A–Z's name filter and the search page's name box match public forms only."""
    assert "Barack Obama" not in client.get("/browse/people/", {"name": "Quxbrindle"}).content.decode()
    assert "Barack Obama" in client.get("/browse/people/", {"name": "Obama"}).content.decode()
    response = client.get("/search/", {"q": "talks", "name": DRAFT_FORM})
    assert response.status_code == 302
    assert "Barack" not in response.url  # the draft's form stays what was typed: no actor behind it
    assert "person=Barack+Obama" in client.get("/search/", {"q": "talks", "name": "obama"}).url
