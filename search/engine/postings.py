"""Every hit of a query of words, phrases and prefixes with its BM25F score, read a posting block
at a time with numpy.

Whoosh scores each hit with a chain of Python calls (the matcher's next and id, the scorer, one
column read for the document's field length, the collector): about 10 µs a hit, most of a second
for the 84,869 articles saying "said" at 100,000 articles. Here a term's posting list is read a
block at a time (Whoosh pickles the document numbers and weights of up to 128 postings in one
block) into arrays, its scores are one numpy expression of Whoosh's BM25F over the segment's
field lengths, and And, Or and AndNot become joins of sorted arrays with the sums Whoosh's
matchers make (an And or an Or scores the sum of its matching parts, AndNot its positive part).
A phrase is the intersection of its words, kept where their positions follow one another, and
scores the sum of its words' scores, as Whoosh's SpanNear2 does. A term's posting arrays and its
positions are read once per process and segment (segment_cache.cached_postings).

A prefix is the Or of the segment's words it starts, scored as that Or: Whoosh itself
scores it so in a segment of more than 5,000 documents, but gives every hit the same score in a
smaller one (its preloaded union, unscored for a "constant score" query), so that a new small
segment's hits ranked apart from the old ones'.

Queries with any other part (a range, an Or with a minimum match, a phrase with slop) give None,
and Whoosh's own matchers score them (doc_values.scored_hits). The scores are Whoosh's: the same
formula on the same values, in the order of its matchers for one term, and a sum in another order
for several (tests/test_search_postings.py compares hits, scores and first pages).
"""

import io
import itertools
import pickle
import struct
import time
import zlib

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.matching import FilterMatcher
from whoosh.query import And, AndNot, NullQuery, Or, Phrase, Prefix, Term
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

from search.engine import SearchTooSlow
from search.engine.segment_cache import cached, cached_postings

# byte_to_length for every stored length byte (Whoosh keeps a field's length as one byte).
LENGTH_OF_BYTE = np.array([float(byte_to_length(byte)) for byte in range(256)])
NO_HITS = (np.zeros(0, np.int64), np.zeros(0, np.float64))
_INT = struct.Struct("!i")  # a block's length, as Whoosh's StructFile writes it
# Where a block's pickled values begin (a tuple mark, then the global _codecs.encode), and what
# closes the pickle instead: None for the values, the outer tuple of three, stop.
VALUES_START = b"(c_codecs\nencode\n"
WITHOUT_VALUES = b"N\x87."
# Keys of a phrase's possible starts: candidate × STRIDE + position (positions stay below 2**32).
STRIDE = 2**32
# Postings whose positions one pickle.loads reads: the lists of Python ints it makes are freed by
# the chunk (a word held 2.5 million times, "the", would otherwise hold ~100 MB of them at once).
POSITIONS_CHUNK = 4096


class Unsupported(Exception):
    """The query has a part this module does not score; Whoosh's matchers do."""


class Deadline:
    """When a search's time budget runs out: checked after each posting list is read."""

    def __init__(self, budget):
        self.budget = budget
        self.at = time.monotonic() + budget

    def check(self):
        if time.monotonic() > self.at:
            raise SearchTooSlow(self.budget)


def scored_hits(searcher, query, budget):
    """(global docnums in order, their scores) of every undeleted document matching `query`, or
    None when the query has a part scored only by Whoosh's matchers. Raises SearchTooSlow past
    `budget` seconds."""
    deadline = Deadline(budget)
    docnums, scores = [NO_HITS[0]], [NO_HITS[1]]
    try:
        for leaf, offset in searcher.leaf_searchers():
            local, local_scores = _hits(query, leaf, searcher, deadline)
            kept = _undeleted(leaf.reader(), local)
            docnums.append(local[kept] + offset)
            scores.append(local_scores[kept])
    except Unsupported:
        return None
    return np.concatenate(docnums), np.concatenate(scores)


def _hits(query, leaf, top, deadline):
    """(sorted local docnums, scores) of `query` in the segment `leaf` searches, deleted included."""
    if query is NullQuery:
        return NO_HITS
    if isinstance(query, AndNot):  # scored by its positive part alone; Whoosh ignores its boost
        docnums, scores = _hits(query.a, leaf, top, deadline)
        kept = ~np.isin(docnums, _hits(query.b, leaf, top, deadline)[0], assume_unique=True)
        return docnums[kept], scores[kept]
    if isinstance(query, (Term, Phrase)):
        docnums, scores = (_term_hits if isinstance(query, Term) else _phrase_hits)(query, leaf, top)
        deadline.check()
    elif isinstance(query, And) and query.subqueries:
        docnums, scores = _hits(query.subqueries[0], leaf, top, deadline)
        for part in query.subqueries[1:]:
            docnums, scores = _intersection(docnums, scores, *_hits(part, leaf, top, deadline))
    elif isinstance(query, Or) and query.subqueries and not query.minmatch and not query.scale:
        docnums, scores = _union([_hits(part, leaf, top, deadline) for part in query.subqueries])
    elif isinstance(query, Prefix) and query.text:
        docnums, scores = _prefix_hits(query, leaf, top)
        deadline.check()
    else:
        raise Unsupported(query)
    return docnums, scores if query.boost == 1.0 else scores * query.boost


def _term_hits(term, leaf, top):
    try:
        text = leaf.schema[term.fieldname].to_bytes(term.text) if term.fieldname in leaf.schema else None
    except ValueError:
        text = None
    if text is None or (term.fieldname, text) not in leaf.reader():
        return NO_HITS
    return _scored_postings(leaf, top, term.fieldname, text)


def _prefix_hits(prefix, leaf, top):
    """Documents holding a word `prefix` starts, each scored the sum of its words' scores."""
    if prefix.fieldname not in leaf.schema:
        return NO_HITS
    words = leaf.reader().expand_prefix(prefix.fieldname, prefix.text)
    lists = [_scored_postings(leaf, top, prefix.fieldname, word) for word in words]
    return _union(lists) if lists else NO_HITS


def _phrase_hits(phrase, leaf, top):
    """Documents holding the phrase's words one after the other, scored as Whoosh scores a phrase
    (SpanNear2 over an intersection of its words: the sum of their scores)."""
    if phrase.slop != 1:
        raise Unsupported(phrase)
    if phrase.fieldname not in leaf.schema:
        return NO_HITS
    field = leaf.schema[phrase.fieldname]
    if not isinstance(field.format, Positions):
        raise Unsupported(field.format)
    try:
        words = [field.to_bytes(word) for word in phrase.words]
    except ValueError:
        return NO_HITS
    reader = leaf.reader()
    if any((phrase.fieldname, word) not in reader for word in words):
        return NO_HITS
    positions = [_term_positions(reader, phrase.fieldname, word) for word in words]  # first: one read
    lists = [_scored_postings(leaf, top, phrase.fieldname, word) for word in words]
    docnums, scores = lists[0]
    for other_docnums, other_scores in lists[1:]:
        docnums, scores = _intersection(docnums, scores, other_docnums, other_scores)
    words_positions = [
        _positions_of(term_positions, np.searchsorted(word_docnums, docnums))
        for term_positions, (word_docnums, _) in zip(positions, lists, strict=True)
    ]
    in_sequence = _in_sequence(words_positions, len(docnums))
    return docnums[in_sequence], scores[in_sequence]


def _term_positions(reader, fieldname, text):
    """(where each posting's positions begin, and the list's end; every position) of a term's
    postings in one segment, read once per process (segment_cache.cached_postings), its document
    numbers and weights kept on the way.

    A posting's value is the number of its positions (4 bytes) and a pickle of the list of their
    gaps. The pickles are joined into one, of the list of those lists, so that one pickle.loads
    reads POSITIONS_CHUNK of them (one per posting, in Python, took most of a phrase search)."""
    segment_id = reader.segment().segment_id()

    def build():
        docnums, weights, values = _read_postings(reader, fieldname, text, with_values=True)
        cached_postings((segment_id, fieldname, text), lambda: (docnums, weights))
        chunks = [_gaps(values[at : at + POSITIONS_CHUNK]) for at in range(0, len(values), POSITIONS_CHUNK)]
        counts = np.concatenate([counts for counts, _ in chunks])
        totals = np.cumsum(np.concatenate([gaps for _, gaps in chunks]))
        starts = np.concatenate(([0], np.cumsum(counts)))
        before = np.concatenate(([0], totals))[starts[:-1]]  # the total before each posting's gaps
        return starts, (totals - np.repeat(before, counts)).astype(np.int32)

    return cached_postings((segment_id, fieldname, text, "positions"), build)


def _gaps(values):
    """(how many gaps, all the gaps) of Positions values."""
    bodies = b"".join([value[_INT.size :].removesuffix(b".") for value in values])
    gap_lists = pickle.loads(b"\x80\x02(" + bodies + b"l.")  # noqa: S301 (the index's own files)
    counts = np.fromiter(map(len, gap_lists), dtype=np.int64, count=len(gap_lists))
    return counts, np.fromiter(
        itertools.chain.from_iterable(gap_lists), dtype=np.int64, count=int(counts.sum())
    )


def _positions_of(term_positions, postings):
    """(candidate of each position, positions) of the postings at indexes `postings`, one per
    candidate, in the candidates' order."""
    starts, positions = term_positions
    first = starts[postings]
    counts = starts[postings + 1] - first
    candidates = np.repeat(np.arange(len(postings)), counts)
    return candidates, positions[slice_indexes(first, counts)].astype(np.int64)


def slice_indexes(starts, lengths):
    """The indexes of an array's slices [start, start + length), one slice after the other."""
    begins_in_result = np.cumsum(lengths) - lengths
    return np.repeat(starts - begins_in_result, lengths) + np.arange(int(lengths.sum()))


def _in_sequence(words_positions, count):
    """Which of `count` candidates hold the words, whose (candidate, positions) these are, one
    after the other somewhere.

    The possible starts of the phrase are keys candidate × STRIDE + position, sorted as the
    candidates and each one's positions are; each next word keeps those where it stands one
    further on, the smaller of the two sorted arrays looked up in the larger."""
    keys = None
    for offset, (candidates, positions) in enumerate(words_positions):
        starts = candidates * STRIDE + (positions - offset)
        keys = starts if keys is None else _sorted_intersection(keys, starts)
    found = np.zeros(count, dtype=bool)
    found[keys // STRIDE] = True
    return found


def _sorted_intersection(one, other):
    """The values of two sorted arrays of distinct values that are in both."""
    small, large = (one, other) if len(one) <= len(other) else (other, one)
    if not len(large):
        return large
    where = np.minimum(np.searchsorted(large, small), len(large) - 1)
    return small[large[where] == small]


def _scored_postings(leaf, top, fieldname, text):
    """(local docnums, scores) of a term that is in the segment `leaf` searches."""
    reader = leaf.reader()
    scorer = top.weighting.scorer(leaf, fieldname, text)
    docnums, weights = _postings(reader, fieldname, text)
    if type(scorer) is WeightScorer:  # a field that is not scorable: the posting's weight
        return docnums, weights
    if type(scorer) is not BM25FScorer:
        raise Unsupported(scorer)
    lengths = _field_lengths(reader, fieldname)[docnums]
    return docnums, bm25(scorer.idf, weights, lengths, scorer.avgfl, scorer.B, scorer.K1)


def bm25(idf, tf, fl, avgfl, B, K1):
    """whoosh.scoring.bm25 over arrays, written in the same order so that each score is the same."""
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))


def _postings(reader, fieldname, text):
    """(local docnums, weights) of a term's postings in one segment, deleted documents included,
    read once per process (segment_cache.cached_postings): the words searched most are few."""
    key = (reader.segment().segment_id(), fieldname, text)
    return cached_postings(key, lambda: _read_postings(reader, fieldname, text)[:2])


def _read_postings(reader, fieldname, text, with_values=False):
    """(local docnums, weights, values or None) of a term's postings in one segment, read from
    the index; the values (word positions) only `with_values`."""
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # the segment's deletions: applied once at the end
        matcher = matcher.child
        matcher.reset()  # the filter stepped over the deleted postings at its start
    if type(matcher) is not W3LeafMatcher:  # a short list kept in the term table (InliningCodec)
        return _listed_postings(matcher, with_values)
    docnums, weights, values = [], [], [] if with_values else None
    for count, ids, block_weights, block_values in _blocks(
        matcher._postfile, matcher._baseoffset, with_values
    ):
        docnums.append(np.cumsum(np.array(ids, dtype=np.int64)))  # ids are stored as deltas
        if block_weights is None or isinstance(block_weights, float):  # one weight for the block
            constant = np.float32(1.0 if block_weights is None else block_weights)  # Whoosh's array("f")
            weights.append(np.full(count, constant, dtype=np.float64))
        else:
            weights.append(np.array(block_weights, dtype=np.float64))
        if with_values:
            values.extend(block_values)
    return np.concatenate(docnums), np.concatenate(weights), values


def _blocks(postfile, position, with_values):
    """(postings, id deltas, weights, values or None) of each block of a posting list, the list's
    first block at `position` (after its header), as W3LeafMatcher reads them.

    A block is an int (its length, negative for the last block), a pickled info tuple and its
    data: the pickled tuple (id deltas, weights, values), zlib-compressed or not. Each posting's
    value (its word positions) is pickled as a Python 2 byte string, a call of _codecs.encode:
    two thirds of the time of a whole load. Scores need no positions, so unless `with_values`
    the data's pickle is cut where they start (VALUES_START: no pickled int or float can hold
    those bytes) and closed without them.
    """
    while True:
        length = _INT.unpack(postfile.get(position, _INT.size))[0]
        block = postfile.get(position + _INT.size, abs(length))
        stream = io.BytesIO(block)
        # The index's own files, which Whoosh itself unpickles the same way (never a user's input).
        count, _max_id, _max_weight, compression, _min_length, _max_length = pickle.load(stream)  # noqa: S301
        data = block[stream.tell() :]
        if compression:
            data = zlib.decompress(data)
        cut = -1 if with_values else data.find(VALUES_START)
        yield count, *pickle.loads(data if cut < 0 else data[:cut] + WITHOUT_VALUES)  # noqa: S301
        if length < 0:
            return
        position += _INT.size + abs(length)


def _listed_postings(matcher, with_values):
    docnums, weights, values = [], [], [] if with_values else None
    while matcher.is_active():
        docnums.append(matcher.id())
        weights.append(matcher.weight())
        if with_values:
            values.append(matcher.value())
        matcher.next()
    return np.array(docnums, dtype=np.int64), np.array(weights, dtype=np.float64), values


def _field_lengths(reader, fieldname):
    """Every document's length of `fieldname` in one segment (Whoosh's byte_to_length of its
    stored byte), read as one block of bytes once per segment and process."""

    def build():
        lengths = np.zeros(reader.doc_count_all(), dtype=np.uint8)
        # The segment's per-document reader holds the length columns (a column of one byte each).
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is not None:
            stored = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
            lengths[: len(stored)] = stored
        return LENGTH_OF_BYTE[lengths]

    return cached((reader.segment().segment_id(), fieldname, "lengths"), build)


def _intersection(docnums, scores, other_docnums, other_scores):
    common, mine, theirs = np.intersect1d(docnums, other_docnums, assume_unique=True, return_indices=True)
    return common, scores[mine] + other_scores[theirs]


def _union(parts):
    docnums = np.concatenate([docnums for docnums, _ in parts])
    scores = np.concatenate([scores for _, scores in parts])
    union, where = np.unique(docnums, return_inverse=True)
    return union, np.bincount(where, weights=scores, minlength=len(union))


def _undeleted(reader, docnums):
    if not reader.has_deletions():
        return np.ones(len(docnums), dtype=bool)
    return ~np.isin(docnums, np.fromiter(reader.deleted_docs_set, dtype=np.int64))
