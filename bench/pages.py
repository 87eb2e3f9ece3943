"""The archive's browsing pages at scale: each page's time through the Django test client, and its
SQL, on whichever engine MORGUE_SEARCH_URL names.

    MORGUE_DATA_DIR=/work/morgue-100k DEBUG=1 .venv/bin/python bench/pages.py [--rounds 5]
    MORGUE_DATA_DIR=… MORGUE_SEARCH_URL=solr://HOST:P1,HOST:P2/solr/morgue DEBUG=1 \\
        .venv/bin/python bench/pages.py

Requests the home page, the browse pages (sources, people and organisations A–Z, months), a source
page, and a few search pages (a word, a phrase, the Quotes tab, a speaker), once to warm up, then
--rounds times each, alternated page by page. Prints per page the median and the slowest time, the
number of SQL queries and the SQL's share of the median request (execution only: SQLite computes
some rows while they are fetched, which counts as Python time here).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
os.environ.setdefault("MORGUE_RATE_LIMITS", "off")  # one client asking for many pages
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from archive.selectors import public_sources  # noqa: E402

SEARCHES = ["/search/?q=government", '/search/?q="prime+minister"', "/search/?q=said&tab=quotes"]


def pages():
    source = public_sources().order_by("-article_count").first()
    listed = ["/", "/browse/", "/browse/sources/", "/browse/people/", "/browse/organisations/"]
    listed += ["/browse/months/", *SEARCHES, "/search/?q=speaker:blair&tab=quotes"]
    if source:
        listed.append(f"/browse/sources/{source.slug}/")
    return listed


def timed(client, path):
    """(seconds, SQL seconds, SQL queries) of one request; exits if it is not a 200."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST="127.0.0.1")
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"{path}: {response.status_code}")
    return elapsed, sum(float(query["time"]) for query in queries.captured_queries), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    client = Client()
    paths = pages()
    for path in paths:
        timed(client, path)  # warm-up: the engine's per-segment arrays, SQLite's page cache
    samples = {path: [] for path in paths}
    for _round in range(args.rounds):
        for path in paths:
            samples[path].append(timed(client, path))
    print(f"{'page':45} {'median':>9} {'slowest':>9} {'SQL':>9} {'queries':>8}")
    for path, runs in samples.items():
        median = statistics.median(seconds for seconds, _sql, _n in runs)
        sql = statistics.median(sql for _seconds, sql, _n in runs)
        print(
            f"{path:45} {median * 1000:7.0f} ms {max(r[0] for r in runs) * 1000:6.0f} ms"
            f" {sql * 1000:6.0f} ms {runs[0][2]:8}"
        )


if __name__ == "__main__":
    main()
