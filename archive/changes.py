"""The archive's change log: what changed, recorded in the transaction that changed it.

`record()` writes `ChangeLogEntry` rows; whoever keeps a copy of the archive elsewhere (the search
index: search/indexer.py) reads them and re-reads the rows they name. Saves and deletes of single
rows are recorded by search/signals.py, which knows which of them its documents show; a bulk
change that sends no signal (`bulk_create`, `QuerySet.update`) records its articles here itself.

The archive knows its consumers only as functions registered with `add_consumer()` (search/apps.py
registers the index's): a command that changed many articles calls `catch_up()` so that they are
searchable when it ends, without importing search.
"""

from archive.models import Article, ChangeLogEntry

ARTICLE = Article._meta.label_lower


def record(label, pks):
    """Record that the rows (label, pk) changed; call inside the changing transaction."""
    ChangeLogEntry.objects.bulk_create(
        [ChangeLogEntry(label=label, object_pk=pk) for pk in sorted(set(pks) - {None})]
    )


def record_articles(pks):
    """Record that these articles changed, with everything they hold (mentions, quotes, aliases)."""
    record(ARTICLE, pks)


class ConsumerBusy(Exception):
    """A consumer cannot apply the log now; its entries stay pending for it (the message says who
    will apply them)."""


_consumers = []


def add_consumer(catch_up_now):
    """Register `catch_up_now()`: applies the pending entries to the consumer's copy of the archive
    now and returns a line saying what it did, or raises ConsumerBusy."""
    if catch_up_now not in _consumers:
        _consumers.append(catch_up_now)


def catch_up():
    """Let every consumer apply the pending entries now; returns their lines."""
    return [catch_up_now() for catch_up_now in _consumers]
