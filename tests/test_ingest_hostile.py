"""Malformed and hostile input: every bad file is named with its reason, nothing crashes, nothing
half-made is stored, and the good records beside the bad ones are imported."""

import gzip
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.ingest import import_paths
from archive.ingest.files import MAX_ARTICLE_CHARS
from archive.models import Article, content_hash
from tests.hostile_files import EITHER, NOT_STORED, SKIPPED, STORED, write_hostile_files
from tests.ingest_fixtures import page, response, write_warc

pytestmark = pytest.mark.django_db

GOOD_JSONL_BODY = "A good record after a bad one."

# file name → what its failure message must say
EXPECTED_FAILURES = {
    "photo.txt": "binary",
    "control-characters.txt": "binary",
    "undecodable.txt": "neither UTF-8 nor cp1252",
    "utf16.txt": "UTF-16",
    "empty.txt": "empty",
    "truncated.html": "the page is truncated",
    "truncated.warc.gz record 1 (https://example.com/a)": "truncated",
    "not-gzip.warc.gz": "not gzip-compressed",
    "gzipped-text.txt.gz": "not a WARC",
    "huge.txt": "50 MB; the most one article may take is 25 MB",
    "long-article.txt": f"the most one article may hold is {MAX_ARTICLE_CHARS:,}",
    "no-body-column.csv line 1": "no body column",
    "unclosed-quote.csv line 3": "unexpected end of data",
    "mixed.jsonl line 1": "not list",
    "mixed.jsonl line 2": "invalid JSON",
    "mixed.jsonl line 3": "nested too deeply",
    "mixed.jsonl line 4": "longer than 25 MB",
    "mixed.jsonl line 5": "does not match the body",
    "mixed.jsonl line 6": '"status" must be one of',
}


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    files = {
        "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "control-characters.txt": bytes(range(1, 9)) * 200,
        "undecodable.txt": b"caf\xc3 \x81\x8d\x8f\x90\x9d text",
        "utf16.txt": "A story in UTF-16.".encode("utf-16"),
        "empty.txt": b"  \n\n",
        "truncated.html": b"<!DOCTYPE html><html><head><title>Cut off</title></head><body><p>The",
        "not-gzip.warc.gz": b"WARC? This was never compressed.",
        "gzipped-text.txt.gz": gzip.compress(b"Plain text, compressed."),
        "no-body-column.csv": b"title,date,url\nA,2018-04-06,https://example.com/a\n",
        "unclosed-quote.csv": b'title,body\nGood,"A body."\nBad,"never closed\n',
        "long-article.txt": b"word " * (MAX_ARTICLE_CHARS // 5 + 1),
        "script.html": page(paragraphs=["Text with <script>alert('pwned')</script> inside."]).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as huge:  # 50 MB, made here rather than committed
        huge.write(b"All work and no play. " * (50_000_000 // 22 + 1))
    with (folder / "mixed.jsonl").open("wb") as mixed:
        mixed.write(b"[1, 2, 3]\n{not json\n" + b"[" * 100_000 + b"]" * 100_000 + b"\n")
        mixed.write(b'{"body": "' + b"x" * 26_000_000 + b'"}\n')
        mixed.write(
            json.dumps({"body": "Short.", "quotes": [{"text": "Long", "start": 0, "end": 4}]}).encode()
        )
        mixed.write(b'\n{"body": "Fine.", "status": "deleted"}\n')
        mixed.write(json.dumps({"body": GOOD_JSONL_BODY}).encode() + b"\n")
    whole = write_warc(folder / "whole.warc.gz", [response("https://example.com/a", page())]).read_bytes()
    (folder / "truncated.warc.gz").write_bytes(whole[:-100])
    (folder / "whole.warc.gz").unlink()
    return folder


def test_every_bad_file_is_reported_with_its_path_and_reason(hostile_folder):
    report = import_paths([hostile_folder])
    assert report.failed == len(EXPECTED_FAILURES), report.failures
    for where, reason in EXPECTED_FAILURES.items():
        matching = [f for f in report.failures if f.startswith(f"{hostile_folder}/{where}: ")]
        assert len(matching) == 1, f"{where}: {report.failures}"
        assert reason in matching[0], matching[0]


def test_only_the_good_records_among_the_bad_are_stored(hostile_folder):
    import_paths([hostile_folder])
    assert sorted(Article.objects.values_list("imported_from", flat=True)) == [
        "mixed.jsonl",
        "script.html",
        "unclosed-quote.csv",
    ]
    assert Article.objects.get(imported_from="mixed.jsonl").body == GOOD_JSONL_BODY
    assert Article.objects.get(imported_from="unclosed-quote.csv").body == "A body."


def test_script_in_a_page_is_not_stored(hostile_folder):
    import_paths([hostile_folder])
    body = Article.objects.get(imported_from="script.html").body
    assert body.startswith("Text with") and "alert" not in body and "<script" not in body


def test_the_command_lists_every_failure_and_exits_non_zero(hostile_folder, capsys):
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(hostile_folder), "--no-extract")
    assert excinfo.value.returncode == 1
    output = capsys.readouterr()
    assert output.err.count("failed: ") == len(EXPECTED_FAILURES)
    assert f"imported 3, updated 0, duplicates 0, skipped 0, failed {len(EXPECTED_FAILURES)}" in output.out


def test_a_page_that_declares_the_wrong_charset_is_still_decoded(tmp_path):
    path = tmp_path / "mislabelled.html"
    path.write_bytes(page(paragraphs=["Le café était fermé mercredi, a dit le maire."]).encode("cp1252"))
    import_paths([path])
    assert "Le café était fermé" in Article.objects.get().body


# --- more than a hundred hostile files through the command (tests/hostile_files.py) ---------------


@pytest.fixture
def hostile_files(tmp_path):
    folder = tmp_path / "hostile-files"
    folder.mkdir()
    return folder, write_hostile_files(folder)


def test_a_hundred_hostile_files_are_each_stored_whole_or_reported(hostile_files, capsys, extract):
    folder, expectations = hostile_files
    assert len(expectations) >= 100
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(folder))
    assert excinfo.value.returncode == 1
    output = capsys.readouterr()
    failures = failures_by_file(output.err, folder)
    stored = stored_by_file()

    for name, expected in expectations.items():
        if expected == STORED:
            assert name in stored and name not in failures, f"{name}: {failures.get(name)}"
        elif expected == SKIPPED:
            assert name not in stored and name not in failures, name
        elif expected == EITHER:
            assert name in stored or name in failures, f"{name} was neither stored nor reported"
        elif expected == NOT_STORED:
            assert name not in stored, name
        else:
            reasons = failures.get(name, [])
            assert any(expected in reason for reason in reasons), f"{name}: {reasons}"
    assert set(failures) | set(stored) <= set(expectations)  # every message names a file it read
    assert sum(len(reasons) for reasons in failures.values()) == int(
        re.search(r"failed (\d+)", output.out).group(1)
    )
    for article in Article.objects.all():
        assert_whole(article, extract)


def failures_by_file(stderr, folder):
    """{file name relative to `folder`: [reasons]} from the command's `failed: PATH[ where]: reason`."""
    failures = {}
    for line in stderr.splitlines():
        if line.startswith("failed: "):
            where, _, reason = line.removeprefix(f"failed: {folder}/").partition(": ")
            name = where.split(" line ")[0].split(" record ")[0]
            assert reason.strip(), line
            failures.setdefault(name, []).append(reason)
    return failures


def stored_by_file():
    return {name.split(" record ")[0] for name in Article.objects.values_list("imported_from", flat=True)}


def assert_whole(article, extract):
    """Everything an import writes for one article is there: its text, and the actors and quotes
    extraction finds in that text (no article stored without its annotations, or with half)."""
    assert article.title.strip() and article.body.strip()
    assert article.content_hash == content_hash(article.body)
    actors, quotes = extract(article.body)
    stored_quotes = [(q.start, q.end, q.text) for q in article.quotes.order_by("start")]
    assert stored_quotes == sorted((q.start, q.end, q.text) for q in quotes), article.imported_from
    for start, end, text in stored_quotes:
        assert article.body[start:end] == text
    mentioned = set(article.mentions.values_list("actor__name", flat=True))
    assert mentioned == {actor.name[:200] for actor in actors}, article.imported_from


def test_a_text_longer_than_spacy_takes_is_stored_without_actors(tmp_path, capsys):
    """spaCy refuses texts over a million characters with a ValueError, which ended the import."""
    path = tmp_path / "long.txt"
    path.write_text("Ana López said nothing. " + "word " * 250_000)
    call_command("import_articles", str(path))
    article = Article.objects.get()
    assert len(article.body) > 1_000_000 and not article.mentions.exists()
    assert "imported 1," in capsys.readouterr().out


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"status": "embargoed"}, 'an embargoed record needs "embargo_until"'),
        ({"status": "embargoed", "embargo_until": "garbage"}, '"embargo_until" must be a date and time'),
        ({"status": "embargoed", "embargo_until": 5}, '"embargo_until" must be a date and time'),
        ({"embargo_until": "2026-13-45T00:00:00"}, '"embargo_until" must be a date and time'),
    ],
)
def test_a_bad_embargo_is_reported_by_name(tmp_path, record, reason):
    """These reached the database and failed there, reported as Django's or SQL's own message."""
    path = tmp_path / "embargo.jsonl"
    path.write_text(json.dumps({"body": "An embargoed harbour story.", **record}) + "\n")
    report = import_paths([path])
    assert report.failed == 1 and reason in report.failures[0], report.failures
    assert not Article.objects.exists()


def test_an_embargo_without_a_time_zone_is_read_as_utc(tmp_path):
    path = tmp_path / "embargo.jsonl"
    record = {"body": "A harbour story.", "status": "embargoed", "embargo_until": "2030-01-02T03:04:05"}
    path.write_text(json.dumps(record) + "\n")
    import_paths([path])
    assert Article.objects.get().embargo_until.isoformat() == "2030-01-02T03:04:05+00:00"


def test_an_article_that_fails_while_its_annotations_are_written_leaves_nothing(tmp_path, monkeypatch):
    """A failure after an article's quotes and actors were written (a lost connection, a full disk)
    rolls them back with it: its batch's transaction fails, the batch is stored again one article
    per transaction, and the other article is still imported."""
    from archive.ingest import store
    from archive.models import Actor, Quote
    from archive.records import RawActor, RawQuote

    write_annotations = store.attach_annotations

    def fail_after_writing(article, actors, quotes, **options):
        write_annotations(article, actors, quotes, **options)
        if "doomed" in article.body:
            raise RuntimeError("the disk is full")

    monkeypatch.setattr(store, "attach_annotations", fail_after_writing)
    path = tmp_path / "two.jsonl"
    speakers = {"doomed": "Ida Doom", "fine": "Fay Fine"}
    path.write_text(
        "\n".join(json.dumps({"body": f'"{word} words," {name} said.'}) for word, name in speakers.items())
    )

    def extractor(bodies):
        results = []
        for body in bodies:
            name = speakers[body[1 : body.index(" ")]]
            quote = RawQuote(text=body[1 : body.index(",")], start=1, end=body.index(","), speaker=name)
            results.append(([RawActor(name=name, kind="person", first_offset=body.index(name))], [quote]))
        return results

    report = import_paths([path], extractor=extractor)
    assert report.imported == 1 and report.failed == 1
    assert "two.jsonl line 1: could not be stored (RuntimeError: the disk is full)" in report.failures[0]
    article = Article.objects.get()
    assert article.body.startswith('"fine words,"')
    assert list(Quote.objects.values_list("article", "text")) == [(article.pk, "fine words")]
    assert list(Actor.objects.values_list("name", flat=True)) == ["Fay Fine"]
    assert article.mentions.get().actor.name == "Fay Fine"
