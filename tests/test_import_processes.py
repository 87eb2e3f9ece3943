"""Import with extraction in worker processes: the same archive as in one process, and Ctrl-C
(SIGINT to the whole process group, as a terminal sends it) stops cleanly with whole articles only.
Runs the real command in subprocesses on their own SQLite databases."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.extract.batches import extract_batches
from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.slow

STORIES = 400
PARAGRAPH = (
    '"We will not back down on this," said Maria Lopez, the mayor of Springfield, on {day}. '
    "Officials from the Springfield Water Board met residents in Shelbyville. "
    '"The price of water rose {n} percent," Lopez added.'
)


def environment(folder):
    folder.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "MORGUE_DATA_DIR": str(folder),
        "SECRET_KEY": "processes",
        "DJANGO_SETTINGS_MODULE": "morgue.settings",
    }
    manage("migrate", "--verbosity", "0", env=env, check=True)
    return env


def manage(*args, env, **kwargs):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, **kwargs)


def archive_of(env):
    """Every article with its mentions and quotes, comparable between two databases."""
    with sqlite3.connect(f"{env['MORGUE_DATA_DIR']}/morgue.sqlite3") as db:
        return sorted(
            db.execute(
                "SELECT a.title, "
                " (SELECT group_concat(x.name || '/' || m.count, ';') FROM archive_mention m"
                "  JOIN archive_actor x ON x.id = m.actor_id WHERE m.article_id = a.id ORDER BY x.name),"
                " (SELECT group_concat(q.start || ':' || coalesce(s.name, '?'), ';') FROM archive_quote q"
                "  LEFT JOIN archive_actor s ON s.id = q.speaker_id"
                "  WHERE q.article_id = a.id ORDER BY q.start)"
                " FROM archive_article a"
            ).fetchall()
        )


@pytest.fixture
def stories(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    for n in range(STORIES):
        body = "\n\n".join(PARAGRAPH.format(day=f"day {n}", n=n + k) for k in range(3))
        (folder / f"{n:04d}.txt").write_text(f"Water story {n}\n\n{body}\n")
    return folder


def test_two_worker_processes_store_what_one_process_stores(tmp_path):
    one, two = environment(tmp_path / "one"), environment(tmp_path / "two")
    first = manage("import_articles", "--processes", "1", str(SAMPLES), env=one)
    second = manage("import_articles", "--processes", "2", str(SAMPLES), env=two)
    assert first.returncode == second.returncode == 0, second.stderr
    assert first.stdout == second.stdout
    assert archive_of(one) == archive_of(two)
    assert any(quotes for _, _, quotes in archive_of(two))


def test_ctrl_c_stops_the_workers_and_a_rerun_completes_the_import(tmp_path, stories):
    env = environment(tmp_path / "data")
    command = [sys.executable, str(ROOT / "manage.py"), "import_articles", "--processes", "2", str(stories)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while len(archive_of(env)) < 40:
        assert process.poll() is None and time.monotonic() < deadline, "finished before it could be stopped"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: every process of the group
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    first_run = len(archive_of(env))
    assert f"imported {first_run}," in out and first_run < STORIES

    again = manage("import_articles", "--processes", "2", str(stories), env=env)
    assert again.returncode == 0, again.stderr
    assert f"imported {STORIES - first_run}, updated 0, duplicates {first_run}," in again.stdout
    articles = archive_of(env)
    assert len(articles) == STORIES
    assert all(mentions and quotes and quotes.count(":") == 6 for _, mentions, quotes in articles)


def extraction_stuck_on_slow_batches(bodies):
    """An extractor for worker processes: instant for "quick", a minute for anything else."""
    if bodies != ["quick"]:
        time.sleep(60)
    return [([], []) for _ in bodies]


def test_closing_the_extraction_early_ends_the_workers_without_finishing_their_batches():
    batches = (["quick"] if n == 0 else ["slow"] for n in range(40))
    extracted = extract_batches(batches, extraction_stuck_on_slow_batches, processes=2)
    assert next(extracted) == (["quick"], [([], [])])
    started = time.monotonic()
    extracted.close()  # what Ctrl-C does to the import: the running batches would never be stored
    assert time.monotonic() - started < 10


WORKERS_OF_A_KILLED_CALLER = """
import sys, time
from archive.extract.batches import extract_batches
from tests.test_import_processes import extraction_stuck_on_slow_batches
batches = (["quick"] if n < 2 else ["slow"] for n in range(40))
extracted = extract_batches(batches, extraction_stuck_on_slow_batches, processes=2)
next(extracted)
print("running", flush=True)
time.sleep(600)
"""


def children_of(pid):
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads worker pids from Linux's /proc")
def test_workers_end_when_the_importer_is_killed():
    caller = subprocess.Popen(
        [sys.executable, "-c", WORKERS_OF_A_KILLED_CALLER], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert caller.stdout.readline().strip() == "running"
    workers = [
        pid for pid in children_of(caller.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert len(workers) == 2
    caller.kill()  # SIGKILL: no finally, no atexit in the importer
    caller.wait()
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") and not is_zombie(pid) for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived its importer"
        time.sleep(0.1)


def is_zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True
