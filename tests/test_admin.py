"""The admin is the editors' desk: staff only."""

from datetime import date

import pytest
from django.urls import reverse

from archive.ingest import import_paths
from archive.models import Article
from tests.conftest import SAMPLES
from tests.factories import make_article, make_quote

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:archive_article_changelist",
    "admin:archive_actor_changelist",
    "admin:archive_quote_changelist",
    "admin:archive_source_changelist",
    "admin:archive_article_add",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_load_for_staff(staff_client, name):
    import_paths([SAMPLES])
    assert staff_client.get(reverse(name)).status_code == 200


def test_article_change_page_loads_for_staff(staff_client):
    import_paths([SAMPLES])
    article = Article.objects.first()
    response = staff_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert article.title in response.content.decode()


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_refuses_anonymous_users(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_refuses_logged_in_non_staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-123"))
    response = client.get(reverse("admin:archive_article_changelist"))
    assert response.status_code == 302


def test_low_confidence_filter_lists(staff_client):
    response = staff_client.get(reverse("admin:archive_quote_changelist") + "?confidence=low")
    assert response.status_code == 200


def test_saving_a_multi_paragraph_article_with_quotes_keeps_their_offsets(staff_client):
    from django.forms.models import model_to_dict

    from archive.models import Quote

    article = Article.objects.create(title="Two paragraphs", body="First part.\n\n“Second,” she said.")
    start = article.body.index("Second,")
    Quote.objects.create(article=article, text="Second,", start=start, end=start + 7, confidence=0.9)
    url = reverse("admin:archive_article_change", args=[article.pk])
    page = staff_client.get(url)
    inline = page.context["inline_admin_formsets"][0].formset
    quote = inline.forms[0].instance
    data = {k: v for k, v in model_to_dict(article).items() if v is not None and k != "id"}
    data.update(title="Two paragraphs, retitled", body=article.body.replace("\n", "\r\n"), source="")
    prefix = inline.prefix
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-0-id": quote.pk,
            f"{prefix}-0-article": article.pk,
            f"{prefix}-0-text": quote.text,
            f"{prefix}-0-start": quote.start,
            f"{prefix}-0-end": quote.end,
            f"{prefix}-0-kind": "direct",
            f"{prefix}-0-confidence": "0.9",
            "mentions-TOTAL_FORMS": "0",
            "mentions-INITIAL_FORMS": "0",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    article.refresh_from_db()
    assert article.title == "Two paragraphs, retitled"
    assert "\r" not in article.body


def test_a_quote_edit_page_shows_the_quote_in_its_article(staff_client):
    article = make_article(
        "Harbour", 'Before it. "The harbour opens," Ana López said. After it.', people=["Ana López"]
    )
    quote = make_quote(article, "Ana López", "The harbour opens,")
    page = staff_client.get(reverse("admin:archive_quote_change", args=[quote.pk])).content.decode()
    assert (
        '<div class="quote-context">Before it. &quot;<mark>The harbour opens,</mark>&quot; Ana López said.'
        in page
    )
    assert page.index("quote-context") < page.index('name="text"')  # the context comes first


def test_the_actor_list_shows_mention_and_quote_counts(staff_client):
    for n in range(2):
        article = make_article(f"Harbour {n}", f'"Day {n} went well," Ana López said.', people=["Ana López"])
        make_quote(article, "Ana López", f"Day {n} went well,")
    response = staff_client.get(reverse("admin:archive_actor_changelist"), {"o": "-3"})
    row = response.context["cl"].result_list[0]
    assert (row.name, row.mention_count, row.quote_count) == ("Ana López", 2, 2)
    assert 'class="field-mention_count">2<' in response.content.decode()


def test_the_editors_desk_stylesheet_is_on_the_article_quote_and_actor_pages(staff_client):
    for name in ("admin:archive_article_add", "admin:archive_quote_add", "admin:archive_actor_add"):
        assert "css/admin.css" in staff_client.get(reverse(name)).content.decode()


def test_the_admin_writes_dates_as_the_site_does(staff_client):
    make_article("Harbour", "The harbour opened.", published=date(2018, 4, 6))
    assert "6 April 2018" in staff_client.get(reverse("admin:archive_article_changelist")).content.decode()
