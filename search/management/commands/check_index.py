"""python manage.py check_index [--repair]: do the database and the search index agree?"""

from django.core.management.base import BaseCommand, CommandError

from search.engine import search_engine
from search.indexer import compare_index, drain_batch, drain_lock, repair

SHOWN_IDS = 20


class Command(BaseCommand):
    help = (
        "Compare the public database (published articles, their quotes, public actors) with the "
        "index: missing, ghost (indexed but not public) and stale documents. Pending outbox "
        "changes are applied first. Exits 1 when they differ, unless --repair fixed them. The "
        "indexer keeps running during the comparison."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Fix every difference found.")

    def handle(self, *args, **options):
        backend = search_engine()
        # Compare everything without holding the drain lock (the indexer keeps working), then
        # re-check only the differences under the lock, after applying pending changes: what is
        # left is real, not an edit the indexer was about to apply.
        suspects = [i for ids in compare_index(backend).values() for i in ids]
        with drain_lock():
            while drain_batch(backend):
                pass
            differences = compare_index(backend, only=suspects)
            self.report(differences)
            if not any(differences.values()):
                self.stdout.write("index and database agree")
                return
            if not options["repair"]:
                raise CommandError("index and database differ (run with --repair to fix)")
            repair(differences, backend)
        self.stdout.write(self.style.SUCCESS("repaired"))

    def report(self, differences):
        for kind, ids in differences.items():
            shown = ", ".join(ids[:SHOWN_IDS]) + (" …" if len(ids) > SHOWN_IDS else "")
            self.stdout.write(f"{kind}: {len(ids)}" + (f" ({shown})" if ids else ""))
