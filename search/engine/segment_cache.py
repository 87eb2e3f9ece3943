"""Arrays read from a segment once per process (its facet values, date and length columns, filter
masks), kept in a small least-recently-used cache keyed by the segment's id.

Segments never change once written (a merge writes a new one), so an entry is valid for as long as
its segment exists; a deleted document may stay in an entry, and every reader of one leaves out
the segment's deleted documents itself.
"""

from collections import OrderedDict

CACHE_SIZE = 128
_cache = OrderedDict()


def cached(key, build):
    """The value kept under `key` (a tuple led by the segment's id), built by `build()` if absent."""
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    value = _cache[key] = build()
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return value
