"""Rebuilding aside (`reindex`) and checking/repairing the index (`check_index`)."""

import threading
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from haystack import connections
from haystack.query import SearchQuerySet

from archive.models import Article, ChangeLogEntry
from search import indexer
from search.engine.generations import live_index_dir
from tests import factories

pytestmark = pytest.mark.django_db


def border_report(title):
    """A dated report mentioning the border (the word the maintenance tests search for)."""
    return factories.make_article(title, f"{title}. Border officials met.", date(2018, 6, 1), source=None)


def border_hits():
    return SearchQuerySet().models(Article).auto_query("border").count()


def article_index():
    return connections["default"].get_unified_index().get_index(Article)


def check_index(*args):
    out = StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_searches_keep_finding_everything_while_reindex_switches(search_index):
    for n in range(20):
        border_report(f"Report {n}")
    indexer.drain_outbox()
    counts, errors, done = [], [], threading.Event()

    def search_in_a_loop():
        while not done.is_set():
            try:
                counts.append(border_hits())
            except Exception as exc:  # any exception is a failure of the switch
                errors.append(exc)

    searcher = threading.Thread(target=search_in_a_loop)
    searcher.start()
    try:
        first = live_index_dir(search_index)
        for _ in range(3):
            indexer.rebuild_aside()
    finally:
        done.set()
        searcher.join()
    assert errors == []
    assert counts and set(counts) == {20}
    assert live_index_dir(search_index) != first


def test_reindex_keeps_a_change_made_during_the_build(monkeypatch):
    border_report("Report one")
    indexer.drain_outbox()
    build = indexer.build_generation

    def build_then_edit_meanwhile(**options):
        built = build(**options)
        border_report("Summit report")  # saved and drained into the OLD index while we build
        indexer.drain_outbox()
        return built

    monkeypatch.setattr(indexer, "build_generation", build_then_edit_meanwhile)
    indexer.rebuild_aside()
    assert SearchQuerySet().models(Article).auto_query("summit").count() == 1


def test_reindex_removes_all_but_the_live_and_the_previous_generation(search_index):
    border_report("Report one")
    for _ in range(3):
        call_command("reindex", stdout=StringIO())
    assert len(list(search_index.glob("gen-*"))) == 2
    assert border_hits() == 1


def test_haystack_clear_index_never_leaves_searches_without_an_index():
    border_report("Report one")
    indexer.drain_outbox()
    call_command("clear_index", interactive=False, stdout=StringIO())
    assert border_hits() == 0


def test_check_index_reports_agreement():
    border_report("Report one")
    indexer.drain_outbox()
    assert "index and database agree" in check_index()


def test_check_index_finds_and_repairs_missing_ghost_and_stale_documents():
    missing = border_report("Missing report")
    stale = border_report("Stale report")
    ghost = border_report("Ghost report")
    indexer.drain_outbox()
    backend = connections["default"].get_backend()
    backend.remove(missing)
    Article.objects.filter(pk=stale.pk).update(title="Fresh report")  # no signal: index not told
    Article.objects.filter(pk=ghost.pk).update(status=Article.Status.DRAFT)

    report = StringIO()
    with pytest.raises(CommandError):
        call_command("check_index", stdout=report)
    assert f"missing: 1 (archive.article.{missing.pk})" in report.getvalue()
    assert f"ghost: 1 (archive.article.{ghost.pk})" in report.getvalue()
    assert f"stale: 1 (archive.article.{stale.pk})" in report.getvalue()

    assert "repaired" in check_index("--repair")
    assert "index and database agree" in check_index()
    found = sorted(r.title for r in SearchQuerySet().models(Article).auto_query("report"))
    assert found == ["Fresh report", "Missing report"]


def test_check_index_finds_and_repairs_spelling_words_filed_under_another_document():
    """An index written by stock Whoosh files every document's spelling words under document 0: a
    later deleted or unpublished article's words stay suggestible until check_index repairs it."""
    from whoosh.writing import SegmentWriter

    kept = border_report("Harbour report")
    hidden = border_report("Zanzibarsecret report")
    ChangeLogEntry.objects.all().delete()  # indexed below by hand, as an old Morgue had done
    backend = connections["default"].get_backend()
    backend.setup()
    stock = SegmentWriter(backend.index)
    for article in (kept, hidden):
        stock.add_document(**backend._document(article_index(), article))
    stock.commit()
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.DRAFT)
    backend.remove(hidden)
    assert SearchQuerySet().spelling_suggestion("zanzibarsecre") == "zanzibarsecret"  # the leak

    report = StringIO()
    with pytest.raises(CommandError):
        call_command("check_index", stdout=report)
    assert f"spelling: 1 (archive.article.{kept.pk})" in report.getvalue()
    assert "repaired" in check_index("--repair")
    assert "index and database agree" in check_index()
    assert SearchQuerySet().spelling_suggestion("zanzibarsecre") is None
    assert SearchQuerySet().spelling_suggestion("harbor") == "harbour"


@pytest.mark.parametrize("with_quote_words", [False, True])
def test_check_index_accepts_quote_documents_with_or_without_their_words(monkeypatch, with_quote_words):
    """Quotes are written without spelling words; an index written before that holds their words
    (as right: words of live documents). Neither is a difference."""
    from search.search_indexes import QuoteIndex

    article = border_report("Harbour report")
    factories.make_quote(article, "Ana López", "Border officials met")
    monkeypatch.setattr(QuoteIndex, "spelling_words", with_quote_words)
    indexer.drain_outbox()
    monkeypatch.undo()
    assert indexer.compare_index(connections["default"].get_backend())["spelling"] == []
    assert "index and database agree" in check_index()


def test_importer_helper_drains_when_no_indexer_runs():
    border_report("Summit report")
    assert indexer.drain_unless_daemon() == 1
    assert SearchQuerySet().models(Article).auto_query("summit").count() == 1


def test_importer_helper_leaves_the_outbox_to_a_running_indexer():
    border_report("Summit report")
    with indexer.daemon_lock():
        assert indexer.drain_unless_daemon() is None
    assert SearchQuerySet().models(Article).auto_query("summit").count() == 0


def test_reindex_if_needed_builds_an_empty_index_of_a_full_database():
    border_report("Report one")
    connections["default"].get_backend().searcher()  # creates an empty live index
    out = StringIO()
    call_command("reindex", "--if-needed", stdout=out)
    assert "the index is empty but the database has published articles" in out.getvalue()
    assert border_hits() == 1


def test_reindex_if_needed_leaves_a_current_index_alone():
    border_report("Report one")
    indexer.drain_outbox()
    out = StringIO()
    call_command("reindex", "--if-needed", stdout=out)
    assert "nothing to rebuild" in out.getvalue()


def test_a_second_indexer_refuses_to_start():
    with indexer.daemon_lock(), pytest.raises(CommandError, match="another indexer is already running"):
        call_command("run_indexer", stdout=StringIO())


def test_indexer_writes_to_the_new_index_after_a_switch():
    border_report("Report one")
    indexer.drain_outbox()  # this thread's backend now has the first generation open
    indexer.rebuild_aside()
    border_report("Summit report")
    indexer.drain_outbox()
    assert SearchQuerySet().models(Article).auto_query("summit").count() == 1


def test_reindex_leaves_no_backlog_for_the_indexer():
    border_report("Report one")
    indexer.rebuild_aside()
    assert indexer.drain_outbox() == 0
    assert border_hits() == 1
