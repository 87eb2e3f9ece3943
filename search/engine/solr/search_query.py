"""Haystack's Solr query class as the engine's face needs it: the parsed tree compiled to Solr
syntax, whole values as filter queries, and an export's windows walked with cursorMark."""

from haystack.backends.solr_backend import SolrSearchQuery
from haystack.constants import DEFAULT_ALIAS

from search import query as tree_nodes
from search.engine.solr import syntax


class MorgueSolrSearchQuery(SolrSearchQuery):
    """Haystack's query, with search/engine/__init__.py's matching() and where_value()."""

    def __init__(self, using=DEFAULT_ALIAS):
        super().__init__(using=using)
        self.tree = None
        self.whole_values = []
        self.collapse = None

    def add_tree(self, tree):
        self.tree = tree if self.tree is None else tree_nodes.And((self.tree, tree))

    def add_whole_value(self, field, value):
        self.whole_values.append((field, value))

    def add_collapse(self, group_field, rank_field):
        self.collapse = (group_field, rank_field)

    def remove_highlight(self):
        self.highlight = False

    def remove_facets(self):
        self.facets = {}

    def _clone(self, klass=None, using=None):
        clone = super()._clone(klass, using)
        clone.tree, clone.whole_values, clone.collapse = self.tree, list(self.whole_values), self.collapse
        return clone

    def build_query(self):
        """The tree AND haystack's own filters (dates, ids, models), as one Solr query string.

        Stock haystack turns filters that render to nothing (auto_query("")) into match-all; here
        they match nothing, as in the Whoosh engine.
        """
        if len(self.query_filter) and not self.query_filter.as_query_string(self.build_query_fragment):
            return ""
        filters = super().build_query()
        if self.tree is None:
            return filters
        tree = syntax.from_tree(self.tree, self.backend.content_field_name)
        # Haystack's string is bracketed, one `field:(…)`, or `NOT (…)`: never wrapped again, as a
        # bracketed pure negation matches nothing in Lucene syntax.
        return tree if filters == syntax.MATCH_ALL else f"({tree}) AND {filters}"

    def build_params(self, spelling_query=None, **kwargs):
        params = super().build_params(spelling_query, **kwargs)
        filters = {syntax.term_filter(field, value) for field, value in self.whole_values}
        if self.collapse:
            filters.add(syntax.collapse_filter(*self.collapse))
        if filters:
            params["narrow_queries"] = set(self.narrow_queries) | filters
        return params

    def get_facet_counts(self):
        # Stock haystack runs facet-only queries with Solr's default of 10 rows, each made a
        # SearchResult; facets need one (and a later page is its own request anyway).
        if self._facet_counts is None and self.end_offset is None:
            self.end_offset = self.start_offset + 1
        return super().get_facet_counts()

    def get_spelling_suggestion(self, preferred_query=None):
        """Computed on demand from the user's text, never as part of a search."""
        text = preferred_query or self.spelling_query
        return self.backend.spelling_suggestion(text) if text else None

    def hit_windows(self, sqs, size):
        """Every hit of `sqs` (whose query this is), as lists of at most `size` SearchResults in order,
        each window one request carrying on from the last (cursorMark): no deep `start` paging."""
        params = self.build_params()
        for unneeded in ("start_offset", "end_offset", "highlight", "facets"):
            params.pop(unneeded, None)
        query_string = self.build_query()
        if not query_string:
            return
        cursor = "*"
        while True:
            found = self.backend.search(query_string, **params, rows=size, cursorMark=cursor)
            if found["results"]:
                yield found["results"]
            if found["next_cursor"] in (None, cursor) or len(found["results"]) < size:
                return
            cursor = found["next_cursor"]
