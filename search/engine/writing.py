"""Writing the Whoosh index: one bulk-friendly segment writer, merging segments when nobody waits,
and joining segments written apart.

Only the indexer process (and reindex/check_index) ever write; web requests never open a writer.
"""

import marshal
import os
import shutil
import time
from itertools import islice
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PostingsWriter, _lenfield
from whoosh.index import TOC
from whoosh.matching import ListMatcher
from whoosh.reading import SegmentReader
from whoosh.system import _INT_SIZE, pack_uint, unpack_uint
from whoosh.util import fib
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from search.engine.schema import spelling_words

# A document's keyword argument, in Whoosh's style for options ("_stored_<field>", "_boost"): no
# spelling words for this document.
WITHOUT_SPELLING = "_without_spelling"
# The value of a spelling posting. The spelling field's Frequency format stores one with every
# posting, and a segment merge reads it back (an empty value made merges fail with IndexError).
SPELLING_POSTING_VALUE = pack_uint(1)
# Writers wait this long for Whoosh's lock and then raise, so a change is retried instead of being
# dropped (stock remove() swallows LockError).
WRITE_LOCK_TIMEOUT = 10.0
# Postings a writer keeps in memory before sorting them to temporary files. Whoosh's default (128)
# spills and re-reads most of a large batch: one commit of the BBC corpus took 238 s at 128 MB,
# 94 s at 1,024 MB (profiled; bench/ingest.py). Bulk batches stay within 256 MB (drain batches).
WRITER_MEMORY_MB = 256
# Posting lists this short are kept in the term table instead of a block of the postings file.
# Most terms of a small segment (an editor's change rewrites a few hundred documents) are this
# rare: a merge's commit wrote ~15,000 blocks, each pickled, zlib-compressed and framed.
INLINE_POSTINGS = 16
# Postings per marshalled record of a pool's spilled run (ChunkedRunsPool): ~1 MB in memory.
RUN_CHUNK = 4096
# The most documents one merge of small segments rewrites (merge_small_segments). Whoosh's own
# policy, run in every commit, has no bound: on the BBC archive a 1-document title fix waited
# 6.8 s (load 5) for 1,631 documents of 13 segments, and merging all of its segments takes 40 s
# of CPU. Larger segments are merged by bulk commits (drain_outbox: imports) and `reindex`.
MERGE_BUDGET_DOCS = 5_000
# Short values a writer remembers the analysis of (BulkSegmentWriter.analysed), and how long
# they may be: a quote's article title, source and speaker, an actor's kind recur in every document
# that shows them.
REMEMBERED_VALUES = 50_000
REMEMBERED_LENGTH = 200
# How often (seconds of merging) an interruptible merge asks whether it should give way.
INTERRUPT_CHECK_SECONDS = 0.05


def bulk_writer(index):
    """A writer on `index` that waits at most WRITE_LOCK_TIMEOUT for the lock: see BulkSegmentWriter."""
    return BulkSegmentWriter(
        index,
        timeout=WRITE_LOCK_TIMEOUT,
        limitmb=WRITER_MEMORY_MB,
        codec=InliningCodec(inlinelimit=INLINE_POSTINGS),
    )


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with the costs of bulk writing removed; the index format is Whoosh's.

    * No file-system check and no file read per posting: Whoosh-Reloaded 2.7.5 looks up each
      posting's field length in the new segment's length column (a seek and a read per posting,
      and for fields without lengths — IDs, keywords, dates — a stat(): 846,000 for the BBC
      corpus). Each length column is now read once (SegmentLengths).
    * Spelling postings that belong to their document, found in the same pass as the text's
      postings (add_document).
    * Spilled posting runs written and read in chunks (ChunkedRunsPool).
    * Short posting lists stored in the term table, not as blocks (InliningCodec).
    * No look-up of documents to replace on an index without segments (update_document).
    * A short value's analysis done once per writer, not once per document holding it (analysed).
    """

    def __init__(self, index, **kwargs):
        super().__init__(index, **kwargs)
        if any(field.vector for field in self.schema):
            raise ValueError("BulkSegmentWriter writes no term vectors")
        self.pool = GivingWayPool(self._tempstorage, self.newsegment, limitmb=kwargs["limitmb"])
        self.remembered = {}

    def add_document(self, **fields):
        """Whoosh's SegmentWriter.add_document, with the spelling words of a document (for "did you
        mean") filed under the document itself; none for a document given WITHOUT_SPELLING=True.

        Whoosh adds the words of each document to the spelling field all under document 0 of the
        segment: deleting or replacing a document never removed its words, so an unpublished or
        deleted article's words stayed in the dictionary. Here each word of a document is a posting
        of THAT document, so it goes when the document goes, and a word is known while a live
        document holds it (spelling.has_live_posting). The words are found as the text's postings
        are (schema.spelling_words), not by a second run of the analyser. Merges copy postings.
        """
        spelled = not fields.pop(WITHOUT_SPELLING, False)
        self._check_state()
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, fieldnames)
        self.perdocwriter.start_doc(self.docnum)
        try:
            for fieldname in fieldnames:
                if fields[fieldname] is not None:
                    self._add_field(fieldname, fields, spelled)
        except Exception:
            self.perdocwriter.cancel_doc()
            raise
        self.perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_field(self, fieldname, fields, spelled):
        """Pool the postings of one field of the document being added; store its value and column."""
        field, value, docnum, add = self.schema[fieldname], fields[fieldname], self.docnum, self.pool.add
        length = 0
        if field.indexed:
            boost = self._field_boost(fields, fieldname, self._doc_boost(fields))
            for term, frequency, weight, encoded in self.analysed(fieldname, field, value):
                length += frequency if field.scorable else 0
                add((fieldname, term, docnum, weight * boost, encoded))
        if spelled and field.separate_spelling():
            spelling_field = field.spelling_fieldname(fieldname)
            for word in spelling_words(field, value):
                add((spelling_field, word.encode("utf-8"), docnum, 1, SPELLING_POSTING_VALUE))
        stored = fields.get(f"_stored_{fieldname}", value)
        self.perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
        if field.column_type and stored is not None:
            self.perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))

    def analysed(self, fieldname, field, value):
        """`field.index(value)`: (term, frequency, weight, encoded positions) of each of the value's
        terms. Those of a short text are remembered: the same value in another document (a quote's
        article title and source, a speaker, a kind) makes the same postings: the 13,472 documents
        of 970 imported BBC articles hold 134,678 short values, 63,815 of them distinct (most of
        those the documents' ids). A unique field's values are never remembered."""
        if field.unique or not isinstance(value, str) or len(value) > REMEMBERED_LENGTH:
            return field.index(value)
        key = fieldname, value
        postings = self.remembered.get(key)
        if postings is None:
            if len(self.remembered) >= REMEMBERED_VALUES:
                self.remembered.clear()
            postings = self.remembered[key] = list(field.index(value))
        return postings

    def update_document(self, **fields):
        """Whoosh's update_document replaces COMMITTED documents only, found with a search of the
        index's segments for each document's unique fields. An index without segments (a
        `reindex` build or its parts, a first import) has none to replace: add it.
        `self.segments` are those of the index when this writer took the lock."""
        if self.segments:
            super().update_document(**fields)
        else:
            self.add_document(**fields)

    def per_document_reader(self):
        return SegmentLengths(super().per_document_reader())

    def add_postings_to_pool(self, reader, startdoc, docmap):
        # Whoosh's method, reading the merged segment's postings through giving_way().
        add = self.pool.add
        for item in self._process_posts(self.pool.giving_way(reader.iter_postings()), startdoc, docmap):
            add(item)


class MergeInterrupted(Exception):
    """A merge gave way to waiting changes; its writer is cancelled and the index is unchanged."""


def merge_small_segments(index, interrupted):
    """Merge the segments Whoosh's policy would merge, if they hold at most MERGE_BUDGET_DOCS
    documents, giving way as soon as `interrupted()` is true.

    Returns False when interrupted (nothing changed: call again later), True otherwise (merged,
    or nothing to merge: no new generation is written then).
    """
    writer = bulk_writer(index)
    writer.pool.interrupted = interrupted
    try:
        writer.commit(mergetype=_merge_small)
    except _NothingToMerge:
        writer.cancel()
    except MergeInterrupted:
        writer.cancel()
        return False
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    return True


class _NothingToMerge(Exception):
    pass


def _merge_small(writer, segments):
    """A Whoosh merge policy: add the small segments to `writer`'s new one; returns the others."""
    chosen = small_segments(segments)
    if not chosen:
        raise _NothingToMerge
    for segment in chosen:
        writer.pool.check_interruption()  # before copying the segment's stored fields
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [segment for segment in segments if segment not in chosen]


def small_segments(segments):
    """The segments Whoosh's MERGE_SMALL would merge (the smallest ones, once enough of them are
    small by its Fibonacci rule), or none if they hold more than MERGE_BUDGET_DOCS documents."""
    budget = MERGE_BUDGET_DOCS
    ordered = sorted(segments, key=lambda segment: segment.doc_count_all())
    total = 0
    for position, segment in enumerate(ordered):
        total += segment.doc_count_all()
        if total > budget:
            return []
        if position > 3 and total < fib(position + 5):
            return ordered[: position + 1]
    return []


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


class InliningCodec(W3Codec):
    """Whoosh 3's codec with its path for short posting lists repaired; same file formats.

    Whoosh can keep a posting list of fewer than `inlinelimit` postings in its term's entry of the
    term table (read back as a ListMatcher) instead of a block of the postings file — a block
    costs a pickle, a zlib call and a framed write, and writing blocks was a third of a commit.
    Whoosh-Reloaded 2.7.5 cannot: finish_postings() calls `set_inline`, which W3TermInfo names
    `set_inlined` (AttributeError), and ListMatcher.copy() loses the term info that scorers read.

    Whoosh pickles the codec into every segment it writes: this class must stay importable at
    this path, or indexes written with it no longer open.
    """

    def postings_writer(self, dbfile, byteids=False):
        # Term vectors (byteids) are looked up by their postings file extent: never inlined.
        return InliningPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=1 if byteids else self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if not terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        ids, weights, values = terminfo.inlined_postings()
        return InlinedPostings(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)


class InliningPostingsWriter(W3PostingsWriter):
    def finish_postings(self):
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values)
        self._terminfo = None
        return terminfo


class InlinedPostings(ListMatcher):
    """An inlined posting list read as the postings file's blocks read: its copies keep the term
    and its term info (scorers read the term info's length and weight bounds), and a posting of a
    field without values (IDs, keywords) has the value None (ListMatcher says "", which a segment
    merge refuses: a posting's value must be bytes or None)."""

    def value(self):
        return super().value() if self._values else None

    def copy(self):
        return type(self)(
            self._ids,
            self._weights,
            self._values,
            self._format,
            self._scorer,
            self._i,
            self._all_weights,
            self._term,
            self._terminfo,
        )


class ChunkedRunsPool(PostingPool):
    """Whoosh's posting pool with its spilled runs written and read RUN_CHUNK postings at a time.

    A pool fuller than its limit sorts its postings to a temporary run; the commit merges the runs
    back. Whoosh marshals a run one posting at a time into the file and reads it back likewise,
    and `marshal.load` of a file makes a Python read call per value: a third of a worker's CPU
    in a build that spills (a quarter of the 10,000-article archive, profiled). Here each chunk
    of postings is one `marshal.dumps` after its length, read back with one read and one `loads`.
    The merge holds one chunk per run in memory. Same postings, same order.
    """

    def _write_run(self, f, items):
        items = iter(items)
        while chunk := list(islice(items, RUN_CHUNK)):
            data = marshal.dumps(chunk, 2)
            f.write(pack_uint(len(data)) + data)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while header := f.read(_INT_SIZE):
                yield from marshal.loads(f.read(unpack_uint(header)[0]))  # noqa: S302 (our own run)
        finally:
            f.close()
            self._remove_run(path)


class GivingWayPool(ChunkedRunsPool):
    """The writer's posting pool, able to give way: a merge of small segments (merge_small_segments)
    asks `interrupted()` between postings and stops if it is true."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.interrupted = None  # merge_small_segments' question: should the merge give way?
        self.next_check = 0.0

    def iter_postings(self):
        # Writing the merged postings is most of a merge: it may give way between two of them.
        return self.giving_way(super().iter_postings())

    def giving_way(self, postings):
        """`postings`, asking `interrupted()` between two of them (see check_interruption);
        `postings` itself when nothing can interrupt."""
        if self.interrupted is None:
            return postings
        return self._giving_way(postings)

    def _giving_way(self, postings):
        for number, posting in enumerate(postings):
            if number % 1024 == 0:
                self.check_interruption()
            yield posting

    def check_interruption(self):
        """Raise MergeInterrupted if `interrupted()` is true, asking at most every
        INTERRUPT_CHECK_SECONDS (it may query the database)."""
        if self.interrupted is None or time.monotonic() < self.next_check:
            return
        if self.interrupted():
            raise MergeInterrupted
        self.next_check = time.monotonic() + INTERRUPT_CHECK_SECONDS


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
