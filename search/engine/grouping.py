"""Sorting and facets: Whoosh's sort keys and groupings for haystack's order_by and facet
requests, and the groups read back in the shape haystack's facet_counts() gives them."""

from datetime import date, datetime
from operator import itemgetter

from whoosh.fields import DATETIME
from whoosh.query import Every
from whoosh.sorting import Count, DateRangeFacet, FieldFacet, MultiFacet, QueryFacet
from whoosh.support.relativedelta import relativedelta

from search.engine.doc_values import CountedResults


def sort_spec(schema, sort_by):
    """Whoosh sort keys for haystack's order_by list; each field has its own direction (stock
    haystack needs one direction for all) and documents without a date sort last either way
    (stock: first in "-published", i.e. before the newest articles)."""
    if not sort_by:
        return None
    keys = []
    for spec in sort_by:
        name = spec.lstrip("-")
        if isinstance(schema[name], DATETIME):
            keys.append(QueryFacet({0: Every(name)}, other=1))  # dated (0) before undated (1)
        keys.append(FieldFacet(name, reverse=spec.startswith("-")))
    return MultiFacet(keys)


def is_one_date(schema, sort_by):
    """True for relevance order or one DATETIME field: what doc_values.py sorts by itself."""
    return not sort_by or (len(sort_by) == 1 and isinstance(schema[sort_by[0].lstrip("-")], DATETIME))


def facet_spec(facets, date_facets, query_facets, source_field, parse):
    """({group name: Whoosh facet}, {group name: (kind, field, order)}) for haystack's facet
    requests. `source_field(name)` is the search field a facet is about, `parse` reads a query."""
    groupedby, kinds = {}, {}
    for name in facets or ():
        # Multi-valued fields need overlap; single values read the sortable column (much faster).
        field = source_field(name)
        groupedby[f"fields:{name}"] = FieldFacet(name, allow_overlap=field.is_multivalued, maptype=Count)
        order = "value" if getattr(field, "facet_order", "count") == "value" else "count"
        kinds[f"fields:{name}"] = ("fields", name, order)
    for name, spec in (date_facets or {}).items():
        gap = relativedelta(**{f"{spec['gap_by']}s": spec.get("gap_amount", 1)})
        groupedby[f"dates:{name}"] = DateRangeFacet(
            name, as_datetime(spec["start_date"]), as_datetime(spec["end_date"]), gap, maptype=Count
        )
        kinds[f"dates:{name}"] = ("dates", name, "date")
    if query_facets:
        buckets = {f"{field}:{query}": parse(f"{field}:{query}") for field, query in query_facets}
        groupedby["queries"] = QueryFacet(buckets, allow_overlap=True, maptype=Count)
        kinds["queries"] = ("queries", None, None)
    return groupedby, kinds


def facet_counts(results, facet_kinds, query_facets):
    """Haystack's facet_counts() dict from the groups of `results`, counted once per result.

    A page asks the backend for its search twice (Paginator's count, then the page), the memo
    answers both with the same results, and sorting the values of the people, speaker and
    organisation facets (thousands each at 100,000 articles) was a fifth of a page. Callers read
    the lists; they never change them."""
    facets = getattr(results, "haystack_facets", None)
    if facets is None:
        facets = results.haystack_facets = _facet_counts(results, facet_kinds, query_facets)
    return facets


def _facet_counts(results, facet_kinds, query_facets):
    facets = {"fields": {}, "dates": {}, "queries": {}}
    for group_name, (kind, name, order) in facet_kinds.items():
        groups = results.groups(group_name)
        if kind == "fields":
            facets["fields"][name] = _field_values(results, groups, order)
        elif kind == "dates":
            # Stock haystack sorts date buckets by count and keeps an out-of-range None bucket.
            facets["dates"][name] = sorted((span[0], n) for span, n in groups.items() if span)
        else:
            for field, query in query_facets:
                facets["queries"][f"{field}:{query}"] = groups.get(f"{field}:{query}", 0)
    return facets


def _field_values(results, groups, order):
    """[(value, count)] of a field facet, by count then value, or by value (`order`)."""
    if isinstance(results, CountedResults):
        # doc_values.facet_counts: str values, none empty, by count then value. A Python test of
        # each of thousands of values (people of "said" at 100,000 articles) took ~2 ms a page.
        values = list(groups.items())
        if order == "value":
            values.sort(key=itemgetter(0))
        return values
    # Whoosh's own groups: values read from a list column (FacetKeywords) come back as bytes.
    values = [
        (value.decode("utf-8") if isinstance(value, bytes) else value, n)
        for value, n in groups.items()
        if value not in (None, "", b"")
    ]
    # Two stable sorts on C keys (a lambda key per value was a tenth of a page).
    values.sort(key=itemgetter(0))
    if order == "count":
        values.sort(key=itemgetter(1), reverse=True)
    return values


def as_datetime(value):
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise ValueError(f"not a date: {value!r}")
