"""python manage.py run_indexer [--once]: the single process that writes the search index."""

import signal

from django.core.management.base import BaseCommand, CommandError

from archive.embargoes import release_due_embargoes
from search.indexer import POLL_SECONDS, Indexer, IndexerBusy, daemon_lock, drain_outbox


class Command(BaseCommand):
    help = (
        f"Apply pending index changes (the outbox) every {POLL_SECONDS} s and publish articles whose embargo "
        "ended. Stops cleanly on SIGTERM/SIGINT. With --once: do it once and exit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Drain the outbox once and exit.")
        parser.add_argument(
            "--parent-pid",
            type=int,
            metavar="PID",
            help="Stop when process PID is no longer this one's parent (gunicorn.conf.py passes its master).",
        )

    def handle(self, *args, once=False, parent_pid=None, **options):
        if once:
            released = release_due_embargoes()
            try:
                done = drain_outbox()
            except IndexerBusy as exc:
                raise CommandError(f"the index is busy ({exc}); try again") from None
            self.stdout.write(f"applied {done} pending change(s); released {len(released)} embargo(es)")
            return
        try:
            with daemon_lock() as lease:
                indexer = Indexer(parent_pid=parent_pid, lease=lease)
                signal.signal(signal.SIGTERM, indexer.stop)
                signal.signal(signal.SIGINT, indexer.stop)
                self.stdout.write("indexer running")
                self.stdout.flush()
                indexer.run()
        except IndexerBusy as exc:
            raise CommandError(f"another indexer is already running ({exc})") from None
        self.stdout.write("indexer stopped" + (" (its parent process is gone)" if indexer.orphaned() else ""))
