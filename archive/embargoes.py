"""Embargo release: an archive job, not the search indexer's.

`manage.py release_embargoes` (run it from cron, e.g. every minute) publishes the embargoed articles
whose embargo has ended; the search indexer's loop also calls it on every poll, so a deployment that
runs the indexer needs no cron line. Either way the release is recorded in the change log in the
same transaction, so the index (and any other consumer) catches up whenever it next drains.
An article that has versions (archive/versions.py) gets one more, published: its versions page
then shows it from the moment its embargo ended.
"""

import logging

from django.db import transaction
from django.utils import timezone

from archive import changes, versions
from archive.models import Article, ArticleVersion

log = logging.getLogger("morgue.archive")


def release_due_embargoes(now=None):
    """Publish embargoed articles whose embargo has passed; returns their ids.

    Nothing due (nearly every poll) costs one SELECT and no transaction. Two processes releasing
    at once may both record an article: a change log entry is idempotent.
    """
    now = now or timezone.now()
    embargoed = Article.objects.filter(status=Article.Status.EMBARGOED)
    released = sorted(embargoed.filter(embargo_until__lte=now).values_list("pk", flat=True))
    if not released:
        return []
    with transaction.atomic():
        befores = versions.snapshots_of_versioned(released)
        embargoed.filter(pk__in=released).update(status=Article.Status.PUBLISHED, updated=now)
        changes.record_articles(released)
        versions.record_all(befores, ArticleVersion.Origin.EMBARGO_ENDED, changed_fields=["status"])
    log.info("published %d article(s) whose embargo ended: %s", len(released), released)
    return released
