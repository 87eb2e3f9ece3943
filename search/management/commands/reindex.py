"""python manage.py reindex [--if-needed]: rebuild the search index aside and switch to it."""

import time

from django.core.management.base import BaseCommand

from search.indexer import live_backend, rebuild_aside


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
            help="Only build when there is no index yet or its fields differ from search_indexes.py.",
        )

    def handle(self, *args, if_needed=False, **options):
        if if_needed and live_backend().live_schema_is_current():
            self.stdout.write("the index is up to date with search_indexes.py; nothing to rebuild")
            return
        started = time.monotonic()
        folder = rebuild_aside()
        self.stdout.write(f"switched to {folder} in {time.monotonic() - started:.1f} s")
