"""Import: read files → extract actors and quotes → store → (the outbox indexes after commit).

Each step is a plain function; `import_paths` strings them together and reports per file and per
record. Files are read lazily, one record at a time, then extracted and stored in batches of
EXTRACTION_BATCH (extraction in worker processes if asked). Each batch is written in one
transaction (one article at a time if that fails, to name the failing one), so an interrupted
import leaves only whole articles behind and a re-run picks up the rest.

What an incoming record becomes:
- same content hash as an archived article → a duplicate, nothing written;
- new text at the URL of an archived article, or of one a record before it in the same import
  brought (two captures of a page in one WARC) → an update of that article (see update.py);
- otherwise → a new article.
"""

import threading
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from archive.extract.batches import extract_batches
from archive.models import Article, content_hash
from archive.records import RawArticle, ReadError, Skipped

from .detect import DETECT_BYTES, detect_format
from .files import check_article_size, decode_text, expand_paths, read_bounded
from .html import read_html
from .jsonl import read_jsonl
from .layout import apply_folder_layout
from .store import store_article, store_articles
from .tabular import read_csv
from .text import read_text
from .update import VerifiedQuotesLost, article_at_url, story_key, update_article
from .warc import read_warc

EXTRACTION_BATCH = 32
# Stored articles between two checkpoints: big enough for an efficient index commit, small enough
# that indexing overlaps extraction instead of waiting for the whole import.
CHECKPOINT_ARTICLES = 500


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    failed: int = 0
    interrupted: bool = False
    skipped_by_reason: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    def fail(self, where, reason):
        self.failed += 1
        self.failures.append(f"{where}: {reason}")

    @property
    def skipped(self):
        return self.skipped_by_reason.total()

    @property
    def summary(self):
        line = (
            f"imported {self.imported}, updated {self.updated}, duplicates {self.duplicates}, "
            f"skipped {self.skipped}, failed {self.failed}"
        )
        if self.skipped:
            reasons = ", ".join(f"{count} {reason}" for reason, count in self.skipped_by_reason.most_common())
            line += f"; skipped: {reasons}"
        return line


def read_path(path: Path, fmt="auto"):
    """Yield (label, RawArticle, Skipped or ReadError) for every record in one file, lazily.

    `fmt` is one of READERS, or "auto" to detect the format from the file's first bytes.
    """
    try:
        with path.open("rb") as stream:
            kind = detect_format(stream.read(DETECT_BYTES), path.name) if fmt == "auto" else fmt
            stream.seek(0)
            for location, result in READERS[kind](stream, path.name):
                yield (f"{path} {location}" if location else str(path)), _checked(result, path)
    except ReadError as exc:
        yield str(path), exc
    except OSError as exc:
        yield str(path), ReadError(f"cannot read the file ({exc.strerror or exc})")


def _read_text_file(stream, name):
    yield "", read_text(decode_text(read_bounded(stream)), name)


def _read_html_file(stream, name):
    yield "", read_html(read_bounded(stream), name)


def _with_line_labels(reader):
    def read(stream, name):
        for number, result in reader(stream, name):
            yield f"line {number}", result

    return read


READERS = {
    "text": _read_text_file,
    "html": _read_html_file,
    "jsonl": _with_line_labels(read_jsonl),
    "csv": _with_line_labels(read_csv),
    "warc": read_warc,
}


def _checked(result, path):
    if not isinstance(result, RawArticle):
        return result
    try:
        check_article_size(result.body)
    except ReadError as exc:
        return exc
    return apply_folder_layout(result, path)


def import_paths(specs, extractor=None, progress=None, fmt="auto", stop=None, processes=1, checkpoint=None):
    """Import every article found under `specs` (files, folders, globs).

    `extractor` maps a list of bodies to a list of (actors, quotes) pairs; None skips extraction.
    `processes` > 1 runs it in that many worker processes while this one stores (it must then be
    picklable, e.g. archive.extract.extract_many).
    `progress`, if given, is called as progress(files_done, files_total, articles_stored) after each
    batch is stored: `files_done` counts the files whose every record is stored (or found a
    duplicate, skipped, failed), so the rate is the storing rate, not the (read-ahead) reading rate.
    `fmt` forces one reader ("text", "html", "jsonl", "csv", "warc") instead of detection.
    `stop` (a threading.Event) asks the import to end between two articles, so that the report
    counts exactly what was stored. A KeyboardInterrupt ends it at once (the article being written
    is rolled back). Either way the report has `interrupted` set.
    `checkpoint`, if given, is called after every CHECKPOINT_ARTICLES stored articles (the command
    indexes what was stored there, while the extraction workers go on with the next batches).
    """
    stop = stop or threading.Event()
    report = ImportReport()
    batches = _new_record_batches(specs, fmt, report, progress, stop)
    if extractor:
        batches = _annotated(batches, extractor, processes)
    try:
        with closing(batches):
            since_checkpoint = 0
            for batch in batches:
                stored = len(report.article_ids)
                if batch:
                    _store_batch(batch, report, stop)
                since_checkpoint += len(report.article_ids) - stored
                if progress:
                    progress(batch.files_done, batch.files_total, len(report.article_ids))
                if checkpoint and since_checkpoint >= CHECKPOINT_ARTICLES:
                    checkpoint()
                    since_checkpoint = 0
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _new_record_batches(specs, fmt, report, progress, stop):
    """Lists of (label, RawArticle) not yet in the archive; failures and skips go to the report.

    Duplicates are dropped here, before extraction, so that a re-run costs no NLP for what an
    earlier run stored.
    """
    seen = set()
    pending = []
    files, problems, documentation = expand_paths(specs)
    for spec, reason in problems:
        report.fail(spec, reason)
    report.skipped_by_reason.update(reason for _, reason in documentation)
    for done, path in enumerate(files):
        for label, result in read_path(path, fmt):
            _stop_if_asked(stop)
            if isinstance(result, ReadError):
                report.fail(label, result)
            elif isinstance(result, Skipped):
                report.skipped_by_reason[result.reason] += 1
            else:
                report.warnings.extend(f"{label}: {w}" for w in result.warnings)
                pending.append((label, result))
            if len(pending) >= EXTRACTION_BATCH:
                yield _without_duplicates(pending, seen, report, done, len(files))
                pending = []
    yield _without_duplicates(pending, seen, report, len(files), len(files))


class RecordBatch(list):
    """(label, RawArticle) records to store together; once they are stored, the first `files_done`
    of the import's `files_total` files are done (the import's progress)."""

    def __init__(self, records, files_done, files_total):
        super().__init__(records)
        self.files_done = files_done
        self.files_total = files_total


def _without_duplicates(batch, seen, report, files_done, files_total):
    """`batch` less the records whose text is archived or came earlier in this import (it may be
    left empty: it still carries the import's progress)."""
    hashes = [content_hash(raw.body) for _, raw in batch]
    archived = set(Article.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True))
    fresh = []
    for (label, raw), digest in zip(batch, hashes, strict=True):
        if digest in archived or digest in seen:
            report.duplicates += 1
        else:
            seen.add(digest)
            fresh.append((label, raw))
    return RecordBatch(fresh, files_done, files_total)


def _annotated(batches, extractor, processes):
    """The batches with actors and quotes filled in where the record brought none."""

    def body_to_extract(item):
        raw = item[1]
        return raw.body if raw.actors is None and raw.quotes is None else ""

    extracted = extract_batches(batches, extractor, processes, body_of=body_to_extract)
    with closing(extracted):
        for batch, results in extracted:
            for (_, raw), (actors, quotes) in zip(batch, results, strict=True):
                if raw.actors is None and raw.quotes is None:
                    raw.actors, raw.quotes = actors, quotes
            yield batch


def refresh_planner_statistics():
    """Let SQLite's planner see the tables' sizes after a bulk import (PostgreSQL's autovacuum does
    this by itself). Without statistics SQLite joined the Quotes tab's 20 quotes through the article
    status index: 290 ms per page at 430,000 quotes, 2 ms after ANALYZE (which took 0.6 s)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _stop_if_asked(stop):
    if stop.is_set():
        raise KeyboardInterrupt  # at a point where no article is half-stored


def _store_batch(batch, report, stop):
    """Store a batch of new records: in one transaction, or one at a time if that fails."""
    _stop_if_asked(stop)
    new, updates, new_stories = [], [], set()
    for label, raw in batch:
        key = story_key(raw.url)
        # A later record of a story this batch brings updates it once stored (updates come last).
        is_update = bool(key) and (key in new_stories or article_at_url(raw.url) is not None)
        (updates if is_update else new).append((label, raw))
        if not is_update:
            new_stories.add(key)
    try:
        articles = store_articles([raw for _, raw in new])
    except Exception:  # stored one by one below, so that the report names the failing article
        _store_one_by_one(new, report, stop)
    else:
        report.imported += len(articles)
        report.article_ids.extend(article.pk for article in articles)
    _store_one_by_one(updates, report, stop)


def _store_one_by_one(batch, report, stop):
    for label, raw in batch:
        _stop_if_asked(stop)
        try:
            outcome, article = _store_one(raw)
        except VerifiedQuotesLost as exc:
            report.fail(label, exc)
            continue
        except Exception as exc:  # one bad article must not stop the import; the report names it
            report.fail(label, f"could not be stored ({type(exc).__name__}: {exc})")
            continue
        if outcome == "duplicate":
            report.duplicates += 1
            continue
        if outcome == "imported":
            report.imported += 1
        else:
            report.updated += 1
        report.article_ids.append(article.pk)


def _store_one(raw):
    """("imported" | "updated" | "duplicate", article) for one record; see the module docstring."""
    if raw.url and not Article.objects.filter(content_hash=content_hash(raw.body)).exists():
        target = article_at_url(raw.url)
        if target is not None:
            return "updated", update_article(target, raw)
    article, created = store_article(raw)
    return ("imported" if created else "duplicate"), article
