"""Story versions: an import of corrected text and an editor's save keep the earlier version; the
versions page shows each public version with its text changes and the quotes added, changed or
dropped, with their speakers; states stored while the article was a draft or under embargo are
never shown."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from archive import versions
from archive.embargoes import release_due_embargoes
from archive.ingest import import_paths
from archive.models import Actor, Article, ArticleVersion, Quote
from archive.version_changes import ADDED, CHANGED, REMOVED, UNCHANGED, compare, quote_changes, text_changes
from tests.factories import inline_post_data, make_article, make_quote

pytestmark = pytest.mark.django_db

URL = "https://example.com/news/working-hours"
FIRST = (
    "The minister spoke on Monday.\n\n"
    '"Drivers will not work beyond the legal limits," Helen Marsh said.\n\n'
    '"We will watch the depots," an inspector said.\n\n'
    "The union welcomed the plan."
)
CORRECTED = (
    "The minister spoke on Tuesday.\n\n"
    '"Drivers will not work beyond sixteen hours," Helen Marsh said.\n\n'
    "The union welcomed the plan.\n\n"
    '"It is a start," said Tom Reid.'
)


def quoted(body, text, speaker):
    start = body.index(text)
    return {"text": text, "speaker": speaker, "start": start, "end": start + len(text), "confidence": 0.9}


def import_story(tmp_path, name, body, quotes, **fields):
    """An export-format record (its quotes carried, no extraction) at URL."""
    record = {"title": "Drivers' hours", "url": URL, "body": body, "actors": [], "quotes": quotes, **fields}
    path = tmp_path / name
    path.write_text(json.dumps(record) + "\n")
    return import_paths([path])


@pytest.fixture
def corrected(tmp_path):
    """A story imported, then imported again with a corrected text at its URL."""
    import_story(
        tmp_path,
        "first.jsonl",
        FIRST,
        [
            quoted(FIRST, "Drivers will not work beyond the legal limits,", "Helen Marsh"),
            quoted(FIRST, "We will watch the depots,", None),
        ],
        published="2019-03-14",
    )
    report = import_story(
        tmp_path,
        "corrected.jsonl",
        CORRECTED,
        [
            quoted(CORRECTED, "Drivers will not work beyond sixteen hours,", "Helen Marsh"),
            quoted(CORRECTED, "It is a start,", "Tom Reid"),
        ],
        published="2019-03-14",
    )
    assert report.updated == 1
    return Article.objects.get()


def versions_page(client, article):
    response = client.get(reverse("archive:article-versions", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_corrected_story_keeps_both_versions(corrected):
    first, second = corrected.versions.order_by("number")
    assert (first.number, first.origin, first.body) == (1, ArticleVersion.Origin.ARCHIVED, FIRST)
    assert (second.number, second.origin, second.body) == (2, ArticleVersion.Origin.IMPORT, CORRECTED)
    assert [q["speaker"] for q in first.quotes] == ["Helen Marsh", ""]
    assert second.changed_fields == ["body", "quotes"]


def test_the_versions_page_lists_the_changed_quote_with_its_speaker(client, corrected):
    html = versions_page(client, corrected)
    assert "Updated 1 time since" in html
    changed = html[html.index('<li class="quote-reworded">') :]
    changed = changed[: changed.index("</li>")]
    assert "<q>Drivers will not work beyond the legal limits</q>" in changed
    assert "<q>Drivers will not work beyond sixteen hours</q>" in changed
    assert "Helen Marsh" in changed
    assert '<li class="quote-dropped"><span class="change-label">Dropped</span>' in html
    assert "<q>We will watch the depots</q></del>, unattributed" in html
    assert "<q>It is a start</q>, Tom Reid" in html


def test_the_versions_page_shows_the_words_changed(client, corrected):
    html = versions_page(client, corrected)
    assert "<del>Monday.</del><ins>Tuesday.</ins>" in html
    assert (
        '<p class="removed"><del>&quot;We will watch the depots,&quot; an inspector said.</del></p>' in html
    )
    assert "Updated by an import" in html and "First archived" in html


def test_the_article_page_says_how_often_it_was_updated_and_links_the_versions(client, corrected):
    html = client.get(corrected.get_absolute_url()).content.decode()
    versions_url = reverse("archive:article-versions", args=[corrected.pk])
    assert f'<a href="{versions_url}">Updated 1 time: see the versions</a>' in html


def test_an_article_never_changed_has_no_versions_and_says_so(client):
    article = make_article("Quiet story", "Nothing happened.", published=date(2019, 1, 1))
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
    assert "has not changed since it was published" in versions_page(client, article)
    assert not ArticleVersion.objects.exists()


def test_the_same_text_again_stores_no_version(tmp_path, corrected):
    import_story(tmp_path, "again.jsonl", CORRECTED + "\n", [])  # a duplicate: same normalised text
    assert corrected.versions.count() == 2


def test_an_admin_edit_creates_a_version_with_the_editors_name(client, staff_client, django_user_model):
    article = make_article("Hours", FIRST, published=date(2019, 3, 14), people=["Helen Marsh"])
    make_quote(article, "Helen Marsh", "Drivers will not work beyond the legal limits,")
    editor = django_user_model.objects.get(username="editor")
    editor.first_name, editor.last_name = "Ed", "Itor"
    editor.save()
    change_url = reverse("admin:archive_article_change", args=[article.pk])
    data = inline_post_data(staff_client.get(change_url))
    data.update(title="Drivers' hours: a correction", byline="By R. Porter", _save="Save")
    assert staff_client.post(change_url, data).status_code == 302
    latest = article.versions.order_by("number").last()
    assert (latest.number, latest.origin, latest.editor, latest.editor_name) == (
        2,
        "editor",
        editor,
        "Ed Itor",
    )
    assert latest.changed_fields == ["byline", "title"]
    assert latest.title == "Drivers' hours: a correction"
    assert article.versions.get(number=1).title == "Hours"
    html = versions_page(client, article)
    assert "Edited by Ed Itor" in html
    assert "<dt>Headline</dt><dd><del>Hours</del> → <ins>Drivers&#x27; hours: a correction</ins></dd>" in html


def test_an_admin_save_without_changes_stores_no_version(staff_client):
    article = make_article("Hours", FIRST, published=date(2019, 3, 14))
    change_url = reverse("admin:archive_article_change", args=[article.pk])
    data = inline_post_data(staff_client.get(change_url))
    assert staff_client.post(change_url, {**data, "_save": "Save"}).status_code == 302
    assert not article.versions.exists()


def test_an_editor_moving_a_quote_to_another_speaker_is_shown_as_such(staff_client, client):
    article = make_article("Hours", FIRST, published=date(2019, 3, 14), people=["Helen Marsh"])
    make_quote(article, "Helen Marsh", "We will watch the depots,")
    inspector = Actor.objects.create(name="Ian Spector", kind="person")
    change_url = reverse("admin:archive_article_change", args=[article.pk])
    data = inline_post_data(staff_client.get(change_url))
    data["quotes-0-speaker"] = inspector.pk
    assert staff_client.post(change_url, {**data, "_save": "Save"}).status_code == 302
    assert article.versions.order_by("number").last().changed_fields == ["quotes"]
    html = versions_page(client, article)
    assert (
        "Speaker changed</span> <q>We will watch the depots</q>: "
        "<del>Helen Marsh</del> → <ins>Ian Spector</ins>" in html
    )


def test_versions_of_unpublished_articles_are_not_public(client, tmp_path, corrected):
    for status, extra in (
        ("draft", {}),
        ("embargoed", {"embargo_until": timezone.now() + timedelta(days=1)}),
    ):
        Article.objects.filter(pk=corrected.pk).update(status=status, **extra)
        response = client.get(reverse("archive:article-versions", args=[corrected.pk]))
        assert response.status_code == 404, status
        assert "sixteen hours" not in response.content.decode()


def test_a_state_stored_while_the_article_was_a_draft_is_never_shown(client, staff_client):
    article = make_article("Hours", FIRST, published=date(2019, 3, 14), status=Article.Status.DRAFT)
    change_url = reverse("admin:archive_article_change", args=[article.pk])
    data = inline_post_data(staff_client.get(change_url))
    data.update(body=FIRST.replace("legal limits", "draftonly limits"), _save="Save")
    staff_client.post(change_url, data)
    data = inline_post_data(staff_client.get(change_url))
    data.update(body=CORRECTED, status="published", _save="Save")
    staff_client.post(change_url, data)
    assert [v.status for v in article.versions.order_by("number")] == ["draft", "draft", "published"]
    html = versions_page(client, article)
    assert "draftonly" not in html and "legal limits" not in html
    assert "has not changed since it was published" in html
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()


def test_a_draft_between_two_published_versions_is_skipped_in_the_comparison(client):
    article = make_article("Hours", FIRST, published=date(2019, 3, 14))

    def change(status, body):
        before = versions.snapshot(article)
        article.status, article.body = status, body
        article.save()
        versions.record(article, before, ArticleVersion.Origin.EDITOR)

    change(Article.Status.DRAFT, FIRST.replace("Monday", "Sunday (draftonly)"))
    change(Article.Status.PUBLISHED, CORRECTED)
    html = versions_page(client, article)
    assert "draftonly" not in html
    assert "<del>Monday.</del><ins>Tuesday.</ins>" in html  # published v1 against published v3
    assert "Updated 1 time" in html


def test_the_end_of_an_embargo_is_a_published_version(client):
    article = make_article("Hours", FIRST, published=date(2019, 3, 14), status=Article.Status.EMBARGOED)
    before = versions.snapshot(article)
    article.body = CORRECTED
    article.save()
    versions.record(article, before, ArticleVersion.Origin.IMPORT)
    Article.objects.filter(pk=article.pk).update(embargo_until=timezone.now() - timedelta(minutes=1))
    release_due_embargoes()
    latest = article.versions.order_by("number").last()
    assert (latest.origin, latest.status, latest.body) == ("embargo", "published", CORRECTED)
    html = versions_page(client, article)
    assert "Published when its embargo ended" in html and "legal limits" not in html


def test_quotes_changed_between_two_recorded_changes_are_a_version_of_their_own(tmp_path, corrected):
    Quote.objects.filter(article=corrected, text__startswith="It is").delete()  # e.g. by re-extraction
    helen = quoted(CORRECTED, "Drivers will not work beyond sixteen hours,", "Helen Marsh")
    import_story(tmp_path, "third.jsonl", CORRECTED + " More.", [helen], published="2019-03-14")
    origins = list(corrected.versions.order_by("number").values_list("origin", flat=True))
    assert origins == ["archived", "import", "quotes", "import"]
    _, second, third, fourth = corrected.versions.order_by("number")
    assert [c.kind for c in compare(versions.state_of(second), versions.state_of(third)).quotes] == [
        "dropped"
    ]
    assert compare(versions.state_of(third), versions.state_of(fourth)).quotes == []


def test_an_article_titled_versions_does_not_hide_its_versions_page(client):
    article = make_article("Versions", "Text.", published=date(2019, 1, 1))
    assert article.slug == "versions-article"
    assert client.get(article.get_absolute_url()).context["article"] == article


@pytest.mark.parametrize("changes", [1, 6])
def test_the_versions_page_takes_a_constant_number_of_queries(client, django_assert_max_num_queries, changes):
    article = make_article("Hours", FIRST, published=date(2019, 3, 14), people=["Helen Marsh"])
    make_quote(article, "Helen Marsh", "We will watch the depots,")
    for n in range(changes):
        before = versions.snapshot(article)
        article.body = f"{article.body}\n\nUpdate {n}."
        article.save()
        versions.record(article, before, ArticleVersion.Origin.IMPORT)
    with django_assert_max_num_queries(2):
        assert client.get(reverse("archive:article-versions", args=[article.pk])).status_code == 200


def test_unchanged_paragraphs_are_folded_and_changed_words_marked():
    old = "One.\nTwo.\nThree.\nThe vote was on Monday."
    new = "One.\nTwo.\nThree.\nThe vote was on Tuesday.\nA new line."
    paragraphs = text_changes(old, new)
    assert [p.kind for p in paragraphs] == [UNCHANGED, CHANGED, ADDED]
    assert paragraphs[0].unchanged == 3
    assert [(piece.kind, piece.text) for piece in paragraphs[1].pieces] == [
        ("same", "The vote was on "),
        (REMOVED, "Monday."),
        (ADDED, "Tuesday."),
    ]


def quote(text, speaker="Helen Marsh"):
    return {"text": text, "speaker": speaker, "role": "", "kind": "direct", "start": 0}


def test_quotes_are_paired_by_their_words():
    old = [quote("We will act now"), quote("Nothing changes here", "Tom Reid"), quote("Gone for good")]
    new = [
        quote("We will act now", "Ann Other"),
        quote("Nothing changes here", "Tom Reid"),
        quote("Brand new words"),
    ]
    changes = quote_changes(old, new)
    assert [(c.kind, (c.old or c.new)["text"]) for c in changes] == [
        ("speaker", "We will act now"),
        ("added", "Brand new words"),
        ("dropped", "Gone for good"),
    ]


def test_a_reworded_quote_is_one_change_not_a_drop_and_an_add():
    old = [quote("Drivers will not work beyond the legal limits")]
    new = [quote("Drivers will not work beyond sixteen hours")]
    assert [c.kind for c in quote_changes(old, new)] == ["reworded"]


def test_editors_see_every_version_in_the_admin_the_private_ones_too(staff_client):
    article = make_article("Hours", FIRST, published=date(2019, 3, 14), status=Article.Status.DRAFT)
    before = versions.snapshot(article)
    article.body = CORRECTED
    article.save()
    versions.record(article, before, ArticleVersion.Origin.IMPORT)
    html = staff_client.get(reverse("admin:archive_article_change", args=[article.pk])).content.decode()
    table = html[html.index('<table class="version-history">') :].split("</table>")[0]
    assert table.count("<tr>") == 3  # the header and both versions, the draft's too
    assert "<td>Updated by an import</td><td>Draft</td><td>body</td>" in table
    change_url = reverse("admin:archive_article_change", args=[article.pk])
    data = inline_post_data(staff_client.get(change_url))
    assert (
        staff_client.post(change_url, {**data, "_save": "Save"}).status_code == 302
    )  # the table posts nothing
    assert article.versions.count() == 2


def test_the_export_carries_the_versions_and_an_import_restores_them(tmp_path, client, corrected):
    from django.core.management import call_command

    export = tmp_path / "export.jsonl"
    call_command("export_articles", output=str(export))
    before = versions_page(client, corrected)
    Article.objects.all().delete()
    import_paths([export])
    restored = Article.objects.get()
    assert [(v.number, v.origin, v.body) for v in restored.versions.order_by("number")] == [
        (1, "archived", FIRST),
        (2, "import", CORRECTED),
    ]
    assert versions_page(client, restored).replace(f"/articles/{restored.pk}/", "") == before.replace(
        f"/articles/{corrected.pk}/", ""
    )


def test_the_public_records_never_carry_versions(client, corrected):
    assert "versions" not in client.get(f"/api/v1/articles/{corrected.pk}/").json()


@pytest.mark.parametrize(
    "broken",
    [
        {"number": 0},
        {"number": True},
        {"recorded": "yesterday"},
        {"recorded": "2019-13-45T00:00:00"},
        {"origin": "magic"},
        {"status": "secret"},
        {"body": None},
        {"changed_fields": "body"},
        {"metadata": []},
        {"quotes": [{"text": "x"}]},
    ],
)
def test_an_export_with_a_broken_version_is_refused_naming_it(tmp_path, broken):
    version = {
        "number": 1,
        "recorded": "2019-03-14T10:00:00+00:00",
        "origin": "archived",
        "editor_name": "",
        "changed_fields": [],
        "status": "published",
        "title": "Drivers' hours",
        "body": FIRST,
        "metadata": {},
        "quotes": [],
    }
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"title": "T", "body": FIRST, "versions": [{**version, **broken}]}) + "\n")
    report = import_paths([path])
    assert report.failed == 1 and "version" in report.failures[0]
    assert not Article.objects.exists()


def test_the_reader_knows_every_origin_of_a_version():
    from archive.ingest.jsonl import ORIGINS

    assert set(ORIGINS) == set(ArticleVersion.Origin.values)
