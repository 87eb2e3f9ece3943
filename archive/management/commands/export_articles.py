"""python manage.py export_articles [--output FILE]"""

import contextlib
import json
import sys

from django.core.management.base import BaseCommand

from archive.export import iter_records


class Command(BaseCommand):
    help = "Write every article as JSON lines (one article per line); import_articles reads it back."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, output=None, **options):
        with open(output, "w", encoding="utf-8") if output else contextlib.nullcontext(sys.stdout) as stream:
            count = 0
            for record in iter_records():
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        if output:
            self.stderr.write(f"exported {count} articles to {output}")
