"""Drafts and embargoed articles appear in no public response — page, search count, facet,
autocomplete, related list, export, feed or API answer — until they are published; then they do.
A login-only archive asks for a login on every URL but the static files; the admin is staff-only
and checks CSRF tokens."""

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.embargoes import release_due_embargoes
from archive.models import Actor, Article, Quote, Source
from tests.factories import make_article, make_quote, wire_copies

# Words, names and sources that only the hidden articles hold (beside everything the public ones hold).
SECRETS = {
    "draft": ("zanzibarsecret", "Dora Draftwell", "Drafty Holdings", "Secret Source"),
    "embargoed": ("quokkaembargo", "Emil Embargo", "Embargo Group", "Embargo Wire"),
}


def hidden_article(kind, **fields):
    word, person, organisation, source = SECRETS[kind]
    body = (
        f'"The harbour {word} stays," {person} said. Ana López and the Port Authority of the harbour '
        f"agreed with {organisation}."
    )
    article = make_article(
        f"Harbour {word}",
        body,
        published=date(2018, 6, 15),
        source=source,
        people=[person, "Ana López"],
        organisations=[organisation, "Port Authority"],
        **fields,
    )
    make_quote(article, person, f"The harbour {word} stays")
    return article


@pytest.fixture
def hidden(archive, drain_index):
    """The archive fixture's public and hidden articles, plus one hidden article of each kind whose
    words, people, organisation and source appear nowhere else."""
    draft = hidden_article("draft", status=Article.Status.DRAFT)
    embargoed = hidden_article(
        "embargoed", status=Article.Status.EMBARGOED, embargo_until=timezone.now() + timedelta(days=2)
    )
    drain_index()
    return {"draft": draft, "embargoed": embargoed, "others": [archive["draft"], archive["embargoed"]]}


def secret_strings(article):
    strings = [*SECRETS["draft" if article.status == Article.Status.DRAFT else "embargoed"], article.title]
    return [*strings, f"/articles/{article.pk}/", f"/api/v1/articles/{article.pk}/"]


def public_urls():
    """Every public URL, with search variants aimed at the hidden articles' words and names."""
    names = [name for words in SECRETS.values() for name in words[1:]]
    words = [words[0] for words in SECRETS.values()]
    queries = ["harbour", "secret", *words, *[f'"{name}"' for name in names], "López", "speaker:López"]
    searches = [f"q={q}" for q in queries] + [
        f"q=harbour&{param}={value}"
        for param, value in [
            *(("person", name) for name in ("Ana López", "Dora Draftwell", "Emil Embargo")),
            *(("organisation", name) for name in ("Port Authority", "Drafty Holdings", "Embargo Group")),
            *(("source", name) for name in ("BBC News", "Secret Source", "Embargo Wire")),
            ("speaker", "Ana López"),
            ("speaker", "Dora Draftwell"),
            ("year", "2018"),
            ("month", "2018-06"),
        ]
    ]
    urls = ["/", "/browse/", "/browse/sources/", "/browse/months/", "/browse/months/2018/6/"]
    urls += [f"/browse/{kind}/?letter={letter}" for kind in ("people", "organisations") for letter in "ADEPS"]
    urls += [f"/browse/sources/{source.slug}/" for source in Source.objects.all()]
    urls += [actor.get_absolute_url() for actor in Actor.objects.all()]
    urls += [article.get_absolute_url() for article in Article.objects.all()]
    urls += [f"/search/actors/autocomplete?q={q}" for q in ("Dora", "Emil", "Draft", "Embargo", "Ana", "Se")]
    for search in searches:
        for tab in ("articles", "quotes"):
            urls += [
                f"{path}?{search}&tab={tab}"
                for path in ("/search/", "/search/export.csv", "/search/export.jsonl", "/search/feed/")
            ]
            urls += [f"/api/v1/search/?{search}&tab={tab}"]
        urls += [f"/api/v1/articles/?{search}"]
    urls += ["/api/v1/articles/", "/api/v1/quotes/", "/api/v1/actors/", "/api/v1/actors/?name=Dora"]
    urls += [f"/api/v1/articles/{pk}/" for pk in Article.objects.values_list("pk", flat=True)]
    urls += [f"/api/v1/quotes/{pk}/" for pk in Quote.objects.values_list("pk", flat=True)]
    urls += [f"/api/v1/actors/{slug}/" for slug in Actor.objects.values_list("slug", flat=True)]
    return urls


def fetch(client, url):
    response = client.get(url)
    assert response.status_code in (200, 400, 404), f"{response.status_code} {url}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content.decode("utf-8")


def assert_no_url_shows(client, urls, secrets):
    """Fetches every URL: none may show a secret; more than 100 must answer 200."""
    found = 0
    for url in urls:
        response, text = fetch(client, url)
        # (A hidden article's own URL answers 404; that page may repeat the path it was asked for.)
        leaked = [secret for secret in secrets if secret.lower() in text.lower() and secret not in url]
        assert not leaked, f"{url} shows {leaked}"
        found += response.status_code == 200
    assert found > 100


def test_hidden_articles_appear_in_no_public_response(client, hidden):
    hidden_articles = [hidden["draft"], hidden["embargoed"], *hidden["others"]]
    secrets = [s for article in hidden_articles for s in secret_strings(article)]
    secrets += ["harbour deal is secret"]  # the quote of the archive fixture's hidden articles
    assert_no_url_shows(client, public_urls(), secrets)


def test_hidden_wire_copies_are_never_shown_linked_or_counted(client, hidden, drain_index):
    """A draft or embargoed copy of a published story: no "Also published by", no "+1 copy", no
    place among the copies or originals, in no page, search, export, feed or API answer."""
    public, draft, embargoed = wire_copies(
        "Harbour strike ends",
        dates=[date(2018, 6, 16), date(2018, 6, 15), date(2018, 6, 14)],
        sources=("BBC News", SECRETS["draft"][3], SECRETS["embargoed"][3]),
    )
    draft.status = Article.Status.DRAFT
    draft.save()
    embargoed.status, embargoed.embargo_until = Article.Status.EMBARGOED, timezone.now() + timedelta(days=2)
    embargoed.save()
    drain_index()
    searches = [f"q=ferries&copies={role}" for role in ("original", "copy")] + ["q=ferries"]
    urls = public_urls() + [
        f"{path}?{search}" for path in ("/search/", "/api/v1/search/") for search in searches
    ]
    urls += [f"/api/v1/articles/?copies={role}" for role in ("original", "copy")]
    secrets = [s for article in (draft, embargoed) for s in secret_strings(article)]
    assert_no_url_shows(client, urls, [*secrets, "#copies", "Also published by"])
    # The published one is the original: its unpublished (earlier) copies do not make it a copy.
    originals = client.get("/api/v1/search/?q=ferries&copies=original").json()["results"]
    assert public.pk in [row["id"] for row in originals]
    assert client.get("/api/v1/search/?q=ferries&copies=copy").json()["count"] == 0


def test_counts_and_facets_count_published_articles_only(client, hidden):
    published = Article.objects.published()
    harbour = published.filter(body__icontains="harbour")
    assert client.get("/search/?q=harbour").context["total"] == harbour.count()
    data = client.get("/api/v1/search/?q=harbour").json()
    assert data["count"] == harbour.count()
    for param, counts in data["facets"].items():
        for facet in counts:
            assert facet["count"] == expected_facet_count(harbour, param, facet["value"]), (param, facet)
    quotes = client.get("/api/v1/search/?q=harbour&tab=quotes").json()
    assert quotes["count"] == Quote.objects.published().filter(text__icontains="harbour").count()
    assert client.get("/api/v1/articles/").json()["count"] == published.count()
    assert client.get("/api/v1/quotes/").json()["count"] == Quote.objects.published().count()
    assert client.get("/").context["article_count"] == published.count()
    lopez = client.get("/api/v1/actors/ana-lopez/").json()
    assert lopez["article_count"] == published.filter(mentions__actor__slug="ana-lopez").count()
    assert lopez["quote_count"] == Quote.objects.published().filter(speaker__slug="ana-lopez").count()


def expected_facet_count(articles, param, value):
    if param in ("person", "organisation"):
        return articles.filter(mentions__actor__name=value).count()
    if param == "speaker":
        return articles.filter(quotes__speaker__name=value).distinct().count()
    if param == "source":
        return articles.filter(source__name=value).count()
    if param == "year" and value == "unknown":
        return articles.filter(published__isnull=True).count()
    if param == "year":
        return articles.filter(published__year=int(value)).count()
    year, month = map(int, value.split("-"))
    return articles.filter(published__year=year, published__month=month).count()


def test_related_articles_leave_out_hidden_ones(client, hidden, archive):
    hidden_ids = {hidden["draft"].pk, hidden["embargoed"].pk, *(a.pk for a in hidden["others"])}
    response = client.get(archive["older"].get_absolute_url())
    related = response.context["related"]
    assert related  # the other public harbour articles
    assert all(article.is_public and article.pk not in hidden_ids for article in related)


def test_published_and_released_articles_appear_everywhere(client, hidden, drain_index):
    draft, embargoed = hidden["draft"], hidden["embargoed"]
    draft.status = Article.Status.PUBLISHED
    draft.save()
    Article.objects.filter(pk=embargoed.pk).update(embargo_until=timezone.now() - timedelta(seconds=1))
    assert release_due_embargoes() == [embargoed.pk]
    drain_index()
    for article, kind in ((draft, "draft"), (embargoed, "embargoed")):
        word, person, organisation, source = SECRETS[kind]
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get(f"/search/?q={word}").context["total"] == 1
        assert client.get(f"/search/?q={word}&tab=quotes").context["total"] == 1
        assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 200
        assert client.get(f"/api/v1/search/?q=harbour&person={person}").json()["count"] == 1
        assert person in client.get(f"/search/actors/autocomplete?q={person[:4]}").content.decode()
        assert client.get(Actor.objects.get(name=person).get_absolute_url()).status_code == 200
        assert client.get(f"/browse/sources/{Source.objects.get(name=source).slug}/").status_code == 200
        feed = client.get(f"/search/feed/?q={word}").content.decode()
        assert article.title in feed
        export = b"".join(client.get(f"/search/export.jsonl?q={word}").streaming_content)
        assert [json.loads(line)["id"] for line in export.splitlines()] == [article.pk]


# --- a login-only archive ----------------------------------------------------------------------------


def test_a_login_only_archive_asks_for_a_login_on_every_url(client, hidden, settings, django_user_model):
    settings.LOGIN_REQUIRED = True
    urls = [*public_urls(), "/search/help/", "/api/v1/", "/api/v1/openapi.json", "/api/v1/nowhere"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    assert client.post("/api/v1/articles/").status_code == 302
    assert client.get("/static/css/search.css").status_code != 302  # static files stay open
    assert client.get(reverse("admin:login")).status_code == 200
    client.force_login(django_user_model.objects.create_user("reporter", password="pw-reporter-1"))
    assert client.get("/api/v1/articles/").status_code == 200
    assert client.get("/search/feed/?q=harbour").status_code == 200


# --- the admin ---------------------------------------------------------------------------------------


def test_the_admin_is_for_staff_only(client, hidden, django_user_model):
    admin_urls = [
        reverse("admin:index"),
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_article_change", args=[hidden["draft"].pk]),
        reverse("admin:archive_actor_changelist"),
        reverse("admin:archive_quote_changelist"),
    ]
    for url in admin_urls:
        assert client.get(url).status_code == 302, url
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-123"))
    for url in admin_urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), url


def test_the_admin_refuses_a_post_without_a_csrf_token(hidden, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw-editor-123", is_staff=True)
    editor.is_superuser = True
    editor.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    draft = hidden["draft"]
    posts = [
        (
            reverse("admin:archive_article_change", args=[draft.pk]),
            {"title": "Hijacked", "status": "published"},
        ),
        (reverse("admin:archive_article_delete", args=[draft.pk]), {"post": "yes"}),
        (reverse("admin:archive_article_add"), {"title": "Planted", "body": "Planted text."}),
        (reverse("admin:logout"), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    draft.refresh_from_db()
    assert draft.title == "Harbour zanzibarsecret" and draft.status == Article.Status.DRAFT
    assert not Article.objects.filter(title="Planted").exists()
    anonymous = Client(enforce_csrf_checks=True)
    login = anonymous.post(reverse("admin:login"), {"username": "editor", "password": "pw-editor-123"})
    assert login.status_code == 403


# --- unpublishing: one state for results, counts and facets --------------------------------------


def test_an_unpublished_article_leaves_results_counts_and_facets_at_once(client, hidden):
    """Until the indexer applies it (~0.3 s), the index still holds the article: the page listed no
    such row (rows come from the database) but counted it and its facets."""
    article = Article.objects.get(title='Harbour deal: López says "yes, finally"')
    before = client.get("/api/v1/search/?q=harbour").json()
    article.status = Article.Status.DRAFT
    article.save()  # not drained: the index is behind the database
    after = client.get("/api/v1/search/?q=harbour").json()
    assert after["count"] == before["count"] - 1 == len(after["results"])
    assert article.pk not in [row["id"] for row in after["results"]]
    sources = {facet["value"]: facet["count"] for facet in after["facets"]["source"]}
    assert sum(sources.values()) == after["count"]  # every public article has one source
    page = client.get("/search/?q=harbour")
    assert page.context["total"] == after["count"]
    quotes = client.get("/api/v1/search/?q=cranes&tab=quotes").json()
    assert quotes["count"] == 0 and quotes["facets"]["speaker"] == []
    article.delete()  # deleted: gone from the database, still in the index
    assert client.get("/api/v1/search/?q=harbour").json()["count"] == after["count"]


# --- the crawl: every kind of hidden article, with roles and aliases -------------------------------

# (word, person, organisation, role given to Ana López, alias for Ana López) per kind of hidden article.
CRAWL_SECRETS = {
    "draft": ("quillfeather", "Quentin Quill", "Quill Holdings", "the quillgrave attaché", "Señora Quillon"),
    "embargoed": ("marrowgast", "Mara Marrow", "Marrow Group", "the marrowind envoy", "Doña Marrowen"),
    "unpublished": ("glimmerwrack", "Gil Glimmer", "Glimmer Trust", "the glimmerous consul", "Mrs Glimmerly"),
    "deleted": ("snorkelvane", "Sina Snorkel", "Snorkel Works", "the snorkeline warden", "Ms Snorkelby"),
}


def crawl_article(kind, **fields):
    from archive.ingest.store import store_article
    from archive.records import RawActor, RawArticle, RawQuote

    word, person, organisation, role, alias = CRAWL_SECRETS[kind]
    body = (
        f'"The harbour {word} plan stands," {person} said. Ana López, {role}, and {alias} '
        f"met {organisation} at the harbour."
    )
    quote = f"The harbour {word} plan stands"
    raw = RawArticle(
        body=body,
        title=f"Harbour {word}",
        source="BBC News",
        published=date(2018, 6, 16),
        actors=[
            RawActor(name=person, kind="person"),
            RawActor(name="Ana López", kind="person", aliases=[alias], description=role),
            RawActor(name=organisation, kind="organisation"),
        ],
        quotes=[RawQuote(text=quote, start=1, end=1 + len(quote), speaker=person)],
        **fields,
    )
    return store_article(raw)[0]


@pytest.fixture
def crawl_hidden(archive, drain_index):
    """One article of each hidden kind: a draft, an embargoed one, one published then unpublished
    and one published then deleted (both indexed while public), beside the archive fixture."""
    crawl_article("draft", status=Article.Status.DRAFT)
    crawl_article(
        "embargoed", status=Article.Status.EMBARGOED, embargo_until=timezone.now() + timedelta(days=2)
    )
    unpublished, deleted = crawl_article("unpublished"), crawl_article("deleted")
    drain_index()
    unpublished.status = Article.Status.DRAFT
    unpublished.save()
    deleted.delete()
    drain_index()
    return {kind: CRAWL_SECRETS[kind] for kind in CRAWL_SECRETS}


def crawl_urls():
    urls = public_urls()
    for word, person, organisation, role, alias in CRAWL_SECRETS.values():
        typo = word[:-1]  # one letter short: what "Did you mean" would correct
        for text in (word, typo, f'"{person}"', f'actor:"{alias}"', f'speaker:"{person}"', role.split()[1]):
            urls += [f"/search/?q={text}", f"/search/?q={text}&tab=quotes", f"/api/v1/search/?q={text}"]
            urls += [f"/search/export.jsonl?q={text}", f"/search/feed/?q={text}"]
        urls += [f"/search/actors/autocomplete?q={alias.split()[1][:5]}", f"/api/v1/actors/?name={alias}"]
        urls += [f"/api/v1/articles/?person={person}", f"/api/v1/quotes/?speaker={person}"]
        urls += [
            f"/api/v1/articles/?organisation={organisation}",
            f"/search/?q=harbour&organisation={organisation}",
        ]
    return urls


def test_a_crawl_of_every_public_url_finds_no_hidden_article(client, crawl_hidden):
    from haystack.query import SearchQuerySet

    secrets = [secret for strings in crawl_hidden.values() for secret in strings]
    assert_no_url_shows(client, crawl_urls(), secrets)
    for word, *_ in crawl_hidden.values():
        suggestion = SearchQuerySet().spelling_suggestion(word[:-1]) or ""
        assert word not in suggestion, f"“Did you mean” offers {suggestion!r}"
    assert client.get("/actors/ana-lopez/").status_code == 200  # the public actor they all name
