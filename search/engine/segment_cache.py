"""Arrays read from a segment once per process, kept in least-recently-used caches keyed by the
segment's id: its facet values, date and length columns and filter masks (`cached`, at most
CACHE_SIZE of them), and its terms' posting lists (`cached_postings`, at most POSTINGS_BYTES).

Segments never change once written (a merge writes a new one), so an entry is valid for as long as
its segment exists; a deleted document may stay in an entry, and every reader of one leaves out
the segment's deleted documents itself.
"""

from collections import OrderedDict

CACHE_SIZE = 128
# The posting lists of the words searched most recently: 16 bytes a posting (a document number
# and a weight), so "said" at 100,000 articles (94,011 postings) takes 1.5 MB of a web worker.
POSTINGS_BYTES = 48 * 2**20


class SegmentCache:
    """At most `limit` in the sum of its values' `size_of`, the least recently used dropped first."""

    def __init__(self, limit, size_of):
        self.limit = limit
        self.size_of = size_of
        self.size = 0
        self.entries = OrderedDict()

    def get(self, key, build):
        if key in self.entries:
            self.entries.move_to_end(key)
            return self.entries[key]
        value = self.entries[key] = build()
        self.size += self.size_of(value)
        while self.size > self.limit and len(self.entries) > 1:
            self.size -= self.size_of(self.entries.popitem(last=False)[1])
        return value

    def clear(self):
        self.entries.clear()
        self.size = 0


_arrays = SegmentCache(CACHE_SIZE, size_of=lambda value: 1)
_postings = SegmentCache(POSTINGS_BYTES, size_of=lambda arrays: sum(array.nbytes for array in arrays))


def cached(key, build):
    """The value kept under `key` (a tuple led by the segment's id), built by `build()` if absent."""
    return _arrays.get(key, build)


def clear_postings():
    """Forget every posting list read (bench/peers.py --cold times searches without them)."""
    _postings.clear()


def cached_postings(key, build):
    """The (document numbers, weights) arrays kept under `key` (segment id, field, term), built by
    `build()` if absent; read-only, as every search shares them."""

    def read_only():
        arrays = build()
        for array in arrays:
            array.flags.writeable = False
        return arrays

    return _postings.get(key, read_only)
