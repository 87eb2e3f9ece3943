"""Site-wide middleware."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

# Paths that must stay reachable without a login even on a login-only archive.
OPEN_PREFIXES = ("/admin/login/", "/admin/logout/", "/static/")


class LoginRequiredMiddleware:
    """With settings.LOGIN_REQUIRED on, every page asks anonymous visitors to log in first.

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
