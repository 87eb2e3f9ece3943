"""The key a story's URL is matched by: the same story reached through a feed, a share button or
an anchor link has one key.

`normalised_url` drops what does not name the story — tracking parameters (utm_*, fbclid, the
BBC's at_* and the rest of courlan's list), the fragment, a trailing slash, the default port —
and writes the scheme and host in lower case and the remaining parameters in a fixed order
(courlan's `normalize_url`). The path keeps its case: servers may tell `/News` from `/news`.
"""

from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url


def normalised_url(url):
    """The matching key for `url` ("" for none); a string courlan cannot read is kept stripped."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        cleaned = urlsplit(normalize_url(url, trailing_slash=False))
    except ValueError:
        return url
    path = cleaned.path.rstrip("/") or "/"  # courlan keeps the slash when a query follows
    return urlunsplit((cleaned.scheme, cleaned.netloc, path, cleaned.query, ""))
