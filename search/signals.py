"""Haystack signal processor that records model changes in the archive's change log instead of indexing.

Settings: ``HAYSTACK_SIGNAL_PROCESSOR = "search.signals.OutboxSignalProcessor"``.

Stock RealtimeSignalProcessor writes to Whoosh inside the request, before the commit: rolled back
edits stay searchable and requests wait on the index lock (up to a minute, measured). Here a save
or delete only INSERTs change log rows (archive/changes.py) in the same transaction; the indexer
process does the rest.

Each change is recorded under the labels the indexes read (search/dependencies.py: which rows a
label is recorded from, and which labels each index declares in `touched_by`). Foreign keys are
read before a save too, so that moving a quote to another speaker re-indexes the old speaker as
well (who may no longer be public).

Not covered (no signal exists): ``QuerySet.update()`` and ``bulk_create()``. Annotations are only
bulk-created by ``archive.ingest.store.attach_annotations`` (import, update, re-extraction), which
records its article itself; merging actors moves mentions and quotes with ``update()`` and
records the articles they leave (archive/editing.py). Any new bulk path must call
``archive.changes.record()``.
"""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from archive import changes
from archive.models import Actor, Quote
from search.dependencies import ACTOR, ARTICLE, QUOTE, tracked

OLD_VALUES = "_search_outbox_old_keys"


def foreign_keys(labels):
    """The attributes other than the row's own pk that `labels` ({label: attributes}) read."""
    return sorted({attribute for attributes in labels.values() for attribute in attributes} - {"pk"})


def keys_of(instance, labels):
    """{label: {pk, ...}} of the rows a change of `instance` names, by `labels` ({label: attributes})."""
    return {
        label: {getattr(instance, attribute) for attribute in attributes}
        for label, attributes in labels.items()
    }


class OutboxSignalProcessor(BaseSignalProcessor):
    def receivers(self):
        return [
            (signals.pre_save, self.remember_old_keys),
            (signals.post_save, self.handle_save),
            (signals.pre_delete, self.handle_pre_delete),
            (signals.post_delete, self.handle_delete),
        ]

    def setup(self):
        self.tracked = tracked()
        for model in self.tracked:
            for signal, receiver in self.receivers():
                signal.connect(receiver, sender=model)

    def teardown(self):
        for model in self.tracked:
            for signal, receiver in self.receivers():
                signal.disconnect(receiver, sender=model)

    def remember_old_keys(self, sender, instance, raw=False, **kwargs):
        attributes = foreign_keys(self.tracked[sender])
        if instance.pk is None or not attributes or instance._state.adding:
            return
        old = sender.objects.filter(pk=instance.pk).values(*attributes).first()
        setattr(instance, OLD_VALUES, old or {})

    def handle_save(self, sender, instance, created=False, **kwargs):
        labels = self.tracked[sender]
        keys = keys_of(instance, labels)
        if created and sender is Actor:
            # A new actor has no mention or quote yet, so it is not public: nothing to index. The
            # change that names it (a mention, a quote, an import's article entry) records it then.
            # Skipping it avoids one entry per new name during an import (12,374 of 17,193).
            keys[ACTOR].discard(instance.pk)
        old = getattr(instance, OLD_VALUES, {})
        for label, attributes in labels.items():
            keys[label].update(old[attribute] for attribute in attributes if old.get(attribute) is not None)
        self.record(keys)

    def handle_pre_delete(self, sender, instance, **kwargs):
        if sender is Actor:
            # Deleting an actor nulls Quote.speaker with an UPDATE, which sends no signal: the
            # articles and quotes it spoke in must be recorded now, while the rows still say so.
            spoken = Quote.objects.filter(speaker=instance)
            self.record(
                {
                    QUOTE: set(spoken.values_list("pk", flat=True)),
                    ARTICLE: set(spoken.values_list("article_id", flat=True)),
                }
            )

    def handle_delete(self, sender, instance, **kwargs):
        # post_delete still carries the deleted row's ids; the indexer finds it gone and removes it.
        self.record(keys_of(instance, self.tracked[sender]))

    @staticmethod
    def record(keys):
        for label, pks in keys.items():
            changes.record(label, pks)
