"""The search app's one table: the indexer's locks, when the index is shared by several machines."""

from django.db import models


class IndexerLock(models.Model):
    """A named lock (search/locks.py database_lock): held by `holder` until `expires`, free when
    `holder` is empty or the lease ran out (a holder that died frees it at the lease's end)."""

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(max_length=200, blank=True, default="")
    expires = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name}: {self.holder or 'free'}"
