"""Import: read files → extract actors and quotes → store → (the outbox indexes after commit).

Each step is a plain function; `import_paths` strings them together and reports per file.
"""

from dataclasses import dataclass, field
from pathlib import Path

from archive.models import Article, content_hash
from archive.records import ReadError

from .files import decode_text, expand_paths
from .jsonl import read_jsonl
from .store import store_article
from .text import read_text

EXTRACTION_BATCH = 32


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    def fail(self, where, reason):
        self.failed += 1
        self.failures.append(f"{where}: {reason}")

    @property
    def summary(self):
        return f"imported {self.imported}, duplicates {self.duplicates}, failed {self.failed}"


def read_path(path: Path):
    """Yield (label, RawArticle or ReadError) for every article in one file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield str(path), ReadError(f"cannot read the file ({exc.strerror or exc})")
        return
    try:
        text = decode_text(data)
    except ReadError as exc:
        yield str(path), exc
        return
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        for line, result in read_jsonl(text, path.name):
            yield f"{path} line {line}", result
        return
    try:
        yield str(path), read_text(text, path.name)
    except ReadError as exc:
        yield str(path), exc


def import_paths(specs, extractor=None, progress=None):
    """Import every article found under `specs` (files, folders, globs).

    `extractor` maps a list of bodies to a list of (actors, quotes) pairs; None skips extraction.
    `progress`, if given, is called as progress(files_done, files_total) after each file.
    """
    report = ImportReport()
    files, problems = expand_paths(specs)
    for spec, reason in problems:
        report.fail(spec, reason)
    pending = []
    for done, path in enumerate(files, start=1):
        for label, result in read_path(path):
            if isinstance(result, ReadError):
                report.fail(label, result)
            else:
                report.warnings.extend(f"{label}: {w}" for w in result.warnings)
                pending.append((label, result))
        if len(pending) >= EXTRACTION_BATCH:
            _store_batch(pending, extractor, report)
            pending = []
        if progress:
            progress(done, len(files))
    _store_batch(pending, extractor, report)
    return report


def _store_batch(batch, extractor, report):
    known = set(
        Article.objects.filter(content_hash__in=[content_hash(raw.body) for _, raw in batch]).values_list(
            "content_hash", flat=True
        )
    )
    report.duplicates += sum(1 for _, raw in batch if content_hash(raw.body) in known)
    batch = [(label, raw) for label, raw in batch if content_hash(raw.body) not in known]
    needs_extraction = [raw for _, raw in batch if raw.actors is None and raw.quotes is None]
    if extractor and needs_extraction:
        for raw, (actors, quotes) in zip(
            needs_extraction, extractor([r.body for r in needs_extraction]), strict=True
        ):
            raw.actors, raw.quotes = actors, quotes
    for label, raw in batch:
        try:
            article, created = store_article(raw)
        except Exception as exc:  # one bad article must not stop the import; the report names it
            report.fail(label, f"could not be stored ({type(exc).__name__}: {exc})")
            continue
        if created:
            report.imported += 1
            report.article_ids.append(article.pk)
        else:
            report.duplicates += 1
