"""From search hits to database rows, in hit order: a page at a time, or every match in chunks.

The search service (search/service.py) decides what matches and in which order; these helpers only
load the rows. `iter_matches` walks all of a SearchQuerySet's hits in fixed-size windows, so an
export of 100,000 matches holds at most one window of hits and rows in memory (plus the engine's
list of matching document numbers), each window costs one SQL query plus one per prefetch — never
a query per row. How the engine walks the hits is its own (search.engine.hit_windows): two
searches on Whoosh, one request per window on Solr.
"""

from search.engine import hit_windows, without_facets, without_highlight

CHUNK_SIZE = 500


def hits_with_rows(hits, queryset):
    """(hit, row) for each of `hits` whose row `queryset` holds, in hit order; one query (plus the
    queryset's prefetches).

    A hit whose row is not in `queryset` (deleted, or no longer published and not yet removed from
    the index) is left out.
    """
    rows = queryset.order_by().in_bulk([int(hit.pk) for hit in hits])  # the hits give the order
    return [(hit, rows[int(hit.pk)]) for hit in hits if int(hit.pk) in rows]


def rows_in_hit_order(hits, queryset):
    """The rows of `queryset` for `hits`, in hit order (see hits_with_rows)."""
    return [row for _hit, row in hits_with_rows(hits, queryset)]


def iter_matches(sqs, queryset, size=CHUNK_SIZE):
    """Every row of `queryset` matching `sqs`, in the order of `sqs`, loaded `size` at a time."""
    sqs = without_facets(without_highlight(sqs))
    for window in hit_windows(sqs, size):
        yield from rows_in_hit_order(window, queryset)
