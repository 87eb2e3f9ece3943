"""A full rebuild (`manage.py reindex`) while clients search: never an empty or failed answer.

    .venv/bin/python bench/stress_reindex.py [--articles 2225] [--rebuilds 3] [--data-dir DIR]

Imports the first N BBC files without extraction into a fresh data folder (or reuses --data-dir),
serves it with gunicorn (`-c gunicorn.conf.py`, 2 workers), records each query's result count on
the search page and the API, then runs `manage.py reindex` --rebuilds times in a row while two
client threads ask those queries in a loop. Exits 1 if any answer during the rebuilds was not a 200
or had a different (in particular zero) count.
"""

import argparse
import json
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress_env import Site, corpus_files, percentile  # noqa: E402

QUERIES = [
    {"q": "government"},
    {"q": "election"},
    {"q": '"prime minister"'},
    {"q": "music", "sort": "newest"},
    {"q": "film", "tab": "quotes"},
    {"q": "mobile phone"},
    {"q": "economy growth"},
    {"q": "football"},
]
TOTAL = re.compile(r'<p role="status"><strong>(\d+)</strong>')


def page_count(base, params, session):
    response = session.get(f"{base}/search/?{urlencode(params)}", timeout=30)
    match = TOTAL.search(response.text)
    return response.status_code, int(match.group(1)) if match else None


def api_count(base, params, session):
    response = session.get(f"{base}/api/v1/search/?{urlencode(params)}", timeout=30)
    count = response.json().get("count") if response.status_code == 200 else None
    return response.status_code, count


def counts(base):
    session = requests.Session()
    return {
        (kind, json.dumps(params)): fetch(base, params, session)[1]
        for params in QUERIES
        for kind, fetch in (("page", page_count), ("api", api_count))
    }


class Hammer:
    def __init__(self, base, expected):
        self.base = base
        self.expected = expected
        self.stop = threading.Event()
        self.answers = []  # (kind, params, status, count, seconds)

    def run(self):
        session = requests.Session()
        while not self.stop.is_set():
            for params in QUERIES:
                for kind, fetch in (("page", page_count), ("api", api_count)):
                    started = time.monotonic()
                    try:
                        status, count = fetch(self.base, params, session)
                    except requests.RequestException as exc:
                        status, count = type(exc).__name__, None
                    self.answers.append((kind, json.dumps(params), status, count, time.monotonic() - started))

    def wrong(self):
        return [a for a in self.answers if a[2] != 200 or a[3] != self.expected[(a[0], a[1])]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2225)
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--data-dir", help="a data folder: imported into unless it has a database already")
    args = parser.parse_args()
    site = Site(args.data_dir)
    if not (site.data_dir / "morgue.sqlite3").exists():  # else reuse what was imported there
        site.prepare()
        site.manage("import_articles", "--no-extract", *[str(p) for p in corpus_files(args.articles)])
    site.start_server()
    try:
        summary = run(site, args.rebuilds)
    finally:
        site.close()
    print(json.dumps(summary, indent=2))
    ok = summary["wrong_answers"] == 0 and summary["rebuilds_ok"] == args.rebuilds
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


def run(site, rebuilds):
    before = counts(site.url)
    if not all(before.values()):
        sys.exit(f"a query has no results before the rebuild: {before}")
    hammer = Hammer(site.url, before)
    threads = [threading.Thread(target=hammer.run) for _ in range(2)]
    for thread in threads:
        thread.start()
    durations, ok = [], 0
    for _ in range(rebuilds):
        started = time.monotonic()
        result = site.manage("reindex", check=False)
        durations.append(round(time.monotonic() - started, 1))
        ok += result.returncode == 0
    hammer.stop.set()
    for thread in threads:
        thread.join()
    after = counts(site.url)
    wrong = hammer.wrong()
    latencies = [a[4] for a in hammer.answers]
    return {
        "queries": len(QUERIES) * 2,
        "rebuild_seconds": durations,
        "rebuilds_ok": ok,
        "answers_during_rebuilds": len(hammer.answers),
        "wrong_answers": len(wrong),
        "zero_result_answers": sum(1 for a in wrong if a[3] == 0),
        "wrong_examples": wrong[:5],
        "counts_unchanged_after": after == before,
        "latency_p50_ms": round(percentile(latencies, 0.5) * 1000),
        "latency_p95_ms": round(percentile(latencies, 0.95) * 1000),
        "latency_max_ms": round(max(latencies) * 1000),
    }


if __name__ == "__main__":
    main()
