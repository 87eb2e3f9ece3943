"""Site-wide middleware."""

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_ratelimit.core import get_usage

from api.views import error_response
from morgue.clients import client_ip
from search.engine import SearchUnavailable

log = logging.getLogger(__name__)

# Paths that must stay reachable without a login even on a login-only archive.
OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/admin/login/", "/admin/logout/", "/static/")


class LoginRequiredMiddleware:
    """With settings.LOGIN_REQUIRED on, every page asks anonymous visitors to log in first, on the
    readers' login page (any active account; the admin's own login admits staff only).

    Off by default: a public archive. Read per request so tests can switch it with `settings`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "LOGIN_REQUIRED", False)
            and not request.user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Sends settings.SECURE_CSP (directive → sources, the format Django 6's own CSP support reads)
    as the Content-Security-Policy header of every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = "; ".join(
            " ".join([directive, *sources]) for directive, sources in settings.SECURE_CSP.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response


# URL families with a rate limit of their own (settings.RATE_LIMITS), the first matching prefix wins.
RATE_LIMITED_PREFIXES = (
    ("/api/", "api"),
    ("/search/export.", "export"),
    ("/search/feed/", "feed"),
    ("/search/", "search"),
)


def rate_family(path):
    return next((family for prefix, family in RATE_LIMITED_PREFIXES if path.startswith(prefix)), None)


class RateLimitMiddleware:
    """Counts each client's requests per URL family (django-ratelimit) and answers 429 beyond the
    family's rate, with Retry-After; API clients get the API's JSON error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        family = rate_family(request.path)
        if family and settings.RATELIMIT_ENABLE:
            usage = get_usage(
                request, group=family, key=client_key, rate=settings.RATE_LIMITS[family], increment=True
            )
            if usage and usage["should_limit"]:
                return too_many_requests(request, family, usage)
        return self.get_response(request)


def client_key(group, request):
    return client_ip(request)


def too_many_requests(request, family, usage):
    message = (
        f"Too many {family} requests from your address: at most {settings.RATE_LIMITS[family]}. "
        f"Try again in {usage['time_left']} s."
    )
    if family == "api":
        response = error_response(429, message)  # the API's own error body, content type and CORS
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(max(1, usage["time_left"]))
    return response


class SearchUnavailableMiddleware:
    """A page that needs the search engine while it cannot answer (search/engine: SearchUnavailable)
    gets a 503 page saying so, with Retry-After, instead of a 500 "something went wrong"; the reason
    (which nodes, what error) goes to the log, not to the reader. The API and the autocomplete
    answer their own JSON 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SearchUnavailable):
            return None
        log.warning("search engine unavailable for %s: %s", request.get_full_path(), exception.reason)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(exception.retry_after)
        return response
