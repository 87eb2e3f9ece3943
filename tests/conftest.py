"""Fixtures shared by the whole suite: a private search index per test, sample paths, users; the
small indexed archive with hidden articles (`archive`, `known`) is in tests/fixtures.py, and the
builders in tests/factories.py.

Nothing here imports Django models at module level: worker processes of the import tests import
this module for its paths before Django is set up."""

from pathlib import Path

import pytest
from haystack import connections

from morgue.search_url import haystack_connection

pytest_plugins = ["tests.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "articles"
SEED_ONE = SAMPLES / "000_ee8b1efcf03b5cba.txt"
SEED_TWO = SAMPLES / "004_d2dadfd708700fca.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    """Point haystack at an empty on-disk Whoosh index private to this test (tests/solr/conftest.py
    points the same tests at an emptied Solr collection instead)."""
    settings.HAYSTACK_CONNECTIONS = {"default": haystack_connection(None, tmp_path / "whoosh_index")}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    yield tmp_path / "whoosh_index"
    connections.reload("default")


@pytest.fixture(autouse=True)
def export_slots(settings, tmp_path):
    """Export slots private to this test (xdist workers share one data folder), and enough of them
    for tests that hold one export's response while asking for another."""
    settings.EXPORT_SLOT_DIR = tmp_path / "export-slots"
    settings.EXPORT_SLOTS = 8


@pytest.fixture
def corpus_dir():
    if not CORPUS.is_dir():
        pytest.skip(f"the BBC corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="pw-editor-123", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


@pytest.fixture
def drain_index():
    """Returns a function that applies every pending index change now (the indexer's work).

    Saves and deletes only queue outbox rows (search/signals.py); call ``drain_index()`` after
    creating or changing data and before searching. Works inside the test transaction.
    """
    from search.indexer import drain_outbox

    return drain_outbox


@pytest.fixture
def documents_written(monkeypatch):
    """The list of objects the engine's backend (Whoosh or Solr) prepares a document of, from now on."""
    from search.engine import search_engine

    written = []
    backend = type(search_engine())
    prepare = backend._document
    monkeypatch.setattr(
        backend,
        "_document",
        lambda self, search_index, obj: written.append(obj) or prepare(self, search_index, obj),
    )
    return written


@pytest.fixture(scope="session")
def extract():
    """Extraction of one body → (actors, quotes); the spaCy model loads once for the whole session."""
    from archive.extract import extract_many

    return lambda body: extract_many([body])[0]
