"""python manage.py find_copies: group every archived article with its wire copies."""

from django.core.management.base import BaseCommand
from django.db import transaction

from archive import changes
from archive.copies import group_copies
from archive.models import Article

BATCH = 200


class Command(BaseCommand):
    help = (
        "Find the wire copies and near-duplicates among all archived articles (archive/copies.py), "
        "for an archive imported before copies were grouped; imports, updates and re-extraction "
        "group the articles they store by themselves."
    )

    def handle(self, *args, verbosity=1, **options):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                group_copies(
                    list(Article.objects.filter(pk__in=ids[start : start + BATCH]).only("pk", "body"))
                )
        grouped = Article.objects.filter(copy_group__isnull=False).count()
        changes.catch_up()  # the search index learns the groups now when no indexer runs
        self.stdout.write(f"{len(ids)} articles looked at, {grouped} in a group of copies")
