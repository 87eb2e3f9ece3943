"""Web pages: main text and metadata come from trafilatura, scripts never reach the body."""

from datetime import date

import pytest

from archive.ingest.html import NoArticleText, read_html
from tests.ingest_fixtures import page

METADATA = """
<link rel="canonical" href="https://example.com/news/council-budget">
<meta property="og:site_name" content="The Example Times">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2018-04-06T10:00:00Z">
<script>alert("in the head")</script>
"""


def read_page(html, **kwargs):
    return read_html(html.encode("utf-8"), "page.html", **kwargs)


def test_main_text_leaves_out_navigation_footer_and_the_repeated_headline():
    raw = read_page(page(head=METADATA))
    assert raw.body.startswith("The city council approved the budget on Tuesday")
    assert raw.body.endswith("in the northern districts.")
    assert "Home" not in raw.body and "Copyright" not in raw.body
    assert "Council approves budget" not in raw.body


def test_paragraphs_are_separated_by_a_blank_line():
    raw = read_page(page(head=METADATA))
    assert raw.body.count("\n\n") == 2


def test_title_byline_date_site_and_canonical_url_are_extracted():
    raw = read_page(page(head=METADATA))
    assert raw.title == "Council approves budget"
    assert raw.byline == "Jane Doe"
    assert (raw.published, raw.date_precision) == (date(2018, 4, 6), "day")
    assert raw.source == "The Example Times"
    assert raw.url == "https://example.com/news/council-budget"


def test_scripts_are_dropped_from_the_body():
    raw = read_page(page(head=METADATA, paragraphs=["A paragraph <script>alert('x')</script> of news text."]))
    assert "alert" not in raw.body and "injected" not in raw.body and "<" not in raw.body


def test_markup_written_as_text_stays_text():
    raw = read_page(page(paragraphs=["The tag &lt;script&gt;alert(1)&lt;/script&gt; was found on the site."]))
    assert "<script>alert(1)</script>" in raw.body


def test_canonical_url_wins_over_the_address_the_page_was_fetched_from():
    raw = read_page(page(head=METADATA), url="https://example.com/news/council-budget?utm=feed")
    assert raw.url == "https://example.com/news/council-budget"


def test_page_address_stands_in_when_the_page_names_no_canonical_url():
    raw = read_page(page(), url="https://example.com/news/budget")
    assert raw.url == "https://example.com/news/budget"


def test_capture_date_stands_in_for_a_missing_publication_date_with_a_warning():
    raw = read_page(page(), capture_date=date(2019, 3, 1))
    assert raw.published == date(2019, 3, 1)
    assert "capture date" in raw.warnings[0]


def test_date_in_the_page_address_is_used_when_the_page_gives_none():
    raw = read_page(page(), url="https://example.com/2019/05/03/budget")
    assert (raw.published, raw.warnings) == (date(2019, 5, 3), [])


def test_declared_charset_decodes_the_page():
    html = page(paragraphs=["Le café était fermé, a déclaré le maire à la presse mercredi après-midi."])
    data = html.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("utf-8", "iso-8859-1")
    raw = read_html(data.encode("iso-8859-1"), "latin1.html")
    assert "Le café était fermé" in raw.body


def test_html_lang_attribute_sets_the_language():
    raw = read_page(page().replace('lang="en"', 'lang="fr"'))
    assert raw.language == "fr"


def test_page_without_article_text_is_refused():
    with pytest.raises(NoArticleText):
        read_page("<!DOCTYPE html><html><head><title>Front page</title></head><body></body></html>")
