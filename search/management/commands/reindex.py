"""python manage.py reindex [--if-missing]: rebuild the search index aside and switch to it."""

import time

from django.core.management.base import BaseCommand

from search.backend import live_index_dir
from search.indexer import index_root, rebuild_aside


class Command(BaseCommand):
    help = (
        "Build a complete new index from the database in a new folder while searches and the "
        "indexer keep working, replay the changes made meanwhile, then switch atomically. "
        "Use this instead of haystack's rebuild_index, which empties the live index first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true", help="Only build when no index exists yet.")

    def handle(self, *args, if_missing=False, **options):
        if if_missing and live_index_dir(index_root()) is not None:
            self.stdout.write("an index exists; nothing to do")
            return
        started = time.monotonic()
        folder = rebuild_aside()
        self.stdout.write(f"switched to {folder} in {time.monotonic() - started:.1f} s")
