"""Settings for the test suite: the real settings, with a throw-away data folder and key."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "morgue-test-secret-key")
os.environ.setdefault("MORGUE_DATA_DIR", tempfile.mkdtemp(prefix="morgue-test-data-"))

from morgue.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
IMPORT_PROCESSES = (
    1  # spawning extraction workers per test costs seconds; tests/test_import_processes.py does
)
REINDEX_PROCESSES = 1  # workers would not see the test database; tests/test_reindex_processes.py
# Tests send hundreds of requests from one address: rate limits are on only where a test turns them on.
RATELIMIT_ENABLE = False
