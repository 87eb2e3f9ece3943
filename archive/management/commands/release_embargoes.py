"""python manage.py release_embargoes: publish the articles whose embargo has ended (cron-friendly)."""

from django.core.management.base import BaseCommand

from archive.embargoes import release_due_embargoes


class Command(BaseCommand):
    help = "Publish the embargoed articles whose embargo has ended; safe to run every minute from cron."

    def handle(self, *args, verbosity=1, **options):
        released = release_due_embargoes()
        if verbosity >= 1:
            self.stdout.write(f"released {len(released)} embargo(es)" + (f": {released}" if released else ""))
