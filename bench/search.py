"""The search page against raw Whoosh doing the same work: p50/p95 per side and their ratio.

Usage (a scratch data folder; the first run imports and indexes the corpus there):

    MORGUE_DATA_DIR=/tmp/searchui2-bench DEBUG=1 .venv/bin/python bench/search.py ../shared/corpus/bbc

Each of the QUERIES (page URL states: words, phrases, OR, exclusions, prefixes, fields, filters,
sorting, later pages, the Quotes tab) is requested through the Django test client: the whole page
(form, parser, search, count, facets, highlights, SQL for articles and quotes, template). The raw
side runs the SAME Whoosh query object (the page's SearchQuerySet compiled by the backend's parser)
on one open searcher, with the same limit, model restriction, sort, facets (groupedby), count and,
for articles, highlights of the shown hits. The backend's memo of recent searches is cleared before
every page request, so both sides compute every search. One warm-up pass, then ROUNDS rounds.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from haystack import connections  # noqa: E402
from whoosh.query import Term  # noqa: E402

from archive.models import Article  # noqa: E402
from search import service  # noqa: E402
from search.forms import DEFAULT_PER_PAGE as PER_PAGE  # noqa: E402
from search.forms import SearchForm  # noqa: E402

ROUNDS = 3
BATCH = 50
QUERIES = [
    "q=government",
    "q=election",
    "q=music",
    "q=football+champions",
    "q=mobile+phone+market",
    'q="prime+minister"',
    'q="mobile+phone"',
    'q="general+election"+tax',
    "q=film+OR+music",
    "q=oil+OR+gas+OR+energy",
    "q=(tory+OR+labour)+budget",
    "q=election+-blair",
    "q=economy+NOT+china",
    "q=immig*",
    "q=technol*+games",
    "q=title:chelsea",
    "q=title:oscar+film",
    "q=source:bbc+football",
    "q=actor:blair+election",
    "q=speaker:blair+war",
    "q=government&sort=newest",
    "q=market&sort=oldest",
    "q=music&page=3",
    "q=film&page=2&sort=newest",
    "q=government&year=2005",
    "q=minister&date_from=2004-01-01&date_to=2004-12-31",
    "q=election&person=Tony+Blair",
    "q=company&organisation=Microsoft",
    "q=said&speaker=Tony+Blair",
    "q=profits&source=BBC+News",
    "q=border&tab=quotes",
    "q=speaker:blair+election&tab=quotes",
    "q=economy&tab=quotes&sort=newest",
    "q=bordr",
]


def load_corpus(corpus):
    if Article.objects.exists():
        return
    call_command("migrate", verbosity=0)
    call_command("import_articles", str(corpus), verbosity=0)


def ensure_index():
    """Index every published article, quote and actor in small batches if the index is empty.

    Small batches because `manage.py reindex` (chunks of 500 with prefetches) fails on this corpus
    with SQLite's "Expression tree is too large (maximum depth 1000)" — reported to searchcore.
    """
    backend = connections["default"].get_backend()
    backend.setup()
    if backend.index.doc_count():
        return
    unified = connections["default"].get_unified_index()
    for search_index in unified.get_indexes().values():
        pks = list(search_index.index_queryset().values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            backend.update(
                search_index, search_index.index_queryset().filter(pk__in=pks[start : start + BATCH])
            )
    backend.optimize()


def raw_work(query_string):
    """The Whoosh work the page does for `query_string`, as a function to time."""
    backend = connections["default"].get_backend()
    form = SearchForm(dict(parse_qsl(query_string)))
    state = form.state()
    quotes_tab = state["tab"] == "quotes"
    found = service.search(state)
    if not found.ok:
        return None
    model_label = "archive.quote" if quotes_tab else "archive.article"
    # The backend's own query, sort and facet specs, so both sides do identical work.
    parsed, sortedby, groupedby = backend.query_for(found.sqs.query)
    limit = PER_PAGE * state["page"]
    searcher = backend.searcher()

    def run():
        results = searcher.search(
            parsed, limit=limit, filter=Term("django_ct", model_label), sortedby=sortedby, groupedby=groupedby
        )
        len(results)
        for name in groupedby:
            results.groups(name)
        if not quotes_tab:
            for hit in results[limit - PER_PAGE : limit]:
                hit.highlights(backend.content_field_name)

    return run


def page_work(client, query_string):
    backend = connections["default"].get_backend()

    def run():
        backend._memo.clear()  # a query not seen before (the backend memoises recent searches)
        response = client.get("/search/?" + urlencode(parse_qsl(query_string)))
        assert response.status_code == 200, (query_string, response.status_code)

    return run


def timed(run, cpu_ms=None):
    """Wall-clock ms of run(); its process CPU time (ms) is appended to `cpu_ms` if given."""
    started, cpu_started = time.perf_counter(), time.process_time()
    run()
    if cpu_ms is not None:
        cpu_ms.append((time.process_time() - cpu_started) * 1000)
    return (time.perf_counter() - started) * 1000


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main():
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/bbc")
    started = time.perf_counter()
    load_corpus(corpus)
    ensure_index()
    print(
        f"{Article.objects.published().count()} published articles "
        f"in {settings.DATABASES['default']['NAME']} "
        f"(setup {time.perf_counter() - started:.0f} s); {len(QUERIES)} queries × {ROUNDS} rounds"
    )
    client = Client(HTTP_HOST="localhost")
    pages = [page_work(client, q) for q in QUERIES]
    raws = [raw_work(q) for q in QUERIES]
    for run in pages + [r for r in raws if r]:
        run()  # warm-up
    page_ms, page_cpu_ms, raw_ms = [], [], []
    for _ in range(ROUNDS):
        for page, raw in zip(pages, raws, strict=True):
            page_ms.append(timed(page, page_cpu_ms))
            if raw:
                raw_ms.append(timed(raw))
    page_p50, page_p95 = percentiles(page_ms)
    raw_p50, raw_p95 = percentiles(raw_ms)
    print(f"  full page (test client)   p50 {page_p50:7.1f} ms   p95 {page_p95:7.1f} ms")
    cpu_p50, cpu_p95 = percentiles(page_cpu_ms)
    print(f"  full page, CPU time       p50 {cpu_p50:7.1f} ms   p95 {cpu_p95:7.1f} ms (less load-dependent)")
    print(f"  raw Whoosh, same queries  p50 {raw_p50:7.1f} ms   p95 {raw_p95:7.1f} ms")
    print(f"  ratio page/raw            p50 {page_p50 / raw_p50:7.2f}×     p95 {page_p95 / raw_p95:7.2f}×")


if __name__ == "__main__":
    main()
