"""Counts, facets and date order over ALL hits of a query, with numpy instead of Whoosh's collectors.

Whoosh computes facets and sorts by calling Python code for every hit (a categorizer per facet,
per document), and its exact `len()` of a limited search re-runs the query with scoring: on the
BBC corpus, 68 ms to count the 1,773 articles saying "said", against 3 ms to list their document
numbers with `Searcher.docs_for_query`. Here a search lists its hits once, then:

* facet counts are `numpy.bincount`s over per-segment arrays of each document's values;
* a date order is a numpy sort of the hits' date column values (undated documents last);
* only the page's documents are read back from the index.

The per-segment arrays are read from the fields' columns once per segment and process and kept
in search/engine/segment_cache.py. A query of words joined by AND, OR and NOT is listed and scored
by search/engine/postings.py with numpy; any other by Whoosh's matchers.
"""

import time
from dataclasses import dataclass

import numpy as np
from haystack.constants import DJANGO_CT
from whoosh.collectors import ScoredCollector, TimeLimitCollector
from whoosh.columns import VarBytesColumn
from whoosh.query import And, Every
from whoosh.searching import Searcher, TimeLimit

from search.engine import SearchTooSlow, postings
from search.engine.queries import conjuncts, fieldnames
from search.engine.segment_cache import cached

# Whoosh's sortable DATETIME column stores this for a document without a value.
NO_DATE = np.iinfo(np.uint64).max


@dataclass
class SegmentValues:
    """One field's values in one segment: entry i says document entry_doc[i] has values[entry_value[i]];
    the entries of document d are entry_value[doc_start[d]:doc_start[d + 1]] (entries are in
    document order)."""

    values: list
    entry_doc: np.ndarray
    entry_value: np.ndarray
    doc_start: np.ndarray

    def entries_of(self, docnums):
        """The indexes of every entry of `docnums` (sorted local document numbers), in order: one
        pass over all entries when they hold many of them, else their slices gathered."""
        starts = self.doc_start[docnums]
        lengths = self.doc_start[docnums + 1] - starts
        if int(lengths.sum()) * DENSE_SHARE > len(self.entry_doc):
            hit = np.zeros(len(self.doc_start) - 1, dtype=bool)
            hit[docnums] = True
            return np.flatnonzero(hit[self.entry_doc])
        return postings.slice_indexes(starts, lengths)


# A field's entries of a set of hits are found with one pass over all of them when the hits hold
# more than 1/DENSE_SHARE of them (the facets of "said", 84,842 of 100,000 articles).
DENSE_SHARE = 4


class CountedResults:
    """What the backend reads from a search: the ranked hits, the exact total and facet groups."""

    def __init__(self, hits, total, groups):
        self.hits = hits
        self.total = total
        self._groups = groups

    def __len__(self):
        return self.total

    def __getitem__(self, window):
        return self.hits[window]

    def groups(self, name):
        return self._groups[name]


class StoredHit:
    """A hit ranked here: its stored fields and its score (none in date order, as in Whoosh)."""

    def __init__(self, searcher, docnum, score=None):
        self.searcher = searcher
        self.docnum = docnum
        self.score = score

    def fields(self):
        return self.searcher.stored_fields(self.docnum)


def counted_search(
    searcher, parsed, restriction, sort_by, groupedby, limit, budget, collapse=None, excluded=None
):
    """The hits' total, field facets and date order from one listing of the hits; Whoosh only
    ranks by relevance, for the first `limit` hits. `sort_by` is relevance (None) or one date field;
    `collapse` (group field, rank field) keeps one hit per group (search/engine/__init__.py);
    `excluded`, a document number, is never a hit (more-like-this leaves out its document)."""
    docnums, scores = listed_hits(searcher, parsed, restriction, sort_by, budget)
    if excluded is not None:
        kept = docnums != excluded
        docnums, scores = docnums[kept], None if scores is None else scores[kept]
    if restriction:
        kept = restricted(searcher, docnums, restriction)
        docnums, scores = docnums[kept], None if scores is None else scores[kept]
    if collapse:
        kept = group_leaders(searcher, docnums, *collapse)
        docnums, scores = docnums[kept], None if scores is None else scores[kept]
    groups = {group: facet_counts(searcher, docnums, facet.fieldname) for group, facet in groupedby.items()}
    if sort_by:
        name = sort_by[0].lstrip("-")
        hits = in_date_order(searcher, docnums, name, sort_by[0].startswith("-"), limit)
    else:
        hits = by_score(searcher, docnums, scores, limit)
    return CountedResults(hits, len(docnums), groups)


def listed_hits(searcher, parsed, restriction, sort_by, budget):
    """(sorted docnums, scores or None in date order) of the documents matching `parsed`, before
    the restriction's masks are applied."""
    if parsed == Every():  # no words: every document, then the filters as masks
        docnums = every_live_docnum(searcher)
        return docnums, None if sort_by else np.ones(len(docnums))  # all equal: index order, as Whoosh
    # A filter rarer than the query (a person, a year...) joins it, so that Whoosh steps through
    # the filter's short posting list, at zero weight, so that it changes no score. The others
    # (the model, a source of most articles) are applied afterwards as cached masks.
    reader = searcher.reader()
    filters = [
        part
        for part in conjuncts(restriction)
        if DJANGO_CT not in fieldnames(part) and part.estimate_size(reader) < parsed.estimate_size(reader)
    ]
    query = And([parsed, *(part.with_boost(0.0) for part in filters)]) if filters else parsed
    if sort_by:
        return matching_docnums(searcher, query, budget), None
    return scored_hits(searcher, query, budget)


CHECK_EVERY = 256  # hits between two looks at the clock


def every_live_docnum(searcher):
    """Sorted global document numbers of every undeleted document, listed with numpy (Whoosh's
    Every() steps through them one Python call each: about a second at 867,000 documents)."""
    parts = [np.zeros(0, np.int64)]
    for reader, offset in searcher.reader().leaf_readers():
        docnums = np.arange(reader.doc_count_all(), dtype=np.int64)
        if reader.has_deletions():
            docnums = docnums[~np.isin(docnums, np.fromiter(reader.deleted_docs_set, dtype=np.int64))]
        parts.append(docnums + offset)
    return np.concatenate(parts)


def matching_docnums(searcher, query, budget):
    """Sorted global document numbers of every (undeleted) document matching `query`.

    Raises SearchTooSlow when listing them takes more than `budget` seconds."""
    listed = postings.scored_hits(searcher, query, budget)
    if listed is not None:
        return listed[0]
    deadline = time.monotonic() + budget
    docnums = []
    for count, docnum in enumerate(searcher.docs_for_query(query), 1):
        docnums.append(docnum)
        if count % CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise SearchTooSlow(budget)
    if time.monotonic() > deadline:
        raise SearchTooSlow(budget)
    return np.array(docnums, dtype=np.int64)


class EveryHitCollector(ScoredCollector):
    """Every matching document with its score, in one pass (Whoosh's own collectors keep the top N
    and list the documents in a second pass: twice the work for a phrase, whose every candidate
    needs its word positions compared)."""

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.docnums, self.scores = [], []

    def _collect(self, global_docnum, score):
        self.docnums.append(global_docnum)
        self.scores.append(score)

    def results(self):
        return np.array(self.docnums, dtype=np.int64), np.array(self.scores, dtype=np.float64)


def scored_hits(searcher, query, budget):
    """(docnums, scores) of every document matching `query`, in document order: with numpy for
    words joined by AND, OR and NOT (search/engine/postings.py), else with Whoosh's matchers.

    Raises SearchTooSlow when Whoosh's scoring takes more than `budget` seconds (checked between
    hits, by Whoosh's TimeLimitCollector: no signal, so it works in any thread)."""
    listed = postings.scored_hits(searcher, query, budget)
    if listed is not None:
        return listed
    collector = EveryHitCollector()
    try:
        searcher.search_with_collector(query, TimeLimitCollector(collector, budget, use_alarm=False))
    except TimeLimit:
        raise SearchTooSlow(budget) from None
    return collector.results()


def by_score(searcher, docnums, scores, limit):
    """The first `limit` hits by score, ties in index order (as Whoosh ranks them); only those
    scoring at least the limit-th best score are sorted (sorting all 84,842 hits of "said" at
    100,000 articles was a tenth of the search)."""
    candidates = np.arange(len(scores))
    if limit and limit < len(scores):  # only the hits scoring at least the limit-th best
        candidates = np.flatnonzero(scores >= np.partition(scores, len(scores) - limit)[len(scores) - limit])
    order = candidates[np.lexsort((docnums[candidates], -scores[candidates]))][:limit]
    return [StoredHit(searcher, int(docnums[i]), float(scores[i])) for i in order]


def restricted(searcher, docnums, restriction):
    """Which of `docnums` (a boolean array) also match `restriction` (the model, facet filters...).

    Whoosh intersects a query with a filter by stepping through both posting lists, block by block:
    100 ms for the 622 quotes saying "border" among 430,000 at 100,000 articles. A filter is the
    same for many searches (every Quotes-tab search has the model one), so its documents are
    listed once per segment and kept as a mask.
    """
    kept = [np.zeros(0, bool)]
    for reader, _, local in leaves(searcher, docnums):
        kept.append(restriction_mask(reader, restriction)[local])
    return np.concatenate(kept)


def restriction_mask(reader, restriction):
    def build():
        mask = np.zeros(reader.doc_count_all(), dtype=bool)
        segment_searcher = Searcher(reader, closereader=False)
        mask[np.fromiter(segment_searcher.docs_for_query(restriction), dtype=np.int64)] = True
        return mask

    # Deleted documents may stay in a cached mask: they never match the query they are applied to.
    return cached((reader.segment().segment_id(), repr(restriction), "mask"), build)


def leaves(searcher, docnums):
    """(segment reader, its first global docnum, its local docnums among `docnums`) per segment."""
    for reader, offset in searcher.reader().leaf_readers():
        if not reader.doc_count_all():
            continue  # an empty index's reader has no segment
        low, high = np.searchsorted(docnums, [offset, offset + reader.doc_count_all()])
        yield reader, offset, docnums[low:high] - offset


def group_leaders(searcher, docnums, group_field, rank_field):
    """Which of `docnums` (sorted; a boolean array) to keep when collapsing by `group_field`: per
    group value the one with the lowest `rank_field` (then the lowest docnum), and every document
    without a group value."""
    group_ids, ranks = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    per_segment = group_ids_of_documents(searcher, group_field)
    for reader, _, local in leaves(searcher, docnums):
        group_ids.append(per_segment[reader.segment().segment_id()][local])
        ranks.append(number_column(reader, rank_field)[local])
    group_ids, ranks = np.concatenate(group_ids), np.concatenate(ranks)
    keep = group_ids < 0
    grouped = np.flatnonzero(~keep)
    order = grouped[np.lexsort((grouped, ranks[grouped], group_ids[grouped]))]
    first_of_group = np.ones(len(order), dtype=bool)
    first_of_group[1:] = group_ids[order][1:] != group_ids[order][:-1]
    keep[order[first_of_group]] = True
    return keep


def group_ids_of_documents(searcher, group_field):
    """{segment id: each document's group number, -1 for none}, the numbers shared by the
    searcher's segments; built once per set of segments (per search, it was a tenth of the engine's
    time at 100,000 articles: an array over every document of the index, quotes included)."""
    readers = [reader for reader, _ in searcher.reader().leaf_readers() if reader.doc_count_all()]
    segment_ids = tuple(reader.segment().segment_id() for reader in readers)

    def build():
        names, per_segment = {}, {}
        for reader, segment_id in zip(readers, segment_ids, strict=True):
            segment = segment_values(reader, group_field)
            global_ids = np.array([names.setdefault(value, len(names)) for value in segment.values] or [0])
            per_doc = np.full(reader.doc_count_all(), -1, dtype=np.int64)
            per_doc[segment.entry_doc] = global_ids[segment.entry_value]
            per_doc.flags.writeable = False
            per_segment[segment_id] = per_doc
        return per_segment

    return cached((segment_ids, group_field, "group ids"), build)


def collapsed_away(searcher, parsed, restriction, collapse):
    """The set of global docnums a collapse drops from the hits of `parsed` within `restriction`
    (a mask for Whoosh's own search, for orders doc_values does not sort by itself)."""
    query = parsed if restriction is None else And([parsed, restriction])
    docnums = np.array(sorted(searcher.docs_for_query(query)), dtype=np.int64)
    return set(docnums[~group_leaders(searcher, docnums, *collapse)].tolist())


def facet_counts(searcher, docnums, fieldname):
    """{value: number of documents among `docnums` having it} for a field with a column, most
    frequent first, then by value: one bincount over the values of all segments. The values are
    str and never empty (`column_items` skips empty ones): grouping._field_values takes them as
    they are."""
    table = value_table(searcher, fieldname)
    counts = np.zeros(len(table.values), dtype=np.int64)
    for reader, _, local in leaves(searcher, docnums):
        if not len(local):
            continue
        entry_ids = table.of_entries[reader.segment().segment_id()]
        counts += np.bincount(
            entry_ids[segment_values(reader, fieldname).entries_of(local)], minlength=len(counts)
        )
    present = np.flatnonzero(counts)
    ordered = present[np.lexsort((present, -counts[present]))]  # ids follow the values' order
    return dict(zip(table.values[ordered].tolist(), counts[ordered].tolist(), strict=True))


@dataclass
class ValueTable:
    """A field's values over the segments of one searcher, in sorted order (an array of str), and
    for each segment (by id) the position in `values` of each of its entries' values."""

    values: np.ndarray
    of_entries: dict


def value_table(searcher, fieldname):
    readers = [reader for reader, _ in searcher.reader().leaf_readers() if reader.doc_count_all()]
    segment_ids = tuple(reader.segment().segment_id() for reader in readers)

    def build():
        per_segment = [segment_values(reader, fieldname) for reader in readers]
        values = sorted(set().union(*(segment.values for segment in per_segment)))
        position = {value: index for index, value in enumerate(values)}
        of_entries = {}
        for segment_id, segment in zip(segment_ids, per_segment, strict=True):
            of_value = np.array([position[value] for value in segment.values] or [0], dtype=np.int64)
            of_entries[segment_id] = of_value[segment.entry_value]
        return ValueTable(np.array(values, dtype=object), of_entries)

    return cached((segment_ids, fieldname, "value table"), build)


def in_date_order(searcher, docnums, fieldname, newest_first, limit):
    """The first `limit` of `docnums` ordered by a DATETIME field, undated ones last; documents
    with the same date keep their index order (as Whoosh's sort does)."""
    dates, dated, undated = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for reader, offset, local in leaves(searcher, docnums):
        values = date_column(reader, fieldname)[local]
        has_date = values != NO_DATE
        dates.append(values[has_date].astype(np.int64))  # microseconds: far below 2**63
        dated.append(local[has_date] + offset)
        undated.append(local[~has_date] + offset)
    dates = np.concatenate(dates)
    order = np.argsort(-dates if newest_first else dates, kind="stable")
    ranked = np.concatenate([np.concatenate(dated)[order], *undated])
    return [StoredHit(searcher, int(docnum)) for docnum in ranked[:limit]]


def segment_values(reader, fieldname):
    def build():
        value_ids, docs, values = {}, [], []
        for docnum, item in column_items(reader, fieldname):
            docs.append(docnum)
            values.append(value_ids.setdefault(item, len(value_ids)))
        entry_doc = np.array(docs, dtype=np.int64)
        return SegmentValues(
            [value.decode("utf-8") for value in value_ids],
            entry_doc,
            np.array(values, dtype=np.int64),
            np.searchsorted(entry_doc, np.arange(reader.doc_count_all() + 1)),
        )

    return cached((reader.segment().segment_id(), fieldname, "values"), build)


def column_items(reader, fieldname):
    """(docnum, value) of each non-empty value of a field's column, in document order.

    Most documents hold no value of a given facet (quotes have no people, organisations or
    places; articles no speaker): the documents without one are skipped with numpy, from the
    lengths Whoosh's VarBytes column keeps, before any Python runs per document. Reading every
    document took most of the first search of a web worker at 100,000 articles.
    """
    column = reader.column_reader(fieldname, translate=False)
    stored = getattr(column, "_child", column)  # a list column keeps its lists in a VarBytes column
    holds_lists = reader.schema[fieldname].column_type.stores_lists()
    if isinstance(stored, VarBytesColumn.Reader):
        docnums = np.flatnonzero(np.array(stored._lengths)).tolist()
    else:
        docnums = range(reader.doc_count_all())
    for docnum in docnums:
        value = column[docnum]
        for item in value if holds_lists else (value,):
            if item:
                yield docnum, item


def date_column(reader, fieldname):
    def build():
        column = reader.column_reader(fieldname, translate=False)
        return np.fromiter(column, dtype=np.uint64, count=reader.doc_count_all())

    return cached((reader.segment().segment_id(), fieldname, "dates"), build)


def number_column(reader, fieldname):
    def build():
        column = reader.column_reader(fieldname)
        return np.fromiter(column, dtype=np.int64, count=reader.doc_count_all())

    return cached((reader.segment().segment_id(), fieldname, "numbers"), build)
