"""python manage.py reextract (--all | ARTICLE_ID ...)"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.copies import group_copies
from archive.ingest.store import attach_annotations
from archive.models import Article

BATCH = 32


class Command(BaseCommand):
    help = (
        "Re-run actor and quote extraction and the search for wire copies. Unverified mentions and "
        "quotes are replaced; verified ones, quotes editors deleted and merged actors are left as the "
        "editors made them."
    )

    def add_arguments(self, parser):
        parser.add_argument("article_ids", nargs="*", type=int, metavar="ARTICLE_ID")
        parser.add_argument(
            "--all", dest="all_articles", action="store_true", help="Re-extract every article."
        )
        parser.add_argument(
            "--processes", type=int, default=1, help="extraction worker processes (default 1)."
        )

    def handle(self, *args, article_ids, all_articles=False, processes=1, **options):
        if all_articles == bool(article_ids):
            raise CommandError("Give either --all or one or more article ids.")
        queryset = Article.objects.all() if all_articles else Article.objects.filter(pk__in=article_ids)
        missing = set(article_ids) - set(queryset.values_list("pk", flat=True))
        if missing:
            raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
        from archive.extract import extract_many  # the model loads only for commands that extract
        from archive.extract.batches import extract_batches

        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        batches = (
            list(Article.objects.filter(pk__in=ids[offset : offset + BATCH]).order_by("pk"))
            for offset in range(0, len(ids), BATCH)
        )
        for articles, results in extract_batches(batches, extract_many, processes, body_of=lambda a: a.body):
            for article, (actors, quotes) in zip(articles, results, strict=True):
                with transaction.atomic():
                    attach_annotations(article, actors, quotes)
            with transaction.atomic():
                group_copies(articles)
        self.stdout.write(f"re-extracted {len(ids)} article{'s' if len(ids) != 1 else ''}")
