"""The Atom feed of a search (/search/feed/?<search parameters>), read with a real feed parser."""

from datetime import date

import feedparser
from django.template import Context, Template

from tests.factories import hidden_titles, make_article, make_quote

URL = "/search/feed/"


def feed(client, params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_entries_are_the_matches_newest_first_whatever_the_sort(client, archive):
    for sort in ("relevance", "oldest", "newest"):
        entries = feed(client, {"q": "harbour", "sort": sort}).entries
        assert [e.title for e in entries] == [
            archive["lopez"].title,
            archive["formula"].title,
            archive["older"].title,
            archive["undated"].title,
        ]


def test_an_entry_links_to_the_canonical_article_with_source_as_author(client, archive):
    entry = feed(client, {"q": "cranes"}).entries[0]
    assert entry.link == f"http://testserver{archive['lopez'].get_absolute_url()}"
    assert entry.id == entry.link
    assert entry.author == "BBC News"
    assert entry.published_parsed[:3] == (2018, 6, 14)
    assert entry.updated_parsed is not None
    assert "Ana López said" in entry.summary


def test_summaries_are_escaped_text_never_markup(client, db, drain_index):
    make_article("Harbour hack", 'The harbour page said <script>alert("x")</script> & <b>bold</b>.')
    drain_index()
    response = client.get(URL, {"q": "harbour"})
    assert b"<script>" not in response.content
    summary = feedparser.parse(response.content).entries[0].summary_detail
    assert summary.type == "text/plain"  # a reader shows it as text, never as markup
    assert summary.value == 'The harbour page said <script>alert("x")</script> & <b>bold</b>.'
    assert b"&lt;script&gt;" in response.content


def test_the_feed_id_is_the_same_for_the_same_search(client, archive):
    first = feed(client, {"q": "harbour", "source": "Reuters", "sort": "oldest", "page": "2"}).feed
    second = feed(client, {"source": "Reuters", "q": "harbour"}).feed
    other = feed(client, {"q": "harbour"}).feed
    assert first.id == second.id == "http://testserver/search/feed/?q=harbour&source=Reuters"
    assert other.id != first.id
    assert first.link == "http://testserver/search/?q=harbour&source=Reuters"
    assert "Reuters" in first.title and "harbour" in first.title


def test_the_feed_honours_the_filters(client, archive):
    entries = feed(client, {"q": "harbour", "organisation": "Port Authority"}).entries
    assert [e.title for e in entries] == [archive["lopez"].title, archive["older"].title]


def test_the_quotes_tab_feeds_quotes(client, archive):
    entries = feed(client, {"q": "harbour OR ferries", "tab": "quotes"}).entries
    assert [e.title for e in entries] == [
        "Ana López: “The harbour will reopen, with new cranes”",
        "Bo Chen: “+1 for the ferries”",
    ]
    assert entries[0].author == "Ana López"
    quote = archive["lopez"].quotes.get()
    assert entries[0].link == f"http://testserver/quotes/{quote.pk}/"


def test_no_feed_shows_a_draft_or_embargoed_article_or_their_quotes(client, archive):
    assert feed(client, {"q": "secret"}).entries == []
    assert feed(client, {"q": "secret", "tab": "quotes"}).entries == []
    titles = [entry.title for entry in feed(client, {"q": "harbour", "person": "Ana López"}).entries]
    assert titles == [archive["lopez"].title]
    assert not hidden_titles(archive) & {e.title for e in feed(client, {"q": "harbour"}).entries}


def test_a_search_the_page_refuses_is_a_400(client, archive):
    assert client.get(URL).status_code == 400
    response = client.get(URL, {"q": "-harbour"})
    assert response.status_code == 400
    assert "can't consist only of exclusions" in response.content.decode()


def test_the_feed_shows_the_newest_fifty(client, db, drain_index):
    for n in range(55):
        make_article(f"Harbour day {n}", f"The harbour on day {n}.", published=date(2018, 1, 1 + n % 28))
    drain_index()
    assert len(feed(client, {"q": "harbour"}).entries) == 50


def test_the_search_page_tags_link_exports_and_feed_with_the_whole_state(db):
    state = {"q": "harbour deal", "tab": "quotes", "speaker": "Ana López", "sort": "newest", "page": 3}
    html = Template(
        "{% load search_exports %}{% search_feed_link state %}{% search_export_links state %}"
    ).render(Context({"state": state}))
    query = "q=harbour+deal&amp;tab=quotes&amp;speaker=Ana+L%C3%B3pez"
    assert f'href="/search/export.csv?{query}&amp;sort=newest"' in html
    assert f'href="/search/export.jsonl?{query}&amp;sort=newest"' in html
    assert html.count(f'href="/search/feed/?{query}"') == 2  # the <link> and the visible link
    assert 'type="application/atom+xml"' in html


def test_quote_summaries_are_text_escaped_once(client, db, drain_index):
    article = make_article("Harbour's day", '"The harbour\'s deal is ours & final," Ana López said.')
    make_quote(article, "Ana López", "The harbour's deal is ours & final,")
    drain_index()
    response = client.get(URL, {"q": "harbour", "tab": "quotes"})
    assert b"&amp;#x27;" not in response.content and b"&amp;amp;" not in response.content
    assert "<summary type=\"text\">“The harbour's deal is ours &amp; final,” — Harbour's day</summary>" in (
        response.content.decode()
    )
    summary = feedparser.parse(response.content).entries[0].summary_detail
    assert summary.type == "text/plain"
