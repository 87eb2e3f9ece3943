"""CSV and JSON lines from elsewhere: common column names, lenient dates, per-record failures."""

import io
from datetime import date

import pytest

from archive.ingest import import_paths
from archive.ingest.dates import parse_date
from archive.ingest.jsonl import read_jsonl
from archive.ingest.tabular import read_csv
from archive.records import RawArticle, ReadError


def csv_records(text, encoding="utf-8"):
    return list(read_csv(io.BytesIO(text.encode(encoding)), "table.csv"))


def jsonl_records(text):
    return list(read_jsonl(io.BytesIO(text.encode()), "dump.jsonl"))


def test_csv_fields_may_hold_commas_quotes_and_newlines():
    [(line, raw)] = csv_records(
        'title,text,date,url,source,author\n"Budget, at last","He said ""yes"".\n\nThen left.",'
        "6 April 2018,https://example.com/a,The Example Times,Jane Doe\n"
    )
    assert raw.title == "Budget, at last"
    assert raw.body == 'He said "yes".\n\nThen left.'
    assert (raw.published, raw.date_precision) == (date(2018, 4, 6), "day")
    assert (raw.url, raw.source, raw.byline) == ("https://example.com/a", "The Example Times", "Jane Doe")


def test_csv_records_are_numbered_by_the_line_they_start_on():
    records = csv_records('title,body\nA,"two\nlines"\nB,\nC,text\n')
    assert [(line, type(result).__name__) for line, result in records] == [
        (2, "RawArticle"),
        (4, "ReadError"),
        (5, "RawArticle"),
    ]


def test_csv_without_a_body_column_is_refused_with_its_header():
    [(line, error)] = csv_records("title,date\nA,2018-04-06\n")
    assert line == 1 and isinstance(error, ReadError)
    assert "no body column" in str(error) and "'title,date'" in str(error)


def test_tab_and_semicolon_delimiters_come_from_the_header():
    [(_, tab)] = csv_records("title\tbody\nA\tOne, two; three.\n")
    [(_, semicolon)] = csv_records("title;content\nA;One, two.\n")
    assert tab.body == "One, two; three." and semicolon.body == "One, two."


def test_csv_record_with_too_many_fields_is_reported():
    [(_, error)] = csv_records("title,body\nA,B,C\n")
    assert "3 fields but the header names 2" in str(error)


def test_csv_in_cp1252_is_decoded():
    [(_, raw)] = csv_records("title,body\nCafé,“Quoted” text.\n", encoding="cp1252")
    assert raw.title == "Café" and raw.body == "“Quoted” text."


def test_jsonl_accepts_common_key_names_case_insensitively():
    [(_, raw)] = jsonl_records(
        '{"Headline": "A", "TEXT": "Body.", "published_at": "Fri, 06 Apr 2018 10:00:00 +0000", '
        '"link": "https://example.com/a", "site": "Example", "authors": ["Jane Doe", "Joe Bloggs"]}\n'
    )
    assert (raw.title, raw.body, raw.published) == ("A", "Body.", date(2018, 4, 6))
    assert (raw.url, raw.source, raw.byline) == ("https://example.com/a", "Example", "Jane Doe, Joe Bloggs")


def test_jsonl_line_that_is_not_an_object_is_reported_with_its_number():
    records = jsonl_records('{"body": "One."}\n[1, 2]\n"text"\n\n{"body": "Two."}\n')
    assert [line for line, _ in records] == [1, 2, 3, 5]
    assert "not list" in str(records[1][1]) and "not str" in str(records[2][1])


def test_unparseable_date_keeps_the_article_with_a_warning():
    [(_, raw)] = jsonl_records('{"body": "Text.", "date": "the day after the storm"}\n')
    assert isinstance(raw, RawArticle) and raw.published is None and raw.date_precision == "unknown"
    assert "not a date" in raw.warnings[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-04-06", (date(2018, 4, 6), "day")),
        ("2018-04", (date(2018, 4, 1), "month")),
        ("2018", (date(2018, 1, 1), "year")),
        ("2018-04-06T10:00:00+02:00", (date(2018, 4, 6), "day")),
        ("Fri, 06 Apr 2018 10:00:00 GMT", (date(2018, 4, 6), "day")),
        ("6 April 2018", (date(2018, 4, 6), "day")),
        ("April 6, 2018", (date(2018, 4, 6), "day")),
        ("April 2018", (date(2018, 4, 1), "month")),
        ("", (None, "unknown")),
    ],
)
def test_dates_are_read_leniently_at_their_precision(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2018-13-45", "soon", "12345678901234567890"])
def test_relative_impossible_and_nonsense_dates_are_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_export_precision_is_kept():
    assert parse_date("2018-04-06", "month") == (date(2018, 4, 6), "month")


@pytest.mark.django_db
def test_csv_file_imports_through_the_pipeline(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("title,body\nFirst,The first story.\nSecond,The second story.\n")
    report = import_paths([path])
    assert (report.imported, report.failed) == (2, 0)
