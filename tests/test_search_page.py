"""The search page, quotes tab, autocomplete and related articles, on a small indexed archive."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from archive.models import Actor, Mention, Quote
from search.service import related_articles
from search.templatetags.search_facets import facet_links
from tests.factories import make_article, make_quote

pytestmark = pytest.mark.django_db
URL = "/search/"


@pytest.fixture
def archive(drain_index):
    border = make_article(
        "Sessions defends border policy",
        'The attorney general spoke. "We will secure the border," Jeff Sessions said on Monday.',
        published=date(2018, 6, 14),
        people=["Jeff Sessions"],
    )
    make_quote(border, "Jeff Sessions", "We will secure the border")
    trade = make_article(
        "Tariffs hit steel trade",
        "Steel tariffs rose. The border crossings were quiet.",
        published=date(2018, 3, 2),
        source="Reuters",
        people=["Donald Trump"],
    )
    budget = make_article(
        "Budget vote delayed", "Zero tolerance and the budget.", published=date(2017, 11, 5)
    )
    draft = make_article("Secret border memo", "A draft about the border and Sessions.", status="draft")
    drain_index()
    return {"border": border, "trade": trade, "budget": budget, "draft": draft}


def titles(response):
    return [row["article"].title for row in response.context["article_results"]]


def test_words_find_stemmed_matches_and_never_drafts(client, archive):
    response = client.get(URL, {"q": "borders"})
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Sessions defends border policy", "Tariffs hit steel trade"]
    assert response.context["total"] == 2
    assert b"Secret border memo" not in response.content


def test_or_and_exclusion_keep_their_meaning(client, archive):
    assert len(titles(client.get(URL, {"q": "steel OR budget"}))) == 2
    assert titles(client.get(URL, {"q": "border -tariffs"})) == ["Sessions defends border policy"]


def test_phrase_matches_words_in_order_only(client, archive):
    assert titles(client.get(URL, {"q": '"zero tolerance"'})) == ["Budget vote delayed"]
    assert titles(client.get(URL, {"q": '"tolerance zero"'})) == []


def test_field_search_on_speaker(client, archive):
    assert titles(client.get(URL, {"q": "speaker:Sessions border"})) == ["Sessions defends border policy"]


def test_only_exclusion_shows_a_message_not_everything(client, archive):
    response = client.get(URL, {"q": "-trump"})
    assert response.status_code == 200
    assert "at least one word" in response.context["parsed"].error
    assert "article_results" not in response.context


def test_filters_combine_with_the_query_and_facets_reflect_them(client, archive):
    response = client.get(URL, {"q": "border", "source": "Reuters"})
    assert titles(response) == ["Tariffs hit steel trade"]
    sources = {g["param"]: g for g in response.context["facets"]}["source"]["links"]
    assert [(link["value"], link["count"], link["selected"]) for link in sources] == [("Reuters", 1, True)]


def test_facet_counts_cover_the_query_not_the_archive(client, archive):
    response = client.get(URL, {"q": "border"})
    groups = {g["param"]: g for g in response.context["facets"]}
    assert [(link["value"], link["count"]) for link in groups["source"]["links"]] == [
        ("BBC News", 1),
        ("Reuters", 1),
    ]
    assert [(link["value"], link["count"]) for link in groups["person"]["links"]] == [
        ("Donald Trump", 1),
        ("Jeff Sessions", 1),
    ]


def test_facet_link_keeps_the_whole_state(client, archive):
    response = client.get(URL, {"q": "border", "sort": "newest"})
    person = {g["param"]: g for g in response.context["facets"]}["person"]["links"][0]
    assert person["url"] == "?q=border&person=Donald+Trump&sort=newest"


def test_facet_links_escape_their_values_and_mark_the_selected_one(client, drain_index):
    make_article("Harbour news", "The harbour opened.", source='<b>Dock & "Port"</b>', people=["Ana López"])
    drain_index()
    body = client.get(URL, {"q": "harbour", "person": "Ana López"}).content.decode()
    assert '<b>Dock & "Port"</b>' not in body
    assert '&lt;b&gt;Dock &amp; &quot;Port&quot;&lt;/b&gt;</a> <span class="count">1</span></li>' in body
    assert '<a href="?q=harbour" aria-current="true" class="selected">Ana López</a>' in body


def test_facet_links_give_what_format_html_join_gives():
    """facet_links escapes by hand for speed; its HTML must stay what Django's escaping gave."""
    links = [
        {"url": "?q=a&person=O%27Neil", "selected": False, "label": "O'Neil <\"&>", "count": 12},
        {"url": "?q=a", "selected": True, "label": mark_safe("<i>kept</i>"), "count": 3},
        {"url": "?q=a&year=2018", "selected": False, "label": 2018, "count": 1_000},
    ]
    selected = mark_safe(' aria-current="true" class="selected"')
    expected = format_html_join(
        "",
        '<li><a href="{}"{}>{}</a> <span class="count">{}</span></li>',
        ((link["url"], selected if link["selected"] else "", link["label"], link["count"]) for link in links),
    )
    assert facet_links(links) == expected
    assert isinstance(facet_links(links), SafeString)


def test_month_counts_come_in_date_order(client, archive):
    response = client.get(URL, {"q": "border OR budget"})
    assert response.context["month_counts"] == [("2017-11", 1), ("2018-03", 1), ("2018-06", 1)]


def test_date_range_filters_and_validates(client, archive):
    response = client.get(URL, {"q": "border", "date_from": "2018-05-01"})
    assert titles(response) == ["Sessions defends border policy"]
    bad = client.get(URL, {"q": "border", "date_from": "2018-06-01", "date_to": "2018-01-01"})
    assert "on or after" in bad.content.decode()
    unreal = client.get(URL, {"q": "border", "date_from": "2018-02-30"})
    assert unreal.status_code == 200 and "real date" in unreal.content.decode()


def test_sort_by_date_both_directions(client, archive):
    newest = titles(client.get(URL, {"q": "border OR budget", "sort": "newest"}))
    oldest = titles(client.get(URL, {"q": "border OR budget", "sort": "oldest"}))
    assert newest == ["Sessions defends border policy", "Tariffs hit steel trade", "Budget vote delayed"]
    assert oldest == list(reversed(newest))


def test_pagination_short_last_page_and_clamping(client, drain_index):
    for number in range(23):
        make_article(
            f"Harbour report {number:02d}",
            f"The harbour was busy ({number}).",
            published=date(2018, 1, number % 28 + 1),
        )
    drain_index()
    last = client.get(URL, {"q": "harbour", "sort": "oldest", "page": "2"})
    assert len(last.context["article_results"]) == 3
    assert last.context["total"] == 23
    assert client.get(URL, {"q": "harbour", "page": "99"}).context["page"].number == 2
    assert client.get(URL, {"q": "harbour", "page": "-3"}).context["page"].number == 1
    assert client.get(URL, {"q": "harbour", "page": "x"}).context["page"].number == 1
    assert client.get(URL, {"q": "harbour", "page": "²"}).context["page"].number == 1  # a digit, not ASCII
    assert 'aria-current="page"' in last.content.decode()


def test_matching_quotes_shown_under_the_article(client, archive):
    response = client.get(URL, {"q": "secure"})
    row = response.context["article_results"][0]
    assert [item["quote"].text for item in row["quotes"]] == ["We will secure the border"]


def test_matching_quotes_show_their_speaker_and_a_paraphrase_as_such(client, drain_index):
    article = make_article(
        "Harbour reopens",
        '"The harbour is open," the mayor said. The port would hire, a clerk said. "Ships wait," she added.',
    )
    make_quote(article, "Ann Mayor", "The harbour is open")
    reported = make_quote(article, None, "The port would hire")
    reported.kind = Quote.Kind.REPORTED
    reported.save()
    make_quote(article, "Ann Mayor", "Ships wait")
    drain_index()
    body = client.get(URL, {"q": "harbour OR port"}).content.decode()
    shown = re.search(r'<ul class="result-quotes".*?</ul>', body, re.DOTALL).group()
    assert re.findall(r"<li>(.*?)</li>", shown) == [
        "<q>The <mark>harbour</mark> is open</q> — Ann Mayor",
        '<span class="paraphrase"><span class="paraphrase-label">paraphrase</span>'
        " The <mark>port</mark> would hire</span>",
    ]


def test_page_sql_queries_do_not_grow_with_results(client, django_assert_max_num_queries, drain_index):
    for number in range(20):
        article = make_article(f"Harbour {number}", f'"The harbour is open," the mayor said {number}.')
        make_quote(article, "Ann Mayor", "The harbour is open")
    drain_index()
    # The page's articles, their quotes, and the index changes still pending (search.service).
    with django_assert_max_num_queries(3 + 1):
        response = client.get(URL, {"q": "harbour"})
    assert len(response.context["article_results"]) == 20


def test_quotes_tab_answers_who_said_what(client, archive):
    response = client.get(URL, {"q": "speaker:Sessions border", "tab": "quotes"})
    assert [item["quote"].text for item in response.context["quote_results"]] == ["We will secure the border"]
    assert "Jeff Sessions" in response.content.decode()


def test_snippet_escapes_article_html(client, drain_index):
    make_article("Hostile", 'Harbour <script>alert(1)</script> and " onmouseover="x harbour.')
    drain_index()
    body = client.get(URL, {"q": "harbour"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert '" onmouseover="x' not in body
    assert "<em>Harbour</em>" in body or "<em>harbour</em>" in body


@pytest.mark.parametrize(
    "text",
    ['"unclosed', "((border", "border))", "*", "-", "AND OR", "x" * 5000, "ünïcødé 漢字 🙂", "\x00", "a:b:c"],
)
def test_hostile_input_never_errors_or_matches_everything(client, archive, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    assert response.context.get("total", 0) < 3


def test_unknown_parameters_and_bad_choices_are_ignored(client, archive):
    response = client.get(URL, {"q": "border", "sort": "sideways", "tab": "nope", "zzz": "1"})
    assert response.status_code == 200 and response.context["total"] == 2


def test_did_you_mean_on_zero_hits(client, archive):
    response = client.get(URL, {"q": "bordr"})
    assert response.context["total"] == 0
    assert response.context["suggestion"]["text"] == "border"


def test_autocomplete_suggests_public_actors_only(client, archive):
    Actor.objects.create(name="Jeff Hidden", kind=Actor.Kind.PERSON)  # no public mention
    hidden = Actor.objects.create(name="Jeff Draftonly", kind=Actor.Kind.PERSON)
    Mention.objects.create(article=archive["draft"], actor=hidden)
    response = client.get(reverse("search:actor-autocomplete"), {"q": "jef"})
    assert [r["name"] for r in response.json()["results"]] == ["Jeff Sessions"]


def test_help_page_documents_the_syntax(client):
    body = client.get(reverse("search:help")).content.decode()
    assert "speaker:" in body and "OR" in body and "200 characters" in body


def test_related_articles_are_published_and_not_the_article_itself(archive):
    related = related_articles(archive["border"])
    assert archive["border"] not in related
    assert archive["draft"] not in related


def test_phrase_is_highlighted_as_one_phrase(client, archive):
    body = client.get(URL, {"q": '"zero tolerance"'}).content.decode()
    assert "<em>Zero tolerance</em>" in body


def test_result_links_carry_the_query_so_the_article_highlights_it(client, archive):
    response = client.get(URL, {"q": "secure border"})
    link = f"{archive['border'].get_absolute_url()}?q=secure%20border"
    assert link in response.content.decode()
    article_page = client.get(link, follow=True).content.decode()
    assert "<mark" in article_page
