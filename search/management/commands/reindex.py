"""python manage.py reindex [--if-needed]: rebuild the search index aside and switch to it."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.indexer import IndexerBusy, rebuild_aside, rebuild_needed


class Command(BaseCommand):
    help = (
        "Build a complete new index from the database in a new folder while searches and the "
        "indexer keep working, replay the changes made meanwhile, then switch atomically. "
        "Use this instead of haystack's rebuild_index, which empties the live index first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="Only build when there is no index, its fields differ from search_indexes.py, or it is "
            "empty while the database has published articles.",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=settings.REINDEX_PROCESSES,
            help="Worker processes writing the index at once, one segment each "
            "(default: MORGUE_REINDEX_PROCESSES, or one per CPU).",
        )

    def handle(self, *args, if_needed=False, processes=1, **options):
        if processes < 1:
            raise CommandError("--processes must be at least 1")
        if if_needed:
            reason = rebuild_needed()
            if not reason:
                self.stdout.write("the index is in place and has the current fields; nothing to rebuild")
                return
            self.stdout.write(f"rebuilding: {reason}")
        started = time.monotonic()
        try:
            folder = rebuild_aside(processes=processes)
        except IndexerBusy as exc:
            raise CommandError(f"another reindex is running ({exc})") from None
        self.stdout.write(f"switched to {folder} in {time.monotonic() - started:.1f} s")
