"""The index outbox: which documents the search index must re-read from the database.

A row is written by search/signals.py in the SAME transaction as the change it records, so a rolled
back change leaves no row and a committed one always does (even if the process dies right after
the commit). The single indexer process (search/indexer.py) drains unprocessed rows in batches,
re-reads the current database state of every affected document and writes it to Whoosh.
Processed rows are kept for a day so that `reindex` can replay changes made during a rebuild.
"""

from django.db import models


class OutboxEntry(models.Model):
    label = models.CharField(max_length=60, help_text='Model label, lower case: "archive.article".')
    object_pk = models.BigIntegerField()
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    processed = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "outbox entries"
        indexes = [
            models.Index(fields=["id"], condition=models.Q(processed__isnull=True), name="outbox_pending"),
        ]

    def __str__(self):
        return f"{self.label}.{self.object_pk}"
