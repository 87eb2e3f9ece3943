"""Wire copies: one story published by several outlets, each with its own headline or first
paragraph, is grouped (never dropped), linked both ways on the article page, and listed once in
search results with a count of its copies; a filter lists the originals or the copies."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archive.copies import SIMILAR, group_copies, signature, similarity
from archive.ingest import import_paths
from archive.ingest.store import store_articles
from archive.ingest.update import update_article
from archive.models import Article, CopyBand, CopyGroup
from archive.records import RawArticle
from tests.factories import WIRE_STORY, get_json, make_article, wire_copies

pytestmark = pytest.mark.django_db

OTHER_STORY = (
    "The city council approved a budget for new cycle lanes on Monday, after a debate that lasted "
    "most of the night. Opponents said the money would be better spent on buses and on repairing "
    "the roads that flood every winter, while supporters pointed to the falling number of cars."
)
MARCH = [date(2019, 3, 15), date(2019, 3, 16), date(2019, 3, 17)]
VOCABULARY = sorted(set((WIRE_STORY + OTHER_STORY).lower().replace(".", " ").replace(",", " ").split()))


def prose(seed, words=60):
    """Made-up text of `words` words: texts of different seeds share no run of five words."""
    return " ".join(random.Random(seed).choices(VOCABULARY, k=words))


def grouped(*articles):
    groups = {Article.objects.get(pk=article.pk).copy_group_id for article in articles}
    return len(groups) == 1 and None not in groups


def test_a_reprint_under_another_headline_and_first_paragraph_is_alike_and_another_story_is_not():
    original = signature(f"A local lead about the quay and its crowds.\n\n{WIRE_STORY}")
    reprint = signature(f"Another outlet starts with the weather at sea today.\n\n{WIRE_STORY}")
    assert similarity(original, reprint) >= SIMILAR
    assert similarity(original, signature(OTHER_STORY)) < 0.1


def test_a_text_too_short_to_compare_has_no_signature():
    assert signature("Fees at the harbour rose.") is None


def test_copies_imported_in_one_batch_or_later_join_one_group_and_none_is_dropped(tmp_path):
    for name, lead in [("courier", "The Courier's lead."), ("gazette", "The Gazette's own lead.")]:
        (tmp_path / f"{name}.txt").write_text(f"Strike ends at {name}\n\n{lead}\n\n{WIRE_STORY}")
    (tmp_path / "council.txt").write_text(f"Council budget\n\n{OTHER_STORY}")
    report = import_paths([tmp_path])
    assert report.imported == 3 and report.duplicates == 0
    courier, gazette = (
        Article.objects.get(title__contains="courier"),
        Article.objects.get(title__contains="gazette"),
    )
    assert grouped(courier, gazette)
    assert Article.objects.get(title="Council budget").copy_group_id is None
    (later,) = store_articles([RawArticle(body=f"Evening Post lead, late.\n\n{WIRE_STORY}", title="Late")])
    assert grouped(courier, gazette, later)
    assert CopyGroup.objects.count() == 1


def test_a_new_article_is_compared_only_with_its_candidates(django_assert_max_num_queries):
    """The queries to group a new article do not grow with the archive: a band lookup, never a pass."""
    archived = [make_article(f"Story {n}", prose(n)) for n in range(30)]
    group_copies(archived)
    assert CopyBand.objects.count() == 30 * 25 and not CopyGroup.objects.exists()
    (article,) = wire_copies("Strike", dates=MARCH[:1])
    with django_assert_max_num_queries(12):
        group_copies([article])


def test_groups_found_apart_merge_when_an_article_is_a_copy_of_both():
    before, shared, after = prose("before", 35), prose("shared", 55), prose("after", 35)
    first = [make_article(f"First {n}", f"{n}\n\n{before} {shared}") for n in "ab"]
    second = [make_article(f"Second {n}", f"{n}\n\n{shared} {after}") for n in "ab"]
    group_copies([*first, *second])
    assert grouped(*first) and grouped(*second) and not grouped(first[0], second[0])
    bridge = make_article("Both", f"{before} {shared} {after}")
    group_copies([bridge])
    assert grouped(*first, *second, bridge)
    assert CopyGroup.objects.count() == 1


def test_a_new_text_that_is_no_longer_a_copy_leaves_the_group():
    courier, gazette, post = wire_copies("Strike", dates=MARCH)
    gazette.body = OTHER_STORY
    gazette.save()
    group_copies([gazette])
    assert grouped(courier, post)
    assert Article.objects.get(pk=gazette.pk).copy_group_id is None


def test_a_corrected_story_imported_at_its_url_is_regrouped_by_its_new_text():
    courier, gazette = wire_copies("Strike", dates=MARCH[:2], url="https://example.org/strike")
    other = make_article("Council budget", OTHER_STORY)
    group_copies([other])
    update_article(courier, RawArticle(body=f"{OTHER_STORY} Updated.", title="Budget", url=courier.url))
    assert grouped(courier, other)
    assert not grouped(courier, gazette)


def test_the_article_page_links_each_published_copy_both_ways(client):
    courier, gazette, post = wire_copies("Strike", dates=MARCH)
    page = client.get(gazette.get_absolute_url()).content.decode()
    assert "Also published by" in page
    assert f'href="{courier.get_absolute_url()}"' in page and f'href="{post.get_absolute_url()}"' in page
    assert "The Courier, 15 March 2019" in page and "(first published)" in page
    back = client.get(courier.get_absolute_url()).content.decode()
    assert f'href="{gazette.get_absolute_url()}"' in back and "The first publication of this story" in back


def test_an_article_without_copies_shows_no_copies_section(client):
    article = make_article("Council budget", OTHER_STORY)
    group_copies([article])
    assert "Also published by" not in client.get(article.get_absolute_url()).content.decode()


def test_unpublished_copies_are_never_shown_or_counted(client, drain_index):
    courier, draft, embargoed = wire_copies("Strike", dates=MARCH)
    draft.status = Article.Status.DRAFT
    draft.save()
    embargoed.status, embargoed.embargo_until = Article.Status.EMBARGOED, timezone.now() + timedelta(days=1)
    embargoed.save()
    drain_index()
    page = client.get(courier.get_absolute_url()).content.decode()
    assert "Also published by" not in page and draft.title not in page and embargoed.title not in page
    results = client.get("/search/", {"q": "ferries"}).content.decode()
    assert courier.title in results and "#copies" not in results
    api = get_json(client, "/api/v1/search/", {"q": "ferries"})
    assert [row["id"] for row in api["results"]] == [courier.pk]
    assert get_json(client, "/api/v1/articles/", {"copies": "copy"})["count"] == 0


def search_rows(client, **params):
    return get_json(client, "/api/v1/search/", params)["results"]


def test_search_results_collapse_copies_under_the_first_with_a_count(client, drain_index):
    courier, gazette, post = wire_copies("Strike", dates=MARCH)
    other = make_article("Ferries and budgets", f"Ferries again. {OTHER_STORY}", published=date(2019, 3, 1))
    drain_index()
    assert [row["id"] for row in search_rows(client, q="ferries", sort="newest")] == [courier.pk, other.pk]
    page = client.get("/search/", {"q": "ferries"})
    html = page.content.decode()
    assert page.context["total"] == 2
    assert f'href="{courier.get_absolute_url()}#copies">+2 copies</a>' in html
    assert gazette.title not in html and post.title not in html
    # A copy leads its story when it alone matches: "reports from" is in every lead, "Coast" in none.
    assert [row["id"] for row in search_rows(client, q='"Harbour Gazette reports"')] == [gazette.pk]


def test_the_copies_filter_lists_the_originals_or_the_copies(client, drain_index):
    courier, gazette, post = wire_copies("Strike", dates=MARCH)
    alone = make_article("Ferries and budgets", f"Ferries again. {OTHER_STORY}", published=date(2019, 3, 1))
    drain_index()
    for params in ({"q": "ferries"}, {}):  # from the index, and from the database
        path = "/api/v1/search/" if params else "/api/v1/articles/"
        originals = get_json(client, path, {**params, "copies": "original", "sort": "newest"})["results"]
        copies = get_json(client, path, {**params, "copies": "copy", "sort": "newest"})["results"]
        assert [row["id"] for row in originals] == [courier.pk, alone.pk]
        assert [row["id"] for row in copies] == [post.pk, gazette.pk]
    page = client.get("/search/", {"q": "ferries", "copies": "copy"}).content.decode()
    assert "Wire copies" in page and "Copies only" in page


def test_publishing_the_first_copy_makes_it_the_original_in_the_index(client, drain_index):
    courier, gazette, post = wire_copies("Strike", dates=MARCH, status=Article.Status.DRAFT)
    for article in (gazette, post):
        article.status = Article.Status.PUBLISHED
        article.save()
    drain_index()
    assert [row["id"] for row in search_rows(client, q="ferries", copies="original")] == [gazette.pk]
    courier.status = Article.Status.PUBLISHED
    courier.save()
    drain_index()
    assert [row["id"] for row in search_rows(client, q="ferries", copies="original")] == [courier.pk]
    assert [row["id"] for row in search_rows(client, q="ferries", copies="copy", sort="oldest")] == [
        gazette.pk,
        post.pk,
    ]


def test_related_articles_leave_out_the_articles_own_copies(client, drain_index):
    courier, gazette = wire_copies("Strike", dates=MARCH[:2])
    drain_index()
    response = client.get(courier.get_absolute_url())
    assert gazette not in response.context["related"]
    assert gazette in response.context["copies"]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_article_page_takes_one_query_for_its_copies_however_many(client):
    alone = make_article("Council budget", OTHER_STORY)
    few = wire_copies("Strike", dates=MARCH[:2])
    many = wire_copies("Strike again", dates=MARCH, story=f"{prose('many', 80)}")
    assert queries_of(client, few[0].get_absolute_url()) == queries_of(client, alone.get_absolute_url()) + 1
    assert queries_of(client, many[0].get_absolute_url()) == queries_of(client, few[0].get_absolute_url())


def test_the_search_page_takes_the_same_queries_with_copies(
    client, drain_index, django_assert_max_num_queries
):
    for n in range(11):
        wire_copies(f"Strike {n}", dates=MARCH, story=f"Ferries {n}. {prose(n)}")
    drain_index()
    # As without copies (tests/test_search_request.py): the pending index changes, the newest date,
    # the page's articles (their copies counted in the same query) and their quotes.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("search:search"), {"q": "ferries"})
    assert response.status_code == 200 and response.context["total"] == 11
