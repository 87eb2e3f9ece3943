"""Search exports (/search/export.csv, /search/export.jsonl): what the page lists, every match."""

import csv
import io
import json
from datetime import date, timedelta

import pytest

from exports.writers import csv_chunks
from tests.factories import hidden_titles, make_article

CSV_URL = "/search/export.csv"
JSONL_URL = "/search/export.jsonl"


def download(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(client, params):
    text = download(client, CSV_URL, params)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def jsonl_records(client, params):
    return [json.loads(line) for line in download(client, JSONL_URL, params).splitlines()]


def page_ids(client, params, tab="articles"):
    """The ids the search page lists for `params`, walking every page."""
    ids, page = [], 1
    while True:
        context = client.get("/search/", {**params, "page": page}).context
        rows = context["quote_results"] if tab == "quotes" else context["article_results"]
        ids += [row["quote"].pk if tab == "quotes" else row["article"].pk for row in rows]
        if not context["page"].has_next():
            return ids
        page += 1


@pytest.fixture
def many(db, drain_index):
    """45 harbour articles over 45 days in three sources: three search pages."""
    for n in range(45):
        make_article(
            f"Harbour report {n}",
            f"The harbour {'ships ' * (n % 7)}sailed. Report {n}.",
            published=date(2018, 1, 1) + timedelta(days=n),
            source=("BBC News", "Reuters", "Local Times")[n % 3],
        )
    drain_index()


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_csv_export_has_every_match_in_the_order_of_the_search_pages(client, many, sort):
    params = {"q": "harbour ships", "sort": sort}
    on_screen = page_ids(client, params)
    assert len(on_screen) > 20  # more than one page
    assert [int(row["id"]) for row in csv_rows(client, params)] == on_screen


def test_quotes_export_has_the_quotes_of_the_search_pages_in_order(client, archive):
    params = {"q": "harbour OR ferries", "tab": "quotes", "sort": "oldest"}
    on_screen = page_ids(client, params, tab="quotes")
    assert len(on_screen) == 2
    assert [int(row["id"]) for row in csv_rows(client, params)] == on_screen
    assert [record["id"] for record in jsonl_records(client, params)] == on_screen


def test_export_honours_the_filters_of_the_page(client, many):
    params = {"q": "harbour", "source": "Reuters", "date_from": "2018-01-10", "sort": "oldest"}
    exported = [int(row["id"]) for row in csv_rows(client, params)]
    assert exported == page_ids(client, params)
    assert len(exported) == 12


def test_jsonl_export_matches_the_csv_export(client, many):
    params = {"q": "harbour", "sort": "newest"}
    from_csv = [int(row["id"]) for row in csv_rows(client, params)]
    assert [record["id"] for record in jsonl_records(client, params)] == from_csv


def test_csv_round_trips_commas_quotes_newlines_and_accents(client, archive):
    rows = {int(row["id"]): row for row in csv_rows(client, {"q": "harbour"})}
    lopez = rows[archive["lopez"].pk]
    assert lopez["title"] == 'Harbour deal: López says "yes, finally"'
    assert lopez["people"] == "Ana López"
    assert lopez["organisations"] == "Port Authority"
    assert lopez["speakers"] == "Ana López"
    assert lopez["published"] == "2018-06-14"
    assert lopez["archive_url"] == f"http://testserver{archive['lopez'].get_absolute_url()}"


def test_quotes_export_keeps_commas_in_quote_text(client, archive):
    rows = csv_rows(client, {"q": "harbour", "tab": "quotes"})
    assert [(row["speaker"], row["text"]) for row in rows] == [
        ("Ana López", "The harbour will reopen, with new cranes")
    ]
    assert rows[0]["article_id"] == str(archive["lopez"].pk)
    assert (rows[0]["verified"], rows[0]["confidence"]) == ("false", "0.0")


def test_cells_that_a_spreadsheet_would_run_are_neutralised(client, archive):
    rows = {int(row["id"]): row for row in csv_rows(client, {"q": "harbour"})}
    assert rows[archive["formula"].pk]["title"] == '\'=HYPERLINK("http://evil.example") harbour fees'
    quotes = csv_rows(client, {"q": "ferries", "tab": "quotes"})
    assert [row["text"] for row in quotes] == ["'+1 for the ferries"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_gets_an_apostrophe(start):
    text = b"".join(csv_chunks(["cell"], [[f"{start}SUM(A1)"], ["plain -1"], [-1]])).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows == [["cell"], [f"'{start}SUM(A1)"], ["plain -1"], ["-1"]]


def test_no_export_contains_a_draft_or_embargoed_article_or_their_quotes(client, archive):
    everything = (
        download(client, CSV_URL, {"q": "harbour"})
        + download(client, JSONL_URL, {"q": "harbour"})
        + download(client, CSV_URL, {"q": "harbour", "tab": "quotes"})
        + download(client, JSONL_URL, {"q": "secret", "tab": "quotes"})
        + download(client, CSV_URL, {"q": "secret"})
    )
    assert "secret" not in everything
    for title in hidden_titles(archive):
        assert title not in everything


def test_jsonl_article_record_is_the_public_export_record(client, archive):
    records = {r["id"]: r for r in jsonl_records(client, {"q": "cranes"})}
    record = records[archive["lopez"].pk]
    assert record["body"] == archive["lopez"].body
    assert [(q["speaker"], q["text"]) for q in record["quotes"]] == [
        ("Ana López", "The harbour will reopen, with new cranes")
    ]
    assert {a["name"] for a in record["actors"]} == {"Ana López", "Port Authority"}
    assert not {"status", "embargo_until", "imported_from"} & set(record)


def test_export_is_a_streamed_attachment_with_utf8_content_type(client, archive):
    response = client.get(CSV_URL, {"q": "harbour deal"})
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="morgue-articles-harbour-deal-')
    jsonl = client.get(JSONL_URL, {"q": "harbour", "tab": "quotes"})
    assert jsonl["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert 'filename="morgue-quotes-harbour-' in jsonl["Content-Disposition"]


def test_an_export_with_no_matches_is_just_the_header(client, archive):
    assert csv_rows(client, {"q": "volcano"}) == []
    assert download(client, JSONL_URL, {"q": "volcano"}) == ""


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Type one or more words"),
        ({"q": "harbour", "date_from": "2018-02-30"}, "“From” must be a real date"),
        ({"q": "-harbour"}, "can't consist only of exclusions"),
        ({"q": "actor:López", "tab": "quotes"}, "actor: can't be used here"),
    ],
)
def test_a_search_the_page_refuses_is_a_400_with_its_message(client, archive, params, message):
    response = client.get(CSV_URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("page", ["3", "²", "x"])
def test_an_export_has_every_page_whatever_the_page_parameter(client, archive, page):
    assert len(csv_rows(client, {"q": "harbour", "page": page})) == 4


def test_the_article_csv_has_a_snippet_around_the_first_match(client, db, drain_index):
    opening = " ".join(f"filler{n}" for n in range(50))
    make_article(
        "Harbour long read", f"{opening}. The harbour ships sailed at dawn. " + "More words here. " * 20
    )
    make_article("Harbour short", "The harbour is calm.")
    drain_index()
    rows = {row["title"]: row["snippet"] for row in csv_rows(client, {"q": "harbour"})}
    assert rows["Harbour short"] == "The harbour is calm."
    long_read = rows["Harbour long read"]
    assert long_read.startswith("… ") and long_read.endswith(" …")
    assert "The harbour ships sailed at dawn." in long_read and "filler0 " not in long_read
    assert len(long_read.split()) <= 42
