"""Editors are shown probable duplicate actors, ranked, and merge a pair through the usual confirmation."""

import pytest
from django.urls import reverse

from archive.merge_suggestions import fold, probable_duplicates
from archive.models import Actor, DismissedMerge
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SUGGESTIONS = reverse("admin:archive_actor_merge_suggestions")
PERSON, ORGANISATION, PLACE = Actor.Kind.PERSON, Actor.Kind.ORGANISATION, Actor.Kind.PLACE


def pairs():
    return [{s.first.name, s.second.name} for s in probable_duplicates(Actor.objects.all())]


def actor(name, kind=PERSON, **fields):
    return Actor.objects.create(name=name, kind=kind, **fields)


def test_a_name_is_folded_without_case_accents_punctuation_or_a_persons_titles():
    assert fold(Actor(name="Mr. José  Núñez", kind=PERSON)) == "jose nunez"
    assert fold(Actor(name="Prime Minister Ada Quill", kind=PERSON)) == "ada quill"
    assert fold(Actor(name="General Motors", kind=ORGANISATION)) == "general motors"


def test_case_and_accent_variants_are_suggested_first():
    actor("Harbour Party", ORGANISATION)
    actor("Harbour party", ORGANISATION)
    actor("Ana López")
    actor("Ana Lopez")
    actor("Ana Lopes")  # a typo: suggested, below the exact variants
    assert pairs()[:2] == [{"Ana López", "Ana Lopez"}, {"Harbour Party", "Harbour party"}]
    assert {"Ana Lopez", "Ana Lopes"} in pairs()


def test_a_surname_or_an_organisations_short_form_named_in_the_same_article_is_suggested():
    make_article("Quay", "Tony Quill spoke; Mr Quill left.", people=["Tony Quill", "Mr Quill"])
    make_article("Dock", "Ada B. Lind and Ada Lind.", people=["Ada B. Lind", "Ada Lind"])
    make_article(
        "Union",
        "The Harbour Workers Union met. Harbour said no. Bank of Harbour paid.",
        organisations=["Harbour Workers Union", "Harbour", "Bank of Harbour"],
    )
    actor("Tony Brandt")  # shares a first name only
    actor("Lena Quill")  # a surname alone, with no article in common
    found = pairs()
    assert {"Tony Quill", "Mr Quill"} in found
    assert {"Ada B. Lind", "Ada Lind"} in found
    assert {"Harbour", "Harbour Workers Union"} in found
    assert not any("Bank of Harbour" in pair for pair in found)  # not how "Bank of Harbour" is shortened
    assert not any("Tony Brandt" in pair or "Lena Quill" in pair for pair in found)


def test_the_same_name_of_another_kind_is_suggested():
    actor("Riverside", PLACE)
    actor("Riverside", ORGANISATION)
    assert pairs() == [{"Riverside"}]


def test_pairs_named_in_the_same_articles_rank_higher_and_merged_actors_are_left_out():
    make_article("One", "Dana Holt met Holt's aides.", people=["Dana Holt", "Holt"])
    make_article("Two", "Dana Holt again, Holt again.", people=["Dana Holt", "Holt"])
    actor("Mira Vance")
    actor("Mira Vanse")  # a typo, alike enough but named in no shared article
    survivor = actor("Eli Stone")
    actor("Stone", merged_into=survivor)
    suggestions = probable_duplicates(Actor.objects.all())
    assert [({s.first.name, s.second.name}, s.shared_articles) for s in suggestions] == [
        ({"Dana Holt", "Holt"}, 2),
        ({"Mira Vance", "Mira Vanse"}, 0),
    ]


def test_the_review_page_lists_pairs_with_counts_and_merges_nothing(staff_client):
    make_article("One", "Dana Holt and Holt.", people=["Dana Holt", "Holt"])
    page = staff_client.get(SUGGESTIONS).content.decode()
    assert "Dana Holt" in page and "1 mention" in page and "0 quotes" in page
    assert 'name="action" value="merge_selected"' in page
    assert not Actor.objects.filter(merged_into__isnull=False).exists()
    listing = staff_client.get(reverse("admin:archive_actor_changelist")).content.decode()
    assert f'href="{SUGGESTIONS}"' in listing


def test_a_suggestions_button_opens_the_merge_confirmation_with_both_actors(staff_client):
    first, second = actor("Ana López"), actor("Ana Lopez")
    response = staff_client.post(
        reverse("admin:archive_actor_changelist"),
        {"action": "merge_selected", "_selected_action": [first.pk, second.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Merge actors" in page
    assert f'id="survivor-{first.pk}"' in page and f'id="survivor-{second.pk}"' in page
    assert not Actor.objects.filter(merged_into__isnull=False).exists()


def test_the_review_page_is_for_staff_only(client, django_user_model):
    assert client.get(SUGGESTIONS).status_code == 302  # to the admin login
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get(SUGGESTIONS).status_code == 302
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)  # staff without change rights
    client.force_login(clerk)
    assert client.get(SUGGESTIONS).status_code == 403


def test_the_review_page_takes_the_same_queries_for_more_actors(staff_client, django_assert_max_num_queries):
    for n in range(30):
        make_article(f"Story {n}", f"Person{n} Quill and Quill{n}.", people=[f"Ana Quill{n}", f"Quill{n}"])
    with django_assert_max_num_queries(12):
        assert staff_client.get(SUGGESTIONS).status_code == 200


DISMISS = reverse("admin:archive_actor_dismiss_suggestion")


def test_a_pair_dismissed_as_not_the_same_is_no_longer_suggested(staff_client):
    first, second = actor("Ana López"), actor("Ana Lopez")
    actor("Harbour Party", ORGANISATION)
    actor("Harbour party", ORGANISATION)
    page = staff_client.get(SUGGESTIONS).content.decode()
    assert f'action="{DISMISS}"' in page and "Not the same" in page
    response = staff_client.post(DISMISS, {"first": second.pk, "second": first.pk})
    assert response.status_code == 302 and response["Location"] == SUGGESTIONS
    assert pairs() == [{"Harbour Party", "Harbour party"}]
    assert "no longer suggested" in staff_client.get(SUGGESTIONS).content.decode()
    assert DismissedMerge.objects.get().first_id == min(first.pk, second.pk)  # one row, either way round
    staff_client.post(DISMISS, {"first": first.pk, "second": second.pk})
    assert DismissedMerge.objects.count() == 1
    assert not Actor.objects.filter(merged_into__isnull=False).exists()  # nothing merged


def test_dismissing_takes_a_post_by_an_editor_with_change_rights(client, django_user_model):
    first, second = actor("Ana López"), actor("Ana Lopez")
    pair = {"first": first.pk, "second": second.pk}
    assert client.post(DISMISS, pair).status_code == 302  # to the admin login
    client.force_login(django_user_model.objects.create_user("clerk", is_staff=True))
    assert client.post(DISMISS, pair).status_code == 403
    client.force_login(django_user_model.objects.create_user("chief", is_staff=True, is_superuser=True))
    assert client.get(DISMISS).status_code == 405
    assert not DismissedMerge.objects.exists()
    client.post(DISMISS, {"first": first.pk, "second": first.pk})
    assert not DismissedMerge.objects.exists()
