"""WARC web archives: HTML responses become articles, everything else is skipped and counted."""

from datetime import date

import pytest

from archive.ingest import import_paths, read_path
from archive.models import Article
from archive.records import RawArticle, ReadError, Skipped
from tests.ingest_fixtures import page, response, write_warc

CRAWL = [
    ("request", "https://example.com/news/budget"),
    response("https://example.com/news/budget", page()),
    response("https://example.com/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"),
    response("https://example.com/style.css", "body { color: red }", content_type="text/css"),
    response("https://example.com/old", "", status="301 Moved Permanently"),
    response("https://example.com/missing", page("Not found"), status="404 Not Found"),
    response("https://example.com/news/other", page("Mayor resigns", ["The mayor resigned on Friday."])),
]


def results(path):
    return [result for _, result in read_path(path)]


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_every_html_response_becomes_an_article_with_its_url(tmp_path, gzip):
    path = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), CRAWL, gzip=gzip)
    articles = [r for r in results(path) if isinstance(r, RawArticle)]
    assert [a.url for a in articles] == ["https://example.com/news/budget", "https://example.com/news/other"]
    assert [a.title for a in articles] == ["Council approves budget", "Mayor resigns"]


def test_capture_date_is_the_fallback_publication_date(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", CRAWL[1:2])
    [article] = results(path)
    assert article.published == date(2019, 3, 1) and article.date_precision == "day"


def test_non_article_records_are_skipped_by_reason(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", CRAWL)
    skipped = [r.reason for r in results(path) if isinstance(r, Skipped)]
    assert sorted(skipped) == sorted(
        ["request record", "non-HTML response", "non-HTML response", "redirect", "non-200 response"]
    )


@pytest.mark.django_db
def test_import_summary_counts_the_skipped_records(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", CRAWL)
    report = import_paths([path])
    assert (report.imported, report.skipped, report.failed) == (2, 5, 0)
    assert "skipped 5, failed 0; skipped: 2 non-HTML response, 1 request record" in report.summary
    assert Article.objects.get(url="https://example.com/news/other").imported_from == "crawl.warc.gz record 7"


@pytest.mark.parametrize("cut_bytes", [200, 600], ids=["in the payload", "in the headers"])
@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_truncated_archive_keeps_the_records_before_the_damage(tmp_path, gzip, cut_bytes):
    whole = write_warc(tmp_path / "whole.warc", CRAWL, gzip=gzip).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: len(whole) - cut_bytes])
    found = results(cut)
    assert isinstance(found[1], RawArticle)
    assert not any(isinstance(r, RawArticle) and r.title == "Mayor resigns" for r in found)
    assert isinstance(found[-1], ReadError) and "truncated" in str(found[-1])
