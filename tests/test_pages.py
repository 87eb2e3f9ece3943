"""Public pages: what they show, that they show only published articles, and their query counts."""

from datetime import date

import pytest
from django.test import Client

from archive.ingest import import_paths
from archive.models import Actor, ActorAlias, Article, Mention, Quote, Source
from search.service import most_quoted
from tests import factories
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db

DRAFT = Article.Status.DRAFT


def plain_article(title, body="Plain text.", **fields):
    """A plain, dated article with no source unless given (the pages tests' default)."""
    fields = {"published": date(2018, 4, 6), "source": None, **fields}
    return factories.make_article(title, body, **fields)


def quote_in(article, text, speaker):
    start = article.body.index(text)
    Mention.objects.get_or_create(article=article, actor=speaker)
    return Quote.objects.create(
        article=article, speaker=speaker, text=text, start=start, end=start + len(text)
    )


def person(name, **fields):
    return Actor.objects.create(name=name, kind=Actor.Kind.PERSON, **fields)


@pytest.fixture
def bbc():
    return Source.objects.create(name="BBC News")


@pytest.fixture
def sessions():
    return person("Jeff Sessions", description="US Attorney General")


@pytest.fixture
def quoted_article(bbc, sessions):
    article = plain_article(
        "Sessions on tariffs",
        'Trade talks resumed.\n\n"We will act on tariffs," Mr Sessions said.',
        source=bbc,
        byline="A. Reporter",
        caption="The minister in Washington",
        credit="Reuters",
        section="business",
    )
    quote_in(article, "We will act on tariffs,", sessions)
    return article


def test_home_lists_published_articles_and_detail_pages_render(client):
    import_paths([SAMPLES])
    home = client.get("/").content.decode()
    for article in Article.objects.all():
        assert article.title in home
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert article.body.splitlines()[-1][-40:].replace('"', "&quot;") in page.content.decode()


def test_home_shows_search_box_most_quoted_sources_and_timeline(client, quoted_article, drain_index):
    drain_index()
    home = client.get("/").content.decode()
    assert 'action="/search/"' in home and '<label for="search-q">' in home
    assert 'Jeff Sessions</a> <span class="count">1 quote</span>' in home
    assert '<a href="/browse/sources/bbc-news/">BBC News</a> <span class="count">1</span>' in home
    assert "<svg" in home and "Apr 2018" in home


def test_most_quoted_counts_public_quotes_of_active_people_only(drain_index):
    """The home page's list: people by their quotes in published articles, most first; an
    organisation quoted more, a draft's quotes and an actor merged away do not count."""
    body = " ".join(f'"Line {n}," they said.' for n in range(9))
    people = {name: person(name) for name in ("Jane Roe", "John Doe", "Ann Poe", "Old Doe")}
    organisations = [Actor.objects.create(name=f"Agency {n}", kind="organisation") for n in range(7)]
    published = plain_article("Published", body + " Published.")
    draft = plain_article("Draft", body + " Draft.", status=DRAFT)
    for n in range(3):
        quote_in(published, f"Line {n},", people["Jane Roe"])
    for n in range(3, 5):
        quote_in(published, f"Line {n},", people["John Doe"])
    quote_in(published, "Line 5,", people["Ann Poe"])
    for n in range(4):
        quote_in(draft, f"Line {n},", people["Ann Poe"])  # a draft's quotes are not public
    quote_in(draft, "Line 8,", people["Old Doe"])
    Actor.objects.filter(pk=people["Old Doe"].pk).update(merged_into=people["John Doe"])
    for organisation in organisations:  # each quoted more than any person, in another article
        article = plain_article(f"By {organisation.name}", f"{body} {organisation.name}.")
        for n in range(6):
            quote_in(article, f"Line {n},", organisation)
    drain_index()
    ranked = most_quoted(Actor.Kind.PERSON, 3)
    assert [(actor.name, actor.quote_count) for actor in ranked] == [
        ("Jane Roe", 3),
        ("John Doe", 2),
        ("Ann Poe", 1),
    ]
    assert [actor.name for actor in most_quoted(Actor.Kind.PERSON, 1)] == ["Jane Roe"]


def test_drafts_are_not_public(client):
    import_paths([SAMPLES])
    draft = Article.objects.first()
    draft.status = DRAFT
    draft.save()
    assert draft.title not in client.get("/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_wrong_slug_redirects_to_the_canonical_url(client):
    import_paths([SAMPLES])
    article = Article.objects.first()
    response = client.get(f"/articles/{article.pk}/wrong-slug/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_article_marks_its_quotes_and_links_the_speaker(client, quoted_article):
    html = client.get(quoted_article.get_absolute_url()).content.decode()
    assert (
        '<q class="quote">We will act on tariffs,</q>&quot;<a class="speaker" href="/actors/jeff-sessions/"'
        in html
    )


def test_article_shows_its_metadata_and_a_cite_line(client, quoted_article):
    html = client.get(quoted_article.get_absolute_url()).content.decode()
    permalink = f"http://testserver{quoted_article.get_absolute_url()}"
    assert "6 April 2018" in html and "A. Reporter" in html and "Business" in html
    assert "The minister in Washington" in html and "Credit: Reuters" in html
    assert f"“Sessions on tariffs.” BBC News, 6 April 2018. {permalink}" in html
    assert f'<link rel="canonical" href="{permalink}">' in html


def test_a_cite_line_adds_no_stop_after_a_title_ending_a_sentence(client):
    article = plain_article("Is Blair's future in doubt?", published=date(2018, 1, 1), precision="year")
    assert "“Is Blair&#x27;s future in doubt?” " in client.get(article.get_absolute_url()).content.decode()


def test_article_date_shows_its_precision(client):
    article = plain_article("Undated", published=date(2018, 1, 1), precision="year")
    assert (
        '<time datetime="2018-01-01">2018</time>' in client.get(article.get_absolute_url()).content.decode()
    )


def test_article_highlights_the_search_terms_from_the_query_string(client, quoted_article):
    html = client.get(quoted_article.get_absolute_url(), {"q": "tariffs <x>"}).content.decode()
    assert "<mark>tariffs</mark>" in html and "<x>" not in html


def test_article_groups_mentioned_actors_by_kind(client, quoted_article):
    Mention.objects.create(
        article=quoted_article, actor=Actor.objects.create(name="WTO", kind="organisation")
    )
    html = client.get(quoted_article.get_absolute_url()).content.decode()
    assert html.index("<h3>People</h3>") < html.index('Jeff Sessions</a> <span class="count"')
    assert html.index("<h3>Organisations</h3>") < html.index('<a href="/actors/wto/">WTO</a>')


def test_only_staff_see_the_edit_in_admin_link(staff_client, quoted_article):
    edit = f'href="/admin/archive/article/{quoted_article.pk}/change/"'
    assert edit not in Client().get(quoted_article.get_absolute_url()).content.decode()
    assert edit in staff_client.get(quoted_article.get_absolute_url()).content.decode()


def test_actor_page_lists_quotes_newest_first_with_article_and_date(client, bbc, sessions):
    old = plain_article("Old", '"Early words," he said.', source=bbc, published=date(2017, 2, 1))
    new = plain_article("New", '"Later words," he said.', source=bbc, published=date(2019, 3, 5))
    quote_in(old, "Early words,", sessions)
    quote_in(new, "Later words,", sessions)
    ActorAlias.objects.create(actor=sessions, alias="Mr Sessions")
    html = client.get(sessions.get_absolute_url()).content.decode()
    assert html.index("Later words<") < html.index("Early words<")  # shown without the trailing comma
    assert "5 March 2019" in html and "Also written as: Mr Sessions" in html and "US Attorney General" in html
    assert "Quotes by Jeff Sessions per month" in html


def test_actor_page_counts_and_shows_published_articles_only(client, quoted_article, sessions):
    hidden = plain_article("Hidden draft", '"Secret plan," he said.', status=DRAFT)
    quote_in(hidden, "Secret plan,", sessions)
    html = client.get(sessions.get_absolute_url()).content.decode()
    assert "Secret plan" not in html and "Hidden draft" not in html
    assert "Mentioned in 1 article · 1 quote" in html


def test_actor_known_only_from_unpublished_articles_is_not_found(client, sessions):
    quote_in(plain_article("Draft", '"Hush," he said.', status=DRAFT), "Hush,", sessions)
    assert client.get(sessions.get_absolute_url()).status_code == 404


def test_merged_actor_redirects_to_its_survivor(client, quoted_article, sessions):
    duplicate = person("J. Sessions", merged_into=sessions)
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 301 and response["Location"] == sessions.get_absolute_url()


def test_actor_page_lists_actors_most_often_mentioned_alongside(client, quoted_article, sessions):
    trump, may = person("Donald Trump"), person("Theresa May")
    Mention.objects.create(article=quoted_article, actor=trump)
    second = plain_article("Second", "Text.")
    Mention.objects.create(article=second, actor=sessions)
    Mention.objects.create(article=second, actor=trump)
    Mention.objects.create(article=second, actor=may)
    html = client.get(sessions.get_absolute_url()).content.decode()
    section = html[html.index("Often mentioned alongside") :]
    assert section.index("Donald Trump") < section.index("Theresa May")
    assert 'title="articles in common">2</span>' in section


def test_browse_sources_counts_published_articles(client, bbc, quoted_article):
    plain_article("Draft", "Other body.", source=bbc, status=DRAFT)
    html = client.get("/browse/sources/").content.decode()
    assert '<a href="/browse/sources/bbc-news/">BBC News</a> <span class="count">1 article</span>' in html
    assert "Sessions on tariffs" in client.get("/browse/sources/bbc-news/").content.decode()


def test_browse_months_links_each_month_to_its_articles(client, quoted_article):
    plain_article("Year only", "Another body.", published=date(2018, 1, 1), precision="year")
    html = client.get("/browse/months/").content.decode()
    assert (
        '<a href="/browse/months/2018/4/">April<span class="visually-hidden"> 2018</span></a> '
        '<span class="count">1</span>' in html
    )
    assert "/browse/months/2018/1/" not in html
    assert "Sessions on tariffs" in client.get("/browse/months/2018/4/").content.decode()
    assert client.get("/browse/months/2018/13/").status_code == 404


def test_browse_people_is_alphabetical_with_letter_navigation(client, quoted_article):
    Mention.objects.create(article=quoted_article, actor=person("Anna Adams"))
    person("Zed Nobody")  # mentioned nowhere: not listed
    html = client.get("/browse/people/").content.decode()
    assert html.index("Anna Adams") < html.index("Jeff Sessions") and "Zed Nobody" not in html
    assert '<a href="?letter=A">A</a><a href="?letter=J">J</a>' in html
    filtered = client.get("/browse/people/", {"letter": "j"}).content.decode()
    assert "Jeff Sessions" in filtered and "Anna Adams" not in filtered


def test_people_a_to_z_filters_by_name_and_sorts_by_count(client, quoted_article):
    other = plain_article("Second", body="Other text.", published=date(2018, 5, 1))
    busy = person("Zoe Busy")
    for article in (quoted_article, other):
        Mention.objects.create(article=article, actor=busy)
    Mention.objects.create(article=quoted_article, actor=person("Anna Adams"))
    by_count = client.get("/browse/people/", {"sort": "count"}).context["page"]
    assert [a.name for a in by_count][0] == "Zoe Busy"
    named = client.get("/browse/people/", {"name": "ADAM"})
    assert [a.name for a in named.context["page"]] == ["Anna Adams"]
    assert "with “ADAM” in the name" in named.content.decode()


def test_long_lists_have_page_numbers(client, quoted_article, monkeypatch):
    monkeypatch.setattr("pages.views.ACTORS_PER_PAGE", 1)
    for name in ("Anna Adams", "Bo Brown", "Cy Cole", "Di Dale", "Ed Eve", "Flo Fox"):
        Mention.objects.create(article=quoted_article, actor=person(name))
    html = client.get("/browse/people/", {"page": "4"}).content.decode()
    for number in (1, 2, 3, 5, 6, 7):
        assert f'<a href="?page={number}">{number}</a>' in html
    assert '<a href="?page=4" aria-current="page">4</a>' in html


def test_browse_organisations_lists_organisations_only(client, quoted_article):
    Mention.objects.create(
        article=quoted_article, actor=Actor.objects.create(name="WTO", kind="organisation")
    )
    html = client.get("/browse/organisations/").content.decode()
    assert "WTO" in html and "Jeff Sessions" not in html


def test_unknown_pages_get_the_friendly_404(client):
    response = client.get("/articles/999999/")
    assert response.status_code == 404 and "We could not find that page" in response.content.decode()


def test_every_page_has_its_own_title(client, quoted_article, sessions):
    assert (
        "<title>Sessions on tariffs · Morgue</title>"
        in client.get(quoted_article.get_absolute_url()).content.decode()
    )
    assert "<title>Jeff Sessions · Morgue</title>" in client.get(sessions.get_absolute_url()).content.decode()


def populate(size):
    """One article with `size` quotes by `size` different speakers, each also mentioned elsewhere."""
    source = Source.objects.create(name="Wire")
    body = "\n\n".join(f'"Words number {i}," said Speaker {i}.' for i in range(size))
    article = plain_article("Crowded", body, source=source)
    other = plain_article("Elsewhere", "Another text.", source=source, published=date(2019, 1, 2))
    speakers = [person(f"Speaker {i}") for i in range(size)]
    for i, speaker in enumerate(speakers):
        quote_in(article, f"Words number {i},", speaker)
        Mention.objects.create(article=other, actor=speaker)
        ActorAlias.objects.create(actor=speaker, alias=f"Mr {i}")
    Mention.objects.create(article=article, actor=Actor.objects.create(name="Org", kind="organisation"))
    return article, speakers[0], source


PAGES = {
    "home": lambda article, actor, source: "/",
    "article": lambda article, actor, source: article.get_absolute_url() + "?q=words",
    "actor": lambda article, actor, source: actor.get_absolute_url(),
    "browse": lambda article, actor, source: "/browse/",
    "sources": lambda article, actor, source: "/browse/sources/",
    "source": lambda article, actor, source: f"/browse/sources/{source.slug}/",
    "months": lambda article, actor, source: "/browse/months/",
    "month": lambda article, actor, source: "/browse/months/2018/4/",
    "people": lambda article, actor, source: "/browse/people/",
    "organisations": lambda article, actor, source: "/browse/organisations/",
}
# home: the most quoted people come from the index, whose withdrawn check (search/service.py) adds
# up to three queries while changes wait for the indexer, as here.
MAX_QUERIES = {"home": 7, "article": 3, "actor": 10, "browse": 4, "source": 4}


@pytest.mark.parametrize("size", [1, 30])
@pytest.mark.parametrize("page", PAGES)
def test_pages_use_a_constant_number_of_queries(client, django_assert_max_num_queries, page, size):
    url = PAGES[page](*populate(size))
    with django_assert_max_num_queries(MAX_QUERIES.get(page, 3)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["home", "article", "actor"])
def test_staff_pages_add_only_the_session_and_user_queries(staff_client, django_assert_max_num_queries, page):
    url = PAGES[page](*populate(30))
    with django_assert_max_num_queries(MAX_QUERIES.get(page, 3) + 2):
        assert staff_client.get(url).status_code == 200


def test_article_lists_related_published_articles(client, drain_index):
    body = "Steel tariffs and aluminium tariffs hit exporters; steel makers warn of tariffs."
    article = plain_article("Steel tariffs bite", body)
    plain_article("Exporters fear steel tariffs", body + " More steel.")
    plain_article("Draft on steel tariffs", body + " Draft steel.", status=DRAFT)
    drain_index()
    html = client.get(article.get_absolute_url()).content.decode()
    related = html[html.index('id="related-h"') :]
    assert "Exporters fear steel tariffs" in related and "Draft on steel tariffs" not in related


def test_the_500_page_renders_without_a_request_or_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and 'href="/"' in html


def test_quotes_show_without_the_comma_that_led_to_their_attribution(client):
    article = plain_article("Harbour", body='"The harbour opens today," Ana López said.')
    lopez = person("Ana López")
    quote_in(article, "The harbour opens today,", lopez)
    actor_page = client.get(lopez.get_absolute_url()).content.decode()
    assert "<blockquote><p>The harbour opens today</p></blockquote>" in actor_page
    article_page = client.get(article.get_absolute_url()).content.decode()
    assert "Ana López</a>: <q>The harbour opens today</q>" in article_page  # the list of quotes
    assert "The harbour opens today,</q>" in article_page  # the body keeps its own words


def test_the_archive_timelines_link_each_bar_to_its_month(client, quoted_article):
    for url in ("/", "/browse/months/"):
        html = client.get(url).content.decode()
        assert '<a href="/browse/months/2018/4/" aria-label="Apr 2018: 1">' in html, url
