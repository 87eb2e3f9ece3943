"""Deployment settings and the login-only switch."""

import os
import subprocess
import sys

import pytest

from archive.ingest import import_paths
from morgue.search_url import (
    SOLR_ENGINE,
    WHOOSH_ENGINE,
    SearchURLError,
    haystack_connection,
    solr_collection_urls,
)
from tests.conftest import ROOT, SAMPLES


def run_manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "production-secret-key-with-enough-entropy-3948",
        MORGUE_HTTPS="1",
        MORGUE_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = run_manage("check", MORGUE_DATA_DIR=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr  # one line saying what to do, no traceback
    assert result.stderr.startswith("Morgue: SECRET_KEY must be set when DEBUG is off.")
    assert f"make run MORGUE_DATA_DIR={tmp_path.resolve()}" in result.stderr


KEPT_CONNECTION_SCRIPT = """
import sqlite3
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection

def request(sql):
    # (rows, the SQLite connection used) of one request running sql
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows, used = cursor.fetchall(), connection.connection
    request_finished.send(sender=None)
    return rows, used

_, first = request("SELECT 1")
other = sqlite3.connect(settings.DATABASES["default"]["NAME"])  # another process's write
with other:
    other.execute("CREATE TABLE edit (title TEXT)")
    other.execute("INSERT INTO edit VALUES ('retitled')")
rows, second = request("SELECT title FROM edit")
print(rows, second is first)
"""


def test_a_web_worker_keeps_its_sqlite_connection_and_sees_writes_made_since(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        KEPT_CONNECTION_SCRIPT,
        SECRET_KEY="k" * 50,
        MORGUE_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'morgue.sqlite3'}",  # SQLite in the PostgreSQL lane too
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "[('retitled',)] True"


@pytest.mark.django_db
def test_login_only_archive_redirects_anonymous_visitors(client, settings, django_user_model):
    import_paths([SAMPLES])
    settings.LOGIN_REQUIRED = True
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/")
    assert client.get("/accounts/login/").status_code == 200
    client.force_login(django_user_model.objects.create_user("reporter", password="pw-reporter-1"))
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_archive_is_public_by_default(client):
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("url", "collection_url"),
    [
        ("solr://127.0.0.1:8983/solr/morgue", "http://127.0.0.1:8983/solr/morgue"),
        ("http://solr.internal:8983/solr/morgue/", "http://solr.internal:8983/solr/morgue"),
        ("https://search.example.org/solr/news_archive", "https://search.example.org/solr/news_archive"),
    ],
)
def test_a_solr_url_selects_the_solr_engine_on_that_collection(url, collection_url):
    connection = haystack_connection(url, "/unused")
    assert connection["ENGINE"] == SOLR_ENGINE
    assert connection["URL"] == collection_url
    assert connection["NODES"] == [collection_url.rsplit("/", 1)[0]]


def test_a_solr_url_may_name_several_nodes_of_the_cloud_each_tried_in_turn():
    connection = haystack_connection("solr://h1:8983,h2:8984,[::1]:8985/solr/morgue", "/unused")
    assert connection["URL"] == "http://h1:8983/solr/morgue"
    assert connection["NODES"] == ["http://h1:8983/solr", "http://h2:8984/solr", "http://[::1]:8985/solr"]


def test_no_search_url_keeps_the_embedded_whoosh_index(tmp_path):
    assert haystack_connection("", tmp_path / "index") == {
        "ENGINE": WHOOSH_ENGINE,
        "PATH": str(tmp_path / "index"),
    }
    assert haystack_connection(None, tmp_path / "index")["ENGINE"] == WHOOSH_ENGINE


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://127.0.0.1/solr/morgue", "scheme"),
        ("solr:///solr/morgue", "no host"),
        ("solr://127.0.0.1:port/solr/morgue", "Port"),
        ("solr://127.0.0.1:8983/morgue", "path"),
        ("solr://127.0.0.1:8983/solr/", "path"),
        ("solr://127.0.0.1:8983/solr/a/b", "path"),
        ("solr://127.0.0.1:8983/solr/morgue?shards=x", "query"),
        ("solr://admin:pw@127.0.0.1:8983/solr/morgue", "credentials"),
        ("solr://h1:8983,/solr/morgue", "no host"),
        ("solr://h1:8983,h2:x/solr/morgue", "Port"),
        ("solr://[::1/solr/morgue", "IPv6"),
    ],
)
def test_a_malformed_search_url_is_refused_with_the_reason(url, reason):
    with pytest.raises(SearchURLError, match=reason):
        solr_collection_urls(url)


def test_a_malformed_search_url_stops_the_start_with_one_line(tmp_path):
    result = run_manage(
        "check", MORGUE_DATA_DIR=str(tmp_path), DEBUG="1", MORGUE_SEARCH_URL="solr://127.0.0.1:8983/morgue"
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("Morgue: MORGUE_SEARCH_URL='solr://127.0.0.1:8983/morgue' is not a Solr")
    assert "solr://127.0.0.1:8983/solr/morgue" in result.stderr  # the form to write instead
