"""`{{ url|web_url }}`: a stored URL as a link target only if it is a web address.

Imported records carry URLs from anywhere (a JSON line or a CSV cell may hold `javascript:…`);
autoescaping does not stop such a link from running when clicked, so anything but http(s) becomes "".
"""

from urllib.parse import urlsplit

from django import template

register = template.Library()
WEB_SCHEMES = ("http", "https")


@register.filter
def web_url(value):
    try:
        parts = urlsplit(str(value or "").strip())  # lowercases the scheme, drops tabs and newlines
    except ValueError:
        return ""
    return value if parts.scheme in WEB_SCHEMES and parts.netloc else ""
