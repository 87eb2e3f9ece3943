"""Who is asking: the client address that login throttling and rate limits count by.

Behind a reverse proxy every request comes from the proxy's address, so all readers would share
one budget. `MORGUE_PROXY_COUNT` says how many proxies of your own stand in front of gunicorn;
each appends the address it received the request from to X-Forwarded-For, so the client is the
entry that many places from the right. Entries further left are whatever the client claimed and
are never trusted. With no proxy (the default) the client is REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address as the outermost trusted proxy saw it (REMOTE_ADDR without a proxy)."""
    proxies = settings.PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (a key, not a bind address)
    if not proxies:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(forwarded) < proxies:
        return remote  # not through all our proxies: the address it came from is all we know
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
