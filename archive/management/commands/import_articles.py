"""python manage.py import_articles [--format FORMAT] [--no-extract] [--processes N] PATH [PATH ...]"""

import signal
import sys
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive import changes
from archive.ingest import READERS, import_paths, refresh_planner_statistics

# The shell's convention for "stopped by Ctrl-C" (128 + SIGINT).
INTERRUPTED_EXIT_CODE = 130


class Command(BaseCommand):
    help = (
        "Import articles from files, folders (recursively) and glob patterns: plain text, HTML pages, "
        "JSON lines, CSV and WARC web archives, detected by content. Re-importing is harmless; an "
        "interrupted import resumes when run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--format",
            choices=["auto", *READERS],
            default="auto",
            help="Read every file in this format instead of detecting it from the content (default: auto).",
        )
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="Store the articles without extracting actors and quotes.",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=settings.IMPORT_PROCESSES,
            help="Extraction worker processes; 1 extracts in this process "
            "(default: MORGUE_IMPORT_PROCESSES, or one per CPU).",
        )

    def handle(self, *args, paths, format="auto", no_extract=False, processes=1, verbosity=1, **options):
        if processes < 1:
            raise CommandError("--processes must be at least 1")
        extractor = None if no_extract else _extractor()
        bar = ProgressBar() if sys.stderr.isatty() and verbosity >= 1 else None
        stop = threading.Event()
        self.indexing = False
        # Signal handlers can only be set from the main thread (call_command may run elsewhere).
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous_handler = signal.signal(signal.SIGINT, self._stop_gently(stop)) if in_main_thread else None
        try:
            report = import_paths(
                paths,
                extractor=extractor,
                progress=bar,
                fmt=format,
                stop=stop,
                processes=processes,
                checkpoint=lambda: self._update_search_index(verbosity),
            )
        finally:
            if in_main_thread:
                signal.signal(signal.SIGINT, previous_handler)
            if bar:
                bar.close()
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        for failure in report.failures:
            self.stderr.write(self.style.ERROR(f"failed: {failure}"))
        if not report.interrupted:
            self._finish(report, bar, verbosity)
        if report.interrupted:
            # Indexing what was stored since the last checkpoint can take a minute; it waits in the
            # outbox for the indexer, `run_indexer --once` or the next import.
            self.stdout.write(f"interrupted: {report.summary}")
            raise CommandError(
                "the import was interrupted; every article listed as imported or updated is complete "
                "and nothing was half-written. Run the same command again to import the rest (it also "
                "makes the last stored articles searchable, as does `manage.py run_indexer --once`).",
                returncode=INTERRUPTED_EXIT_CODE,
            )
        self.stdout.write(report.summary)
        if report.failed:
            raise CommandError(f"{report.failed} failed", returncode=1)

    def _finish(self, report, bar, verbosity):
        """Index what the last checkpoint left and refresh the planner's statistics (Ctrl-C stops it)."""
        if bar and report.article_ids:
            self.stderr.write(
                f"making the last stored articles searchable ({len(report.article_ids):,} stored)"
            )
        try:
            self._update_search_index(verbosity)
        except KeyboardInterrupt:
            report.interrupted = True
            return
        if report.imported or report.updated:
            refresh_planner_statistics()

    def _update_search_index(self, verbosity):
        """Make the imported articles searchable now when no indexer process runs to do it: the
        change log's consumers (archive/changes.py) catch up."""
        self.indexing = True
        try:
            reports = changes.catch_up()
        except changes.ConsumerBusy as busy:
            self.stderr.write(self.style.WARNING(str(busy)))
            return
        finally:
            self.indexing = False
        if verbosity >= 2:
            for line in reports:
                self.stdout.write(line)

    def _stop_gently(self, stop):
        """A SIGINT handler: the first Ctrl-C finishes the batch being stored (a fraction of a second),
        a second one stops at once.

        Indexing a checkpoint is abandoned at once: its changes stay in the outbox until applied
        (its Whoosh writer is cancelled, the entries stay pending), and it can take a minute.
        """

        def handle(signum, frame):
            stop.set()
            signal.signal(signal.SIGINT, signal.default_int_handler)
            self.stderr.write("stopping after the current article (Ctrl-C again to stop at once)")
            if self.indexing:
                raise KeyboardInterrupt

        return handle


def _extractor():
    # Imported here so that nothing outside an import pays for loading the NLP model.
    from archive.extract import extract_many

    return extract_many


class ProgressBar:
    """A tqdm bar of the files whose articles are stored, with the stored articles' count.

    It advances as batches are stored, not as files are read (reading runs far ahead of extraction),
    and its rate and ETA are averages since the first stored batch (`smoothing=0`): storing goes at
    the steady pace of extraction, with a pause at each index checkpoint.
    """

    def __init__(self):
        self.bar = None

    def __call__(self, files_done, files_total, stored):
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=files_total,
                initial=files_done,
                unit="file",
                desc="importing",
                smoothing=0,
                file=sys.stderr,
            )
        self.bar.set_postfix_str(f"{stored:,} articles stored", refresh=False)
        self.bar.update(files_done - self.bar.n)

    def close(self):
        if self.bar is not None:
            self.bar.close()
