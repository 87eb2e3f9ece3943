"""Every state of the search page answered in its HTML (issue 13): zero hits, undated articles,
the name box, tidy URLs, the Quotes tab, facets, dates, sorting and paging."""

import re
from datetime import date

import pytest

from search.query import parse
from search.views import FACET_SHOWN
from tests.factories import make_article, make_quote

pytestmark = pytest.mark.django_db
URL = "/search/"


@pytest.fixture
def archive(drain_index):
    border = make_article(
        "Sessions defends border policy",
        'The attorney general spoke. "We will secure the border, whatever it takes," Jeff Sessions said.',
        published=date(2018, 6, 14),
        people=["Jeff Sessions"],
        organisations=["Border Patrol"],
        section="politics",
    )
    make_quote(border, "Jeff Sessions", "We will secure the border, whatever it takes,")
    make_article(
        "Blair's border plans",
        "Mr Blair's government spoke about the border. Later, Blair said more.",
        section="politics",
    )
    make_article(
        "Border football", "The border derby ended level.", published=date(2018, 3, 2), section="sport"
    )
    drain_index()
    return border


def html(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_zero_hits_say_0_articles_why_and_did_you_mean(client, archive):
    page = html(client, q="bordr")
    assert "<strong>0</strong> articles" in page
    assert "No articles match “bordr”." in page
    assert re.search(r'Did you mean <a href="\?q=border">border</a>\?', page)


def test_zero_hits_with_a_filter_offer_to_remove_it_and_to_swap_its_kind(client, archive):
    page = html(client, q="derby", person="Border Patrol")
    assert "<strong>0</strong> articles" in page
    assert "No articles match “derby” with this filter." in page
    assert 'Remove the filter <a href="?q=derby">Person: Border Patrol</a>' in page
    assert "Border Patrol as an organisation" in page


def test_zero_hits_on_the_quotes_tab_say_0_quotes(client, archive):
    page = html(client, q="speaker:Nobody", tab="quotes")
    assert "<strong>0</strong> quotes" in page and "No quotes match" in page


def test_zero_quotes_for_a_name_offer_the_quotes_said_by_it(client, archive):
    page = html(client, q="Jeff Sessions", tab="quotes")
    assert (
        'href="?q=speaker%3A%22Jeff+Sessions%22&amp;tab=quotes">speaker:&quot;Jeff Sessions&quot;</a>' in page
    )


def test_the_name_box_filters_an_organisation_on_organisations(client, archive):
    response = client.get(URL, {"q": "border", "name": "border patrol"})
    assert response.status_code == 302
    assert response.url == "/search/?q=border&organisation=Border+Patrol"
    assert client.get(response.url).context["total"] == 1


def test_the_name_box_filters_a_person_on_people(client, archive):
    response = client.get(URL, {"q": "border", "name": "Jeff Sessions"})
    assert response.url == "/search/?q=border&person=Jeff+Sessions"


def test_apply_leaves_no_empty_parameters_in_the_url(client, archive):
    response = client.get(URL, {"q": "border", "date_from": "", "date_to": "", "name": " "})
    assert response.status_code == 302 and response.url == "/search/?q=border"


def test_undated_articles_are_a_date_unknown_facet_and_filter(client, archive):
    response = client.get(URL, {"q": "border"})
    years = {g["param"]: g for g in response.context["facets"]}["year"]["links"]
    assert [(link["label"], link["count"]) for link in years] == [("2018", 2), ("Date unknown", 1)]
    undated = client.get(URL, {"q": "border", "year": "unknown"})
    assert [row["article"].title for row in undated.context["article_results"]] == ["Blair's border plans"]
    assert "1 with no known date is not charted" in response.content.decode()


def test_a_date_range_says_how_many_undated_matches_it_left_out(client, archive):
    page = html(client, q="border", date_from="2018-01-01", date_to="2018-12-31")
    assert "The date range leaves out 1 matching article with no known date." in page
    assert 'href="?q=border&amp;year=unknown">Show the undated matches' in page


def test_a_possessive_finds_what_the_name_finds(client, archive):
    blairs = client.get(URL, {"q": "Blair's"}).context["total"]
    assert blairs == client.get(URL, {"q": "blair"}).context["total"] == 1
    assert client.get(URL, {"q": '"Blair government"'}).context["total"] == 1


def test_search_pages_have_one_h1(client, archive):
    for params in ({}, {"q": "border"}, {"q": "bordr"}, {"q": "border", "tab": "quotes"}):
        assert html(client, **params).count("<h1") == 1


def test_results_come_before_the_filters_in_the_page(client, archive):
    page = html(client, q="border")
    assert page.index('class="search-results"') < page.index('class="search-filters"')


def test_quotes_tab_marks_the_words_and_drops_the_trailing_comma(client, archive):
    page = html(client, q="border", tab="quotes")
    assert "<p>We will secure the <mark>border</mark>, whatever it takes</p>" in page


def test_snippet_fragments_are_separated(client, drain_index):
    filler = " ".join(f"word{n}" for n in range(120))
    make_article("Far apart", f"The tariff rose. {filler} Another tariff fell.")
    drain_index()
    snippet = client.get(URL, {"q": "tariff"}).context["article_results"][0]["snippet"]
    assert " … " in snippet and "..." not in snippet


def test_an_unclosed_parenthesis_notice_shows_once():
    assert parse("((border").notices == ["A parenthesis was not closed; we closed it at the end."]


def test_dates_read_the_same_everywhere(client, archive):
    page = html(client, q="border")
    assert "14 June 2018" in page and "Date unknown" in page
    months = {g["param"]: g for g in client.get(URL, {"q": "border"}).context["facets"]}["month"]
    assert [link["label"] for link in months["links"]] == ["March 2018", "June 2018"]
    assert "Month: June 2018" in html(client, q="border", month="2018-06")


def test_timeline_bars_filter_on_their_month(client, archive):
    page = html(client, q="border")
    assert '<a href="?q=border&amp;month=2018-06" aria-label="Jun 2018: 1">' in page


def test_section_is_a_facet_and_a_filter(client, archive):
    response = client.get(URL, {"q": "border", "section": "sport"})
    assert [row["article"].title for row in response.context["article_results"]] == ["Border football"]
    sections = {g["param"]: g for g in client.get(URL, {"q": "border"}).context["facets"]}["section"]
    assert [(link["label"], link["count"]) for link in sections["links"]] == [("Politics", 2), ("Sport", 1)]


def test_results_per_page_and_sort_are_in_the_url(client, archive):
    response = client.get(URL, {"q": "border", "per_page": "10", "sort": "newest"})
    assert response.context["page"].paginator.per_page == 10
    assert [row["article"].title for row in response.context["article_results"]][:2] == [
        "Sessions defends border policy",
        "Border football",
    ]
    assert 'href="?q=border&amp;sort=newest&amp;per_page=50"' in response.content.decode()
    assert client.get(URL, {"q": "border", "per_page": "7"}).context["page"].paginator.per_page == 20


def test_date_presets_set_a_range(client, archive, drain_index):
    today = date.today()
    make_article("Border today", "The border opened today.", published=today)
    drain_index()
    page = html(client, q="border")
    assert f'date_from={today.year}-01-01&amp;date_to={today.isoformat()}">This year' in page


def test_no_date_presets_when_every_span_would_find_nothing(client, archive):
    page = html(client, q="border")  # the newest article is from 2018
    assert "Past 30 days" not in page and "This year" not in page
    assert 'name="date_from"' in page  # the date range itself stays


def test_long_facets_show_a_few_values_and_the_rest_behind_more(client, drain_index):
    for n in range(FACET_SHOWN + 3):
        make_article(f"Harbour {n}", f"The harbour opened on day {n}.", source=f"Paper {n:02d}")
    drain_index()
    response = client.get(URL, {"q": "harbour"})
    sources = {g["param"]: g for g in response.context["facets"]}["source"]
    assert len(sources["links"]) == FACET_SHOWN and len(sources["more"]) == 3
    assert 'More… <span class="visually-hidden">source</span>(3)' in response.content.decode()


def test_a_filter_without_words_lists_every_article_it_allows_newest_first(client, archive):
    page = html(client, section="politics")
    assert "<strong>2</strong> articles" in page
    titles = re.findall(r'class="result-title"><a [^>]*>([^<]+)</a>', page)
    assert titles == ["Sessions defends border policy", "Blair&#x27;s border plans"]  # undated last
    assert "The attorney general spoke." in page  # the article's opening stands for a snippet
    assert "Relevance" not in page and 'aria-current="true">Newest first' in page
    assert "Download all matches" not in page  # exports need words


def test_the_undated_articles_can_be_listed_without_words(client, archive):
    page = html(client, year="unknown")
    assert "<strong>1</strong> article" in page
    assert "Blair&#x27;s border plans" in page and "Border football" not in page
    assert "Year: Date unknown" in page


def test_no_words_and_no_filter_still_asks_for_words(client, archive):
    page = html(client)
    assert "Type words above to search" in page and "<strong>" not in page


def test_a_filter_without_words_on_the_quotes_tab_lists_its_quotes(client, archive):
    page = html(client, tab="quotes", speaker="Jeff Sessions")
    assert "<strong>1</strong> quote" in page and "We will secure the border" in page
