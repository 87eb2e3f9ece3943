"""Morgue settings, read from the environment with safe defaults.

Environment variables:
    MORGUE_DATA_DIR  where the SQLite database and the Whoosh index live (default ./data)
    MORGUE_SEARCH_URL  unset: the embedded Whoosh index under MORGUE_DATA_DIR; a Solr collection,
                     solr://host:port/solr/COLLECTION or http(s)://host:port/solr/COLLECTION: SolrCloud
                     (docs/solr.md). A malformed URL stops the start with a message.
    DATABASE_URL     overrides the database, e.g. postgres://user@127.0.0.1:5432/morgue
    SECRET_KEY       required when DEBUG is off, unless $MORGUE_DATA_DIR/secret_key holds one
                     (a development key is used when DEBUG is on)
    DEBUG            "1"/"true" to turn debugging on (default off)
    ALLOWED_HOSTS    comma-separated (default "127.0.0.1,localhost")
    MORGUE_HTTPS     "1" when served over TLS (behind a proxy that sets X-Forwarded-Proto):
                     secure cookies, HSTS and HTTPS redirects; `check --deploy` then passes
    MORGUE_LOGIN_REQUIRED  "1" makes the whole archive login-only (a newsroom-internal archive)
    MORGUE_IMPORT_PROCESSES  extraction worker processes for `import_articles` (default: one per CPU)
    MORGUE_REINDEX_PROCESSES segment writer processes for `reindex` (default: one per CPU)
    MORGUE_PROXY_COUNT  how many reverse proxies of yours stand in front of gunicorn (default 0): the
                     client address that rate limits and login throttling count by is then read
                     from X-Forwarded-For (morgue/clients.py)
    MORGUE_RATE_LIMITS  requests per client address, e.g. "search=60/m,export=6/m,api=120/m,feed=30/m"
                     (any subset; the defaults are these); "off" turns rate limiting off
    MORGUE_EXPORT_SLOTS  how many CSV/JSON-lines exports may stream at once, site-wide (default 1;
                     keep it below WEB_CONCURRENCY so that pages always have a worker)
    MORGUE_SEARCH_TIME_BUDGET  seconds one search may spend on its hits before it is refused with a
                     message asking to narrow it (default 1.0)
    MORGUE_LOGIN_FAILURE_LIMIT  failed logins per account and per address before a 15-minute lockout
                     (default 5)
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url

from morgue.search_url import SearchURLError, haystack_connection

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")
DATA_DIR = Path(os.environ.get("MORGUE_DATA_DIR", BASE_DIR / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY_FILE = DATA_DIR / "secret_key"  # written by `make run` for a laptop install


def read_secret_key():
    key = os.environ.get("SECRET_KEY", "").strip()
    if not key and SECRET_KEY_FILE.exists():
        key = SECRET_KEY_FILE.read_text().strip()
    if key:
        return key
    if DEBUG:
        return "morgue-development-only-secret-key-do-not-use-in-production"
    # One line saying what to do, not a traceback: a new data folder is the usual cause.
    sys.exit(
        f"Morgue: SECRET_KEY must be set when DEBUG is off. Set it in the environment, or store one in "
        f"{SECRET_KEY_FILE} (`make run MORGUE_DATA_DIR={DATA_DIR}` writes it), or set DEBUG=1 to develop."
    )


SECRET_KEY = read_secret_key()

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "haystack",
    "archive",
    "search",
    "pages",
    "api",
    "exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "morgue.middleware.ContentSecurityPolicyMiddleware",
    # Early: a refused request costs no session, user or CSRF work.
    "morgue.middleware.RateLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "morgue.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost: turns a view's SearchUnavailable into the 503 page before anything else sees it.
    "morgue.middleware.SearchUnavailableMiddleware",
]

ROOT_URLCONF = "morgue.urls"
WSGI_APPLICATION = "morgue.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# A web worker keeps its connection between requests (opening SQLite's file, its WAL pragmas and
# reading the schema cost ~1.4 ms a request at 100,000 articles), checked before reuse and closed
# after an error or a minute. Each statement runs in autocommit, so a kept connection still sees
# every write committed since (the importer's, the editors', the indexer's).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'morgue.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (web workers) proceed while the importer or indexer writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["morgue.formats"]  # "6 April 2018" in the admin too
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Search: haystack through the project's own engine (search/engine/): Whoosh, or SolrCloud.
try:
    HAYSTACK_CONNECTIONS = {
        "default": haystack_connection(os.environ.get("MORGUE_SEARCH_URL"), DATA_DIR / "whoosh_index")
    }
except SearchURLError as error:
    sys.exit(str(error))  # one line saying what to write, not a traceback
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20
# Saves and deletes only write outbox rows; `manage.py run_indexer` (started by gunicorn.conf.py)
# is the one process that writes the index. See docs/search.md.
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.OutboxSignalProcessor"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"morgue": {"level": os.environ.get("MORGUE_LOG_LEVEL", "INFO")}},
}

# Security headers that hold on plain-HTTP laptop installs too.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Served over TLS (production): cookies only over HTTPS, HSTS, redirect plain HTTP.
if env_flag("MORGUE_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy of every response (morgue/middleware.py): scripts and styles come only
# from this site's static files, so any script must be a file under static/, never inline.
# Directive -> sources, the format of Django 6's own SECURE_CSP setting.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# A newsroom-internal archive: every page asks for a login (see morgue/middleware.py), on the
# readers' own login page; the admin's login admits staff only.
LOGIN_REQUIRED = env_flag("MORGUE_LOGIN_REQUIRED")
IMPORT_PROCESSES = int(os.environ.get("MORGUE_IMPORT_PROCESSES") or os.cpu_count() or 1)
REINDEX_PROCESSES = int(os.environ.get("MORGUE_REINDEX_PROCESSES") or os.cpu_count() or 1)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Who is asking (morgue/clients.py): the number of your own reverse proxies in front of gunicorn.
PROXY_COUNT = int(os.environ.get("MORGUE_PROXY_COUNT") or 0)

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for one account, or from one
# address, further attempts are refused with a 429 for AXES_COOLOFF_TIME, before any password
# is hashed (each hash costs ~0.5 s of CPU). A successful login resets the account's count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("MORGUE_LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "morgue.clients.client_ip"
AXES_VERBOSE = False

# Rate limits per client address (django-ratelimit, applied by morgue.middleware.RateLimitMiddleware
# to each family of URLs). The counters live in a cache shared by every gunicorn worker on this
# machine: a folder under the data directory. Its increments are not atomic (two workers counting
# at the same instant may count once), which only ever lets a client through slightly more often.
RATE_LIMITS = {"search": "60/m", "export": "6/m", "api": "120/m", "feed": "30/m"}
RATE_LIMITS_SETTING = os.environ.get("MORGUE_RATE_LIMITS", "").strip()
RATELIMIT_ENABLE = RATE_LIMITS_SETTING.lower() != "off"
if RATELIMIT_ENABLE and RATE_LIMITS_SETTING:
    for item in RATE_LIMITS_SETTING.split(","):
        family, _, rate = item.partition("=")
        if family.strip() not in RATE_LIMITS or not rate.strip():
            families = ", ".join(RATE_LIMITS)
            sys.exit(f"Morgue: MORGUE_RATE_LIMITS: {item!r} is not family=rate ({families}).")
        RATE_LIMITS[family.strip()] = rate.strip()
RATELIMIT_IP_META_KEY = "morgue.clients.client_ip"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# Seconds one search may spend listing and scoring its hits before it is answered with a message
# asking to narrow it (search/engine/doc_values.py); prefixes are bounded before a search runs.
SEARCH_TIME_BUDGET = float(os.environ.get("MORGUE_SEARCH_TIME_BUDGET") or 1.0)
# Exports stream every match of a search: at most this many at once, site-wide (search/..., exports).
EXPORT_SLOTS = int(os.environ.get("MORGUE_EXPORT_SLOTS") or 1)
EXPORT_SLOT_DIR = DATA_DIR / "export-slots"  # one lock file per slot (exports/slots.py)
