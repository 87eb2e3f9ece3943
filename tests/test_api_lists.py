"""API lists: filters agree with the search service, pagination walks every row once, bad input is 400."""

from datetime import date, timedelta

import pytest

from tests.factories import API, get_json, make_article


def ids(client, path, params):
    return [row["id"] for row in get_json(client, f"{API}/{path}", {"page_size": 100, **params})["results"]]


def test_the_article_list_is_published_articles_newest_first_undated_last(client, archive):
    listed = get_json(client, f"{API}/articles/")
    assert listed["count"] == 4
    assert [row["id"] for row in listed["results"]] == [
        archive[name].pk for name in ("lopez", "formula", "older", "undated")
    ]
    assert ids(client, "articles/", {"sort": "oldest"}) == [
        archive[name].pk for name in ("older", "formula", "lopez", "undated")
    ]


@pytest.mark.parametrize(
    "filters",
    [
        {"source": "Reuters"},
        {"person": "Ana López"},
        {"organisation": "Port Authority"},
        {"speaker": "Bo Chen"},
        {"year": "2018"},
        {"month": "2018-06"},
        {"date_from": "2018-03-02", "date_to": "2018-06-13"},
        {"source": "BBC News", "organisation": "Port Authority", "year": "2017"},
    ],
)
def test_database_filters_agree_with_the_search_service(client, archive, filters):
    """Every fixture article says "harbour": with q=harbour the list comes from the index instead."""
    from_database = ids(client, "articles/", {**filters, "sort": "newest"})
    from_index = ids(client, "articles/", {**filters, "q": "harbour", "sort": "newest"})
    assert from_database == from_index
    assert from_database  # each filter keeps something


def test_a_filter_matches_the_whole_name_only(client, archive):
    assert ids(client, "articles/", {"person": "López"}) == []
    assert ids(client, "articles/", {"source": "reuters"}) == []


@pytest.fixture
def seven(db):
    return [
        make_article(f"Tide {n}", f"Tide table {n}.", published=date(2018, 1, 1) + timedelta(days=n % 3))
        for n in range(7)
    ]


def test_following_next_visits_every_article_once(client, seven):
    seen, url, pages = [], f"{API}/articles/?page_size=3", 0
    while url:
        page = get_json(client, url)
        assert page["count"] == 7
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1
    assert pages == 3
    assert sorted(seen) == sorted(article.pk for article in seven)
    assert seen == ids(client, "articles/", {})


def test_page_links_keep_the_filters(client, seven):
    page = get_json(client, f"{API}/articles/", {"page_size": 2, "page": 2, "year": "2018", "zzz": "1"})
    assert page["next"] == "http://testserver/api/v1/articles/?page_size=2&year=2018&zzz=1&page=3"
    assert page["previous"] == "http://testserver/api/v1/articles/?page_size=2&year=2018&zzz=1"
    assert (page["page"], page["pages"]) == (2, 4)


def test_a_page_past_the_last_is_a_404(client, seven):
    error = get_json(client, f"{API}/articles/", {"page": 9, "page_size": 5}, status=404)
    assert error["error"] == "Page 9 does not exist: this list has 2 page(s)."


def test_an_empty_list_is_one_empty_page(client, db):
    assert get_json(client, f"{API}/articles/") | {"results": []} == {
        "count": 0,
        "page": 1,
        "pages": 1,
        "next": None,
        "previous": None,
        "results": [],
    }


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("articles/", {"page_size": "101"}, "page_size"),
        ("articles/", {"page_size": "0"}, "page_size"),
        ("articles/", {"page": "x"}, "page"),
        ("articles/", {"page": "²"}, "page"),
        ("articles/", {"sort": "sideways"}, "sort"),
        ("articles/", {"sort": "relevance"}, "sort"),
        ("articles/", {"year": "18"}, "year"),
        ("articles/", {"month": "2018-13"}, "month"),
        ("articles/", {"date_from": "2018-02-30"}, "date_from"),
        ("articles/", {"date_from": "2018-06-01", "date_to": "2018-01-01"}, "date_to"),
        ("articles/", {"tab": "quotes"}, "tab"),
        ("articles/", {"q": "-harbour"}, "q"),
        ("quotes/", {"year": "2018"}, "year"),
        ("quotes/", {"person": "Ana López"}, "person"),
        ("quotes/", {"q": "actor:López"}, "q"),
        ("search/", {}, "q"),
        ("search/", {"q": "harbour", "tab": "people"}, "tab"),
        ("actors/", {"kind": "robot"}, "kind"),
        ("actors/", {"page_size": "1000"}, "page_size"),
        # Years before 1000 were a server error (the database has no year 0, Whoosh misreads them).
        ("articles/", {"year": "0000"}, "year"),
        ("articles/", {"month": "0000-01"}, "month"),
        ("articles/", {"year": "0999"}, "year"),
        ("search/", {"q": "harbour", "year": "0000"}, "year"),
        ("search/", {"q": "harbour", "month": "0999-12"}, "month"),
        # A parameter given without a value is a mistake worth naming, not "no filter".
        ("articles/", {"page": ""}, "page"),
        ("articles/", {"date_from": ""}, "date_from"),
        ("articles/", {"source": " "}, "source"),
        ("quotes/", {"page_size": ""}, "page_size"),
        ("search/", {"q": "harbour", "tab": ""}, "tab"),
        ("actors/", {"kind": ""}, "kind"),
        ("actors/", {"page": ""}, "page"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, archive, path, params, field):
    error = get_json(client, f"{API}/{path}", params, status=400)
    assert list(error["fields"]) == [field]
    assert error["fields"][field][0]
    assert error["error"]


def test_unknown_parameters_are_ignored(client, archive):
    assert ids(client, "articles/", {"colour": "blue"}) == ids(client, "articles/", {})


def test_quotes_filter_by_speaker_date_and_text(client, archive):
    everything = get_json(client, f"{API}/quotes/")
    assert [q["text"] for q in everything["results"]] == [
        "The harbour will reopen, with new cranes",
        "+1 for the ferries",
    ]
    assert [
        q["speaker"]["name"] for q in get_json(client, f"{API}/quotes/", {"speaker": "Bo Chen"})["results"]
    ] == ["Bo Chen"]
    assert ids(client, "quotes/", {"date_to": "2018-05-01"}) == [archive["formula"].quotes.get().pk]
    assert ids(client, "quotes/", {"q": "cranes"}) == [archive["lopez"].quotes.get().pk]
    assert ids(client, "quotes/", {"q": "harbour OR ferries", "source": "Reuters"}) == [
        archive["formula"].quotes.get().pk
    ]


def test_a_text_query_lists_what_the_search_page_lists(client, archive):
    page = client.get("/search/", {"q": "harbour", "source": "BBC News"}).context
    on_screen = [row["article"].pk for row in page["article_results"]]
    assert ids(client, "articles/", {"q": "harbour", "source": "BBC News"}) == on_screen
    found = get_json(client, f"{API}/search/", {"q": "harbour", "source": "BBC News"})
    assert [row["id"] for row in found["results"]] == on_screen
    assert found["count"] == page["total"] == 2


def test_search_returns_facets_and_the_query(client, archive):
    found = get_json(client, f"{API}/search/", {"q": "harbour", "sort": "newest"})
    assert found["query"] == {"q": "harbour", "sort": "newest", "tab": "articles"}
    assert {"value": "Port Authority", "count": 2} in found["facets"]["organisation"]
    assert found["facets"]["year"] == [
        {"value": "2017", "count": 1},
        {"value": "2018", "count": 2},
        {"value": "unknown", "count": 1},  # undated articles are a bucket of their own
    ]


def test_search_on_the_quotes_tab_lists_quotes(client, archive):
    found = get_json(client, f"{API}/search/", {"q": "ferries", "tab": "quotes"})
    assert [q["text"] for q in found["results"]] == ["+1 for the ferries"]
    assert found["facets"]["speaker"] == [{"value": "Bo Chen", "count": 1}]


def test_actors_filter_by_kind_and_by_name_or_alias(client, archive):
    people = get_json(client, f"{API}/actors/", {"kind": "person"})
    assert [(a["name"], a["article_count"], a["quote_count"]) for a in people["results"]] == [
        ("Ana López", 1, 1),
        ("Bo Chen", 1, 1),
    ]
    organisations = get_json(client, f"{API}/actors/", {"kind": "organisation"})["results"]
    assert [(a["name"], a["article_count"]) for a in organisations] == [("Port Authority", 2)]
    assert [a["name"] for a in get_json(client, f"{API}/actors/", {"name": "lópez"})["results"]] == [
        "Ana López"
    ]


def test_a_list_costs_the_same_queries_whatever_its_length(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        get_json(client, f"{API}/articles/", {"page_size": 100})
    with django_assert_max_num_queries(2):
        get_json(client, f"{API}/quotes/", {"page_size": 100})
    with django_assert_max_num_queries(4):  # count, rows, public aliases, public roles
        get_json(client, f"{API}/actors/", {"page_size": 100})
    with django_assert_max_num_queries(7):
        get_json(client, f"{API}/articles/{archive['lopez'].pk}/")
