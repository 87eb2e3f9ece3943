"""SolrCloud against the embedded Whoosh index on one archive, in one run (issue #15).

Usage (a COPY of an imported archive whose Whoosh index is built; a running cluster, `make solr`):

    cp -a /work/bbc-data /tmp/bench-data
    MORGUE_DATA_DIR=/tmp/bench-data DEBUG=1 MORGUE_RATE_LIMITS=off .venv/bin/python bench/solr.py \\
        --solr solr://127.0.0.1:PORT/solr/morgue [--processes 2] [--whoosh-reindex] [--edits 5]

1. `manage.py reindex --processes N` into Solr (a new collection, then the alias): wall time,
   documents, documents per second; with --whoosh-reindex the same command on Whoosh first.
2. Index size: the live Whoosh generation's files; on Solr, every core of the live collection
   (CoreAdmin STATUS on each node), total and one copy (divided by the replication factor).
3. The search page (bench/search.py's 34 states, the whole page through the test client) on
   each engine, both kept loaded in this process and alternated query by query: one warm-up
   pass, then --rounds rounds. Wall-clock and this process's CPU time (Solr's own work is in
   its JVM, so the Solr side's CPU time is Django's share only).
4. Edit to searchable on Solr: `manage.py run_indexer` running, a title changed and committed
   here, Solr polled every 10 ms until a search finds the new title.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from haystack import connections  # noqa: E402
from haystack.query import SearchQuerySet  # noqa: E402

from archive.models import Article  # noqa: E402
from bench.search import QUERIES, percentiles, timed  # noqa: E402
from morgue.search_url import haystack_connection  # noqa: E402


def manage(*args, solr_url=None):
    """Run manage.py in a child process on this archive, on Solr when `solr_url` is given."""
    env = {**os.environ, "MORGUE_SEARCH_URL": solr_url or ""}
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def timed_reindex(processes, solr_url=None):
    started = time.perf_counter()
    manage("reindex", "--processes", str(processes), solr_url=solr_url)
    return time.perf_counter() - started


def folder_bytes(folder):
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


def solr_index_bytes(engine):
    """(all replicas' bytes, replicas per shard) of the collection the engine's alias names."""
    collection = engine.cloud.resolve(engine.collection)
    status = engine.cloud.call("collections", "CLUSTERSTATUS", collection=collection)["cluster"]
    shards = status["collections"][collection]["shards"].values()
    cores = {(r["base_url"], r["core"]) for shard in shards for r in shard["replicas"].values()}
    total = 0
    for base_url, core in cores:
        answer = requests.get(
            f"{base_url}/admin/cores", params={"action": "STATUS", "core": core, "wt": "json"}, timeout=60
        ).json()
        total += answer["status"][core]["index"]["sizeInBytes"]
    replicas = max(len(shard["replicas"]) for shard in shards)
    return total, replicas


class Engines:
    """Both engines loaded in this process, each with its own haystack engine object (and caches)."""

    def __init__(self, solr_url):
        self.infos = {
            "whoosh": dict(settings.HAYSTACK_CONNECTIONS["default"]),
            "solr": haystack_connection(solr_url, None),
        }
        self.loaded = {}
        for name, info in self.infos.items():  # haystack's engines read their options from settings
            settings.HAYSTACK_CONNECTIONS["default"] = connections.connections_info["default"] = info
            self.loaded[name] = connections.reload("default")
            self.loaded[name].get_backend()

    def use(self, name):
        settings.HAYSTACK_CONNECTIONS["default"] = connections.connections_info["default"] = self.infos[name]
        connections.thread_local.connections["default"] = self.loaded[name]
        return self.loaded[name].get_backend()


def page_request(client, engines, engine, query_string):
    def run():
        backend = engines.use(engine)
        memo = getattr(backend, "_memo", None)
        if memo is not None:
            memo.clear()  # the Whoosh backend memoises recent searches: every page searches
        response = client.get(f"/search/?{query_string}")
        assert response.status_code == 200, (engine, query_string, response.status_code)

    return run


def search_pages(engines, rounds):
    client = Client(HTTP_HOST="localhost")
    runs = {name: [page_request(client, engines, name, q) for q in QUERIES] for name in engines.infos}
    for name in runs:
        for run in runs[name]:
            run()  # warm-up
    wall = {name: [] for name in runs}
    cpu = {name: [] for name in runs}
    for _ in range(rounds):
        for index in range(len(QUERIES)):
            for name in runs:
                wall[name].append(timed(runs[name][index], cpu[name]))
    return wall, cpu


def edit_latency(solr_url, edits):
    """Seconds from an edit's commit until a Solr search finds it, with run_indexer running."""
    env = {**os.environ, "MORGUE_SEARCH_URL": solr_url}
    indexer = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "run_indexer"], env=env, cwd=ROOT)
    seconds = []
    try:
        time.sleep(5)  # the indexer's start
        article = Article.objects.published().order_by("pk").first()
        for number in range(edits):
            word = f"zqxedit{number}x{int(time.time())}"
            article.title = f"{article.title.split(' zqxedit')[0]} {word}"
            article.save()
            saved = time.perf_counter()
            while not SearchQuerySet().models(Article).auto_query(word).count():
                if time.perf_counter() - saved > 60:
                    raise RuntimeError(f"edit {number} not searchable after 60 s")
                time.sleep(0.01)
            seconds.append(time.perf_counter() - saved)
    finally:
        indexer.terminate()
        indexer.wait(timeout=60)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--solr", required=True, help="MORGUE_SEARCH_URL of a running SolrCloud")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--whoosh-reindex", action="store_true", help="also time reindex on Whoosh")
    parser.add_argument("--no-reindex", action="store_true", help="search the collection as it is")
    args = parser.parse_args()
    print(
        f"{Article.objects.published().count()} published articles in {settings.DATABASES['default']['NAME']}"
    )

    if args.whoosh_reindex:
        seconds = timed_reindex(args.processes)
        print(f"Whoosh reindex --processes {args.processes}: {seconds:.1f} s")
    seconds = None if args.no_reindex else timed_reindex(args.processes, args.solr)
    engines = Engines(args.solr)
    solr = engines.use("solr")
    documents = solr.doc_count()
    if seconds:
        print(
            f"Solr reindex --processes {args.processes}: {seconds:.1f} s, {documents} documents, "
            f"{documents / seconds:.0f} documents/s"
        )

    whoosh_root = Path(engines.infos["whoosh"]["PATH"])
    whoosh_bytes = folder_bytes((whoosh_root / "current").resolve())
    solr_bytes, replicas = solr_index_bytes(solr)
    print(
        f"index size: Whoosh {whoosh_bytes / 1e6:.1f} MB (live generation); Solr "
        f"{solr_bytes / 1e6:.1f} MB in all {replicas} replicas of each shard, "
        f"{solr_bytes / replicas / 1e6:.1f} MB per copy"
    )

    wall, cpu = search_pages(engines, args.rounds)
    print(f"search page, {len(QUERIES)} states x {args.rounds} rounds, engines alternated:")
    for name in wall:
        (p50, p95), (cpu50, cpu95) = percentiles(wall[name]), percentiles(cpu[name])
        print(
            f"  {name:6}  wall p50 {p50:6.1f} ms  p95 {p95:6.1f} ms   "
            f"Django CPU p50 {cpu50:6.1f} ms  p95 {cpu95:6.1f} ms"
        )

    engines.use("solr")
    seconds = edit_latency(args.solr, args.edits)
    print(
        f"edit to searchable on Solr, {len(seconds)} title edits: p50 {statistics.median(seconds):.2f} s, "
        f"max {max(seconds):.2f} s"
    )


if __name__ == "__main__":
    main()
