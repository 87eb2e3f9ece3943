"""Concurrent writers: admin edits over HTTP while a large import runs, then DB == index, exactly.

    .venv/bin/python bench/stress_writers.py [--articles 2000] [--actions 100] [--no-extract]

A fresh data folder (temporary), gunicorn with `-c gunicorn.conf.py` and 2 workers (the master runs
the indexer), `import_articles` of the first N BBC corpus files in a subprocess, and meanwhile two
editors send `--actions` admin actions through the real admin forms: title edits (some articles
twice), deletions, actor merges (the changelist action) and quote speaker changes. After the import
ends and the indexer drains the outbox, the database and the Whoosh index are compared document by
document. Exits 1 unless: 0 lost edits, 0 ghost documents, 0 stale titles, 0 missing documents,
0 5xx, every admin request under 2 s. Prints the figures (and writes them to DATA/summary.json).
"""

import argparse
import json
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress_env import AdminClient, Site, corpus_files, percentile, wait_for  # noqa: E402

MAX_SECONDS = 2.0
ACTION_MIX = ["title"] * 40 + ["delete"] * 20 + ["merge"] * 20 + ["speaker"] * 20


class Editors:
    """The expected end state, recorded as each admin action succeeds."""

    def __init__(self, site, actions, seed=8):
        self.site = site
        self.random = random.Random(seed)
        self.plan = [ACTION_MIX[i * len(ACTION_MIX) // actions] for i in range(actions)]
        self.random.shuffle(self.plan)
        self.lock = threading.Lock()
        self.log = []
        self.titles = {}  # article pk -> title the last successful edit set
        self.deleted = set()
        self.merged = {}  # actor pk -> survivor pk
        self.speakers = {}  # quote pk -> speaker pk
        self.failed = []  # (action, target) that the admin refused (not a 302)
        self.done = dict.fromkeys(ACTION_MIX, 0)  # successful actions by kind
        self.touched = set()  # article pks taken by a deletion

    def run(self, editors=2, pause=1.0):
        work = list(enumerate(self.plan))
        threads = [
            threading.Thread(target=self.editor, args=(work[n::editors], pause), name=f"editor-{n}")
            for n in range(editors)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def editor(self, work, pause):
        from django import db

        client = AdminClient(self.site.url, self.log)
        client.login()
        for n, kind in work:
            with self.lock:
                target = getattr(self, f"pick_{kind}")()
            if target is None:
                self.failed.append((kind, "nothing to pick"))
                continue
            try:
                getattr(self, f"do_{kind}")(client, n, target)
            except Exception as exc:  # a page the harness cannot read: count it, go on
                self.failed.append((kind, target, repr(exc)))
            time.sleep(pause)
        db.connections.close_all()

    # --- choosing targets among what the import has stored so far -----------------------------

    def live_articles(self):
        from archive.models import Article

        published = Article.objects.published().values_list("pk", flat=True)
        return [pk for pk in published if pk not in self.touched]

    def pick_title(self):
        if self.titles and self.random.random() < 0.25:
            return self.random.choice(sorted(self.titles))  # edit an edited article again
        return self.random.choice(self.live_articles())

    def pick_delete(self):
        candidates = [pk for pk in self.live_articles() if pk not in self.titles]
        pk = self.random.choice(candidates)
        self.touched.add(pk)
        return pk

    def pick_merge(self):
        from archive.models import Actor
        from archive.selectors import public_actors

        taken = set(self.merged) | set(self.merged.values())
        people = list(
            public_actors(kind=Actor.Kind.PERSON)
            .exclude(pk__in=taken)
            .values_list("pk", flat=True)
            .distinct()
        )
        if len(people) < 2:
            return None
        pair = self.random.sample(people, 2)
        self.merged[pair[1]] = pair[0]  # provisional; dropped if the admin refuses
        return pair

    def pick_speaker(self):
        from archive.models import Actor, Quote

        quotes = list(
            Quote.objects.published().exclude(article__in=self.touched).values_list("pk", flat=True)[:2000]
        )
        speakers = list(
            Actor.objects.active()
            .filter(kind=Actor.Kind.PERSON)
            .exclude(pk__in=set(self.merged) | set(self.merged.values()))
            .values_list("pk", flat=True)[:500]
        )
        if not quotes or not speakers:
            return None
        return self.random.choice(quotes), self.random.choice(speakers)

    # --- the admin actions --------------------------------------------------------------------

    def do_title(self, client, n, pk):
        title = f"Stress edit {n} zq{n}x"
        if client.change("article", pk, {"title": title}):
            with self.lock:
                self.titles[pk] = title
                self.done["title"] += 1
        else:
            self.failed.append(("title", pk, client.last_error))

    def do_delete(self, client, n, pk):
        if client.delete("article", pk):
            with self.lock:
                self.deleted.add(pk)
                self.titles.pop(pk, None)
                self.done["delete"] += 1
        else:
            self.failed.append(("delete", pk, client.last_error))

    def do_merge(self, client, n, pair):
        survivor, other = pair
        if client.merge_actors(pair, survivor):
            with self.lock:
                self.done["merge"] += 1
        else:
            with self.lock:
                self.merged.pop(other, None)
            self.failed.append(("merge", pair, client.last_error))

    def do_speaker(self, client, n, target):
        quote, speaker = target
        if client.change("quote", quote, {"speaker": str(speaker)}):
            with self.lock:
                self.speakers[quote] = speaker
                self.done["speaker"] += 1
        else:
            self.failed.append(("speaker", target, client.last_error))


# --- after the run: compare ---------------------------------------------------------------------


def wait_for_drain(timeout=300):
    from archive.models import ChangeLogEntry

    def drained():
        return not ChangeLogEntry.objects.filter(processed__isnull=True).exists()

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if drained():
            time.sleep(2)  # a batch may be in flight: it must still be drained afterwards
            if drained():
                return True
        time.sleep(0.5)
    return False


def indexed_documents():
    from search.engine import search_engine

    return {fields["id"]: fields for fields in search_engine().searcher().all_stored_fields()}


def indexed_title(docs, pk):
    return docs.get(f"archive.article.{pk}", {}).get("title")


def verify(editors):
    """Differences between the editors' expectations, the database and the index."""
    from archive.models import Actor, Article, Quote
    from search.engine import search_engine
    from search.indexer import compare_index

    docs = indexed_documents()
    differences = compare_index(search_engine())
    titles_in_db = dict(Article.objects.published().values_list("pk", "title"))
    stale_titles = [pk for pk, title in titles_in_db.items() if indexed_title(docs, pk) != title]
    lost = []
    for pk, title in editors.titles.items():
        if titles_in_db.get(pk) != title or indexed_title(docs, pk) != title:
            lost.append(("title", pk))
    ghosts = [f"archive.article.{pk}" for pk in editors.deleted if f"archive.article.{pk}" in docs]
    ghosts += [key for key, fields in docs.items() if fields.get("article_id") in editors.deleted]
    if Article.objects.filter(pk__in=editors.deleted).exists():
        lost.append(("delete", "still in the database"))
    for other, survivor in editors.merged.items():
        if Actor.objects.get(pk=other).merged_into_id != survivor:
            lost.append(("merge", other))
        if f"archive.actor.{other}" in docs:
            ghosts.append(f"archive.actor.{other}")
    names = dict(Actor.objects.values_list("pk", "name"))
    for quote, speaker in editors.speakers.items():
        row = Quote.objects.filter(pk=quote).values("speaker_id", "article__status").first()
        if row is None or row["article__status"] != "published":
            continue  # its article was deleted or unpublished since: nothing to compare
        expected = editors.merged.get(speaker, speaker)  # a later merge moves the quote on
        indexed = docs.get(f"archive.quote.{quote}", {}).get("speaker")
        if row["speaker_id"] != expected or indexed != names[expected]:
            lost.append(("speaker", quote))
    return {
        "check_index": {kind: len(ids) for kind, ids in differences.items()},
        "check_index_examples": {kind: ids[:5] for kind, ids in differences.items()},
        "stale_titles": len(stale_titles),
        "lost_edits": lost,
        "ghost_documents": sorted(set(ghosts)),
        "mentions_of_merged_actors": Actor.objects.filter(merged_into__isnull=False, mentions__isnull=False)
        .distinct()
        .count(),
        "documents": len(docs),
        "published_articles": len(titles_in_db),
    }


def request_figures(log):
    latencies = [seconds for _, _, seconds in log]
    slowest = sorted(log, key=lambda row: -row[2])[:5]
    return {
        "requests": len(log),
        "status_counts": count_statuses(log),
        "server_errors": sum(1 for _, status, _ in log if not isinstance(status, int) or status >= 500),
        "latency_p50_ms": round(percentile(latencies, 0.5) * 1000),
        "latency_p95_ms": round(percentile(latencies, 0.95) * 1000),
        "latency_max_ms": round(max(latencies) * 1000),
        "slowest": [(label, status, round(seconds, 3)) for label, status, seconds in slowest],
    }


def count_statuses(log):
    counts = {}
    for _, status, _ in log:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--actions", type=int, default=100)
    parser.add_argument("--no-extract", action="store_true")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between one editor's actions")
    parser.add_argument("--data-dir", help="default: a new temporary folder")
    args = parser.parse_args()

    site = Site(args.data_dir).prepare()
    site.start_server()
    try:
        summary, ok = run(site, args)
    finally:
        site.close()
    print(json.dumps(summary, indent=2, default=str))
    (site.data_dir / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


def run(site, args):
    site.django()
    from archive.models import Article

    print(f"data: {site.data_dir}  server: {site.url}", flush=True)
    files = [str(p) for p in corpus_files(args.articles)]
    extract = ["--no-extract"] if args.no_extract else []
    started = time.monotonic()
    importer = site.manage_async("import_articles", *extract, *files, log_name="import.log")
    if not wait_for(lambda: Article.objects.count() >= 100 or importer.poll() is not None, 600, 0.5):
        sys.exit("the import stored nothing")
    editors = Editors(site, args.actions)
    edits_started = time.monotonic()
    editors.run(pause=args.pause)
    edits_seconds = time.monotonic() - edits_started
    importer.wait()
    import_seconds = time.monotonic() - started
    import_report = (site.data_dir / "import.log").read_text().strip().splitlines()[-1:]
    edits_during_import = edits_started + edits_seconds < started + import_seconds
    drained = wait_for_drain()
    results = verify(editors)
    summary = {
        "articles_requested": args.articles,
        "extraction": not args.no_extract,
        "import_exit": importer.returncode,
        "import_report": import_report,
        "import_seconds": round(import_seconds, 1),
        "edits_seconds": round(edits_seconds, 1),
        "all_edits_during_import": edits_during_import,
        "actions": {**editors.done, "articles_retitled": len(editors.titles), "refused": editors.failed},
        "outbox_drained": drained,
        **request_figures(editors.log),
        **results,
    }
    ok = (
        drained
        and not results["lost_edits"]
        and not results["ghost_documents"]
        and results["stale_titles"] == 0
        and not any(results["check_index"].values())
        and summary["server_errors"] == 0
        and summary["latency_max_ms"] < MAX_SECONDS * 1000
        and not editors.failed
    )
    return summary, ok


if __name__ == "__main__":
    main()
