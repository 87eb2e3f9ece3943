"""MORGUE_SEARCH_URL → haystack's connection settings: the embedded Whoosh index, or a Solr collection.

Read by morgue/settings.py at start. A URL this module refuses stops the start with one line saying
what is wrong, before anything is served from a wrong engine.
"""

import re
from urllib.parse import urlsplit

WHOOSH_ENGINE = "search.engine.backend.MorgueWhooshEngine"
SOLR_ENGINE = "search.engine.solr.backend.MorgueSolrEngine"
SOLR_SCHEMES = {"solr": "http", "http": "http", "https": "https"}
COLLECTION_PATH = re.compile(r"^/solr/(?P<collection>[A-Za-z0-9][A-Za-z0-9_.-]*)/?$")
EXAMPLE = "solr://127.0.0.1:8983/solr/morgue"
# Seconds one Solr request may take before it fails (haystack's TIMEOUT): a dead node is given up
# on and the request fails loudly instead of hanging a web worker.
SOLR_TIMEOUT = 30


class SearchURLError(ValueError):
    """MORGUE_SEARCH_URL names no engine Morgue can use; the message says what to write instead."""


def haystack_connection(url, whoosh_root):
    """HAYSTACK_CONNECTIONS["default"] for `url` (empty or None: Whoosh under `whoosh_root`)."""
    if not (url or "").strip():
        return {"ENGINE": WHOOSH_ENGINE, "PATH": str(whoosh_root)}
    return {"ENGINE": SOLR_ENGINE, "URL": solr_collection_url(url.strip()), "TIMEOUT": SOLR_TIMEOUT}


def solr_collection_url(url):
    """The http(s) URL of the collection that `url` (solr://, http:// or https://) names."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:  # an unreadable port ("host:abc") or bracket
        raise SearchURLError(refusal(url, str(error))) from None
    if parts.scheme not in SOLR_SCHEMES:
        raise SearchURLError(refusal(url, f"the scheme must be solr, http or https, not {parts.scheme!r}"))
    if not parts.hostname:
        raise SearchURLError(refusal(url, "it names no host"))
    if parts.query or parts.fragment or parts.username or parts.password:
        raise SearchURLError(refusal(url, "it may not carry a query, a fragment or credentials"))
    path = COLLECTION_PATH.match(parts.path)
    if path is None:
        raise SearchURLError(refusal(url, "its path must be /solr/COLLECTION"))
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    netloc = host if port is None else f"{host}:{port}"
    return f"{SOLR_SCHEMES[parts.scheme]}://{netloc}/solr/{path['collection']}"


def refusal(url, reason):
    return (
        f"Morgue: MORGUE_SEARCH_URL={url!r} is not a Solr collection URL ({reason}). Write it as {EXAMPLE} "
        "(or http(s)://host:port/solr/COLLECTION), or leave it unset for the embedded Whoosh index."
    )
