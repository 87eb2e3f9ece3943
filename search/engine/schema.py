"""The Whoosh schema of Morgue's documents: haystack's, with the fields and analyser fixed.

Changing anything here needs `manage.py reindex`: an index keeps the schema it was built with
(`schema_matches` tells whether the live one still does). Whoosh pickles the schema into the index,
naming these classes by their import path: moving or renaming one makes existing indexes
unreadable unless the old path still offers it (search/backend.py does for the paths before #14).
"""

from haystack.fields import FacetField
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.columns import VarBytesListColumn
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT

from search.query import without_possessives

# Whoosh's word pattern, plus a possessive 's kept on its word so that PossessiveFilter drops it.
WORD_PATTERN = r"\w+(?:\.?\w+)*(?:['’]s\b)?"


class PossessiveFilter(Filter):
    """ "Blair's" → "Blair": otherwise a possessive is the two words "blair s", and the search
    `Blair's` (a phrase of both) finds only the possessive, a third of the articles `blair` finds."""

    drops_possessives = True  # search/engine/highlight.py replays this analyser when it sees the mark

    def __call__(self, tokens):
        for token in tokens:
            if "'" in token.text or "’" in token.text:  # the regex only where it can match
                token.text = without_possessives(token.text)
            yield token


def content_analyzer():
    """Stemmed, lower-cased, possessives dropped, and NO stop words: dropping them renumbers
    positions, so "zero tolerance" would match "zero and the tolerance" (as stock StemmingAnalyzer does)."""
    return RegexTokenizer(WORD_PATTERN) | PossessiveFilter() | LowercaseFilter() | StemFilter()


def fix_schema(schema, fields):
    """Haystack's Whoosh `schema` for the search `fields`, with five fixes (in place; returned).

    * Facet shadow fields (``source_exact``…) are whole-value ID columns; stock haystack makes them
      stemmed TEXT, so facet values come back as tokens ("session" for "Jeff Sessions").
    * Multi-valued facet fields (``people_exact``…) keep each document's values in a list
      column (FacetKeywords): counting them no longer re-reads every posting of the field.
    * Analysed text drops no stop words (see content_analyzer), so phrases stay exact.
    * ``indexed=False`` fields are only stored.
    * Integer fields marked ``sortable`` (search_indexes.OrderField) keep a column to order by.
    """
    for field in fields.values():
        name = field.index_fieldname
        if field.field_type == "integer" and getattr(field, "sortable", False):
            schema.remove(name)
            schema.add(name, NUMERIC(stored=True, numtype=int, sortable=True))
            continue
        if field.is_multivalued and isinstance(field, FacetField):
            schema.remove(name)
            schema.add(name, FacetKeywords(field_boost=field.boost))
            continue
        if field.is_multivalued or field.field_type != "string":
            continue
        if not field.indexed:
            replacement = STORED()
        elif isinstance(field, FacetField):
            replacement = ID(stored=True, sortable=True)
        else:
            replacement = TEXT(
                stored=True,
                analyzer=field.analyzer or content_analyzer(),
                field_boost=field.boost,
                sortable=not field.document,
                spelling=field.document,
            )
        schema.remove(name)
        schema.add(name, replacement)
    return schema


def schema_matches(live_schema, schema):
    """Whether an index built with `live_schema` has the fields `schema` declares."""
    return describe(live_schema) == describe(schema)


def describe(schema):
    return sorted((name, type(field).__name__) for name, field in schema.items())


class ValueListColumn(VarBytesListColumn):
    """Whoosh's list column with the empty value it lacks: a segment written without the column
    (only quotes or actors in it) reads as empty lists instead of raising AttributeError."""

    _default = b""


class FacetKeywords(KEYWORD):
    """Haystack's comma-separated multi-valued field, plus a column holding each document's list.

    Grouping by a multi-valued field without such a column makes Whoosh rebuild every document's
    values from all postings of the field on every search (OverlappingCategorizer): 2.1 s of a
    2.2 s search page on the BBC corpus, profiled. With the column it reads the hits' lists only.
    """

    def __init__(self, field_boost=1.0):
        super().__init__(stored=True, commas=True, scorable=True, field_boost=field_boost)
        self.column_type = ValueListColumn()

    def to_column_value(self, value):
        values = value.split(",") if isinstance(value, str) else value or ()
        return [v.encode("utf-8") for v in values if v]

    def from_column_value(self, value):
        return [v.decode("utf-8") for v in value]
