"""The admin is the editors' desk: staff only."""

import pytest
from django.urls import reverse

from archive.ingest import import_paths
from archive.models import Article
from tests.conftest import SAMPLES

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
