"""Ctrl-C during an import: a clear summary, a non-zero exit, and a re-run that finishes the job
without duplicates or half-written articles. Runs the real command in a subprocess on its own
SQLite database (never the one DATABASE_URL names)."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from archive.ingest import EXTRACTION_BATCH, import_paths
from archive.models import Article
from tests.conftest import ROOT

FILES = 2000
INTERRUPT_AFTER = 40


@pytest.fixture
def environment(tmp_path):
    (tmp_path / "data").mkdir()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "MORGUE_DATA_DIR": str(tmp_path / "data"),
        "SECRET_KEY": "interrupt-test",
        "DJANGO_SETTINGS_MODULE": "morgue.settings",
    }
    manage("migrate", "--verbosity", "0", env=env, check=True)
    return env


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"{n:04d}.txt").write_text(f"Story number {n}\n\nThe body of story {n}, complete.\n")
    return folder


def manage(*args, env, **kwargs):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, **kwargs
    )


def stored(env):
    with sqlite3.connect(f"{env['MORGUE_DATA_DIR']}/morgue.sqlite3", timeout=20) as db:
        return db.execute("SELECT title, body FROM archive_article").fetchall()


def wait_for_articles(env, count, process):
    deadline = time.monotonic() + 60
    while len(stored(env)) < count:
        assert process.poll() is None, "the import finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)


@pytest.mark.django_db
def test_a_stop_request_ends_the_import_between_two_articles_and_counts_exactly(folder):
    stop = threading.Event()

    def stop_after_the_first_batch(files_done, files_total, stored):
        stop.set()

    report = import_paths([folder], stop=stop, progress=stop_after_the_first_batch)
    # The first batch was stored; the files read after it are left for the next run.
    assert report.interrupted and report.imported == EXTRACTION_BATCH == Article.objects.count()


@pytest.mark.django_db
def test_progress_counts_the_stored_articles_and_the_files_they_came_from(tmp_path):
    for n in range(EXTRACTION_BATCH * 2 + 5):
        (tmp_path / f"{n:03d}.txt").write_text(f"Story {n}\n\nThe body of story {n % 40}.\n")
    calls = []

    def record(files_done, files_total, stored):
        calls.append((files_done, files_total, stored, Article.objects.count()))

    report = import_paths([tmp_path], progress=record)
    # 69 files, 40 distinct texts: each call comes after a batch is STORED (reading runs ahead);
    # the file a batch ends in counts once the next record is read.
    assert [call[:3] for call in calls] == [(31, 69, 32), (63, 69, 40), (69, 69, 40)]
    assert all(stored == in_database for _, _, stored, in_database in calls)
    assert report.imported == 40 and report.duplicates == 29


@pytest.mark.slow
def test_interrupted_import_resumes_without_duplicates_or_partial_articles(environment, folder):
    command = [sys.executable, str(ROOT / "manage.py"), "import_articles", str(folder), "--no-extract"]
    process = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    wait_for_articles(environment, INTERRUPT_AFTER, process)
    process.send_signal(signal.SIGINT)
    interrupted = time.monotonic()
    out, err = process.communicate(timeout=60)
    assert time.monotonic() - interrupted < 5  # ~37 s for the BBC corpus, with a checkpoint to index

    assert process.returncode == 130
    assert out.startswith("interrupted: imported ")
    assert "stopping after the current article" in err and "Run the same command again" in err
    first_run = len(stored(environment))
    assert INTERRUPT_AFTER <= first_run < FILES
    assert f"imported {first_run}," in out

    again = manage("import_articles", str(folder), "--no-extract", env=environment)
    assert again.returncode == 0, again.stderr
    assert (
        f"imported {FILES - first_run}, updated 0, duplicates {first_run}, skipped 0, failed 0"
        in again.stdout
    )
    articles = stored(environment)
    assert len(articles) == FILES
    assert all(body == f"The body of story {title.split()[-1]}, complete." for title, body in articles)
