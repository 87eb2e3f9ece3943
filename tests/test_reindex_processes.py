"""`reindex --processes 2`: worker processes write one segment each, and the result is the same
index as one process builds. Runs the real command in subprocesses on their own SQLite database."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.slow


def manage(*args, env):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True)


def indexed_documents(env):
    """{haystack id: fingerprint} of the live index, and its number of segments."""
    script = (
        "import django, json; django.setup()\n"
        "from search.engine import search_engine\n"
        "searcher = search_engine().searcher()\n"
        "print(json.dumps([{f['id']: f.get('fingerprint') for f in searcher.all_stored_fields()},"
        " len(searcher.reader().leaf_readers())]))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    documents, segments = json.loads(output.stdout)
    return documents, segments


def test_two_segment_writers_build_the_index_one_process_builds(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "MORGUE_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "reindex",
        "DJANGO_SETTINGS_MODULE": "morgue.settings",
    }
    manage("migrate", "--verbosity", "0", env=env)
    manage("import_articles", "--processes", "1", str(SAMPLES), env=env)
    manage("reindex", "--processes", "1", env=env)
    one_process, one_segment = indexed_documents(env)
    manage("reindex", "--processes", "2", env=env)
    two_processes, segments = indexed_documents(env)
    assert two_processes == one_process and len(one_process) > 10
    # One segment per writer (plus, both times, one for the import's changes that reindex replays).
    assert segments == one_segment + 1
    assert "agree" in manage("check_index", env=env).stdout
