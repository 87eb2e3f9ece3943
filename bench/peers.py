"""The search page against the engines a user would pick instead, doing the same work, in one run.

    .venv/bin/pip install -r bench/requirements.txt        # tantivy (benchmark-only)
    MORGUE_DATA_DIR=/tmp/bbc-data .venv/bin/python bench/peers.py [--rounds 5]
    MORGUE_DATA_DIR=/tmp/bbc-data .venv/bin/python bench/peers.py --profile   # the page only

On any imported archive (MORGUE_DATA_DIR: its database and index), the published articles are
copied into two peers built in a scratch folder — SQLite FTS5 (`porter unicode61`, what
Datasette-style search runs on) and Tantivy (tantivy-py; `en_stem`) — with title, body, source,
year and people. Then, for each of QUERIES (words, phrases, OR, NOT, prefixes) and each round,
interleaved query by query so that noise hits every side alike, four sides do the same work:

* the Morgue search page through the Django test client — the whole page (form, parser, search,
  count, facets, highlights, SQL, template); the backend's memo of recent searches is cleared
  first, so each request computes its search;
* raw Whoosh on the page's own index and parsed query: count, top 20, a highlight per hit, facets
  over all matches with `groupedby` (source, people, year);
* FTS5: `count(*)`, top 20 by bm25 with `snippet()`, facets with GROUP BY over all matches;
* Tantivy: count and top 20 in one search, a `SnippetGenerator` snippet per hit, facets with a
  terms aggregation over all matches.

The page runs as production serves it: DEBUG off (no SQL query log, no template debug data) and
the static files' hashed names read from a manifest, collected into the scratch folder (TMPDIR
chooses where; the archive is only read).

Times are reported twice: wall-clock, and the CPU time of the process (Tantivy's threads
included), which other load on the machine changes much less. The page computes more facets than the peers
(organisations, speakers, month as well): it is the page a user gets. Hit counts are printed per
query: analysers differ (Whoosh and Tantivy stem differently from FTS5's porter), so they are close,
not equal.
"""

import argparse
import os
import re
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
os.environ["MORGUE_RATE_LIMITS"] = "off"  # the page is timed hundreds of times from one client
os.environ["DEBUG"] = "0"  # as production runs: DEBUG=1 logs every SQL query and slows templates
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # what DEBUG off asks for
django.setup()

import tantivy  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from haystack import connections  # noqa: E402
from whoosh.query import Term  # noqa: E402

from archive.models import Actor, Article  # noqa: E402
from archive.selectors import public_mentions  # noqa: E402
from search import service  # noqa: E402
from search.engine import segment_cache  # noqa: E402

TOP = 20
# The page's total, as its summary shows it (a refused search shows a message instead).
PAGE_TOTAL = re.compile(r'<p role="status"><strong>(\d+)</strong>')
FACET_VALUES = 100_000  # every value: counts over all matches, as the page computes them
# (Morgue page syntax, FTS5 syntax, Tantivy syntax) of the same question. Tantivy's query parser
# has no word prefix ("immig*" finds nothing): (prefix, *other words) builds it as a regex query.
QUERIES = [
    ("government", "government", "government"),
    ("election", "election", "election"),
    ("said", "said", "said"),
    ("football champions", "football champions", "+football +champions"),
    ("mobile phone market", "mobile phone market", "+mobile +phone +market"),
    ('"prime minister"', '"prime minister"', '"prime minister"'),
    ('"mobile phone"', '"mobile phone"', '"mobile phone"'),
    ('"general election" tax', '"general election" tax', '+"general election" +tax'),
    ("film OR music", "film OR music", "film OR music"),
    ("oil OR gas OR energy", "oil OR gas OR energy", "oil OR gas OR energy"),
    ("(tory OR labour) budget", "(tory OR labour) AND budget", "+(tory OR labour) +budget"),
    ("election -blair", "election NOT blair", "+election -blair"),
    ("economy NOT china", "economy NOT china", "+economy -china"),
    ("immig*", "immig*", ("immig",)),
    ("technol* games", "technol* games", ("technol", "games")),
    ("music -film -award", "music NOT film NOT award", "+music -film -award"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="only profile the page side (pyinstrument), 3 rounds (with --cold: cold)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="the page reads every word's postings anew (clears the engine's posting cache per request)",
    )
    parser.add_argument(
        "--without-raw-whoosh",
        action="store_true",
        help="leave out raw Whoosh (at 100,000 articles its collectors take minutes per round)",
    )
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="morgue-peers-"))
    with production_static_files(scratch / "static"):
        if args.profile:
            profile_page(args.cold)
        else:
            compare(args, scratch)


@contextmanager
def production_static_files(root):
    """Settings under which the page's {% static %} URLs resolve as in production (DEBUG off reads
    the hashed names from collectstatic's manifest), with the files collected into `root`."""
    with override_settings(STATIC_ROOT=str(root)):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


def compare(args, scratch):
    articles = published_articles()
    started = time.perf_counter()
    fts = build_fts5(scratch / "fts5.sqlite3", articles)
    fts_seconds = time.perf_counter() - started
    started = time.perf_counter()
    index = build_tantivy(scratch / "tantivy", articles)
    tantivy_seconds = time.perf_counter() - started
    print(
        f"{len(articles):,} published articles; FTS5 built in {fts_seconds:.1f} s, "
        f"Tantivy in {tantivy_seconds:.1f} s; {len(QUERIES)} queries × {args.rounds} rounds"
    )
    sides = {
        "Morgue search page (test client)": [
            page_work(Client(HTTP_HOST="localhost"), q[0], args.cold) for q in QUERIES
        ],
        "raw Whoosh, same work": [whoosh_work(q[0]) for q in QUERIES],
        "SQLite FTS5, same work": [fts5_work(fts, q[1]) for q in QUERIES],
        f"Tantivy (tantivy-py {version('tantivy')}), same work": [tantivy_work(index, q[2]) for q in QUERIES],
    }
    if args.without_raw_whoosh:
        del sides["raw Whoosh, same work"]
    print_hit_counts(sides)
    wall, cpu = {name: [] for name in sides}, {name: [] for name in sides}
    for _ in range(args.rounds):
        for number in range(len(QUERIES)):
            for name, works in sides.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                works[number]()
                wall[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((time.process_time() - started_cpu) * 1000)
    print("wall-clock time:")
    report(wall)
    print("CPU time of this process (all its threads; what a busy machine changes least):")
    report(cpu)


def profile_page(cold):
    from pyinstrument import Profiler

    pages = [page_work(Client(HTTP_HOST="localhost"), q[0], cold) for q in QUERIES]
    for run in pages:
        run()  # warm-up
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(3):
            for run in pages:
                run()
    print(profiler.output_text(unicode=False, color=False, show_all=True))


def published_articles():
    """[(id, title, body, source, year or None, [people])] of every published article."""
    people = {}
    mentions = public_mentions().filter(actor__kind=Actor.Kind.PERSON)
    for article_id, name in mentions.values_list("article_id", "actor__name"):
        people.setdefault(article_id, set()).add(name)
    rows = Article.objects.published().values_list("pk", "title", "body", "source__name", "published")
    return [
        (pk, title, body, source or "", published.year if published else None, sorted(people.get(pk, ())))
        for pk, title, body, source, published in rows.iterator(chunk_size=2000)
    ]


def build_fts5(path, articles):
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61');
        CREATE TABLE meta (id INTEGER PRIMARY KEY, source TEXT, year INTEGER);
        CREATE TABLE people (article_id INTEGER, name TEXT);
        CREATE INDEX people_article ON people (article_id);
        """
    )
    with db:
        db.executemany("INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)", (a[:3] for a in articles))
        db.executemany("INSERT INTO meta VALUES (?, ?, ?)", ((a[0], a[3], a[4]) for a in articles))
        db.executemany("INSERT INTO people VALUES (?, ?)", ((a[0], name) for a in articles for name in a[5]))
    db.execute("INSERT INTO docs (docs) VALUES ('optimize')")
    db.execute("ANALYZE")
    return db


def build_tantivy(path, articles):
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True)
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("source", fast=True, tokenizer_name="raw")
    builder.add_text_field("people", fast=True, tokenizer_name="raw")
    builder.add_integer_field("year", fast=True, indexed=True)
    path.mkdir()
    index = tantivy.Index(builder.build(), path=str(path))
    writer = index.writer(heap_size=256_000_000)
    for pk, title, body, source, year, people in articles:
        fields = {"id": pk, "title": title, "body": body, "source": source, "people": people}
        if year is not None:
            fields["year"] = year
        writer.add_document(tantivy.Document(**fields))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def page_work(client, query, cold):
    backend = connections["default"].get_backend()
    url = "/search/?" + urlencode({"q": query})

    def run():
        backend._memo.clear()  # a query not seen before (the backend memoises recent searches)
        if cold:  # nor its words: the posting lists and positions read once per process
            segment_cache.clear_postings()
        response = client.get(url)
        assert response.status_code == 200, (query, response.status_code)
        total = PAGE_TOTAL.search(response.content.decode())
        assert total, (query, "the page shows no total: refused or failed")
        return int(total.group(1))

    return run


def whoosh_work(query):
    """The page's parsed Whoosh query on the page's index, doing the peers' work."""
    backend = connections["default"].get_backend()
    backend.searcher()  # opens the index (and sets up the parser)
    found = service.search_articles({"q": query})
    wanted = found.sqs.all()
    wanted.query.facets = {
        name: spec
        for name, spec in found.sqs.query.facets.items()
        if name.split("_")[0] in ("source", "people", "year")
    }
    parsed, _, groupedby = backend.query_for(wanted.query)  # the backend's own query and facet spec

    def run():
        searcher = backend.searcher()
        results = searcher.search(
            parsed, limit=TOP, filter=Term("django_ct", "archive.article"), groupedby=groupedby
        )
        for name in groupedby:
            results.groups(name)
        for hit in results:
            hit.highlights(backend.content_field_name)
        return len(results)

    return run


FTS5_FACETS = [
    "SELECT m.source, count(*) FROM docs JOIN meta m ON m.id = docs.rowid WHERE docs MATCH ? GROUP BY 1",
    "SELECT m.year, count(*) FROM docs JOIN meta m ON m.id = docs.rowid WHERE docs MATCH ? GROUP BY 1",
    "SELECT p.name, count(*) FROM docs JOIN people p ON p.article_id = docs.rowid "
    "WHERE docs MATCH ? GROUP BY 1",
]


def fts5_work(db, query):
    def run():
        total = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (query,)).fetchone()[0]
        db.execute(
            "SELECT rowid, title, snippet(docs, 1, '<em>', '</em>', '…', 24) FROM docs "
            "WHERE docs MATCH ? ORDER BY rank LIMIT ?",
            (query, TOP),
        ).fetchall()
        for facet in FTS5_FACETS:
            db.execute(facet, (query,)).fetchall()
        return total

    return run


def tantivy_query(index, query):
    if isinstance(query, str):
        return index.parse_query(query, ["title", "body"])
    prefix, *words = query
    starts = [tantivy.Query.regex_query(index.schema, field, f"{prefix}.*") for field in ("title", "body")]
    parts = [tantivy.Query.boolean_query([(tantivy.Occur.Should, part) for part in starts])]
    parts += [index.parse_query(word, ["title", "body"]) for word in words]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for part in parts])


def tantivy_work(index, query):
    parsed = tantivy_query(index, query)
    facets = {name: {"terms": {"field": name, "size": FACET_VALUES}} for name in ("source", "people", "year")}

    def run():
        searcher = index.searcher()
        result = searcher.search(parsed, TOP, count=True)
        snippets = tantivy.SnippetGenerator.create(searcher, parsed, index.schema, "body")
        for _, address in result.hits:
            snippets.snippet_from_doc(searcher.doc(address)).to_html()
        searcher.aggregate(parsed, facets)
        return result.count

    return run


def print_hit_counts(sides):
    print("hits per query: " + " / ".join(sides))
    for number, (query, _, _) in enumerate(QUERIES):
        counts = " / ".join(str(works[number]()) for works in sides.values())  # also the warm-up
        print(f"  {query:28} {counts}")


def report(timings):
    fastest_p95 = min(percentile(samples, 95) for samples in timings.values())
    print("| side | p50 | p95 | p95 / fastest |")
    print("|---|---|---|---|")
    for name, samples in timings.items():
        p95 = percentile(samples, 95)
        print(f"| {name} | {statistics.median(samples):.1f} ms | {p95:.1f} ms | {p95 / fastest_p95:.1f}× |")


def percentile(samples, rank):
    ordered = sorted(samples)
    return ordered[max(0, round(len(ordered) * rank / 100) - 1)]


if __name__ == "__main__":
    main()
