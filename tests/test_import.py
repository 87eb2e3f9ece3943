"""import_articles / export_articles: idempotence, failures, round trip."""

import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.export import iter_records
from archive.ingest import import_paths
from archive.ingest.files import decode_text
from archive.models import Actor, Article, Quote, Source
from archive.records import ReadError
from tests.conftest import SAMPLES, SEED_ONE, SEED_TWO

pytestmark = pytest.mark.django_db


def import_quietly(*paths):
    call_command("import_articles", *map(str, paths), "--no-extract", verbosity=0)


def test_importing_the_samples_twice_creates_nothing_new(capsys):
    import_quietly(SAMPLES)
    assert Article.objects.count() == 2
    import_quietly(SAMPLES)
    assert Article.objects.count() == 2
    assert "imported 0, updated 0, duplicates 2, skipped 0, failed 0" in capsys.readouterr().out


def test_same_text_with_other_line_endings_is_a_duplicate(tmp_path):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(SEED_ONE.read_bytes().replace(b"\n", b"\r\n"))
    report = import_paths([SEED_ONE, crlf])
    assert (report.imported, report.duplicates) == (1, 1)


def test_a_bad_file_among_good_ones_is_named_and_the_rest_imported(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_ONE, folder)
    shutil.copy(SEED_TWO, folder)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    (folder / "empty.txt").write_text("   \n")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(folder), "--no-extract")
    assert excinfo.value.returncode == 1
    err = capsys.readouterr()
    assert "broken.txt" in err.err and "binary" in err.err
    assert "empty.txt" in err.err and "empty" in err.err
    assert "imported 2, updated 0, duplicates 0, skipped 0, failed 2" in err.out
    assert Article.objects.count() == 2


def test_missing_path_is_reported(tmp_path):
    report = import_paths([tmp_path / "nope.txt", SEED_ONE])
    assert report.imported == 1 and report.failed == 1
    assert "no such file" in report.failures[0]


def test_glob_patterns_are_expanded():
    report = import_paths([str(SAMPLES / "*.txt")])
    assert report.imported == 2


def test_cp1252_text_is_decoded():
    assert decode_text("“Café,” she said.".encode("cp1252")) == "“Café,” she said."


def test_utf8_bom_is_dropped():
    assert decode_text("\ufeffHello".encode()) == "Hello"


@pytest.mark.parametrize("data", [b"", b"  \n\t", b"abc\x00def"])
def test_empty_and_binary_bytes_are_refused(data):
    with pytest.raises(ReadError):
        decode_text(data)


def test_export_then_import_into_an_empty_archive_reproduces_it(tmp_path, django_db_blocker):
    import_quietly(SAMPLES)
    article = Article.objects.get(imported_from=SEED_ONE.name)
    # An editor's corrections: a better title, a source, a date, an attributed and verified quote.
    article.title = "Sessions orders prosecution of families crossing the border"
    article.source = Source.objects.create(name="The Example Times")
    article.published, article.date_precision = "2018-05-07", "day"
    article.save()
    sessions = Actor.objects.create(name="Jeff Sessions", kind="person", description="Attorney General")
    sessions.aliases.create(alias="Sessions")
    article.mentions.create(actor=sessions, count=7, first_offset=article.body.index("Sessions"))
    text = "People are not going to caravan or otherwise stampede our border"
    start = article.body.index(text)
    Quote.objects.create(
        article=article,
        speaker=sessions,
        text=text,
        start=start,
        end=start + len(text),
        cue="insisted",
        confidence=1.0,
        verified=True,
    )
    export = tmp_path / "export.jsonl"
    call_command("export_articles", output=str(export))
    before = sorted((r for r in iter_records()), key=lambda r: r["title"])

    Article.objects.all().delete()
    Actor.objects.all().delete()
    Source.objects.all().delete()
    import_quietly(export)

    after = sorted((r for r in iter_records()), key=lambda r: r["title"])
    for record in before + after:
        record.pop("id")
    assert after == before
    assert len(export.read_text().splitlines()) == 2
    assert json.loads(export.read_text().splitlines()[0])["body"]


def test_a_broken_line_in_a_jsonl_file_is_reported_with_its_number(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text('{"title": "Fine", "body": "A body."}\n{not json\n{"title": "No body"}\n')
    report = import_paths([path])
    assert report.imported == 1 and report.failed == 2
    assert "line 2" in report.failures[0] and "invalid JSON" in report.failures[0]
    assert "line 3" in report.failures[1] and "body" in report.failures[1]


def test_readme_inside_an_imported_folder_is_skipped_not_imported(tmp_path):
    (tmp_path / "README.TXT").write_text("Consists of 2 documents from a news website.\n")
    (tmp_path / "story.txt").write_text("Council approves budget\n\nThe council approved it.\n")
    report = import_paths([tmp_path])
    assert (report.imported, report.skipped) == (1, 1)
    assert "skipped: 1 documentation file" in report.summary


def test_format_option_overrides_detection(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("<html><body><p>Not a page, a note about markup.</p></body></html>\n")
    call_command("import_articles", str(path), "--no-extract", "--format", "text", verbosity=0)
    assert Article.objects.get().body.startswith("<html><body>")


def test_command_reports_an_update(tmp_path, capsys):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text('{"url": "https://example.com/a", "body": "First version."}\n')
    second.write_text('{"url": "https://example.com/a", "body": "Second version."}\n')
    import_quietly(first)
    import_quietly(second)
    assert "imported 0, updated 1, duplicates 0, skipped 0, failed 0" in capsys.readouterr().out
    assert Article.objects.get().body == "Second version."


def test_section_survives_export_and_reimport(tmp_path):
    topic = tmp_path / "bbc" / "tech"
    topic.mkdir(parents=True)
    (topic / "001.txt").write_text("Gadget sales rise\n\nSales rose.\n")
    import_quietly(topic)
    export = tmp_path / "export.jsonl"
    call_command("export_articles", output=str(export))
    Article.objects.all().delete()
    import_quietly(export)
    article = Article.objects.get()
    assert (article.section, article.source.name, article.title) == ("tech", "BBC News", "Gadget sales rise")
