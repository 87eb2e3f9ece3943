"""The only writer of the search index: drains the outbox, rebuilds aside, checks and repairs.

Three locks (search/locks.py: files in the Whoosh index root, or rows of the database when several
machines share a Solr index):

* ``indexer.lock`` is held for the whole life of ``run_indexer`` (one daemon at a time; others —
  ``import_articles``, ``run_indexer --once`` — see it and leave the outbox to it);
* ``drain.lock`` is held while one batch is applied, while ``reindex`` replays the changes made
  during its build and switches, and while ``check_index`` compares, so that exactly one process
  reads the database and writes the index at a time (two drainers could commit an older state
  after a newer one);
* the engine's own write lock (Whoosh's, inside each generation), which we then never wait on for long.

Applying an outbox entry re-reads the CURRENT database state of every document it affects: a
document in its index's ``index_queryset()`` is (re)written, any other is removed. Entries are
therefore idempotent and order does not matter.
"""

import logging
import os
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from multiprocessing import get_context

import django
from django import db
from django.db.models import Max, Q
from django.utils import timezone
from haystack import connections
from haystack.constants import DEFAULT_ALIAS, ID

from archive import changes
from archive.embargoes import release_due_embargoes
from archive.iterables import chunked
from archive.models import Article, ChangeLogEntry
from archive.selectors import public_articles
from search.dependencies import ARTICLE, SOURCE, ids, touched_documents
from search.engine import search_engine
from search.locks import LEASE, FileLease, IndexerBusy, database_lock, file_lock
from search.search_indexes import FINGERPRINT

log = logging.getLogger("morgue.search")

# Entries per Whoosh commit. An article entry expands to its quotes and actors; 200 keeps a batch to
# a few seconds even during a large import, so an editor's change waits at most that long.
BATCH_SIZE = 200
# Entries per commit when draining everything at once (the importer, `run_indexer --once`). Each
# entry expands to neighbouring documents (a new actor → every article naming it), so a backlog is
# expanded as one set: each document is written once. BBC import, 16,740 entries: 84 commits of 200
# wrote ~10× the 23,399 distinct documents and took ~8 min; one commit takes about a minute.
BULK_BATCH_SIZE = 50_000
# How long the idle daemon waits between looks at the outbox: an editor's change waits up to this
# long before its batch starts. An idle look (embargo release, lock, one query) costs a few ms of
# CPU: 6 ms at load 9 on 2 cores, so ~6 % of a core at most while idle.
POLL_SECONDS = 0.1
DRAIN_LOCK_TIMEOUT = 30.0
KEEP_PROCESSED = timedelta(days=1)
# A rebuild holds its lock for the whole build: 27 minutes for 100,000 articles on Whoosh.
REINDEX_LEASE = timedelta(hours=2)
# reindex replays every entry created this long before its build started (covers transactions
# that inserted their entry before the build began but committed after it).
REPLAY_MARGIN = timedelta(minutes=5)
CHUNK = 500


def indexer_lock(name, timeout, lease=LEASE):
    """The lock `name` where the engine keeps them (search/locks.py): a file lock in its local
    folder, or a database lock when several machines share the index (Solr)."""
    engine = search_engine()
    if engine.shared_by_machines:
        return database_lock(name, timeout, lease)
    return file_lock(engine.lock_dir, name, timeout)


def drain_lock(timeout=DRAIN_LOCK_TIMEOUT):
    return indexer_lock("drain.lock", timeout)


def daemon_lock():
    return indexer_lock("indexer.lock", 0)


def daemon_running():
    try:
        with daemon_lock():
            return False
    except IndexerBusy:
        return True


# --- from outbox entries to documents -----------------------------------------------------------


def affected_documents(entries):
    """{model: {pk}} to re-read (search/dependencies.py), and the article ids whose quotes are
    re-derived from scratch (their documents are also removed by their stored article id)."""
    changed = {}
    for entry in entries:
        changed.setdefault(entry.label, set()).add(entry.object_pk)
    rederived = set(changed.get(ARTICLE, ())) | ids(
        Article.objects.filter(source__in=changed.get(SOURCE, ()))
    )
    return touched_documents(changed), rederived


def apply_entries(entries, backend, merge=True):
    """Bring every document the entries affect up to date, in one commit (`merge`: see
    apply_changes).

    Documents are read from the database a chunk at a time while the writer consumes them, so a
    large backlog (a whole import) costs memory for its primary keys only.
    """
    if not entries:
        return
    documents, rederived_articles = affected_documents(entries)
    unified = connections[DEFAULT_ALIAS].get_unified_index()
    updates, removals = [], []
    for model, pks in documents.items():
        search_index = unified.get_index(model)
        present = set()
        for chunk in chunked(sorted(pks), CHUNK):
            present.update(search_index.index_queryset().filter(pk__in=chunk).values_list("pk", flat=True))
        updates.append((search_index, objects_in_chunks(search_index, sorted(present))))
        removals.extend(f"{model._meta.label_lower}.{pk}" for pk in pks - present)
    # Quotes of a changed article that are gone from the database entirely (or were never seen by
    # this process) are found through their stored article id.
    backend.apply_changes(
        updates=updates, removals=removals, remove_quotes_of=sorted(rederived_articles), merge=merge
    )


def objects_in_chunks(search_index, pks):
    for chunk in chunked(pks, CHUNK):
        yield from search_index.index_queryset().filter(pk__in=chunk)


# --- draining -----------------------------------------------------------------------------------


def drain_batch(backend=None, batch_size=BATCH_SIZE, merge=True):
    """Apply the oldest pending entries; returns how many. Caller holds the drain lock."""
    entries = list(pending()[:batch_size])
    if not entries:
        return 0
    apply_entries(entries, backend or search_engine(), merge=merge)
    ChangeLogEntry.objects.filter(pk__in=[e.pk for e in entries]).update(processed=timezone.now())
    return len(entries)


def pending():
    return ChangeLogEntry.objects.filter(processed__isnull=True).order_by("id")


def changes_pending():
    return pending().exists()


def drain_outbox(timeout=DRAIN_LOCK_TIMEOUT):
    """Apply every pending change now (tests, `run_indexer --once`, the importer). Returns the count.

    Safe while the daemon runs: the drain lock makes the two take turns.
    """
    total = 0
    with drain_lock(timeout) as lease:
        while done := drain_batch(batch_size=BULK_BATCH_SIZE):
            total += done
            lease.renew()
    return total


def drain_unless_daemon():
    """For commands that change many articles (the importer): apply their changes now unless a
    running indexer will. Returns the number applied, or None when the daemon takes care of it."""
    if daemon_running():
        return None
    return drain_outbox()


def catch_up_with_archive():
    """The index's consumer of the archive's change log (registered in search/apps.py): apply what
    is pending now unless a running indexer will."""
    try:
        applied = drain_unless_daemon()
    except IndexerBusy as busy:
        raise changes.ConsumerBusy("the search index is busy; run_indexer will apply the changes") from busy
    done = "left to the running indexer" if applied is None else f"{applied} change(s) applied"
    return f"search index: {done}"


def purge_processed():
    return ChangeLogEntry.objects.filter(processed__lt=timezone.now() - KEEP_PROCESSED).delete()[0]


class Indexer:
    """The daemon's loop; `stop()` (from a signal handler) ends it after the current batch.

    Someone waits for each batch (an editor, or readers of an import), so a batch's commit writes
    its own documents only; the segments it leaves are merged when the outbox is empty, by a
    merge that gives way to the next change (see MorgueWhooshBackend.merge_small_segments).

    With `parent_pid` (the process that started it, e.g. gunicorn's master) it also ends when that
    process is gone: killed with -9, a master never stops its indexer, and the orphan would hold
    the daemon lock so that the next master's indexer could never start.
    """

    def __init__(self, poll=POLL_SECONDS, parent_pid=None, lease=None):
        self.poll = poll
        self.parent_pid = parent_pid
        # The daemon lock's lease (run_indexer holds it): renewed on every loop.
        self.lease = lease or FileLease()
        self.running = True
        # Segments may need merging (also those left by the last run), if the engine leaves that
        # to the idle looks.
        self.unmerged = search_engine().merges_when_idle

    def stop(self, *args):
        self.running = False

    def should_give_way(self):
        """Whether an idle merge should stop now: a change is waiting, or the daemon stops."""
        return not self.running or changes_pending()

    def orphaned(self):
        return self.parent_pid is not None and os.getppid() != self.parent_pid

    def run(self):
        try:
            self.loop()
        finally:
            db.connections.close_all()

    def loop(self):
        last_purge = 0.0
        while self.running and not self.orphaned():
            self.lease.renew()  # outside the try: a lost daemon lock ends the daemon
            try:
                done = self.step()
                if time.monotonic() - last_purge > 3600:
                    purge_processed()
                    last_purge = time.monotonic()
            except Exception:
                # Keep the loop alive (a locked database, a full disk...): entries stay pending.
                log.exception("indexing batch failed; retrying")
                done = 0
                time.sleep(1)
            if not done:
                time.sleep(self.poll)

    def step(self):
        """One look at the outbox: apply a batch (returns its size), or merge segments if idle (0).

        An idle look with nothing to merge reads and writes nothing else: it takes no drain lock,
        since a database lock (Solr) is two writes; that includes the first look, on an engine that
        merges by itself. Ten idle looks a second wrote twenty
        transactions a second, and SQLite's shared-cache test database refuses a second writer at
        once ("database table is locked", no busy timeout): an editor's save failed beside it.
        """
        release_due_embargoes()  # the archive's job; run here too, so no cron line is needed
        if not (self.unmerged or changes_pending()):
            return 0
        with drain_lock():
            done = drain_batch(merge=False)
            if done:
                self.unmerged = search_engine().merges_when_idle
            elif self.unmerged:
                self.unmerged = not search_engine().merge_small_segments(self.should_give_way)
        return done


# --- rebuilding aside -----------------------------------------------------------------------------


def build_generation(processes=1):
    """Build a complete index of the current database aside (not yet live); returns its engine.

    With `processes` > 1 the documents are shared out between that many worker processes, each
    writing one part (see build_in_parts); with 1, this process writes one optimised index.
    """
    builder = search_engine().new_build()
    if processes > 1:
        build_in_parts(builder, processes)
    else:
        unified = connections[DEFAULT_ALIAS].get_unified_index()
        builder.apply_changes(
            updates=[
                (search_index, search_index.index_queryset().iterator(chunk_size=CHUNK))
                for search_index in unified.get_indexes().values()
            ],
            optimize=True,
        )
    builder.finish_build()
    return builder


def build_in_parts(builder, processes):
    """Fill the builder's empty index with `processes` worker processes writing at once.

    Whoosh writes a segment in pure Python, one document after another, so one writer uses one
    core. Each worker (spawned: it opens its own database connection) prepares and writes every
    `processes`-th document of each model into a part of its own; the engine then joins the
    parts (Whoosh: their segments under one table of contents, not merged, so a search reads
    `processes` segments).
    """
    shares = [{} for _ in range(processes)]
    for search_index in connections[DEFAULT_ALIAS].get_unified_index().get_indexes().values():
        label = search_index.get_model()._meta.label_lower
        pks = sorted(search_index.index_queryset().values_list("pk", flat=True))
        for number, share in enumerate(shares):
            share[label] = pks[number::processes]
    parts = builder.part_locations(processes)
    db.connections.close_all()  # the workers open their own
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn"), initializer=django.setup) as pool:
        list(pool.map(write_part, parts, shares))
    builder.join_parts(parts)


def write_part(location, pks_by_model_label):
    """In a worker: write these documents as the part of a build at `location`."""
    part = search_engine().open_build(location)
    updates = []
    for search_index in connections[DEFAULT_ALIAS].get_unified_index().get_indexes().values():
        pks = pks_by_model_label[search_index.get_model()._meta.label_lower]
        updates.append((search_index, objects_in_chunks(search_index, pks)))
    part.apply_changes(updates=updates)


def rebuild_needed():
    """Why the live index must be rebuilt ("" when it need not): missing, old fields, or empty
    while the database has published articles (e.g. its folder was deleted)."""
    engine = search_engine()
    if not engine.schema_is_current():
        return "there is no index, or its fields differ from search_indexes.py"
    if engine.doc_count() == 0 and public_articles().exists():
        return "the index is empty but the database has published articles"
    return ""


def rebuild_aside(processes=1):
    """Build a new index aside while searches and the indexer go on, replay the changes made
    meanwhile, then make it live. Returns the new index's location."""
    # A second reindex fails fast instead of racing this one.
    with indexer_lock("reindex.lock", 0, lease=REINDEX_LEASE):
        started = timezone.now()
        high_water = ChangeLogEntry.objects.aggregate(top=Max("id"))["top"] or 0
        # Pending now means committed now, so the build below reads their changes.
        covered = set(ChangeLogEntry.objects.filter(processed__isnull=True).values_list("pk", flat=True))
        builder = build_generation(processes=processes)
        with drain_lock():
            since_start = Q(id__gt=high_water) | Q(created__gte=started - REPLAY_MARGIN)
            replayed = list(ChangeLogEntry.objects.filter(since_start).order_by("id"))
            for batch in chunked(replayed, BATCH_SIZE):
                apply_entries(batch, builder)
            search_engine().publish(builder)
            # The new index already holds these: the indexer need not apply them again.
            covered.update(entry.pk for entry in replayed)
            for ids in chunked(sorted(covered), CHUNK):
                ChangeLogEntry.objects.filter(pk__in=ids, processed__isnull=True).update(
                    processed=timezone.now()
                )
        search_engine().remove_old_builds()
    return builder.location


# --- checking -----------------------------------------------------------------------------------


def compare_index(backend, only=None):
    """Differences between the database and the index: {missing, ghost, stale, spelling} -> sorted ids
    ("spelling": documents whose "did you mean" words are not their text's words).

    `only` (haystack ids) limits the comparison to those documents: check_index compares everything
    without locks, then re-checks just the differences while holding the drain lock.
    """
    expected = expected_fingerprints(only)
    indexed = backend.stored_fingerprints(only)
    return {
        "missing": sorted(expected.keys() - indexed.keys()),
        "ghost": sorted(indexed.keys() - expected.keys()),
        "stale": sorted(key for key in expected.keys() & indexed.keys() if expected[key] != indexed[key]),
        "spelling": backend.spelling_differences(only),
    }


def expected_fingerprints(only=None):
    """{haystack id: fingerprint} of every public document (or of those in `only`)."""
    wanted = pks_by_label(only) if only is not None else None
    expected = {}
    for search_index in connections[DEFAULT_ALIAS].get_unified_index().get_indexes().values():
        queryset = search_index.index_queryset()
        if wanted is not None:
            queryset = queryset.filter(pk__in=wanted.get(search_index.get_model()._meta.label_lower, []))
        for obj in queryset.iterator(chunk_size=CHUNK):
            prepared = search_index.full_prepare(obj)
            expected[prepared[ID]] = prepared[FINGERPRINT]
    return expected


def pks_by_label(identifiers):
    wanted = {}
    for identifier in identifiers:
        label, pk = identifier.rsplit(".", 1)
        wanted.setdefault(label, []).append(int(pk))
    return wanted


def repair(differences, backend):
    """Rewrite missing, stale and misspelt documents and delete ghosts, in one commit."""
    wanted = pks_by_label(differences["missing"] + differences["stale"] + differences["spelling"])
    updates = []
    for search_index in connections[DEFAULT_ALIAS].get_unified_index().get_indexes().values():
        pks = wanted.get(search_index.get_model()._meta.label_lower, [])
        if pks:
            updates.append((search_index, list(search_index.index_queryset().filter(pk__in=pks))))
    backend.apply_changes(updates=updates, removals=differences["ghost"])
