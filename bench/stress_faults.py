"""Faults: kill -9 the server, its workers, the indexer (mid-commit) and the importer (mid-batch).

    .venv/bin/python bench/stress_faults.py [--articles 600] [--no-extract]

1. A clean reference import of the first N BBC files into its own data folder (no server).
2. A second data folder served by gunicorn (`-c gunicorn.conf.py`, 2 workers + the indexer) while
   the same import runs. During it: kill -9 the indexer while it holds a Whoosh writer (its
   MAIN_WRITELOCK is open: it is writing or committing), kill -9 a web worker, kill -9 the master
   and the indexer together mid-commit, restart the server, kill -9 the master alone (does its
   indexer outlive it?), restart, then kill -9 the importer just after it stored an article.
3. No half-written article: every stored article has exactly the mentions and quotes the clean
   import gave it. Re-running the same import completes it: same articles, same annotations.
4. The index is then "restored from a backup" taken mid-import (and 5 articles are deleted after
   the backup): `check_index` must report every difference (exit 1), `check_index --repair` fix
   them, and a second `check_index` find nothing.

Prints the figures, writes DATA/faults.json, exits 1 if any check fails.
"""

import argparse
import json
import os
import shutil
import signal
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress_env import Site, corpus_files, wait_for, writer_open  # noqa: E402
from stress_writers import indexed_documents, indexed_title, wait_for_drain  # noqa: E402

ANNOTATIONS = """
    SELECT a.content_hash,
           (SELECT COUNT(*) FROM archive_mention m WHERE m.article_id = a.id),
           (SELECT COUNT(*) FROM archive_quote q WHERE q.article_id = a.id)
    FROM archive_article a
"""


def annotations(site):
    """{content hash: (mentions, quotes)} of every stored article, read straight from SQLite."""
    with sqlite3.connect(site.data_dir / "morgue.sqlite3") as connection:
        return {row[0]: (row[1], row[2]) for row in connection.execute(ANNOTATIONS)}


def half_written(site, reference):
    """Stored articles whose annotations differ from the clean import's."""
    return sorted(h for h, counts in annotations(site).items() if reference.get(h) != counts)


class FaultRun:
    def __init__(self, site, import_args):
        self.site = site
        self.import_args = import_args
        self.events = []
        self.started = time.monotonic()

    def note(self, what, **figures):
        self.events.append({"t": round(time.monotonic() - self.started, 2), "event": what, **figures})
        print(f"{self.events[-1]['t']:7.2f}s  {what} {figures or ''}", flush=True)

    def kill_indexer_mid_commit(self, timeout=120):
        from archive.models import Article

        wait_for(lambda: Article.objects.count() >= 30, 300, 0.1)  # a batch of real articles
        pid = wait_for(self.site.indexer_pid, 30, 0.05)
        if not wait_for(lambda: writer_open(pid), timeout, 0.001):
            self.note("indexer never opened a writer", pid=pid)
            return False
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        self.note("kill -9 indexer while it held the Whoosh writer", pid=pid)
        new = wait_for(lambda: (p := self.site.indexer_pid()) and p != pid and p, 30, 0.05)
        self.note("indexer restarted by the master", pid=new, after_s=round(time.monotonic() - killed, 2))
        return bool(new)

    def kill_worker(self):
        workers = self.site.worker_pids()
        os.kill(workers[0], signal.SIGKILL)
        killed = time.monotonic()
        self.note("kill -9 web worker", pid=workers[0])
        back = wait_for(lambda: len(set(self.site.worker_pids()) - {workers[0]}) >= 2, 30, 0.05)
        self.note("worker replaced", after_s=round(time.monotonic() - killed, 2), ok=bool(back))
        return bool(back)

    def kill_server_mid_commit(self, timeout=120):
        master = self.site.server.pid
        pid = wait_for(self.site.indexer_pid, 30, 0.05)
        if not wait_for(lambda: writer_open(pid), timeout, 0.001):
            return False
        workers = self.site.worker_pids()
        os.kill(master, signal.SIGKILL)
        os.kill(pid, signal.SIGKILL)
        self.site.server.wait()
        self.note("kill -9 master and indexer mid-commit", master=master, indexer=pid)
        gone = wait_for(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), 30, 0.1)
        self.note("orphaned workers exited by themselves", ok=bool(gone))
        return bool(gone)

    def kill_master_alone(self):
        """kill -9 the master only: its indexer must not outlive it (or block the next one)."""
        master, indexer = self.site.server.pid, self.site.indexer_pid()
        os.kill(master, signal.SIGKILL)
        self.site.server.wait()
        self.note("kill -9 master alone", master=master, indexer=indexer)
        gone = wait_for(lambda: not Path(f"/proc/{indexer}").exists(), 15, 0.1)
        self.note("its indexer exited too", ok=bool(gone))
        if not gone:
            os.kill(indexer, signal.SIGKILL)  # leave no stray process behind
        return bool(gone)

    def restart(self):
        """Start gunicorn again at once, as a supervisor would."""
        started = time.monotonic()
        try:
            self.site.start_server()
        except RuntimeError as exc:
            self.note("restart failed", error=str(exc))
            return False
        self.note("server restarted and answering", after_s=round(time.monotonic() - started, 2))
        indexer = wait_for(self.site.indexer_pid, 30, 0.1)
        time.sleep(3)
        stable = self.site.indexer_pid() == indexer  # not a restart loop
        self.note("indexer running", pid=indexer, stable=stable)
        return stable

    def kill_importer_mid_batch(self, importer, at_least=0):
        from archive.models import Article

        wait_for(lambda: Article.objects.count() >= at_least or importer.poll() is not None, 600, 0.1)
        count = Article.objects.count()
        grown = wait_for(lambda: Article.objects.count() > count or importer.poll() is not None, 300, 0.01)
        if importer.poll() is not None or not grown:
            self.note("the import ended before it could be killed")
            return False
        importer.kill()
        importer.wait()
        self.note("kill -9 importer right after it stored an article", stored=Article.objects.count())
        return True


def restore_from_backup(site, backup, delete_after_backup):
    """Replace the live index by the mid-import backup, as an operator restoring from backup would."""
    from archive.models import Article
    from search.engine.generations import new_generation_dir, switch_live_index

    for article in Article.objects.filter(pk__in=delete_after_backup):
        article.delete()
    # Let the indexer apply them (and the retitles) first: restoring the backup must lose changes
    # the outbox no longer holds. Pending ones would be applied by check_index itself and show
    # as no difference (the ghost check then depended on how busy the indexer was).
    wait_for_drain()
    site.stop_server()
    restored = new_generation_dir(site.index_root)
    restored.rmdir()
    shutil.copytree(backup, restored)
    switch_live_index(site.index_root, restored)


def take_backup(site):
    """Copy the live generation while holding the drain lock (no batch is being written)."""
    from search.engine.generations import live_index_dir
    from search.indexer import drain_lock

    target = site.data_dir / "index-backup"
    with drain_lock():
        shutil.copytree(live_index_dir(site.index_root), target, ignore=shutil.ignore_patterns("*LOCK"))
    return target


def expected_article_differences(site, backup):
    """Article documents missing from / ghost in the backup, computed without check_index."""
    from whoosh import index as whoosh_index

    from archive.models import Article

    with whoosh_index.open_dir(str(backup)).searcher() as searcher:
        in_backup = {f["id"] for f in searcher.all_stored_fields() if f["django_ct"] == "archive.article"}
    published = {f"archive.article.{pk}" for pk in Article.objects.published().values_list("pk", flat=True)}
    return sorted(published - in_backup), sorted(in_backup - published)


def parse_check(output):
    """{missing, ghost, stale: (count, shown ids)} from check_index's report."""
    found = {}
    for line in output.splitlines():
        kind, _, rest = line.partition(": ")
        if kind in ("missing", "ghost", "stale"):
            count, _, ids = rest.partition(" ")
            found[kind] = (int(count), ids)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--no-extract", action="store_true")
    args = parser.parse_args()
    files = [str(p) for p in corpus_files(args.articles)]
    import_args = ["import_articles", *(["--no-extract"] if args.no_extract else []), *files]

    reference_site = Site().prepare()
    started = time.monotonic()
    clean = reference_site.manage(*import_args)
    reference = annotations(reference_site)
    print(f"clean import: {clean.stdout.strip()} in {time.monotonic() - started:.0f} s", flush=True)

    site = Site().prepare()
    site.start_server()
    try:
        summary, ok = run(site, import_args, reference)
    finally:
        site.close()
    summary["clean_import"] = clean.stdout.strip()
    print(json.dumps(summary, indent=2, default=str))
    (site.data_dir / "faults.json").write_text(json.dumps(summary, indent=2, default=str))
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


def run(site, import_args, reference):
    site.django()
    from archive.models import Article
    from search.engine import search_engine
    from search.indexer import compare_index

    faults = FaultRun(site, import_args)
    checks = {}
    importer = site.manage_async(*import_args, log_name="import-1.log")
    faults.note("import started", pid=importer.pid)
    checks["indexer killed mid-commit, restarted"] = faults.kill_indexer_mid_commit()
    checks["worker killed, replaced"] = faults.kill_worker()
    checks["importer killed mid-batch (1)"] = faults.kill_importer_mid_batch(importer, at_least=100)
    wait_for_drain()
    backup = take_backup(site)
    faults.note("index backup taken", articles=Article.objects.count())
    importer = site.manage_async(*import_args, log_name="import-2.log")
    faults.note("import started again", pid=importer.pid)
    checks["server killed mid-commit, workers gone"] = faults.kill_server_mid_commit()
    checks["restart after server kill"] = faults.restart()
    checks["indexer dies with a killed master"] = faults.kill_master_alone()
    checks["restart after master kill"] = faults.restart()
    faults.kill_importer_mid_batch(importer)  # if it is still running
    partial = half_written(site, reference)
    stored_before_rerun = len(annotations(site))
    checks["no half-written article after the kills"] = not partial
    rerun = site.manage(*import_args, check=False)
    faults.note("import re-run", report=rerun.stdout.strip(), exit=rerun.returncode)
    checks["re-run completes the import (same articles, same annotations)"] = annotations(site) == reference
    checks["outbox drained"] = wait_for_drain()
    checks["DB == index after the faults"] = not any(compare_index(search_engine()).values())

    oldest = list(Article.objects.published().order_by("pk").values_list("pk", flat=True)[:10])
    deleted, retitled = oldest[:5], oldest[5:]
    for article in Article.objects.filter(pk__in=retitled):
        article.title = f"Retitled after the backup {article.pk}"
        article.save()
    restore_from_backup(site, backup, deleted)
    expected_missing, expected_ghost = expected_article_differences(site, backup)
    faults.note("index restored from the mid-import backup", deleted_since=deleted, retitled_since=retitled)
    first = site.manage("check_index", check=False)
    reported = parse_check(first.stdout)
    faults.note("check_index", exit=first.returncode, report=first.stdout.strip().splitlines())
    checks["check_index exits 1 on differences"] = first.returncode == 1
    checks["check_index counts at least the missing, ghost and retitled articles"] = all(
        [
            reported.get("missing", (0,))[0] >= len(expected_missing),
            reported.get("ghost", (0,))[0] >= len(expected_ghost) == len(deleted),
            reported.get("stale", (0,))[0] >= len(retitled),
        ]
    )
    repair = site.manage("check_index", "--repair", check=False)
    faults.note("check_index --repair", exit=repair.returncode, report=repair.stdout.strip().splitlines())
    again = site.manage("check_index", check=False)
    faults.note("check_index again", exit=again.returncode, report=again.stdout.strip().splitlines())
    checks["repair succeeds"] = repair.returncode == 0 and "repaired" in repair.stdout
    checks["agree after repair"] = again.returncode == 0 and "agree" in again.stdout
    search_engine().setup()  # the restore switched generations under this process
    checks["DB == index after repair (in-process compare)"] = not any(compare_index(search_engine()).values())
    checks["every published article indexed with its DB title, no deleted one"] = titles_agree(deleted)
    summary = {
        "articles": len(reference),
        "stored_before_rerun": stored_before_rerun,
        "half_written_before_rerun": len(partial),
        "rerun_report": rerun.stdout.strip(),
        "article_documents_missing_from_backup": len(expected_missing),
        "ghost_articles_expected": len(expected_ghost),
        "check_index_reported": {kind: count for kind, (count, _) in reported.items()},
        "events": faults.events,
        "checks": checks,
    }
    return summary, all(checks.values())


def titles_agree(deleted):
    from archive.models import Article

    docs = indexed_documents()
    published = Article.objects.published().values_list("pk", "title")
    return all(indexed_title(docs, pk) == title for pk, title in published) and not any(
        f"archive.article.{pk}" in docs or any(d.get("article_id") == pk for d in docs.values())
        for pk in deleted
    )


if __name__ == "__main__":
    main()
