"""Iteration helpers shared by the importer, the indexer and both search engines."""

from itertools import islice


def chunked(items, size):
    """Lists of at most `size` of `items`, in order, read lazily (a build's objects are never all
    listed at once)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
