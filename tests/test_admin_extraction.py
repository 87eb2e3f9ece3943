"""Editors correct extraction in the admin: edits are marked verified, actors can be merged."""

import pytest
from django.urls import reverse

from archive.models import Actor, ActorAlias, Article, DismissedQuote, Mention, Quote
from tests.factories import inline_post_data

pytestmark = pytest.mark.django_db

BODY = "Jeff Sessions spoke. “We will prosecute every case,” Sessions said. Later he left."


@pytest.fixture
def article():
    article = Article.objects.create(title="Sessions speaks", body=BODY)
    sessions = Actor.objects.create(name="Jeff Sessions", kind="person")
    Mention.objects.create(article=article, actor=sessions, count=2)
    start = BODY.index("We will")
    Quote.objects.create(
        article=article, speaker=sessions, text="We will prosecute every case,", start=start, end=start + 29
    )
    return article


def test_changing_a_quote_in_the_quote_admin_marks_it_verified(staff_client, article):
    quote = article.quotes.get()
    other = Actor.objects.create(name="Thomas Homan", kind="person")
    url = reverse("admin:archive_quote_change", args=[quote.pk])
    data = {
        "article": article.pk,
        "speaker": other.pk,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "cue": "said",
        "kind": "direct",
        "confidence": "0.5",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.speaker, quote.verified) == (other, True)


def test_quote_text_that_does_not_match_the_offsets_is_refused(staff_client, article):
    quote = article.quotes.get()
    url = reverse("admin:archive_quote_change", args=[quote.pk])
    data = {"article": article.pk, "text": "Something else", "start": quote.start, "end": quote.end}
    data |= {"kind": "direct", "confidence": "0.5"}
    response = staff_client.post(url, data)
    assert response.status_code == 200 and "exactly the body" in response.content.decode()
    assert not Quote.objects.get(pk=quote.pk).verified


def test_editing_an_inline_quote_marks_it_verified_and_leaves_others_alone(staff_client, article):
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = inline_post_data(staff_client.get(url))
    data["quotes-0-cue"] = "insisted"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    quote = article.quotes.get()
    assert (quote.cue, quote.verified) == ("insisted", True)
    assert not article.mentions.get().verified


def test_editing_an_inline_mention_marks_it_verified(staff_client, article):
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = inline_post_data(staff_client.get(url))
    data["mentions-0-count"] = "3"
    assert staff_client.post(url, data).status_code == 302
    assert article.mentions.get().verified


def test_deleting_a_quote_in_the_admin_remembers_its_span(staff_client, article):
    quote = article.quotes.get()
    response = staff_client.post(reverse("admin:archive_quote_delete", args=[quote.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert DismissedQuote.objects.filter(article=article, start=quote.start, end=quote.end).exists()


def test_merge_action_asks_for_the_survivor_first(staff_client, article):
    sessions = Actor.objects.get(name="Jeff Sessions")
    short = Actor.objects.create(name="Sessions", kind="person")
    url = reverse("admin:archive_actor_changelist")
    response = staff_client.post(
        url, {"action": "merge_selected", "_selected_action": [sessions.pk, short.pk]}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Merge actors" in page
    assert f'value="{sessions.pk}" id="survivor-{sessions.pk}"\n            checked' in page
    assert not Actor.objects.filter(merged_into__isnull=False).exists()


def test_merge_action_merges_into_the_chosen_survivor(staff_client, article):
    sessions = Actor.objects.get(name="Jeff Sessions")
    short = Actor.objects.create(name="Sessions", kind="person")
    Mention.objects.create(article=article, actor=short, count=1, first_offset=30)
    url = reverse("admin:archive_actor_changelist")
    data = {"action": "merge_selected", "_selected_action": [sessions.pk, short.pk], "survivor": sessions.pk}
    response = staff_client.post(url, data)
    assert response.status_code == 302
    short.refresh_from_db()
    assert short.merged_into == sessions
    assert Mention.objects.get(article=article, actor=sessions).count == 3
    assert ActorAlias.objects.filter(actor=sessions, alias="Sessions").exists()


def test_merge_action_needs_two_actors(staff_client, article):
    sessions = Actor.objects.get(name="Jeff Sessions")
    url = reverse("admin:archive_actor_changelist")
    response = staff_client.post(
        url, {"action": "merge_selected", "_selected_action": [sessions.pk]}, follow=True
    )
    assert "Select at least two actors" in response.content.decode()
