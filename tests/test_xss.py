"""Script and attribute payloads in everything an article, an actor or a quote can hold are shown as
text everywhere: pages, search results (snippets and highlights), autocomplete, feeds, exports, the
API and the admin. Links never run `javascript:` URLs; CSV cells never start a formula."""

import csv
import io
import json
import re
from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from archive.models import Actor, ActorAlias, Article, Source
from tests.factories import make_article, make_quote, wire_copies

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
JAVASCRIPT_URL = "javascript:alert(1)"
# What must never reach an HTML page as markup.
LIVE_MARKUP = ("<script>alert(1)", "<img src=x onerror", "<img src=x")
RUNNABLE_LINK = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
ATOM = "{http://www.w3.org/2005/Atom}"
PAGES_OF_COUNTS = ("/browse/", "/browse/months/")  # no titles or names on these


@pytest.fixture
def hostile(db, drain_index):
    """A published article whose every field carries a payload, by a speaker who carries them too."""
    name = f"Eve {SCRIPT}"
    body = (
        f"Harbour news {SCRIPT} and {ATTRIBUTE} here.\n\n"
        f'"Harbour dues {SCRIPT} will rise {ATTRIBUTE}," {name} said.\n\n'
        "The harbour em lt amp quot script onerror img alert words."
    )
    article = make_article(
        f"Harbour {SCRIPT} {ATTRIBUTE}",
        body,
        published=date(2018, 6, 1),
        source=f"Source {ATTRIBUTE}",
        people=[name],
        organisations=[f"Org {ATTRIBUTE}"],
        byline=f"By {SCRIPT}",
        caption=f"Caption {ATTRIBUTE}",
        credit=f"Credit {SCRIPT}",
        section=f"Section {ATTRIBUTE}",
        url=JAVASCRIPT_URL,
    )
    make_quote(article, name, f"Harbour dues {SCRIPT} will rise {ATTRIBUTE},")
    speaker = Actor.objects.get(name=name)
    speaker.description = f"Role {ATTRIBUTE}"
    speaker.save()
    ActorAlias.objects.create(actor=speaker, alias=f"Alias {SCRIPT}")
    Source.objects.filter(pk=article.source_id).update(homepage_url=JAVASCRIPT_URL)
    neighbour = make_article(  # shows the hostile one among its related articles
        "Harbour neighbour", "Harbour dues will rise, the harbour news said.", published=date(2018, 6, 2)
    )
    drain_index()
    return {"article": article, "speaker": speaker, "neighbour": neighbour}


def public_pages(hostile):
    article, speaker = hostile["article"], hostile["speaker"]
    words = ("harbour", "script", "onerror", "img", "alert", "em", "lt", "quot")
    searches = [f"/search/?q={q}" for q in words]
    return [
        "/",
        article.get_absolute_url(),
        *[f"{article.get_absolute_url()}?q={q}" for q in ("script", "alert", "onerror", "img", "lt", "em")],
        hostile["neighbour"].get_absolute_url(),
        speaker.get_absolute_url(),
        "/browse/",
        "/browse/sources/",
        reverse("archive:source", kwargs={"slug": article.source.slug}),
        "/browse/months/",
        "/browse/months/2018/6/",
        "/browse/people/",
        "/browse/organisations/",
        *searches,
        *[f"/search/?q={q}&tab=quotes" for q in ("harbour", "script", "onerror", "img", "alert")],
        f"/search/?q=harbour&speaker={speaker.name}",
        f"/search/?q=harbour&source={article.source.name}",
        f"/search/?q={SCRIPT}",
    ]


def assert_inert_html(html, where):
    for markup in LIVE_MARKUP:
        assert markup not in html, f"{where}: {markup!r} is live markup"
    assert not RUNNABLE_LINK.search(html), f"{where}: a javascript: link"


def test_public_pages_show_the_payloads_as_text(client, hostile):
    for url in public_pages(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_inert_html(html, url)
        if url not in PAGES_OF_COUNTS:  # the payloads are there as text (escaped, maybe highlighted)
            assert re.search(r"alert(</(mark|em)>)?\(1\)", html), url


def test_wire_copies_show_the_payloads_as_text(client, db, drain_index):
    """The copies listed on an article page ("Also published by") and counted in results."""
    copies = wire_copies(
        f"Strike {SCRIPT}",
        dates=[date(2018, 6, 1), date(2018, 6, 2)],
        sources=(f"Source {ATTRIBUTE}", f"Wire {SCRIPT}"),
    )
    drain_index()
    urls = [copy.get_absolute_url() for copy in copies] + [
        "/search/?q=ferries",
        "/search/?q=ferries&copies=copy",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert_inert_html(html, url)
        assert "alert(1)" in html, url
    assert "Also published by" in client.get(copies[0].get_absolute_url()).content.decode()


def test_search_snippets_and_highlights_are_escaped_around_the_marks(client, hostile):
    html = client.get("/search/?q=script").content.decode()
    assert "&lt;<em>script</em>&gt;alert(1)&lt;/<em>script</em>&gt;" in html
    page = client.get(hostile["article"].get_absolute_url() + "?q=script").content.decode()
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in page


def test_links_to_the_original_and_the_source_site_are_web_links_only(client, hostile):
    article = hostile["article"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Original at the source" not in page
    source_page = client.get(reverse("archive:source", kwargs={"slug": article.source.slug})).content.decode()
    assert ">Website</a>" not in source_page
    Article.objects.filter(pk=article.pk).update(url="https://example.com/harbour")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://example.com/harbour" rel="noopener">Original at the source</a>' in page


def test_autocomplete_and_api_answer_json_that_browsers_do_not_sniff(client, hostile):
    speaker = hostile["speaker"]
    article = hostile["article"]
    urls = [
        "/search/actors/autocomplete?q=Eve",
        "/search/actors/autocomplete?q=Alias",
        "/api/v1/articles/",
        f"/api/v1/articles/{article.pk}/",
        "/api/v1/quotes/?q=harbour",
        f"/api/v1/quotes/{article.quotes.get().pk}/",
        "/api/v1/actors/",
        f"/api/v1/actors/{speaker.slug}/",
        "/api/v1/search/?q=script",
        "/api/v1/search/?q=harbour&tab=quotes",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert SCRIPT in json.dumps(response.json(), ensure_ascii=False), url  # data stays data


@pytest.mark.parametrize("tab", ["articles", "quotes"])
def test_feed_entries_hold_the_payloads_as_text(client, hostile, tab):
    response = client.get(f"/search/feed/?q=harbour&tab={tab}")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        # <title> and <summary type="text"> are text to the reader: the payload stays characters.
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "text"
        for link in entry.findall(f"{ATOM}link"):
            assert not link.get("href").lower().startswith("javascript:")
    assert any(SCRIPT in entry.find(f"{ATOM}title").text for entry in entries)
    assert any(SCRIPT in entry.find(f"{ATOM}summary").text for entry in entries)


@pytest.mark.parametrize("tab", ["articles", "quotes"])
def test_csv_export_starts_no_formula_and_keeps_the_payload_as_text(client, hostile, tab):
    make_article("=cmd|' /C calc'!A0 harbour", "@SUM(1+1) harbour -2+3", published=date(2018, 1, 1))
    response = client.get(f"/search/export.csv?q=harbour&tab={tab}")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert any(SCRIPT in cell for cell in cells)


def test_jsonl_export_keeps_the_payload_as_data(client, hostile):
    response = client.get("/search/export.jsonl?q=harbour")
    records = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert any(record["title"] == hostile["article"].title for record in records)


def test_admin_lists_and_forms_show_the_payloads_as_text(staff_client, hostile):
    article, speaker = hostile["article"], hostile["speaker"]
    quote = article.quotes.get()
    urls = [
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_article_change", args=[article.pk]),
        reverse("admin:archive_actor_changelist"),
        reverse("admin:archive_actor_change", args=[speaker.pk]),
        reverse("admin:archive_quote_changelist"),
        reverse("admin:archive_quote_change", args=[quote.pk]),
        reverse("admin:archive_source_changelist"),
        reverse("admin:archive_source_change", args=[article.source_id]),
        reverse("admin:archive_article_changelist") + "?q=script",
        reverse("admin:archive_article_delete", args=[article.pk]),
        reverse("admin:archive_article_history", args=[article.pk]),
    ]
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert_inert_html(response.content.decode(), url)
