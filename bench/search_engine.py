"""Haystack overhead per query: stock haystack Whoosh backend vs the Morgue backend, same data.

Usage (a scratch data folder holding an imported archive, e.g. the BBC corpus):

    MORGUE_DATA_DIR=/tmp/sc-bench DEBUG=1 .venv/bin/python bench/search_engine.py

Builds two indexes of the same database in $MORGUE_DATA_DIR/bench-stock and bench-morgue (stock:
backend.update(); Morgue: a build aside), then times, per query word, a search page as a view does it
(`list(sqs[0:20])` + `count()`), a Django Paginator page 3 with a facet, a phrase, and raw Whoosh
(search + count on one open searcher) as the floor. The Morgue backend's memo of recent searches
is cleared before every timed query, so the figures are for a query not seen before.
Prints p50/p95 in ms over ROUNDS rounds after one warm-up.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from haystack import connections  # noqa: E402
from haystack.query import SearchQuerySet  # noqa: E402
from whoosh.qparser import QueryParser  # noqa: E402

from archive.models import Article  # noqa: E402
from search import indexer  # noqa: E402

WORDS = ["government", "election", "music", "market", "football", "technology", "film", "minister"]
PHRASES = ['"prime minister"', '"mobile phone"']
ROUNDS = 5
DATA = Path(settings.DATA_DIR)


def use_engine(engine, path):
    settings.HAYSTACK_CONNECTIONS = {"default": {"ENGINE": engine, "PATH": str(path)}}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    return connections["default"].get_backend()


def build_stock():
    backend = use_engine("haystack.backends.whoosh_backend.WhooshEngine", DATA / "bench-stock")
    if not (DATA / "bench-stock").exists():
        unified = connections["default"].get_unified_index()
        for search_index in unified.get_indexes().values():
            queryset = search_index.index_queryset()
            for start in range(0, queryset.count(), 500):
                backend.update(search_index, list(queryset[start : start + 500]))
    return backend


def build_morgue():
    backend = use_engine("search.engine.backend.MorgueWhooshEngine", DATA / "bench-morgue")
    if not (DATA / "bench-morgue").exists():
        started = time.perf_counter()
        indexer.rebuild_aside()
        print(f"morgue build aside: {time.perf_counter() - started:.1f} s")
    return backend


def timed(fn):
    # A new query each time: the Morgue backend would otherwise answer repeats from its memo.
    getattr(connections["default"].get_backend(), "_memo", {}).clear()
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def measure(label, fn, queries):
    for q in queries:
        fn(q)  # warm-up
    samples = [timed(lambda q=q: fn(q)) for _ in range(ROUNDS) for q in queries]
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"  {label:<44} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms")


def search_page(q):
    sqs = SearchQuerySet().models(Article).auto_query(q)
    list(sqs[0:20])
    sqs.count()


def newest_first(q):
    sqs = SearchQuerySet().models(Article).auto_query(q).order_by("-published")
    list(sqs[0:20])
    sqs.count()


def paginated_with_facet(q):
    sqs = SearchQuerySet().models(Article).auto_query(q).facet("source")
    list(Paginator(sqs, 20).page(3))
    sqs.facet_counts()


def raw_whoosh(backend):
    if not backend.setup_complete:
        backend.setup()
    parser = QueryParser(backend.content_field_name, schema=backend.index.schema)
    searcher = backend.index.searcher()

    def run(q):
        len(searcher.search(parser.parse(q), limit=20))

    return run


def main():
    print(
        f"{Article.objects.published().count()} published articles in {settings.DATABASES['default']['NAME']}"
    )
    for name, build in [("stock haystack 3.4.0", build_stock), ("Morgue backend", build_morgue)]:
        backend = build()
        print(name)
        measure("raw Whoosh search + count (floor)", raw_whoosh(backend), WORDS)
        measure("sqs[0:20] + count()", search_page, WORDS)
        measure("Paginator page 3 + facet('source')", paginated_with_facet, WORDS)
        measure("phrase sqs[0:20] + count()", search_page, PHRASES)
        measure('order_by("-published")[0:20] + count()', newest_first, WORDS)


if __name__ == "__main__":
    main()
