"""Load run: mixed browsing and search against gunicorn with 2 workers, bounded in time, with wrk.

    apt-get install -y wrk     # Debian's package; any wrk 4.x
    .venv/bin/python bench/load_run.py [--duration 300] [--connections 8] [--no-extract] [--data-dir DIR]

Imports the whole BBC corpus into a fresh data folder (with extraction unless --no-extract; or
reuses --data-dir), starts `gunicorn -c gunicorn.conf.py morgue.wsgi` with WEB_CONCURRENCY=2 (the
indexer runs beside it), writes a weighted list of paths read from the database (home, browse pages,
sources, months, articles, actors, searches with filters, sorts, pages and the quotes tab, the
autocomplete, the feed, the JSON API, and two intended 404s) and runs wrk with bench/load_mixed.lua
for a 15 s warm-up, then for --duration seconds. Prints requests/s, p50/p90/p95/p99, socket errors
and, from gunicorn's access log, every non-2xx answer by path; exits 1 on any error other than the
intended 404s.
"""

import argparse
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress_env import Site, corpus_files, percentile  # noqa: E402

LUA = Path(__file__).resolve().parent / "load_mixed.lua"
QUERIES = [
    "government",
    "election",
    '"prime minister"',
    "music",
    "film award",
    "mobile phone",
    "economy growth",
    "football",
    "Blair",
    "bank interest rates",
    "oil prices",
    '"Tony Blair"',
    "broadband",
    "court",
    "games console",
    "chelsea",
]
ACCESS = re.compile(r'"GET (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) .* (?P<ms>\d+)ms$')
INTENDED_404 = ["/articles/99999999/", "/api/v1/articles/99999999/"]


def search_paths(rng, people, sources, years):
    paths = []
    for q in QUERIES:
        variants = [
            {"q": q},
            {"q": q, "sort": "newest"},
            {"q": q, "tab": "quotes"},
            {"q": q, "page": "2"},
            {"q": q, "person": rng.choice(people)},
            {"q": q, "source": rng.choice(sources)},
        ]
        if years:
            variants.append({"q": q, "year": rng.choice(years)})
        paths += [f"/search/?{urlencode(v)}" for v in variants]
        paths.append(f"/api/v1/search/?{urlencode({'q': q})}")
        paths.append(f"/api/v1/quotes/?{urlencode({'q': q})}")
    paths += [f"/search/?{urlencode({'person': p})}" for p in people[:10]]
    paths += [f"/search/actors/autocomplete?{urlencode({'q': p[:3]})}" for p in people[:10]]
    paths += [f"/search/feed/?{urlencode({'q': q})}" for q in QUERIES[:4]]
    return paths


def build_paths(seed=8):
    from archive.models import Actor, Article
    from archive.selectors import public_actors

    rng = random.Random(seed)
    published = Article.objects.published()
    articles = list(published.values_list("pk", "slug"))
    people = list(
        public_actors(kind=Actor.Kind.PERSON, with_counts=True)
        .order_by("-article_count")
        .values_list("name", "slug")[:200]
    )
    sources = sorted({a.source.name for a in published.select_related("source")[:2000] if a.source})
    source_slugs = sorted({a.source.slug for a in published.select_related("source") if a.source})
    years = sorted(
        {str(d.year) for d in published.exclude(published=None).values_list("published", flat=True)}
    )
    months = sorted(
        {(d.year, d.month) for d in published.exclude(published=None).values_list("published", flat=True)}
    )
    browse = ["/browse/", "/browse/sources/", "/browse/months/", "/browse/people/", "/browse/organisations/"]
    paths = ["/"] * 10 + browse * 3
    paths += [f"/browse/sources/{slug}/" for slug in source_slugs]
    paths += [f"/browse/months/{y}/{m}/" for y, m in months[:20]]
    paths += [f"/articles/{pk}/{slug}/" for pk, slug in rng.sample(articles, min(300, len(articles)))]
    paths += [f"/actors/{slug}/" for _, slug in people[:100]]
    paths += search_paths(rng, [n for n, _ in people[:50]], sources or ["BBC News"], years) * 2
    paths += ["/api/v1/", "/api/v1/articles/", "/api/v1/actors/", "/api/v1/quotes/"]
    paths += [f"/api/v1/articles/{pk}/" for pk, _ in rng.sample(articles, min(50, len(articles)))]
    paths += [f"/api/v1/actors/{slug}/" for _, slug in people[:30]]
    paths += [f"/api/v1/articles/?{urlencode({'person': n})}" for n, _ in people[:20]]
    return paths + INTENDED_404


def wrk(site, paths_file, seconds, connections, threads):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        site.url,
        "--",
        str(paths_file),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON{"))
    return json.loads(line[4:])


def read_access_log(access_log):
    """[(status, path, milliseconds in the worker)] from gunicorn's access log lines."""
    rows = []
    for line in access_log:
        match = ACCESS.search(line.rstrip())
        if match:
            rows.append((int(match["status"]), match["path"], int(match["ms"])))
    return rows


def page_kind(path):
    """ "/search/?q=…" -> "/search/", "/articles/12/slug/" -> "/articles/…" (for per-kind figures)."""
    parts = path.split("?")[0].strip("/").split("/")
    if not parts[0]:
        return "/"
    if parts[0] == "api":
        return "/" + "/".join(parts[:3]) + ("/…" if len(parts) > 3 else "/")
    return "/" + parts[0] + ("/…" if len(parts) > 1 and parts[0] not in ("browse", "search") else "/")


def server_side(rows):
    """Worker time per page kind: requests, p50, p95, max (ms)."""
    by_kind = {}
    for _, path, ms in rows:
        by_kind.setdefault(page_kind(path), []).append(ms)
    return {
        kind: {"n": len(v), "p50": percentile(v, 0.5), "p95": percentile(v, 0.95), "max": max(v)}
        for kind, v in sorted(by_kind.items(), key=lambda kv: -len(kv[1]))
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=300)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-extract", action="store_true")
    parser.add_argument("--data-dir", help="a data folder: imported into unless it has a database already")
    args = parser.parse_args()
    site = Site(args.data_dir)
    if not (site.data_dir / "morgue.sqlite3").exists():  # else reuse what was imported there
        site.prepare()
        started = time.monotonic()
        extract = ["--no-extract"] if args.no_extract else []
        report = site.manage("import_articles", *extract, *[str(p) for p in corpus_files()]).stdout
        print(f"import: {report.strip()} in {time.monotonic() - started:.0f} s", flush=True)
    site.django()
    paths = build_paths()
    paths_file = site.data_dir / "load-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    log = site.data_dir / "gunicorn.log"
    started_at = log.stat().st_size if log.exists() else 0  # a reused folder keeps earlier runs' logs
    site.start_server()
    try:
        warm = wrk(site, paths_file, 15, args.connections, args.threads)
        measured_from = log.stat().st_size
        result = wrk(site, paths_file, args.duration, args.connections, args.threads)
    finally:
        site.close()
    with log.open() as lines:
        lines.seek(measured_from)
        rows = read_access_log(lines)
    answers = Counter((status, path) for status, path, _ in rows)
    unintended = {k: n for k, n in answers.items() if k[0] >= 300 and k[1] not in INTENDED_404}
    summary = {
        "data": str(site.data_dir),
        "distinct_paths": len(set(paths)),
        "connections": args.connections,
        "warm_up": {"requests_per_second": warm["requests_per_second"], "p95_ms": warm["p95_ms"]},
        **result,
        "status_counts": dict(Counter(status for status, _ in answers.elements())),
        "intended_404s": sum(n for k, n in answers.items() if k[1] in INTENDED_404),
        "unintended_failures": {f"{status} {path}": n for (status, path), n in unintended.items()},
        "tracebacks_in_server_log": log.read_text()[started_at:].count("Traceback"),
        "worker_ms_by_page": server_side(rows),
        "slowest_in_worker": [
            f"{ms} ms {status} {path}" for status, path, ms in sorted(rows, key=lambda r: -r[2])[:8]
        ],
    }
    print(json.dumps(summary, indent=2))
    (site.data_dir / "load.json").write_text(json.dumps(summary, indent=2))
    clean_log = not summary["tracebacks_in_server_log"]
    ok = not unintended and not any(result["socket_errors"].values()) and clean_log
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
