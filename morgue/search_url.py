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
    """HAYSTACK_CONNECTIONS["default"] for `url` (empty or None: Whoosh under `whoosh_root`).

    For Solr, URL is the collection on the first node named and NODES every node's /solr root:
    the engine sends a request that cannot reach one node to the next (search/engine/solr/nodes.py).
    """
    if not (url or "").strip():
        return {"ENGINE": WHOOSH_ENGINE, "PATH": str(whoosh_root)}
    collection_urls = solr_collection_urls(url.strip())
    return {
        "ENGINE": SOLR_ENGINE,
        "URL": collection_urls[0],
        "NODES": [collection_url.rsplit("/", 1)[0] for collection_url in collection_urls],
        "TIMEOUT": SOLR_TIMEOUT,
    }


def solr_collection_urls(url):
    """The http(s) URLs of the collection that `url` (solr://, http:// or https://) names, one per
    node: `solr://h1:8983,h2:8984/solr/morgue` names two nodes of one SolrCloud."""
    try:
        parts = urlsplit(url)
    except ValueError as error:  # an unmatched bracket
        raise SearchURLError(refusal(url, str(error))) from None
    if parts.scheme not in SOLR_SCHEMES:
        raise SearchURLError(refusal(url, f"the scheme must be solr, http or https, not {parts.scheme!r}"))
    if parts.query or parts.fragment or "@" in parts.netloc:
        raise SearchURLError(refusal(url, "it may not carry a query, a fragment or credentials"))
    path = COLLECTION_PATH.match(parts.path)
    if path is None:
        raise SearchURLError(refusal(url, "its path must be /solr/COLLECTION"))
    return [
        f"{SOLR_SCHEMES[parts.scheme]}://{node_address(url, node)}/solr/{path['collection']}"
        for node in parts.netloc.split(",")
    ]


def node_address(url, node):
    """`node` ("host", "host:port", "[v6]:port") as it goes into a URL; refused if unreadable."""
    try:
        parts = urlsplit(f"//{node}")
        port = parts.port
    except ValueError as error:  # an unreadable port ("host:abc") or bracket
        raise SearchURLError(refusal(url, str(error))) from None
    if not parts.hostname:
        raise SearchURLError(refusal(url, "it names no host" if not node else f"{node!r} names no host"))
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return host if port is None else f"{host}:{port}"


def refusal(url, reason):
    return (
        f"Morgue: MORGUE_SEARCH_URL={url!r} is not a Solr collection URL ({reason}). Write it as {EXAMPLE} "
        "(or http(s)://host:port/solr/COLLECTION; several nodes: solr://host1:port,host2:port/solr/"
        "COLLECTION), or leave it unset for the embedded Whoosh index."
    )
