"""A quote's citable page: the quote, its speaker (linked) with the role the article gives, the
paragraph around it with the quote marked, the article, source, dates, a "Cite this" line, the
original with a text fragment, and the speaker's other quotes of that day. Search, actor and
article pages link to it; the API and the exports give its address."""

import csv
import io
from datetime import date
from urllib.parse import unquote

import pytest

from archive.models import Article, Mention
from archive.templatetags.web_links import text_fragment_url
from tests.factories import API, get_json, make_article, make_quote

pytestmark = pytest.mark.django_db

BODY = (
    "The cabinet met on Friday.\n\n"
    "“Our border policy is lawful, and we will defend it,” said Jeff Sessions, the Attorney General, "
    "after the meeting.\n\n"
    "Critics disagreed."
)
QUOTE = "Our border policy is lawful, and we will defend it,"


@pytest.fixture
def quote():
    article = make_article(
        "Sessions defends policy",
        BODY,
        published=date(2018, 6, 15),
        people=["Jeff Sessions"],
        url="https://news.example.com/politics/sessions-defends?utm_source=rss",
    )
    Mention.objects.filter(article=article).update(role="then Attorney General")
    return make_quote(article, "Jeff Sessions", QUOTE)


def page(client, quote):
    response = client.get(quote.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_quote_page_shows_the_quote_its_speaker_and_the_role_the_article_gives(client, quote):
    html = page(client, quote)
    assert f"<q>{QUOTE.rstrip(',')}</q>" in html
    speaker = quote.speaker
    assert (
        f'— <a href="{speaker.get_absolute_url()}">Jeff Sessions</a>, '
        '<span class="role">then Attorney General</span>' in html
    )


def test_the_quote_is_marked_in_its_paragraph(client, quote):
    html = page(client, quote)
    assert (
        f'<p class="passage">“<mark class="quoted">{QUOTE}</mark>” said Jeff Sessions, the Attorney General, '
        "after the meeting.</p>"
    ) in html
    assert "The cabinet met" not in html.split('class="passage"')[1].split("</p>")[0]


def test_a_quote_over_two_paragraphs_shows_both():
    from pages.templatetags.article_body import passage_around

    body = "First para.\n\nA quote that starts here\n\nand ends here. Said X.\n\nLast."
    start, end = body.index("A quote"), body.index("ends here") + 9
    assert (
        body[slice(*passage_around(body, start, end))] == "A quote that starts here\n\nand ends here. Said X."
    )


def test_the_page_names_article_source_dates_and_gives_a_cite_line(client, quote):
    article = quote.article
    html = page(client, quote)
    assert f'<a href="{article.get_absolute_url()}">Sessions defends policy</a>' in html
    assert '<a href="/browse/sources/bbc-news/">BBC News</a>' in html
    assert '<time datetime="2018-06-15">15 June 2018</time>' in html
    assert f'<dt>Archived</dt><dd><time datetime="{article.created:%Y-%m-%d}">' in html
    cite = html[html.index('<p class="cite">') :].split("</p>")[0]
    assert "Jeff Sessions, quoted in “Sessions defends policy.” BBC News, 15 June 2018. Archived " in cite
    assert f"http://testserver/quotes/{quote.pk}/" in cite


def test_the_original_is_linked_with_a_text_fragment_of_the_quote(client, quote):
    html = page(client, quote)
    expected = text_fragment_url(quote.article.url, quote.text)
    assert f'<a href="{expected.replace("&", "&amp;")}" rel="noopener">The quote at the source</a>' in html
    assert expected.startswith("https://news.example.com/politics/sessions-defends?utm_source=rss#:~:text=")


def test_a_short_quote_is_its_own_text_fragment():
    url = text_fragment_url("https://example.com/a#top", "“Zero-tolerance, & more,”")
    assert url == "https://example.com/a#:~:text=Zero%2Dtolerance%2C%20%26%20more"


def test_a_long_quote_is_found_by_its_first_and_last_words():
    url = text_fragment_url("https://example.com/a", QUOTE)
    fragment = url.split("#:~:text=")[1]
    start, end = fragment.split(",")
    assert (unquote(start), unquote(end)) == ("Our border policy is", "we will defend it")


@pytest.mark.parametrize("url", ["", "javascript:alert(1)", "data:text/html,x", "ftp://example.com/a"])
def test_no_original_link_without_a_web_address(url):
    assert text_fragment_url(url, QUOTE) == ""


def test_other_quotes_by_the_speaker_on_the_same_day_are_listed(client, quote):
    same_day = make_article("Sessions again", "“We act now,” Sessions said.", published=date(2018, 6, 15))
    other = make_quote(same_day, "Jeff Sessions", "We act now,")
    next_day = make_article("Next day", "“Tomorrow is late,” he said.", published=date(2018, 6, 16))
    make_quote(next_day, "Jeff Sessions", "Tomorrow is late,")
    draft = make_article(
        "Draft", "“Hidden words,” he said.", published=date(2018, 6, 15), status=Article.Status.DRAFT
    )
    make_quote(draft, "Jeff Sessions", "Hidden words,")
    html = page(client, quote)
    section = html[html.index('id="same-day-h"') :]
    assert f'<a href="{other.get_absolute_url()}">We act now</a>' in section
    assert "Tomorrow is late" not in html and "Hidden words" not in html
    assert QUOTE not in section


def test_a_month_dated_article_has_no_same_day_list(client, quote):
    Article.objects.filter(pk=quote.article_id).update(date_precision=Article.Precision.MONTH)
    same_month = make_article(
        "Same month", "“We act now,” Sessions said.", published=date(2018, 6, 15), precision="month"
    )
    make_quote(same_month, "Jeff Sessions", "We act now,")
    assert "same-day-h" not in page(client, quote)


def test_quotes_of_unpublished_articles_have_no_page(client, quote):
    for status in (Article.Status.DRAFT, Article.Status.EMBARGOED):
        Article.objects.filter(pk=quote.article_id).update(status=status, embargo_until="2999-01-01T00:00Z")
        response = client.get(quote.get_absolute_url())
        assert response.status_code == 404 and QUOTE not in response.content.decode()


def test_article_actor_and_search_pages_link_to_the_quote_page(client, quote, drain_index):
    drain_index()
    link = f'href="{quote.get_absolute_url()}"'
    assert link in client.get(quote.article.get_absolute_url()).content.decode()
    assert link in client.get(quote.speaker.get_absolute_url()).content.decode()
    assert link in client.get("/search/", {"q": "border", "tab": "quotes"}).content.decode()


def test_the_api_and_the_exports_give_the_quote_page(client, quote, drain_index):
    drain_index()
    address = f"http://testserver{quote.get_absolute_url()}"
    assert get_json(client, f"{API}/quotes/{quote.pk}/")["archive_url"] == address
    assert get_json(client, f"{API}/quotes/")["results"][0]["archive_url"] == address
    article = get_json(client, f"{API}/articles/{quote.article_id}/")
    assert article["quotes"][0]["archive_url"] == address
    response = client.get("/search/export.csv", {"q": "border", "tab": "quotes"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["quote_url"] == address
    assert rows[0]["archive_url"] == f"http://testserver{quote.article.get_absolute_url()}"


@pytest.mark.parametrize("others", [0, 12])
def test_the_quote_page_takes_a_constant_number_of_queries(
    client, quote, django_assert_max_num_queries, others
):
    for n in range(others):
        article = make_article(f"Same day {n}", f"“Words {n},” he said.", published=date(2018, 6, 15))
        make_quote(article, "Jeff Sessions", f"Words {n},")
    with django_assert_max_num_queries(3):
        assert client.get(quote.get_absolute_url()).status_code == 200
