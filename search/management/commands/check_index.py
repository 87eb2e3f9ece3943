"""python manage.py check_index [--repair]: do the database and the search index agree?"""

from django.core.management.base import BaseCommand, CommandError

from search.indexer import compare_index, drain_batch, drain_lock, live_backend, repair

SHOWN_IDS = 20


class Command(BaseCommand):
    help = (
        "Compare the public database (published articles, their quotes, public actors) with the "
        "index: missing, ghost (indexed but not public) and stale documents. Pending outbox "
        "changes are applied first. Exits 1 when they differ, unless --repair fixed them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Fix every difference found.")

    def handle(self, *args, **options):
        repair_index = options.get("repair", False)
        backend = live_backend()
        with drain_lock():
            while drain_batch(backend):
                pass
            differences = compare_index(backend)
            for kind, ids in differences.items():
                shown = ", ".join(ids[:SHOWN_IDS]) + (" …" if len(ids) > SHOWN_IDS else "")
                self.stdout.write(f"{kind}: {len(ids)}" + (f" ({shown})" if ids else ""))
            if not any(differences.values()):
                self.stdout.write("index and database agree")
                return
            if not repair_index:
                raise CommandError("index and database differ (run with --repair to fix)")
            repair(differences, backend)
        self.stdout.write(self.style.SUCCESS("repaired"))
