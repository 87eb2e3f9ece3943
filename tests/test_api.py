"""The JSON API's details, errors and description: /api/v1/ articles, quotes, actors, openapi.json."""

import json

import pytest
from django.test import Client
from django.urls import resolve

from archive.models import Actor, ActorAlias, Mention
from tests.factories import API, get_json, hidden_titles


def test_the_index_lists_the_endpoints(client, db):
    index = get_json(client, f"{API}/")
    assert index["articles"] == "http://testserver/api/v1/articles/"
    assert set(index) == {"articles", "quotes", "actors", "search", "openapi"}


def test_article_detail_has_body_quotes_and_actors_with_links(client, archive):
    article = archive["lopez"]
    record = get_json(client, f"{API}/articles/{article.pk}/")
    assert record["title"] == article.title
    assert record["body"] == article.body
    assert record["published"] == "2018-06-14"
    assert record["archive_url"] == f"http://testserver{article.get_absolute_url()}"
    [quote] = record["quotes"]
    assert quote["text"] == "The harbour will reopen, with new cranes"
    assert quote["speaker"] == "Ana López"
    assert quote["speaker_api_url"] == "http://testserver/api/v1/actors/ana-lopez/"
    assert {(a["name"], a["kind"]) for a in record["actors"]} == {
        ("Ana López", "person"),
        ("Port Authority", "organisation"),
    }
    assert all(a["api_url"].startswith("http://testserver/api/v1/actors/") for a in record["actors"])
    assert not {"status", "embargo_until", "imported_from"} & set(record)


def test_non_ascii_text_is_sent_as_utf8_not_escaped(client, archive):
    response = client.get(f"{API}/articles/{archive['lopez'].pk}/")
    assert "López".encode() in response.content


def test_dates_keep_their_precision(client, archive):
    article = archive["older"]
    article.date_precision = "month"
    article.save()
    assert get_json(client, f"{API}/articles/{article.pk}/")["published"] == "2017-11"
    assert get_json(client, f"{API}/articles/{archive['undated'].pk}/")["published"] is None


@pytest.mark.parametrize("name", ["draft", "embargoed"])
def test_hidden_articles_and_their_quotes_are_not_found(client, archive, name):
    article = archive[name]
    error = get_json(client, f"{API}/articles/{article.pk}/", status=404)
    # The same words as for an id that never existed: a hidden article's existence does not leak.
    assert error == {"error": f"Not found: nothing public is at {API}/articles/{article.pk}/.", "fields": {}}
    get_json(client, f"{API}/quotes/{article.quotes.get().pk}/", status=404)


def test_quote_detail_names_speaker_and_article(client, archive):
    quote = archive["formula"].quotes.get()
    record = get_json(client, f"{API}/quotes/{quote.pk}/")
    assert record["text"] == "+1 for the ferries"
    assert record["speaker"]["name"] == "Bo Chen"
    assert record["article"]["id"] == archive["formula"].pk
    assert record["article"]["source"] == "Reuters"


def test_actor_detail_counts_only_published_articles_and_quotes(client, archive):
    actor = Actor.objects.get(name="Ana López")
    ActorAlias.objects.create(actor=actor, alias="A. López")
    record = get_json(client, f"{API}/actors/{actor.slug}/")
    assert record["aliases"] == ["A. López"]
    assert (record["article_count"], record["quote_count"]) == (1, 1)  # the draft and embargo not counted
    articles = get_json(client, record["articles_url"])
    assert [a["id"] for a in articles["results"]] == [archive["lopez"].pk]
    quotes = get_json(client, record["quotes_url"])
    assert [q["text"] for q in quotes["results"]] == ["The harbour will reopen, with new cranes"]


def test_an_actor_known_only_from_hidden_articles_is_not_found(client, archive):
    insider = Actor.objects.create(name="Deep Throat", kind=Actor.Kind.PERSON)
    Mention.objects.create(article=archive["draft"], actor=insider)
    get_json(client, f"{API}/actors/{insider.slug}/", status=404)
    names = [a["name"] for a in get_json(client, f"{API}/actors/", {"page_size": 100})["results"]]
    assert "Deep Throat" not in names


def test_a_merged_actor_redirects_to_the_survivor(client, archive):
    survivor = Actor.objects.get(name="Ana López")
    merged = Actor.objects.create(name="Ana Lopez", kind=Actor.Kind.PERSON, merged_into=survivor)
    response = client.get(f"{API}/actors/{merged.slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver/api/v1/actors/{survivor.slug}/"


def test_the_api_is_read_only(archive):
    response = Client(enforce_csrf_checks=True).post(f"{API}/articles/", {"title": "x"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"] == "The API is read-only: use GET."


def test_an_unknown_endpoint_is_a_json_404(client, db):
    error = get_json(client, f"{API}/writers/", status=404)
    assert "No such API endpoint: /api/v1/writers/" in error["error"]


def test_responses_may_be_read_by_other_sites(client, db):
    assert client.get(f"{API}/articles/")["Access-Control-Allow-Origin"] == "*"


def test_openapi_describes_every_endpoint(client, db):
    description = get_json(client, f"{API}/openapi.json")
    assert description["openapi"].startswith("3.")
    assert description["servers"] == [{"url": "http://testserver/api/v1"}]
    described = set(description["paths"])
    assert described == {
        "/",
        "/openapi.json",
        "/articles/",
        "/articles/{id}/",
        "/quotes/",
        "/quotes/{id}/",
        "/actors/",
        "/actors/{slug}/",
        "/search/",
    }
    for path in described:
        concrete = API + path.replace("{id}", "1").replace("{slug}", "ana-lopez")
        assert resolve(concrete).url_name, f"{path} is described but only the catch-all 404 serves it"
    for path, item in description["paths"].items():
        for parameter in item["get"].get("parameters", []):
            ref = parameter.get("$ref", "")
            assert not ref or ref.split("/")[-1] in description["components"]["parameters"], (path, ref)


def test_the_openapi_file_is_valid_json():
    from api.views import OPENAPI_FILE

    assert json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))["info"]["title"]


def test_hidden_titles_appear_in_no_list(client, archive):
    seen = set()
    for path, params in (
        ("articles/", {"page_size": 100}),
        ("articles/", {"q": "secret"}),
        ("quotes/", {"page_size": 100}),
        ("quotes/", {"q": "secret"}),
        ("search/", {"q": "harbour"}),
        ("search/", {"q": "secret", "tab": "quotes"}),
    ):
        for row in get_json(client, f"{API}/{path}", params)["results"]:
            seen.add(row.get("title") or row["article"]["title"])
    assert seen and not seen & hidden_titles(archive)
