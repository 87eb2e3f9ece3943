"""Haystack signal processor that records model changes in the archive's change log instead of indexing.

Settings: ``HAYSTACK_SIGNAL_PROCESSOR = "search.signals.OutboxSignalProcessor"``.

Stock RealtimeSignalProcessor writes to Whoosh inside the request, before the commit: rolled back
edits stay searchable and requests wait on the index lock (up to a minute, measured). Here a save
or delete only INSERTs change log rows (archive/changes.py) in the same transaction; the indexer
process does the rest.

Each change is recorded under the models the indexer knows how to expand (search/indexer.py):
an article (→ its document, its quotes, its actors), a quote, an actor (→ its articles and quotes)
or a source (→ its articles and their quotes). An alias changes what the actor's articles and quotes
say about it (ACTOR); a mention or a quote changes its article, and of its actor only whether the
actor is public (ACTOR_DOCUMENT): the article's own entry rewrites the article. Foreign keys are
read before a save too, so that moving a quote to another speaker re-indexes the old speaker as
well (who may no longer be public).

Not covered (no signal exists): ``QuerySet.update()`` and ``bulk_create()``. Annotations are only
bulk-created by ``archive.ingest.store.attach_annotations`` (import, update, re-extraction), which
records its article itself; merging actors moves quotes with ``update()`` but saves the survivor,
whose expansion re-reads its quotes and articles. Any new bulk path must call
``archive.changes.record()``.
"""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from archive import changes
from archive.models import Actor, ActorAlias, Article, Mention, Quote, Source

ARTICLE, QUOTE, ACTOR, SOURCE = changes.ARTICLE, "archive.quote", "archive.actor", "archive.source"
# Only the actor's own document: is it still public? A quote or mention gained or lost changes
# that, but not what the actor's other articles and quotes say about it (its name and aliases),
# which ACTOR re-reads: for a much-quoted speaker, hundreds of documents per quote edit.
ACTOR_DOCUMENT = "archive.actor.document"

# model -> {outbox label: foreign key attribute} (None: the row's own primary key)
TRACKED = {
    Article: {ARTICLE: None},
    Quote: {QUOTE: None, ARTICLE: "article_id", ACTOR_DOCUMENT: "speaker_id"},
    Mention: {ARTICLE: "article_id", ACTOR_DOCUMENT: "actor_id"},
    Actor: {ACTOR: "merged_into_id"},
    ActorAlias: {ACTOR: "actor_id"},
    Source: {SOURCE: None},
}
OLD_VALUES = "_search_outbox_old_keys"


def keys_of(instance):
    """{label: {pk, ...}} of the documents a change of `instance` touches."""
    keys = {}
    for label, attribute in TRACKED[type(instance)].items():
        value = instance.pk if attribute is None else getattr(instance, attribute)
        keys.setdefault(label, set()).add(value)
    if isinstance(instance, Actor):
        keys[ACTOR].add(instance.pk)
    return keys


class OutboxSignalProcessor(BaseSignalProcessor):
    def receivers(self):
        return [
            (signals.pre_save, self.remember_old_keys),
            (signals.post_save, self.handle_save),
            (signals.pre_delete, self.handle_pre_delete),
            (signals.post_delete, self.handle_delete),
        ]

    def setup(self):
        for model in TRACKED:
            for signal, receiver in self.receivers():
                signal.connect(receiver, sender=model)

    def teardown(self):
        for model in TRACKED:
            for signal, receiver in self.receivers():
                signal.disconnect(receiver, sender=model)

    def remember_old_keys(self, sender, instance, raw=False, **kwargs):
        attributes = [a for a in TRACKED[sender].values() if a]
        if instance.pk is None or not attributes or instance._state.adding:
            return
        old = sender.objects.filter(pk=instance.pk).values(*attributes).first()
        setattr(instance, OLD_VALUES, old or {})

    def handle_save(self, sender, instance, created=False, **kwargs):
        keys = keys_of(instance)
        if created and sender is Actor:
            # A new actor has no mention or quote yet, so it is not public: nothing to index. The
            # change that names it (a mention, a quote, an import's article entry) queues it then.
            # Skipping it avoids one entry per new name during an import (12,374 of 17,193).
            keys[ACTOR].discard(instance.pk)
        old = getattr(instance, OLD_VALUES, {})
        for label, attribute in TRACKED[sender].items():
            if attribute and old.get(attribute) is not None:
                keys[label].add(old[attribute])
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
        self.record(keys_of(instance))

    @staticmethod
    def record(keys):
        for label, pks in keys.items():
            changes.record(label, pks)
