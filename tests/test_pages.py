"""Public pages show published articles only."""

import pytest

from archive.ingest import import_paths
from archive.models import Article
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db


def test_home_lists_published_articles_and_detail_pages_render(client):
    import_paths([SAMPLES])
    home = client.get("/").content.decode()
    for article in Article.objects.all():
        assert article.title in home
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert article.body.splitlines()[-1][-40:] in page.content.decode()


def test_drafts_are_not_public(client):
    import_paths([SAMPLES])
    draft = Article.objects.first()
    draft.status = Article.Status.DRAFT
    draft.save()
    assert draft.title not in client.get("/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_wrong_slug_redirects_to_the_canonical_url(client):
    import_paths([SAMPLES])
    article = Article.objects.first()
    response = client.get(f"/articles/{article.pk}/wrong-slug/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
