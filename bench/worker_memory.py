"""Peak memory of a web worker serving an imported archive (issue #18: a worker ≤ 300 MB).

    MORGUE_DATA_DIR=/work/morgue-100k .venv/bin/python bench/worker_memory.py [--rounds 2]
    MORGUE_DATA_DIR=… MORGUE_SEARCH_URL=solr://HOST:P1,HOST:P2/solr/morgue \\
        .venv/bin/python bench/worker_memory.py

Starts gunicorn on the archive with ONE worker (so every request lands in the process measured;
`gunicorn.conf.py`, the master also runs the indexer), then requests, --rounds times over: the 34
search-page states of bench/search.py, the Quotes tab and the JSON API for each, `said` (in most
articles) on both tabs, CSV and JSON-lines exports of a common word (streamed to the end), the
feed, the home and browse pages, 40 article pages, 40 actor pages and the People A–Z page.
Prints the worker's RSS after each group (and its anonymous and file-backed parts) and its peak
(VmHWM); exits 1 if any answer is not 200 (the API's 400 for a search too broad to run, with its
message, is listed apart).
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import django
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")  # the driver reads the archive's ids in-process
os.environ.setdefault("MORGUE_RATE_LIMITS", "off")  # one client asking for hundreds of searches
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
django.setup()

from stress_env import Site  # noqa: E402

from archive.models import Actor, Article  # noqa: E402
from bench.search import QUERIES  # noqa: E402


def memory_kb(pid):
    """(VmRSS, VmHWM, RssAnon, RssFile) of process `pid` in kB. RssFile is mostly the index's
    memory-mapped segment files (Whoosh): page cache the kernel may drop and workers share."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return tuple(int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM", "RssAnon", "RssFile"))


def page_groups():
    """[(group name, [path])] read from the archive's own articles and actors."""
    articles = Article.objects.published().order_by("pk").values_list("pk", flat=True)
    article_ids = list(articles[: max(1, articles.count())][::2500][:40])
    actor_slugs = list(Actor.objects.order_by("-pk").values_list("slug", flat=True)[:40])
    return [
        ("search pages", [f"/search/?{query}" for query in QUERIES]),
        ("quotes tab", [f"/search/?{query}&tab=quotes" for query in QUERIES if "tab=" not in query]),
        ("API search", [f"/api/v1/search/?{query}" for query in QUERIES if "tab=" not in query]),
        ("a common word", ["/search/?" + urlencode({"q": "said"}), "/search/?q=said&tab=quotes"]),
        ("exports", ["/search/export.csv?q=government", "/search/export.jsonl?q=government"]),
        ("feed, home, browse", ["/search/feed/?q=election", "/", "/browse/", "/browse/people/"]),
        ("article pages", [f"/articles/{pk}/" for pk in article_ids]),
        ("actor pages", [f"/actors/{slug}/" for slug in actor_slugs]),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    site = Site(os.environ["MORGUE_DATA_DIR"], workers=1)
    groups = page_groups()
    failures, refused = [], set()
    site.manage("collectstatic", "--noinput", "--verbosity", "0")  # DEBUG=0 serves the manifest's files
    try:
        site.start_server(timeout=300)
        (worker,) = site.worker_pids()
        print(f"worker {worker} after start: RSS {memory_kb(worker)[0] >> 10} MB", flush=True)
        for round_number in range(1, args.rounds + 1):
            for name, paths in groups:
                for path in paths:
                    with requests.get(site.url + path, timeout=600, stream=True) as response:
                        for _chunk in response.iter_content(1 << 16):
                            pass  # exports stream: read them to the end
                        if response.status_code == 400 and path.startswith("/api/"):
                            refused.add(path)  # a search the engine bounds (too broad prefixes)
                        elif response.status_code != 200:
                            failures.append(f"{response.status_code} {path}")
                rss, peak, anonymous, mapped = memory_kb(worker)
                print(
                    f"round {round_number}, {name} ({len(paths)}): RSS {rss >> 10} MB"
                    f" (anonymous {anonymous >> 10}, files {mapped >> 10}), peak {peak >> 10} MB"
                )
        print(f"worker peak RSS (VmHWM): {memory_kb(worker)[1] >> 10} MB")
    finally:
        site.close()
    for path in sorted(refused):
        print("refused with a message (400):", path)
    for failure in failures:
        print("not 200:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
