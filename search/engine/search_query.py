"""Haystack's Whoosh query class as the engine's face needs it: it carries the parsed tree and
whole-value filters to the backend as objects, and never runs spelling or facets it was not asked for."""

from django.utils.encoding import force_str
from haystack.backends.whoosh_backend import WhooshSearchQuery
from haystack.constants import DEFAULT_ALIAS

from search import query as tree_nodes


class MorgueWhooshSearchQuery(WhooshSearchQuery):
    """Haystack's query, carrying the parsed tree, whole-value filters and a collapse to the backend
    as they are (search/engine/__init__.py: matching(), where_value(), collapsed())."""

    def __init__(self, using=DEFAULT_ALIAS):
        super().__init__(using=using)
        self.tree = None
        self.whole_values = []
        self.collapse = None

    def add_collapse(self, group_field, rank_field):
        self.collapse = (group_field, rank_field)

    def add_tree(self, tree):
        self.tree = tree if self.tree is None else tree_nodes.And((self.tree, tree))

    def add_whole_value(self, field, value):
        self.whole_values.append((field, value))

    def remove_highlight(self):
        self.highlight = False

    def remove_facets(self):
        self.facets = {}

    def build_params(self, spelling_query=None):
        params = super().build_params(spelling_query)
        if self.tree is not None:
            params["tree"] = self.tree
        if self.whole_values:
            params["whole_values"] = self.whole_values
        if self.collapse:
            params["collapse"] = self.collapse
        return params

    def _clone(self, klass=None, using=None):
        clone = super()._clone(klass, using)
        clone.tree, clone.whole_values, clone.collapse = self.tree, list(self.whole_values), self.collapse
        return clone

    def build_query(self):
        # Stock haystack turns filters that render to nothing (auto_query("")) into match-all.
        if len(self.query_filter) and not self.query_filter.as_query_string(self.build_query_fragment):
            return ""
        return super().build_query()

    def run_mlt(self, **kwargs):
        # Stock haystack drops the slice's offsets for more-like-this, so the backend built a
        # SearchResult for every similar document: 2-7 s per article page at 100,000 articles.
        kwargs.setdefault("start_offset", self.start_offset)
        if self.end_offset is not None:
            kwargs.setdefault("end_offset", self.end_offset)
        super().run_mlt(**kwargs)

    def get_count(self):
        # Haystack counts with a search for one result, which would be highlighted (a hit's whole
        # text analysed) for nothing: the page's own slice is highlighted from the same search.
        highlight, self.highlight = self.highlight, False
        try:
            return super().get_count()
        finally:
            self.highlight = highlight

    def get_facet_counts(self):
        # Stock haystack runs facet-only queries with no end offset, which builds a SearchResult
        # for every hit; facets need none (and a later page reuses this search from the memo).
        if self._facet_counts is None and self.end_offset is None:
            self.end_offset = self.start_offset + 1
        return super().get_facet_counts()

    def hit_windows(self, sqs, size):
        """Every hit of `sqs` (whose query this is), as lists of at most `size` hits, in its order.

        Slicing [a:b] makes the backend search up to b unless it still holds a search that went that
        far (the engine keeps recent searches while the index is unchanged). So we first ask
        for the last hit alone: one search scores every hit, and each window after it is a cheap slice
        of that search instead of a new search up to its end (quadratic; about 0.8 s each for a date
        sort over 5,000 articles). The windows are sliced from fresh copies: slicing a SearchQuerySet
        fills its result cache, so slicing one object window after window would keep every hit.
        """
        total = sqs.all().count()
        if total > size:
            sqs.all()[total - 1 : total]
        for start in range(0, total, size):
            window = sqs.all()[start : start + size]
            if not window:
                return
            yield window

    def get_spelling_suggestion(self, preferred_query=None):
        """Computed on demand from the user's text, never as part of a search."""
        text = preferred_query or self.spelling_query or self._content_text()
        if not text:
            return None
        return self.backend.spelling_suggestion(text)

    def _content_text(self):
        words = []

        def walk(node):
            for child in node.children:
                if hasattr(child, "children"):
                    walk(child)
                else:
                    field, value = child
                    if field.split("__")[0] == "content":
                        words.append(getattr(value, "query_string", force_str(value)))

        walk(self.query_filter)
        return " ".join(words)
