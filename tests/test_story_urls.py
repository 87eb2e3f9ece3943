"""Stories are matched by their normalised URL: an update reached through a tracking link, an anchor,
a trailing slash or an upper-case host finds the archived story; a different story never does."""

import importlib
import json

import pytest
from django.apps import apps as django_apps

from archive.ingest import import_paths
from archive.models import Article, content_hash
from archive.story_urls import normalised_url

URL = "https://www.example.com/news/budget-approved"
FIRST = "The council approved the budget on Monday."
CORRECTED = "The council approved the budget on Tuesday, not Monday."


@pytest.mark.parametrize(
    "variant",
    [
        URL + "?utm_source=twitter&utm_medium=social&utm_campaign=budget",
        URL + "?fbclid=IwAR0abc",
        URL + "#comments",
        URL + "/",
        URL + "/?utm_source=rss#top",
        "https://WWW.Example.COM/news/budget-approved",
        "HTTPS://www.example.com:443/news/budget-approved",
    ],
)
def test_variants_of_a_story_url_have_its_key(variant):
    assert normalised_url(variant) == normalised_url(URL) == URL


@pytest.mark.parametrize(
    "other",
    [
        "https://www.example.com/news/budget-approved-2",
        "https://www.example.com/news/budget-approved?page=2",
        "https://www.example.com/News/budget-approved",  # a path's case may name another page
        "https://example.org/news/budget-approved",
    ],
)
def test_other_stories_keep_other_keys(other):
    assert normalised_url(other) != normalised_url(URL)


def test_remaining_parameters_are_kept_in_one_order():
    assert normalised_url("https://example.com/a?b=2&utm_term=x&a=1") == "https://example.com/a?a=1&b=2"


def test_no_url_has_no_key():
    assert normalised_url("") == normalised_url(None) == normalised_url("   ") == ""


def import_record(tmp_path, name, **fields):
    path = tmp_path / name
    path.write_text(json.dumps({"title": "Budget approved", **fields}) + "\n")
    return import_paths([path])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "variant",
    [
        URL + "?utm_source=newsletter",
        URL + "#correction",
        URL + "/",
        URL.replace("www.example", "WWW.Example"),
    ],
)
def test_an_update_at_a_variant_of_the_url_updates_the_story(tmp_path, variant):
    import_record(tmp_path, "first.jsonl", url=URL, body=FIRST)
    report = import_record(tmp_path, "again.jsonl", url=variant, body=CORRECTED)
    assert (report.imported, report.updated) == (0, 1)
    article = Article.objects.get()
    assert article.body == CORRECTED
    assert article.url == URL  # the URL an article was archived with is never rewritten


@pytest.mark.django_db
def test_a_new_text_at_another_url_is_another_story(tmp_path):
    import_record(tmp_path, "first.jsonl", url=URL, body=FIRST)
    report = import_record(tmp_path, "other.jsonl", url=URL + "?page=2", body=CORRECTED)
    assert (report.imported, report.updated) == (1, 0)
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_articles_without_urls_are_never_matched_to_each_other(tmp_path):
    import_record(tmp_path, "first.jsonl", body=FIRST)
    report = import_record(tmp_path, "other.jsonl", body=CORRECTED)
    assert (report.imported, report.updated) == (1, 0)


@pytest.mark.django_db
def test_saving_an_article_keeps_its_key_current():
    article = Article.objects.create(title="Budget", body=FIRST, url=URL + "?utm_source=x")
    assert article.url_key == URL
    article.url = "https://example.com/moved/#top"
    article.save(update_fields=["url"])
    assert Article.objects.get().url_key == "https://example.com/moved"
    article.body = CORRECTED
    article.save(update_fields=["body"])  # the dedup key follows its text the same way
    assert Article.objects.get().content_hash == content_hash(CORRECTED)


@pytest.mark.django_db
def test_the_migration_fills_the_key_of_stories_archived_before_it(tmp_path):
    migration = importlib.import_module("archive.migrations.0010_fill_article_url_keys")
    import_record(tmp_path, "first.jsonl", url=URL + "/#top", body=FIRST)
    import_record(tmp_path, "second.jsonl", body=CORRECTED)
    Article.objects.update(url_key="")  # as the migration finds the rows
    migration.fill_url_keys(django_apps, schema_editor=None)
    assert sorted(Article.objects.values_list("url_key", flat=True)) == ["", URL]
    report = import_record(tmp_path, "again.jsonl", url=URL + "?utm_source=x", body=FIRST + " Updated.")
    assert report.updated == 1


@pytest.mark.django_db
def test_two_captures_of_a_story_in_one_import_are_one_article_with_two_versions(tmp_path):
    path = tmp_path / "captures.jsonl"
    records = [
        {"title": "Budget approved", "url": URL + "?utm_source=rss", "body": FIRST},
        {"title": "Budget approved", "url": URL + "#update", "body": CORRECTED},
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    report = import_paths([path])
    assert (report.imported, report.updated) == (1, 1)
    article = Article.objects.get()
    assert article.body == CORRECTED
    assert list(article.versions.order_by("number").values_list("body", flat=True)) == [FIRST, CORRECTED]
