"""How long an editor's change takes to reach public search, with the indexer running as served.

    .venv/bin/python bench/edit_latency.py --from /tmp/bbc-data [--rounds 3] [--code OTHER_CHECKOUT]

`--from` is a data folder holding an imported, extracted archive (the BBC corpus). Its database and
index are copied to a scratch folder (the edits below change them), `manage.py run_indexer` is
started there as gunicorn starts it, and once it says it runs, ROUNDS times each, the edits an
editor makes in the admin are committed in this process:

* a title fix of an article;
* a quote's speaker changed from the most quoted person to the second most quoted one;
* two actors merged (the admin's action: `merge_actors`), a much-named person and a lesser one.

After each commit the index is polled (a fresh searcher, as a web worker sees it on its next
query) until it shows the change; the time from the commit is the latency. For each edit the
outbox entries it wrote, the documents they make the indexer re-read and the CPU time the indexer
spent until the change showed (Linux: /proc; steadier than latency on a loaded machine) are
reported too, and the load average when the run ended.

`--code` runs the indexer of another checkout of Morgue (e.g. an export of the previous commit):
the edits and the polling stay this checkout's, so old and new indexers can be compared by running
the two commands alternately.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django
from scale import copy_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
POLL = 0.02


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="origin", type=Path, required=True, help="an imported data folder")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose indexer runs")
    parser.add_argument("--give-up", type=float, default=60.0, help="seconds to wait for one edit")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="morgue-edit-latency-"))
    copy_database(args.origin / "morgue.sqlite3", scratch / "morgue.sqlite3")
    shutil.copytree(args.origin / "whoosh_index", scratch / "whoosh_index", symlinks=True)
    os.environ["MORGUE_DATA_DIR"] = str(scratch)
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    code = args.code.resolve()
    indexer = subprocess.Popen(
        [sys.executable, str(code / "manage.py"), "run_indexer"], cwd=code, stdout=subprocess.PIPE, text=True
    )
    try:
        wait_until_started(indexer)
        wait_until_drained()
        rows = []
        for round_number in range(args.rounds):
            for name, edit in EDITS.items():
                rows.append((name, *measure(edit, round_number, args.give_up, indexer.pid)))
    finally:
        indexer.terminate()
        indexer.wait()
    report(rows)
    shutil.rmtree(scratch, ignore_errors=True)


def wait_until_started(indexer):
    """Until the indexer says it runs: its start (Django, the lock: ~0.5 s CPU, 3 s at load 11)
    is no editor's wait, but round 1 measured it whenever the outbox was already empty."""
    line = indexer.stdout.readline()  # blocks until the line, or "" if the indexer died
    if "indexer running" not in line:
        raise SystemExit(f"the indexer did not start: {line!r}")
    print(line.strip())


def wait_until_drained():
    from archive.models import ChangeLogEntry

    deadline = time.monotonic() + 600
    while ChangeLogEntry.objects.filter(processed__isnull=True).exists():
        if time.monotonic() > deadline:
            raise SystemExit("the indexer did not drain the outbox in 10 minutes")
        time.sleep(0.2)


def measure(edit, round_number, give_up, indexer_pid):
    """(seconds until searchable, indexer CPU seconds, outbox entries, documents re-read) of one edit."""
    from django.db import transaction
    from django.db.models import Max

    from archive.models import ChangeLogEntry
    from search.indexer import affected_documents

    wait_until_drained()
    high_water = ChangeLogEntry.objects.aggregate(top=Max("id"))["top"] or 0
    cpu_before = cpu_seconds(indexer_pid)
    with transaction.atomic():
        visible = edit(round_number)
    committed = time.monotonic()
    while not visible(fresh_searcher()):
        if time.monotonic() - committed > give_up:
            raise SystemExit(f"{edit.__name__}: not searchable after {give_up:.0f} s")
        time.sleep(POLL)
    latency = time.monotonic() - committed
    cpu = cpu_seconds(indexer_pid) - cpu_before
    entries = list(ChangeLogEntry.objects.filter(id__gt=high_water))
    documents, _ = affected_documents(entries)
    return latency, cpu, len(entries), sum(len(pks) for pks in documents.values())


def cpu_seconds(pid):
    """User + system CPU time of process `pid` so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fresh_searcher():
    from search.engine import search_engine

    return search_engine().searcher()


def stored(searcher, identifier):
    return searcher.document(id=identifier) or {}


def edit_title(round_number):
    from archive.models import Article

    article = Article.objects.published().order_by("pk")[round_number]
    article.title = f"{article.title} (corrected {round_number})"
    article.save()
    return lambda searcher: stored(searcher, f"archive.article.{article.pk}").get("title") == article.title


def most_quoted_people(count):
    from django.db.models import Count

    from archive.models import Actor

    return list(
        Actor.objects.active()
        .filter(kind=Actor.Kind.PERSON)
        .annotate(n=Count("quotes"))
        .order_by("-n", "pk")[:count]
    )


def edit_speaker(round_number):
    """Move one quote of the most quoted person to the second most quoted (and back, next round)."""
    from archive.models import Quote

    first, second = most_quoted_people(2)
    quote = Quote.objects.published().filter(speaker=first).order_by("pk")[round_number]
    quote.speaker = second
    quote.save()
    return lambda searcher: stored(searcher, f"archive.quote.{quote.pk}").get("speaker") == second.name


def merge_people(round_number):
    """Merge a person named in a few articles into one of the most named people."""
    from django.db.models import Count

    from archive.editing import merge_actors
    from archive.models import Actor

    survivor = most_quoted_people(round_number + 1)[round_number]
    minor = (
        Actor.objects.active()
        .filter(kind=Actor.Kind.PERSON)
        .annotate(n=Count("mentions"))
        .filter(n__gte=3)
        .exclude(pk=survivor.pk)
        .order_by("n", "pk")
        .first()
    )
    article_pk = minor.mentions.values_list("article_id", flat=True).first()
    merge_actors(survivor, [minor])

    def visible(searcher):
        gone = not stored(searcher, f"archive.actor.{minor.pk}")
        people = stored(searcher, f"archive.article.{article_pk}").get("people") or ""
        return gone and survivor.name in people.split(",")

    return visible


EDITS = {"title fix": edit_title, "speaker change": edit_speaker, "actor merge": merge_people}


def report(rows):
    print(
        "| edit | latency p50 | max | each round (s) | indexer CPU p50 | max "
        "| outbox entries | documents re-read |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in EDITS:
        mine = [row for row in rows if row[0] == name]
        latencies = [row[1] for row in mine]
        cpu = [row[2] for row in mine]
        entries = "/".join(str(row[3]) for row in mine)
        documents = "/".join(str(row[4]) for row in mine)
        each = "/".join(f"{latency:.2f}" for latency in latencies)
        print(
            f"| {name} | {statistics.median(latencies):.2f} s | {max(latencies):.2f} s | {each} "
            f"| {statistics.median(cpu):.2f} s | {max(cpu):.2f} s | {entries} | {documents} |"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
