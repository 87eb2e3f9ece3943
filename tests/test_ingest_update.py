"""New text at a known URL updates the archived article and keeps the editors' work."""

import importlib
import json
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from archive.ingest import import_paths
from archive.models import Article, Quote
from archive.records import RawQuote

pytestmark = pytest.mark.django_db

URL = "https://example.com/news/budget"
FIRST = 'The council approved the budget. "We have done our job," the mayor said.'
CORRECTED = (
    'Correction appended. The council approved the budget on Tuesday. "We have done our job," the mayor said.'
)


def import_record(tmp_path, body, name="story.jsonl", extractor=None, **fields):
    path = tmp_path / name
    path.write_text(json.dumps({"title": "Budget approved", "url": URL, "body": body, **fields}) + "\n")
    return import_paths([path], extractor=extractor)


def verify_quote(article, text):
    start = article.body.index(text)
    return Quote.objects.create(
        article=article, text=text, start=start, end=start + len(text), verified=True, confidence=1.0
    )


def quotes_in_double_quotes(bodies):
    """A stand-in extractor: every "..." span is an unverified quote."""
    return [
        (
            [],
            [
                RawQuote(text=m[1], start=m.start(1), end=m.end(1), confidence=0.5)
                for m in re.finditer(r'"([^"]+)"', b)
            ],
        )
        for b in bodies
    ]


def test_changed_text_at_a_known_url_updates_the_article(tmp_path):
    import_record(tmp_path, FIRST)
    report = import_record(tmp_path, CORRECTED, name="again.jsonl", title="Budget approved on Tuesday")
    assert (report.imported, report.updated, report.duplicates) == (0, 1, 0)
    article = Article.objects.get()
    assert article.body == CORRECTED and article.title == "Budget approved on Tuesday"
    assert "updated 1" in report.summary


def test_same_text_again_is_a_duplicate_not_an_update(tmp_path):
    import_record(tmp_path, FIRST)
    report = import_record(tmp_path, FIRST, name="again.jsonl", title="Another title")
    assert (report.updated, report.duplicates) == (0, 1)
    assert Article.objects.get().title == "Budget approved"


def test_verified_quote_moves_with_its_words(tmp_path):
    import_record(tmp_path, FIRST)
    quote = verify_quote(Article.objects.get(), "We have done our job,")
    import_record(tmp_path, CORRECTED, name="again.jsonl")
    quote.refresh_from_db()
    assert quote.verified and quote.start == CORRECTED.index("We have done our job,")
    quote.full_clean()  # the text is exactly the body between start and end


def test_verified_quote_survives_a_change_of_quotation_marks_and_spacing(tmp_path):
    import_record(tmp_path, FIRST)
    quote = verify_quote(Article.objects.get(), '"We have done our job,"')
    import_record(tmp_path, "The budget passed. “We have  done our job,” the mayor said.", name="again.jsonl")
    quote.refresh_from_db()
    assert quote.text == "“We have  done our job,”"
    quote.full_clean()


def test_text_that_drops_a_verified_quote_is_not_applied_and_is_reported(tmp_path):
    import_record(tmp_path, FIRST)
    verify_quote(Article.objects.get(), "We have done our job,")
    report = import_record(tmp_path, "The council approved the budget.", name="again.jsonl")
    assert (report.updated, report.failed) == (0, 1)
    assert "no longer contains 1 verified quote" in report.failures[0]
    assert "again.jsonl line 1" in report.failures[0]
    assert Article.objects.get().body == FIRST
    assert Quote.objects.get().verified


def test_unverified_quotes_are_replaced_by_those_of_the_new_text(tmp_path):
    import_record(tmp_path, FIRST, extractor=quotes_in_double_quotes)
    new_text = 'The budget passed. "It is a good day," the mayor said.'
    import_record(tmp_path, new_text, name="again.jsonl", extractor=quotes_in_double_quotes)
    assert list(Quote.objects.values_list("text", flat=True)) == ["It is a good day,"]


def test_new_quotes_overlapping_a_verified_one_are_left_out(tmp_path):
    import_record(tmp_path, FIRST)
    verify_quote(Article.objects.get(), "We have done our job")
    import_record(tmp_path, CORRECTED, name="again.jsonl", extractor=quotes_in_double_quotes)
    assert list(Quote.objects.values_list("text", "verified")) == [("We have done our job", True)]


def test_title_an_editor_fixed_in_the_admin_is_kept(tmp_path, staff_client):
    import_record(tmp_path, FIRST)
    article = Article.objects.get()
    response = staff_client.post(
        reverse("admin:archive_article_change", args=[article.pk]),
        admin_form(article, title="Mayor: job done"),
    )
    assert response.status_code == 302
    import_record(
        tmp_path, CORRECTED, name="again.jsonl", title="Budget approved on Tuesday", byline="J. Doe"
    )
    article.refresh_from_db()
    assert article.title == "Mayor: job done"  # the editor's
    assert article.byline == "J. Doe" and article.body == CORRECTED  # not edited: refreshed


def test_the_admin_records_the_fields_an_editor_changed(tmp_path, staff_client):
    """Recorded on the article when the admin saves; they were recovered from the admin's LogEntry
    messages, whose wording (field labels in JSON) an import had to parse back."""
    import_record(tmp_path, FIRST)
    article = Article.objects.get()
    staff_client.post(
        reverse("admin:archive_article_change", args=[article.pk]),
        admin_form(article, title="Mayor: job done"),
    )
    article.refresh_from_db()
    staff_client.post(
        reverse("admin:archive_article_change", args=[article.pk]), admin_form(article, byline="Ed")
    )
    article.refresh_from_db()
    assert article.edited_fields == ["byline", "title"]
    LogEntry.objects.all().delete()  # the history is no longer read
    import_record(tmp_path, CORRECTED, name="again.jsonl", title="Budget approved again", byline="J. Doe")
    article.refresh_from_db()
    assert (article.title, article.byline) == ("Mayor: job done", "Ed")
    assert article.body == CORRECTED


def test_the_admin_history_written_before_the_field_existed_is_kept(tmp_path, staff_client):
    migration = importlib.import_module("archive.migrations.0007_article_edited_fields")
    import_record(tmp_path, FIRST)
    article = Article.objects.get()
    staff_client.post(
        reverse("admin:archive_article_change", args=[article.pk]),
        admin_form(article, title="Mayor: job done"),
    )
    Article.objects.update(edited_fields=[])  # as the migration finds an article
    migration.fields_named_in_admin_history(django_apps, schema_editor=None)
    assert Article.objects.get().edited_fields == ["title"]


def test_empty_incoming_field_does_not_blank_a_filled_one(tmp_path):
    import_record(tmp_path, FIRST, byline="Jane Doe")
    import_record(tmp_path, CORRECTED, name="again.jsonl")
    assert Article.objects.get().byline == "Jane Doe"


def admin_form(article, **changes):
    """The admin change form for `article` as the browser would post it, with `changes`."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "source": article.source_id or "",
        "section": article.section,
        "byline": article.byline,
        "url": article.url,
        "published": article.published or "",
        "date_precision": article.date_precision,
        "status": article.status,
        "embargo_until_0": "",
        "embargo_until_1": "",
        "language": article.language,
        "caption": article.caption,
        "credit": article.credit,
        "body": article.body,
        "_save": "Save",
        **changes,
    }
    for prefix in ("quotes", "mentions"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data
