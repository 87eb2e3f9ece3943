"""Deployment settings and the login-only switch."""

import os
import subprocess
import sys

import pytest

from archive.ingest import import_paths
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
