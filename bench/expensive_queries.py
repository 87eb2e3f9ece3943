"""Expensive queries against a running server: what each costs, and what 4 clients sending them do to
the home page (issue 12; figures in docs/reliability.md).

    MORGUE_DATA_DIR=DIR .venv/bin/python manage.py import_articles ../shared/corpus/bbc   # once
    MORGUE_DATA_DIR=DIR .venv/bin/python manage.py collectstatic --noinput
    MORGUE_DATA_DIR=DIR MORGUE_RATE_LIMITS=off BIND=127.0.0.1:8002 \\
        .venv/bin/gunicorn -c gunicorn.conf.py morgue.wsgi &
    .venv/bin/python bench/expensive_queries.py --base-url http://127.0.0.1:8002

Rate limits are off so that the cost bounds alone are measured (with them on, the 4 clients are
refused with 429s after a few requests). Three phases, one run:

1. each query of EXPENSIVE on the search page, the API and as a CSV export (time to its first byte,
   and to its last), sequentially: status and p50/max latency;
2. the home page alone (idle): p50/p95;
3. the home page again while --clients threads send the expensive class (EXPENSIVE_CLASS, or every
   query with --all-queries) to the page, the API and the CSV export in a loop: p50/p95, and the
   ratio of its p95 to idle.
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress_env import percentile  # noqa: E402

# The review's class (twenty two-letter prefixes, within the old limits), the same with three
# letters, and prefix searches at and under the new limits.
EXPENSIVE = [
    "th* OR co* OR pr* OR st* OR re* OR in* OR de* OR ma* OR pa* OR ca* OR se* OR be* OR wa* OR sh* "
    "OR ha* OR fo* OR mo* OR ch* OR di* OR ba*",
    "the* OR con* OR pro* OR sta* OR res* OR com* OR dis* OR per* OR pre* OR sho* OR int* OR tra* "
    "OR for* OR mar* OR cha*",
    "the* OR sai* OR gov* OR peo* OR yea*",
    "the* OR gov* OR yea*",
    "con*",
    "gov* OR ele*",
]
# What the review found taking the archive down: the first two (the class of issue 12).
EXPENSIVE_CLASS = EXPENSIVE[:2]


def timed_get(session, url, params=None):
    """(status, ms to the whole body), a streamed export included."""
    started = time.perf_counter()
    response = session.get(url, params=params, timeout=120)
    response.content  # noqa: B018 (read it all)
    return response.status_code, (time.perf_counter() - started) * 1000


def time_to_first_byte(session, url, params=None):
    """(status, ms to the first byte of the body): when an export starts (or is refused)."""
    started = time.perf_counter()
    with session.get(url, params=params, timeout=120, stream=True) as response:
        next(response.iter_content(1), b"")
        return response.status_code, (time.perf_counter() - started) * 1000


def per_query(base, repeats):
    session = requests.Session()
    print(f"{'query':60} {'where':9} status   p50 ms   max ms")
    wheres = (
        ("page", "/search/", timed_get),
        ("api", "/api/v1/search/", timed_get),
        ("csv TTFB", "/search/export.csv", time_to_first_byte),
        ("csv all", "/search/export.csv", timed_get),
    )
    for query in EXPENSIVE:
        for where, path, measure in wheres:
            runs = [measure(session, base + path, {"q": query}) for _ in range(repeats)]
            statuses = sorted({status for status, _ in runs})
            times = [ms for _, ms in runs]
            print(
                f"{query[:58]:60} {where:9} {','.join(map(str, statuses)):6} "
                f"{statistics.median(times):8.0f} {max(times):8.0f}"
            )


def home_page(base, requests_count):
    session = requests.Session()
    times = [timed_get(session, base + "/")[1] for _ in range(requests_count)]
    return percentile(times, 0.5), percentile(times, 0.95)


def attacker(base, stop, counts, queries):
    session = requests.Session()
    paths = ("/search/", "/search/export.csv", "/api/v1/search/")
    turn = 0
    while not stop.is_set():
        query = queries[turn % len(queries)]
        try:
            status, _ = timed_get(session, base + paths[turn % len(paths)], {"q": query})
        except requests.RequestException as error:  # a cut-off export: count it, go on
            status = type(error).__name__
        counts[status] = counts.get(status, 0) + 1
        turn += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8002")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each query in phase 1")
    parser.add_argument(
        "--all-queries",
        action="store_true",
        help="phase 3 clients send every query of EXPENSIVE (allowed ones too), not only the expensive class",
    )
    parser.add_argument("--skip-per-query", action="store_true", help="skip phase 1")
    parser.add_argument("--home-requests", type=int, default=100, help="home page requests per phase")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    timed_get(requests.Session(), base + "/")  # warm-up

    if not args.skip_per_query:
        per_query(base, args.repeats)
    idle = home_page(base, args.home_requests)
    stop, counts = threading.Event(), {}
    queries = EXPENSIVE if args.all_queries else EXPENSIVE_CLASS
    attackers = [
        threading.Thread(target=attacker, args=(base, stop, counts, queries)) for _ in range(args.clients)
    ]
    for thread in attackers:
        thread.start()
    time.sleep(2)  # let them get going
    loaded = home_page(base, args.home_requests)
    stop.set()
    for thread in attackers:
        thread.join()
    print(f"\nhome page idle:  p50 {idle[0]:.0f} ms, p95 {idle[1]:.0f} ms")
    print(f"home page, {args.clients} clients sending them: p50 {loaded[0]:.0f} ms, p95 {loaded[1]:.0f} ms")
    print(f"p95 ratio loaded/idle: {loaded[1] / idle[1]:.2f}")
    print(f"their answers: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
