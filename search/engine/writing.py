"""Writing the Whoosh index: one bulk-friendly segment writer, and joining segments written apart.

Only the indexer process (and reindex/check_index) ever write; web requests never open a writer.
"""

import os
import shutil
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.index import TOC
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

# Writers wait this long for Whoosh's lock and then raise, so a change is retried instead of being
# dropped (stock remove() swallows LockError).
WRITE_LOCK_TIMEOUT = 10.0
# Postings a writer keeps in memory before sorting them to temporary files. Whoosh's default (128)
# spills and re-reads most of a large batch: one commit of the BBC corpus took 238 s at 128 MB,
# 94 s at 1,024 MB (profiled; bench/ingest.py). Bulk batches stay within 256 MB (drain batches).
WRITER_MEMORY_MB = 256


def bulk_writer(index):
    """A writer on `index` that waits at most WRITE_LOCK_TIMEOUT for the lock: see BulkSegmentWriter."""
    return BulkSegmentWriter(index, timeout=WRITE_LOCK_TIMEOUT, limitmb=WRITER_MEMORY_MB)


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with the costs of bulk writing removed; the index format is Whoosh's.

    * No file-system check and no file read per posting: Whoosh-Reloaded 2.7.5 looks up each
      posting's field length in the new segment's length column (a seek and a read per posting,
      and for fields without lengths — IDs, keywords, dates — a stat(): 846,000 for the BBC
      corpus). Each length column is now read once (SegmentLengths).
    * Spelling postings that belong to their document (SpellingPool).

    (Whoosh's codec could store short posting lists inline in the term table, saving a posting
    block each — a third of a commit's time is writing blocks — but that path of Whoosh-Reloaded
    2.7.5 is broken: `W3Codec(inlinelimit=16)` raises AttributeError in finish_postings.)
    """

    def __init__(self, index, **kwargs):
        super().__init__(index, **kwargs)
        spelling_fields = {
            field.spelling_fieldname(name) for name, field in self.schema.items() if field.separate_spelling()
        }
        self.pool = SpellingPool(
            self._tempstorage, self.newsegment, limitmb=kwargs["limitmb"], spelling_fields=spelling_fields
        )

    def add_document(self, **fields):
        with self.pool.document(self.docnum):
            super().add_document(**fields)

    def per_document_reader(self):
        return SegmentLengths(super().per_document_reader())


class SegmentLengths:
    """A new segment's per-document reader for add_postings(), whose field lengths are read one
    whole column at a time instead of one seek and read per posting (same values: Whoosh stores
    a length as one byte and reads it back with byte_to_length)."""

    def __init__(self, reader):
        self.reader = reader
        self.columns = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self.columns.get(fieldname)
        if fieldname not in self.columns:
            lengths = self.columns[fieldname] = self._lengths(fieldname)
        if lengths is None:
            return default
        return lengths[docnum]

    def _lengths(self, fieldname):
        length_column = _lenfield(fieldname)
        if not self.reader.has_column(length_column):
            return None
        column = self.reader.column_reader(length_column, LENGTHS_COLUMN)
        return [byte_to_length(byte) if byte else None for byte in column]

    def close(self):
        self.reader.close()


class SpellingPool(PostingPool):
    """Whoosh's posting pool with each spelling posting filed under its own document.

    For "did you mean" Whoosh adds the words of each document to the spelling field, all under
    document 0 of the segment: deleting or replacing a document never removes its words, so an
    unpublished or deleted article's words stayed in the dictionary. Here each word of a document
    is one posting of THAT document (weight summed), so it goes when the document goes, and a word
    is known while a live document holds it (`has_live_posting`). Merges copy postings as usual.
    """

    def __init__(self, *args, spelling_fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.spelling_fields = spelling_fields
        self.docnum = None  # the document being added, while SegmentWriter.add_document runs
        self.document_words = Counter()

    @contextmanager
    def document(self, docnum):
        self.docnum = docnum
        try:
            yield
            for (fieldname, word), weight in sorted(self.document_words.items()):
                # The spelling field's Frequency format stores a value with every posting; a
                # segment merge reads it back (an empty value made merges fail with IndexError).
                super().add((fieldname, word, docnum, weight, pack_uint(max(1, round(weight)))))
        finally:
            self.document_words.clear()
            self.docnum = None

    def add(self, item):
        fieldname, word, _, weight, _ = item
        if self.docnum is not None and fieldname in self.spelling_fields:
            self.document_words[fieldname, word] += weight
        else:
            super().add(item)


def join_parts(index, storage, schema, parts):
    """Move the segments of the complete indexes in the folders `parts` into `index` (empty, in
    `storage`) under one table of contents, and delete the part folders.

    The segments are not merged (a merge is one more single-core pass over every posting): a
    search reads one segment per part."""
    segments = []
    for part in map(Path, parts):
        segments += whoosh_index.open_dir(str(part))._segments()  # no public way to list them
        for segment_file in part.glob("*.seg"):
            os.replace(segment_file, Path(storage.folder) / segment_file.name)
        shutil.rmtree(part)
    TOC(schema, segments, index.latest_generation() + 1).write(storage, index.indexname)
