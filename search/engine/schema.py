"""The Whoosh schema of Morgue's documents: haystack's, with the fields and analyser fixed.

Changing anything here needs `manage.py reindex`: an index keeps the schema it was built with
(`schema_matches` tells whether the live one still does). Whoosh pickles the schema into the index,
naming these classes by their import path: moving or renaming one makes existing indexes
unreadable unless the old path still offers it (search/backend.py does for the paths before #14).
"""

import weakref
from collections import defaultdict
from itertools import pairwise

from haystack.fields import FacetField
from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter, Token
from whoosh.columns import VarBytesListColumn
from whoosh.compat import dumps
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

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


class OnePassPositions(Positions):
    """Whoosh's Positions format (the postings of analysed text), its postings found in one pass.

    Whoosh's `word_values` runs the analyser over the whole text: a tokenizer and three filters as
    chained generators, each word lower-cased, stripped and stemmed again at every occurrence —
    the largest share of an editor's merge (405 documents, ~0.3M words; profiled). When the
    analyser is a RegexTokenizer followed by filters that only rewrite each token's own text
    (PER_TOKEN_FILTERS), a word's term depends on the word alone: here the words are found with
    one regex scan and each distinct word's term is computed once per process, by the analyser's
    own filters. Same postings as Whoosh's (tests/test_search_engine.py); any other analyser, or a
    list of values, takes Whoosh's path. Stored in the schema Whoosh pickles into the index: this
    class must stay importable at this path.
    """

    def word_values(self, value, analyzer, **kwargs):
        terms = _per_word_terms(analyzer) if isinstance(value, str) else None
        if terms is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        words = analyzer.items[0].expression.findall(value)  # no capturing groups: whole matches
        terms.update(_terms_of(_filters(analyzer), set(words).difference(terms)))
        positions = defaultdict(list)
        for position, word in enumerate(words):
            positions[terms[word]].append(position)
        boost = self.field_boost
        for term, found in positions.items():
            yield term, len(found), len(found) * boost, _encoded(found)


def _encoded(positions):
    """Positions.encode(positions), without its loop: the count, then the pickled gaps (a word
    found once, most of a text's words, is its own gap)."""
    if len(positions) == 1:
        return pack_uint(1) + dumps(positions, 2)
    gaps = [positions[0], *(later - earlier for earlier, later in pairwise(positions))]
    return pack_uint(len(gaps)) + dumps(gaps, 2)


def spelling_words(field, value):
    """`field.spellable_words(value)`: the distinct words of a text as "did you mean" offers them
    (lower-cased, not stemmed), found as OnePassPositions finds the postings, each distinct word's
    form remembered, instead of a second run of the analyser over the text. Whoosh's path for
    any other analyser or a list of values."""
    analyzer = field.analyzer
    forms = _per_word_terms(analyzer, stemmed=False) if isinstance(value, str) else None
    if forms is None:
        return list(field.spellable_words(value))
    words = set(analyzer.items[0].expression.findall(value))
    forms.update(_terms_of(_filters(analyzer, stemmed=False), words.difference(forms)))
    return sorted({forms[word] for word in words})


# Filters that rewrite each token's text by itself: never dropping, splitting or reading neighbours.
PER_TOKEN_FILTERS = (LowercaseFilter, StemFilter, PossessiveFilter)
TERMS_KEPT = 200_000  # distinct words remembered per analyser (a few MB)
_terms = {}


def _per_word_terms(analyzer, stemmed=True):
    """{word: term} remembered for `analyzer` (`stemmed=False`: as without its stemmer, as Whoosh
    finds spelling words), or None if its terms may depend on more than the word."""
    if not isinstance(analyzer, CompositeAnalyzer):
        return None
    tokenizer, *filters = analyzer.items
    if type(tokenizer) is not RegexTokenizer or tokenizer.gaps or tokenizer.expression.groups:
        return None
    if not all(type(item) in PER_TOKEN_FILTERS for item in filters):
        return None
    key = id(analyzer), stemmed
    if key not in _terms:  # (an analyser defines __eq__, so it cannot be a dictionary key itself)
        _terms[key] = {}
        weakref.finalize(analyzer, _terms.pop, key, None)
    terms = _terms[key]
    if len(terms) > TERMS_KEPT:
        terms.clear()
    return terms


def _filters(analyzer, stemmed=True):
    """The analyser's filters; without its stemmer (`is_morph`), as Whoosh's `no_morph=True`."""
    return [item for item in analyzer.items[1:] if stemmed or not getattr(item, "is_morph", False)]


def _terms_of(filters, words):
    """{word: the term `filters` make of the token `word`, as they would in the whole text}, all
    the words through one chain of the filters (each yields one token per token)."""
    words = list(words)
    tokens = iter([_token(word) for word in words])
    for item in filters:
        tokens = item(tokens)
    return {word: token.text for word, token in zip(words, tokens, strict=True)}


def _token(word):
    token = Token(positions=True, boosts=True, mode="index")
    token.text, token.boost, token.stopped, token.pos = word, 1.0, False, 0
    return token


def content_analyzer():
    """Stemmed, lower-cased, possessives dropped, and NO stop words: dropping them renumbers
    positions, so "zero tolerance" would match "zero and the tolerance" (as stock StemmingAnalyzer does)."""
    return RegexTokenizer(WORD_PATTERN) | PossessiveFilter() | LowercaseFilter() | StemFilter()


def fix_schema(schema, fields):
    """Haystack's Whoosh `schema` for the search `fields`, with six fixes (in place; returned).

    * Facet shadow fields (``source_exact``…) are whole-value ID columns; stock haystack makes them
      stemmed TEXT, so facet values come back as tokens ("session" for "Jeff Sessions").
    * Multi-valued facet fields (``people_exact``…) keep each document's values in a list
      column (FacetKeywords): counting them no longer re-reads every posting of the field.
    * Analysed text drops no stop words (see content_analyzer), so phrases stay exact.
    * ``indexed=False`` fields are only stored.
    * Integer fields are one term per value (see whole_numbers); those marked ``sortable``
      (search_indexes.OrderField) also keep a column to order by.
    """
    for field in fields.values():
        name = field.index_fieldname
        if field.field_type == "integer":
            schema.remove(name)
            schema.add(name, whole_numbers(field))
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
            replacement.format = OnePassPositions(field_boost=field.boost)
        schema.remove(name)
        schema.add(name, replacement)
    return schema


def whole_numbers(field):
    """A NUMERIC field of integers matched exactly (a quote's article id, its offset): ONE term per
    value. Whoosh's default writes eight (a tier per 4 bits, `shift_step`) to speed up wide ranges,
    and nothing here asks an integer field for a range: those tiers were 12 % of a build's postings.
    A range query still works (a range of the one-term values). An index written with the tiers
    holds these same terms (the tier of shift 0) and stays readable: no rebuild is needed."""
    return NUMERIC(
        stored=field.stored,
        numtype=int,
        shift_step=0,
        field_boost=field.boost,
        sortable=getattr(field, "sortable", False),
    )


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
