"""Defences against cheap requests and script injection (issue 12): login throttling, rate limits,
the export limit, the Content-Security-Policy, and the readers' own login page."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from archive.models import Actor, Article
from morgue.clients import client_ip

ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="pw-editor-123", is_staff=True)


def log_in(client, username, password, address="10.0.0.1", url=ADMIN_LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


# --- login throttling ---------------------------------------------------------------------------


def test_an_account_is_locked_after_five_failed_logins_even_with_the_right_password(client, editor):
    for attempt in range(4):
        assert log_in(client, "editor", f"wrong-{attempt}", address=f"10.0.1.{attempt}").status_code == 200
    assert log_in(client, "editor", "wrong-5", address="10.0.1.5").status_code == 429  # the fifth locks
    locked = log_in(client, "editor", "pw-editor-123", address="10.0.2.1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_five_failed_logins_whatever_the_account(
    client, editor, django_user_model
):
    django_user_model.objects.create_user("other", password="pw-other-1234", is_staff=True)
    for attempt in range(5):
        log_in(client, f"guess{attempt}", "wrong")
    assert log_in(client, "other", "pw-other-1234").status_code == 429
    assert log_in(client, "other", "pw-other-1234", address="10.9.9.9").status_code == 302  # elsewhere


def test_a_locked_attempt_hashes_no_password(client, editor, monkeypatch):
    for attempt in range(5):
        log_in(client, "editor", f"wrong-{attempt}")
    hashed = []
    monkeypatch.setattr("django.contrib.auth.hashers.MD5PasswordHasher.verify", lambda *a: hashed.append(a))
    assert log_in(client, "editor", "pw-editor-123").status_code == 429
    assert hashed == []


def test_the_readers_login_is_throttled_too(client, django_user_model):
    django_user_model.objects.create_user("reader", password="pw-reader-123")
    for attempt in range(5):
        log_in(client, "reader", f"wrong-{attempt}", url="/accounts/login/")
    assert log_in(client, "reader", "pw-reader-123", url="/accounts/login/").status_code == 429


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # no proxy: the header is the client's claim
        (1, "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged entry left of ours
        (2, "127.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "127.0.0.1", "198.51.100.1", "127.0.0.1"),  # fewer hops than proxies: not through them
        (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
    ],
)
def test_the_client_address_is_read_through_the_configured_proxies(
    rf, settings, proxies, remote, forwarded, expected
):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# --- rate limits and the export limit -------------------------------------------------------------


@pytest.fixture
def rate_limited(settings, tmp_path):
    """Low rates, counted in a cache of this test's own (xdist workers share the data folder)."""
    settings.RATELIMIT_ENABLE = True
    # Per hour, not per minute: a count restarts at a window's end, which a test should not straddle.
    settings.RATE_LIMITS = {"search": "3/h", "export": "2/h", "api": "3/h", "feed": "2/h"}
    settings.CACHES = {
        **settings.CACHES,
        "rate-limits": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    settings.RATELIMIT_USE_CACHE = "rate-limits"
    return settings.RATE_LIMITS


def read_out(response):
    """Reads a streamed response to its end, which closes it as a WSGI server would (an export gives
    its slot back). Not response.close(): outside the test client's wrapper that also closes the
    test's database connection."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def status_of(client, url, **extra):
    return read_out(client.get(url, **extra)).status_code


@pytest.mark.parametrize(
    ("url", "family"),
    [
        ("/search/?q=harbour", "search"),
        ("/search/actors/autocomplete?q=Ana", "search"),
        ("/search/export.csv?q=harbour", "export"),
        ("/search/feed/?q=harbour", "feed"),
        ("/api/v1/articles/", "api"),
    ],
)
def test_each_url_family_has_a_rate_per_client(client, archive, rate_limited, url, family):
    limit = int(rate_limited[family].split("/")[0])
    for _ in range(limit):
        assert status_of(client, url) == 200, url
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    if family == "api":
        assert "Too many api requests" in refused.json()["error"]
        assert refused["Access-Control-Allow-Origin"] == "*"  # a browser script can read why
    else:
        assert f"at most {rate_limited[family]}" in refused.content.decode()
    assert status_of(client, url, REMOTE_ADDR="10.1.1.1") == 200  # another client
    assert client.get("/").status_code == 200  # pages outside the families are not counted


def test_exports_beyond_the_site_wide_limit_are_refused_until_one_ends(client, archive, settings):
    settings.EXPORT_SLOTS = 1
    running = client.get("/search/export.jsonl?q=harbour")
    assert running.status_code == 200
    refused = client.get("/search/export.csv?q=harbour")
    assert refused.status_code == 429 and "Try again" in refused.content.decode()
    read_out(running)
    assert client.get("/search/export.csv?q=harbour").status_code == 200


# --- Content-Security-Policy ----------------------------------------------------------------------

STRICT_SCRIPT_SRC = "script-src 'self'"


class InlineCode(HTMLParser):
    """Collects what a strict policy would block: inline scripts and styles, handlers, js: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.open_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if (
                name.startswith("on")
                or name == "style"
                or (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script":
            executable = attrs.get("type") in (None, "", "text/javascript", "module")
            self.open_script = executable and not attrs.get("src")

    def handle_data(self, data):
        if self.open_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.open_script = None


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def admin_urls(archive):
    article, actor = archive["lopez"], Actor.objects.get(name="Ana López")
    return [
        reverse("admin:index"),
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_article_change", args=[article.pk]),
        reverse("admin:archive_article_add"),
        reverse("admin:archive_article_delete", args=[article.pk]),
        reverse("admin:archive_actor_changelist"),
        reverse("admin:archive_actor_change", args=[actor.pk]),
        reverse("admin:archive_quote_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:password_change"),
    ]


def test_every_page_sends_a_strict_policy_and_holds_no_inline_code(client, staff_client, archive):
    public = ["/", "/browse/", "/search/?q=harbour", "/search/help/", archive["lopez"].get_absolute_url()]
    public += ["/actors/ana-lopez/", "/accounts/login/", ADMIN_LOGIN, "/api/v1/", "/nowhere/"]
    for who, urls in ((client, public), (staff_client, admin_urls(archive))):
        for url in urls:
            response = who.get(url)
            policy = response["Content-Security-Policy"]
            assert STRICT_SCRIPT_SRC in policy and "'unsafe-inline'" not in policy, url
            assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, url
            if response["Content-Type"].startswith("text/html"):
                assert inline_code(response.content.decode()) == [], url


def test_the_admin_loads_its_scripts_from_this_site_only(staff_client, archive):
    html = staff_client.get(reverse("admin:archive_article_change", args=[archive["lopez"].pk])).content
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html.decode())
    assert "/static/admin/js/calendar.js" in sources and "/admin/jsi18n/" in sources
    assert all(src.startswith("/") and not src.startswith("//") for src in sources)


# --- a login-only archive: readers log in on their own page ---------------------------------------


def test_readers_log_in_on_their_own_page_and_the_admin_stays_staff_only(
    client, archive, settings, django_user_model
):
    settings.LOGIN_REQUIRED = True
    django_user_model.objects.create_user("reader", password="pw-reader-123")
    asked = client.get("/search/?q=harbour")
    assert asked.status_code == 302 and asked["Location"] == "/accounts/login/?next=/search/%3Fq%3Dharbour"
    page = client.get(asked["Location"])
    assert page.status_code == 200 and "Log in to the archive" in page.content.decode()
    logged_in = client.post(
        "/accounts/login/", {"username": "reader", "password": "pw-reader-123", "next": "/search/?q=harbour"}
    )
    assert logged_in.status_code == 302 and logged_in["Location"] == "/search/?q=harbour"
    assert client.get("/search/?q=harbour").status_code == 200
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302 and admin["Location"].startswith(ADMIN_LOGIN)
    refused = Client().post(ADMIN_LOGIN, {"username": "reader", "password": "pw-reader-123"})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/search/?q=harbour").status_code == 302


def test_an_inactive_account_cannot_read_a_login_only_archive(client, db, settings, django_user_model):
    settings.LOGIN_REQUIRED = True
    django_user_model.objects.create_user("gone", password="pw-gone-12345", is_active=False)
    response = client.post("/accounts/login/", {"username": "gone", "password": "pw-gone-12345"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert Article.objects.count() == 0
