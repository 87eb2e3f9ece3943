"""The project's own haystack backend for Whoosh: the one place for every Whoosh workaround.

Settings: ``HAYSTACK_CONNECTIONS["default"]["ENGINE"] = "search.backend.MorgueWhooshEngine"``.
``PATH`` is a *root* folder: each full build lives in ``PATH/gen-<stamp>/`` and ``PATH/current`` is a
symlink to the live one, so ``manage.py reindex`` builds aside and switches atomically.

What callers (search views, exports, the API) may rely on — each point has a regression test in
tests/test_search_backend.py that fails on stock ``haystack.backends.whoosh_backend``:

* Slicing and pagination are exact for every window, including Django Paginator's short last page
  (stock haystack maps ``[start:end]`` to a Whoosh page number, wrong whenever ``start`` is not a
  multiple of the window: haystack #1664, #694; we follow PR #2074: search to ``end``, then slice).
* ``count()``, the page and ``facet_counts()`` come from ONE Whoosh search when you slice first:
  ``page = list(sqs[start:end]); total = sqs.count(); facets = sqs.facet_counts()``. Django's
  ``Paginator`` (count first, then slice) also costs one search for the first 100 results: the
  backend scores at least ``MIN_SCORED`` hits and reuses that search until the index changes.
* Field facets (``.facet("people")``, ``.facet("source")``, ``.facet("speaker")``…) return whole,
  unstemmed values: ``("Jeff Sessions", 3)``, ``("BBC News", 12)``, by count descending, then value.
  ``.facet("year")`` ("2018") and ``.facet("month")`` ("2018-04") come in date order (their index
  fields are ``DatePartField``s, ``facet_order = "value"``).
* ``.date_facet("published", start, end, gap_by="year"|"month")`` returns ``[(datetime, count), …]``
  in ascending date order, empty buckets and out-of-range documents left out.
* ``.query_facet(field, whoosh_query)`` works (stock: ignored with a warning); the result is keyed
  ``"<field>_exact:<query>"`` for faceted fields, e.g. ``query_facet("source", '"BBC News"')`` →
  ``facet_counts()["queries"]['source_exact:"BBC News"']``.
* Whole-value filters: ``filter(people__exact="Jeff Sessions")``, ``filter(people__in=[...])``,
  ``filter(source_exact__exact="BBC News")`` match the whole value, case-sensitively.
* Phrases are exact: ``"zero tolerance"`` never matches "zero and the tolerance" (no stop words are
  dropped from analysed fields, so positions are never renumbered).
* ``order_by("-published")`` / ``order_by("published", "-title")``: each field has its own direction;
  articles without a date come last in both directions.
* ``.highlight()`` marks the query's content terms (not field filters) with ``<em>`` in
  ``result.highlighted["text"][0]``. Whoosh HTML-escapes the text (``<``, ``>``, ``&``) and adds only
  the ``<em>`` tags, so the fragment may be output as is (``|safe``) in element content — not in an
  attribute (quotes are not escaped). Phrase words are marked one by one.
* ``more_like_this(obj)`` combined with ``filter()``/``models()`` reports the right count.
* A query whose filters reduce to nothing (``auto_query("")``, ``auto_query("   ")``) matches
  NOTHING; only an SQS with no filter at all (``SearchQuerySet().models(Article)``) matches all.
* Spelling ("Did you mean …") is never computed during a search (``INCLUDE_SPELLING`` stays off).
  On zero hits call ``SearchQuerySet().spelling_suggestion(user_text)``: it returns the corrected
  text, or ``None`` when every word is already in the index or nothing better is known.
* Only published articles, their quotes and actors with a public mention or quote are indexed
  (search/search_indexes.py), so nothing unpublished reaches any result, count, facet or suggestion.

Writes: web requests never open a Whoosh writer. Model changes go to the outbox (search/models.py,
search/signals.py) and the single indexer process (``manage.py run_indexer``) applies them in batches
with ``apply_changes()``. Every writer waits at most ``WRITE_LOCK_TIMEOUT`` seconds for the lock and
raises instead of silently dropping a removal (stock ``remove()`` swallows ``LockError``).
"""

import itertools
import os
import re
import shutil
import time
from collections import Counter, OrderedDict
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.utils.encoding import force_str
from haystack.backends import log_query
from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.fields import FacetField
from haystack.models import SearchResult
from haystack.utils import get_identifier, get_model_ct
from haystack.utils.app_loading import haystack_get_model
from whoosh import index as whoosh_index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import VarBytesListColumn
from whoosh.fields import DATETIME, KEYWORD, STORED, TEXT
from whoosh.fields import ID as WHOOSH_ID
from whoosh.filedb.filestore import FileStorage
from whoosh.query import And, AndNot, Every, Not, NullQuery, Or, Term
from whoosh.reading import TermNotFound
from whoosh.sorting import Count, DateRangeFacet, FieldFacet, MultiFacet, QueryFacet
from whoosh.support.relativedelta import relativedelta
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from search import doc_values
from search.highlight import highlight
from search.query import without_possessives

CURRENT_LINK = "current"
GENERATION_PREFIX = "gen-"
# Only the indexer (and reindex/check_index) ever write; they wait this long for Whoosh's lock and
# then raise, so a change is retried instead of being dropped (stock remove() swallows LockError).
WRITE_LOCK_TIMEOUT = 10.0
# Score at least this many hits per search, so Paginator's count() and the first pages reuse one search.
MIN_SCORED = 100
MEMO_SIZE = 16
# Postings a writer keeps in memory before sorting them to temporary files. Whoosh's default (128)
# spills and re-reads most of a large batch: one commit of the BBC corpus took 238 s at 128 MB,
# 94 s at 1,024 MB (profiled; bench/ingest.py). Bulk batches stay within 256 MB (drain batches).
WRITER_MEMORY_MB = 256
SPELLING_MAX_WORDS = 12
WORD = re.compile(r"\w+")


def no_results():
    return {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}


# Whoosh's word pattern, plus a possessive 's kept on its word so that PossessiveFilter drops it.
WORD_PATTERN = r"\w+(?:\.?\w+)*(?:['’]s\b)?"


class PossessiveFilter(Filter):
    """ "Blair's" → "Blair": otherwise a possessive is the two words "blair s", and the search
    `Blair's` (a phrase of both) finds only the possessive, a third of the articles `blair` finds."""

    drops_possessives = True  # search/highlight.py replays this analyser when it sees the mark

    def __call__(self, tokens):
        for token in tokens:
            if "'" in token.text or "’" in token.text:  # the regex only where it can match
                token.text = without_possessives(token.text)
            yield token


def content_analyzer():
    """Stemmed, lower-cased, possessives dropped, and NO stop words: dropping them renumbers
    positions, so "zero tolerance" would match "zero and the tolerance" (as stock StemmingAnalyzer does).

    Changing it needs `manage.py reindex`: an index keeps the analyser it was built with."""
    return RegexTokenizer(WORD_PATTERN) | PossessiveFilter() | LowercaseFilter() | StemFilter()


# --- index generations: PATH/gen-<stamp>/ plus the PATH/current symlink --------------------------


def live_index_dir(root):
    """The folder the `current` link points at, or None before the first index exists."""
    try:
        target = os.readlink(Path(root) / CURRENT_LINK)
    except FileNotFoundError:
        return None
    return (Path(root) / target).resolve()


def new_generation_dir(root):
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    path = root / f"{GENERATION_PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    path.mkdir()
    return path


def switch_live_index(root, generation_dir):
    """Point `current` at `generation_dir` atomically (rename over the old link)."""
    root = Path(root)
    tmp = root / f".{CURRENT_LINK}.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(Path(generation_dir).name, tmp)
    os.replace(tmp, root / CURRENT_LINK)


def remove_old_generations(root, keep=2):
    """Delete all generations but the live one and the `keep - 1` newest others.

    The previous generation is kept so that a process which has not yet noticed the switch still
    finds the files of the index it has open.
    """
    live = live_index_dir(root)
    others = sorted(
        (p for p in Path(root).glob(f"{GENERATION_PREFIX}*") if p.resolve() != live),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    removed = others[keep - 1 :]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


class MorgueWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.root = Path(self.path)
        # Set by `reindex` to build a generation aside; normal backends follow the `current` link.
        self.pinned_dir = connection_options.get("INDEX_DIR")
        self.index_dir = None
        self._searcher = None
        self._memo = OrderedDict()

    # --- opening the index -------------------------------------------------------------------

    def setup(self):
        from haystack import connections

        self.content_field_name, self.schema = self.build_schema(
            connections[self.connection_alias].get_unified_index().all_searchfields()
        )
        self.parser = self._make_parser()
        self.index_dir = Path(self.pinned_dir or self._live_or_first_generation()).resolve()
        self.storage = FileStorage(str(self.index_dir))
        if whoosh_index.exists(self.storage):
            self.index = self.storage.open_index(schema=self.schema)
        else:
            self.index = self.storage.create_index(self.schema)
        self._forget_searcher()
        self.setup_complete = True

    def _make_parser(self):
        from whoosh.qparser import FuzzyTermPlugin, QueryParser

        parser = QueryParser(self.content_field_name, schema=self.schema)
        parser.add_plugins([FuzzyTermPlugin])
        return parser

    def _live_or_first_generation(self):
        live = live_index_dir(self.root)
        if live is not None and live.is_dir():
            return live
        # First start: create an empty index aside, then link it; if another process linked one
        # first, os.symlink fails and we use theirs.
        fresh = new_generation_dir(self.root)
        FileStorage(str(fresh)).create_index(self.schema)
        try:
            os.symlink(fresh.name, self.root / CURRENT_LINK)
        except FileExistsError:
            shutil.rmtree(fresh, ignore_errors=True)
            return live_index_dir(self.root)
        return fresh

    def build_schema(self, fields):
        """Haystack's schema with four fixes.

        * Facet shadow fields (``source_exact``…) are whole-value ID columns; stock haystack makes them
          stemmed TEXT, so facet values come back as tokens ("session" for "Jeff Sessions").
        * Multi-valued facet fields (``people_exact``…) keep each document's values in a list
          column (FacetKeywords): counting them no longer re-reads every posting of the field.
        * Analysed text drops no stop words (see content_analyzer), so phrases stay exact.
        * ``indexed=False`` fields are only stored.
        """
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            name = field.index_fieldname
            if field.is_multivalued and isinstance(field, FacetField):
                schema.remove(name)
                schema.add(name, FacetKeywords(field_boost=field.boost))
                continue
            if field.is_multivalued or field.field_type != "string":
                continue
            if not field.indexed:
                replacement = STORED()
            elif isinstance(field, FacetField):
                replacement = WHOOSH_ID(stored=True, sortable=True)
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
        return content_field_name, schema

    def live_schema_is_current(self):
        """False when no index exists or its fields differ from search_indexes.py (needs reindex)."""
        from haystack import connections

        live = live_index_dir(self.root)  # checked before setup(), which would create an empty one
        if live is None or not whoosh_index.exists_in(str(live)):
            return False
        _, schema = self.build_schema(
            connections[self.connection_alias].get_unified_index().all_searchfields()
        )
        return describe(whoosh_index.open_dir(str(live)).schema) == describe(schema)

    # --- one cached searcher per backend (haystack keeps one backend per thread) ----------------

    def _forget_searcher(self):
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._memo.clear()

    def _follow_live_index(self):
        """(Re)open the index if never opened or if `reindex` switched `current` since."""
        switched = not self.pinned_dir and live_index_dir(self.root) != self.index_dir
        if not self.setup_complete or switched:
            self.setup()

    def searcher(self):
        """The cached searcher, refreshed if the index changed or `reindex` switched generations.

        Stock haystack opens every segment reader twice per query (doc_count() and searcher()).
        """
        self._follow_live_index()
        if self._searcher is not None and not self._searcher.up_to_date():
            # Reopen rather than Searcher.refresh(): in Whoosh-Reloaded 2.7.5 refresh() passes the
            # old reader as `reuse` to FileIndex._reader, which adds the OLD segments back in and
            # keeps the old generation, so deletions never show (measured; see the tests).
            self._forget_searcher()
        if self._searcher is None:
            self._searcher = self.index.searcher()
        return self._searcher

    # --- searching -------------------------------------------------------------------------------

    @log_query
    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        fields="",
        highlight=False,
        facets=None,
        date_facets=None,
        query_facets=None,
        narrow_queries=None,
        spelling_query=None,
        within=None,
        dwithin=None,
        distance_point=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        query_string = force_str(query_string)
        # Haystack's rule: an empty or one-character query (bar "*") matches nothing.
        if not query_string or (len(query_string) <= 1 and query_string != "*"):
            return no_results()
        searcher = self.searcher()
        parsed = with_and_not(self.parser.parse(query_string))
        restriction = self._restriction(narrow_queries, models, limit_to_registered_models)
        if parsed is NullQuery or restriction is NullQuery:
            return no_results()
        groupedby, facet_kinds = self._facet_spec(facets, date_facets, query_facets)
        start = start_offset or 0
        memo_key = (query_string, repr(sort_by), repr(facets), repr(date_facets), repr(query_facets))
        results = self._run(searcher, parsed, restriction, sort_by, groupedby, end_offset, memo_key)
        return {
            "results": self._search_results(
                results[start:end_offset], parsed if highlight else None, result_class
            ),
            "hits": len(results),
            "facets": self._facets(results, facet_kinds, query_facets) if facet_kinds else {},
            "spelling_suggestion": None,
        }

    def _run(self, searcher, parsed, restriction, sort_by, groupedby, end_offset, memo_key):
        """One search scored to at least `end_offset`, reused while the index is unchanged.

        Stock haystack turns [start:end] into a Whoosh page number (wrong unless start is a multiple
        of the window: haystack #1664/#694); like PR #2074 we score to `end` and slice.
        """
        key = (memo_key, repr(restriction))
        cached = self._memo.get(key)
        if cached is not None:
            limit, results = cached
            if limit is None or (end_offset is not None and end_offset <= limit):
                self._memo.move_to_end(key)
                return results
        limit = None if end_offset is None else max(end_offset, MIN_SCORED)
        if self._counts_with_numpy(sort_by, groupedby):
            results = self._counted_search(searcher, parsed, restriction, sort_by, groupedby, limit)
        else:
            results = searcher.search(
                parsed,
                limit=limit,
                filter=restriction,
                sortedby=self._sort_spec(sort_by),
                groupedby=groupedby or None,
            )
        self._memo[key] = (limit, results)
        while len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)
        return results

    def _counts_with_numpy(self, sort_by, groupedby):
        """True for field facets and relevance or one-date order: what every page asks for."""
        only_fields = all(name.startswith("fields:") for name in groupedby)
        one_date = not sort_by or (
            len(sort_by) == 1 and isinstance(self.schema[sort_by[0].lstrip("-")], DATETIME)
        )
        return only_fields and one_date

    def _counted_search(self, searcher, parsed, restriction, sort_by, groupedby, limit):
        """The hits' total, field facets and date order from one listing of the hits (doc_values.py);
        Whoosh only ranks by relevance, for the first `limit` hits."""
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
        budget = settings.SEARCH_TIME_BUDGET
        if sort_by:
            docnums, scores = doc_values.matching_docnums(searcher, query, budget), None
        else:
            docnums, scores = doc_values.scored_hits(searcher, query, budget)
        if restriction:
            kept = doc_values.restricted(searcher, docnums, restriction)
            docnums, scores = docnums[kept], None if scores is None else scores[kept]
        groups = {
            group: doc_values.facet_counts(searcher, docnums, facet.fieldname)
            for group, facet in groupedby.items()
        }
        if sort_by:
            name = sort_by[0].lstrip("-")
            hits = doc_values.in_date_order(searcher, docnums, name, sort_by[0].startswith("-"), limit)
        else:
            hits = doc_values.by_score(searcher, docnums, scores, limit)
        return doc_values.CountedResults(hits, len(docnums), groups)

    def _restriction(self, narrow_queries, models, limit_to_registered_models):
        """The filter as one unscored Whoosh query, or None; NullQuery when nothing can match.

        Stock haystack runs a full extra search (limit=None) per narrow query and one more for the
        model restriction on every query. The index only holds registered models, so the
        restriction is only needed when specific models are asked for.
        """
        parts = []
        if models:
            parts.append(Or([Term(DJANGO_CT, get_model_ct(model)) for model in models]))
        for narrow in sorted(narrow_queries or ()):
            parsed = self.parser.parse(force_str(narrow))
            if parsed is NullQuery:
                return NullQuery
            parts.append(parsed)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def _sort_spec(self, sort_by):
        """Whoosh sort keys for haystack's order_by list; each field has its own direction (stock
        haystack needs one direction for all) and documents without a date sort last either way
        (stock: first in "-published", i.e. before the newest articles)."""
        if not sort_by:
            return None
        keys = []
        for spec in sort_by:
            name = spec.lstrip("-")
            if isinstance(self.schema[name], DATETIME):
                keys.append(QueryFacet({0: Every(name)}, other=1))  # dated (0) before undated (1)
            keys.append(FieldFacet(name, reverse=spec.startswith("-")))
        return MultiFacet(keys)

    def _facet_spec(self, facets, date_facets, query_facets):
        groupedby, kinds = {}, {}
        for name in facets or ():
            # Multi-valued fields need overlap; single values read the sortable column (much faster).
            field = self._facet_source_field(name)
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
            buckets = {
                f"{field}:{query}": self.parser.parse(f"{field}:{query}") for field, query in query_facets
            }
            groupedby["queries"] = QueryFacet(buckets, allow_overlap=True, maptype=Count)
            kinds["queries"] = ("queries", None, None)
        return groupedby, kinds

    def _facet_source_field(self, index_fieldname):
        """The index field a facet is about (`year` for the `year_exact` shadow field)."""
        from haystack import connections
        from haystack.fields import CharField

        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        field = fields.get(index_fieldname) or CharField()
        return fields.get(getattr(field, "facet_for", None) or "", field)

    @staticmethod
    def _facets(results, facet_kinds, query_facets):
        facets = {"fields": {}, "dates": {}, "queries": {}}
        for group_name, (kind, name, order) in facet_kinds.items():
            groups = results.groups(group_name)
            if kind == "fields":
                # Values read from a list column (FacetKeywords) come back as bytes.
                values = [
                    (value.decode("utf-8") if isinstance(value, bytes) else value, n)
                    for value, n in groups.items()
                    if value not in (None, "", b"")
                ]
                by_count = order == "count"
                facets["fields"][name] = sorted(values, key=lambda v: (-v[1], v[0]) if by_count else v[0])
            elif kind == "dates":
                # Stock haystack sorts date buckets by count and keeps an out-of-range None bucket.
                facets["dates"][name] = sorted((span[0], n) for span, n in groups.items() if span)
            else:
                for field, query in query_facets:
                    facets["queries"][f"{field}:{query}"] = groups.get(f"{field}:{query}", 0)
        return facets

    def _search_results(self, hits, highlight_query, result_class):
        from haystack import connections

        unified_index = connections[self.connection_alias].get_unified_index()
        indexed_models = unified_index.get_indexed_models()
        result_class = result_class or SearchResult
        terms = self._highlight_terms(highlight_query) if highlight_query is not None else None
        results = []
        for hit in hits:
            stored = hit.fields()
            app_label, model_name = stored[DJANGO_CT].split(".")
            model = haystack_get_model(app_label, model_name)
            if model not in indexed_models:
                continue
            index = unified_index.get_index(model)
            values = {
                key: self._stored_value(index, key, value)
                for key, value in stored.items()
                if key not in (DJANGO_CT, DJANGO_ID)
            }
            if terms is not None:
                values["highlighted"] = {self.content_field_name: [self._highlight(values, terms)]}
            results.append(result_class(app_label, model_name, stored[DJANGO_ID], hit.score or 0, **values))
        return results

    def _stored_value(self, index, key, value):
        field = index.fields.get(key)
        if field is None or not hasattr(field, "convert"):
            return self._to_python(value)
        if field.is_multivalued:
            return value.split(",") if value else []
        return field.convert(value)

    def _highlight_terms(self, parsed):
        """The query's terms in the content field (filters such as people:… are not highlighted)."""
        return {
            force_str(text)
            for fieldname, text in parsed.iter_all_terms(phrases=True)
            if fieldname == self.content_field_name
        }

    def _highlight(self, values, terms):
        text = values.get(self.content_field_name) or ""
        if not terms or not text:
            return ""
        return highlight(text, terms, self.schema[self.content_field_name].analyzer)

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        """Similar documents; the filter goes INTO the Whoosh search so the count is right
        (stock haystack filters the Results afterwards and Whoosh's len() ignores that)."""
        searcher = self.searcher()
        narrow = {additional_query_string} if additional_query_string not in (None, "", "*") else None
        restriction = self._restriction(narrow, models, limit_to_registered_models)
        docnum = searcher.document_number(**{ID: get_identifier(model_instance)})
        if docnum is None or restriction is NullQuery:
            return no_results()
        top = None if end_offset is None else max(end_offset, MIN_SCORED)
        results = searcher.more_like(docnum, self.content_field_name, top=top, filter=restriction)
        return {
            "results": self._search_results(results[start_offset or 0 : end_offset], None, result_class),
            "hits": len(results),
        }

    def prefix_cost(self, field, prefix, max_words):
        """(words, postings): how many words of `field` ("content" for the text) start with `prefix`
        (counted up to `max_words`) and how many documents hold each, summed.

        Unknown fields cost nothing (the query builder refuses them with its own message)."""
        reader = self.searcher().reader()  # first: it opens the index and learns its fields
        field = self.content_field_name if field == "content" else field
        if field not in reader.indexed_field_names():
            return 0, 0
        words = list(itertools.islice(reader.expand_prefix(field, prefix), max_words))
        return len(words), sum(reader.doc_frequency(field, word) for word in words)

    def spelling_suggestion(self, text):
        """ "Did you mean": `text` with each word unknown to the index replaced by its closest known
        word, or None. Costly (tens of ms per word): call it only when a search found nothing.

        A word is known when a live document holds it (see SpellingPool): the index holds only
        public documents, so nothing unpublished or deleted is ever suggested."""
        reader = self.searcher().reader()
        field = self.content_field_name
        spell_field = self.schema[field].spelling_fieldname(field)
        suggestion, changed = text, False
        for word in list(dict.fromkeys(WORD.findall(force_str(text))))[:SPELLING_MAX_WORDS]:
            lower = word.lower()
            if word in self.RESERVED_WORDS or has_live_posting(reader, spell_field, lower):
                continue
            best = closest_live_word(reader, field, spell_field, lower)
            if best:
                suggestion = re.sub(rf"\b{re.escape(word)}\b", best, suggestion)
                changed = True
        return suggestion if changed else None

    def spelling_differences(self, only=None):
        """Haystack ids of live documents whose spelling words differ from their text's words
        (`only`: check just these ids). An index written before spelling postings belonged to
        their documents files every word under one document, deleted documents' words included."""
        reader = self.searcher().reader()
        field = self.content_field_name
        field_type = self.schema[field]
        spell_field = field_type.spelling_fieldname(field)
        wanted = dict(reader.iter_docs())
        if only is not None:
            only = set(only)
            wanted = {docnum: stored for docnum, stored in wanted.items() if stored.get(ID) in only}
        posted = {docnum: set() for docnum in wanted}
        if spell_field in reader.indexed_field_names():
            for word in reader.field_terms(spell_field):
                for docnum in reader.postings(spell_field, word).all_ids():
                    if docnum in posted:
                        posted[docnum].add(word)
        return sorted(
            stored[ID]
            for docnum, stored in wanted.items()
            if posted[docnum] != set(field_type.spellable_words(stored.get(field) or ""))
        )

    # --- writing (the indexer process, reindex and check_index only) ---------------------------

    def apply_changes(self, updates=(), removals=(), removal_queries=(), optimize=False):
        """Apply index updates and removals with ONE writer and ONE commit.

        `updates` is a list of (SearchIndex, objects), `removals` haystack identifiers
        ("archive.article.7"), `removal_queries` Whoosh queries. Waits at most WRITE_LOCK_TIMEOUT
        for the lock, then raises LockError: nothing is ever dropped silently. `optimize` merges
        everything into one segment (full builds: later queries read one segment, not many).
        """
        # Writing to the generation `reindex` just replaced would lose the change.
        self._follow_live_index()
        writer = self.writer()
        try:
            for identifier in removals:
                writer.delete_by_term(ID, identifier)
            for query in removal_queries:
                writer.delete_by_query(query)
            for search_index, objects in updates:
                for obj in objects:
                    document = self._document(search_index, obj)
                    if document is not None:
                        writer.update_document(**document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=optimize)

    def _document(self, search_index, obj):
        try:
            document = search_index.full_prepare(obj)
        except SkipDocument:
            return None
        document.pop("boost", None)  # document boosts are not supported by Whoosh 2.5+
        return {key: self._from_python(value) for key, value in document.items()}

    def update(self, index, iterable, commit=True):
        objects = list(iterable)
        if objects:  # an empty update would still take the lock (haystack #680)
            self.apply_changes(updates=[(index, objects)])

    def remove(self, obj_or_string, commit=True):
        self.apply_changes(removals=[get_identifier(obj_or_string)])

    def clear(self, models=None, commit=True):
        """Clear some models in place, or everything by switching to a fresh empty generation.

        Stock haystack deletes the live folder, so concurrent searches raise EmptyIndexError.
        """
        if models:
            self.apply_changes(
                removal_queries=[Or([Term(DJANGO_CT, get_model_ct(model)) for model in models])]
            )
        else:
            self.delete_index()

    def delete_index(self):
        if self.pinned_dir:
            raise RuntimeError("a pinned (build-aside) index cannot be switched")
        if not self.setup_complete:
            self.setup()
        fresh = new_generation_dir(self.root)
        FileStorage(str(fresh)).create_index(self.schema)
        switch_live_index(self.root, fresh)
        remove_old_generations(self.root)
        self.setup()

    def optimize(self):
        self._follow_live_index()
        self.writer().commit(optimize=True)

    def writer(self):
        """A Whoosh writer on the live (or pinned) generation: see BulkSegmentWriter."""
        return BulkSegmentWriter(self.index, timeout=WRITE_LOCK_TIMEOUT, limitmb=WRITER_MEMORY_MB)


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


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with the costs of bulk writing removed; the index format is Whoosh's.

    * No file-system check and no file read per posting: Whoosh-Reloaded 2.7.5 looks up each
      posting's field length in the new segment's length column (a seek and a read per posting,
      and for fields without lengths — IDs, keywords, dates — a stat(): 846,000 for the BBC
      corpus). Each length column is now read once (SegmentLengths).
    * Spelling postings that belong to their document (SpellingPool).

    (Whoosh's codec could store short posting lists inline in the term table, saving a posting
    block each — a third of a commit's time is writing blocks — but that path of Whoosh-Reloaded
    2.7.5 is broken: `W3Codec(inlinelimit=16)` raises AttributeError in finish_postings.)
    """

    def __init__(self, index, **kwargs):
        super().__init__(index, **kwargs)
        spelling_fields = {
            field.spelling_fieldname(name) for name, field in self.schema.items() if field.separate_spelling()
        }
        self.pool = SpellingPool(
            self._tempstorage, self.newsegment, limitmb=kwargs["limitmb"], spelling_fields=spelling_fields
        )

    def add_document(self, **fields):
        with self.pool.document(self.docnum):
            super().add_document(**fields)

    def per_document_reader(self):
        return SegmentLengths(super().per_document_reader())


class SegmentLengths:
    """A new segment's per-document reader for add_postings(), whose field lengths are read one
    whole column at a time instead of one seek and read per posting (same values: Whoosh stores
    a length as one byte and reads it back with byte_to_length)."""

    def __init__(self, reader):
        self.reader = reader
        self.columns = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self.columns.get(fieldname)
        if fieldname not in self.columns:
            lengths = self.columns[fieldname] = self._lengths(fieldname)
        if lengths is None:
            return default
        return lengths[docnum]

    def _lengths(self, fieldname):
        length_column = _lenfield(fieldname)
        if not self.reader.has_column(length_column):
            return None
        column = self.reader.column_reader(length_column, LENGTHS_COLUMN)
        return [byte_to_length(byte) if byte else None for byte in column]

    def close(self):
        self.reader.close()


def has_live_posting(reader, fieldname, word):
    """True when a document that is not deleted holds `word` (Whoosh's `in reader` counts deleted ones)."""
    try:
        return reader.postings(fieldname, word).is_active()
    except TermNotFound:
        return False


def closest_live_word(reader, field, spell_field, word, maxdist=2):
    """The live word nearest to `word` (edit distance, then the most documents, then A-Z), or None.

    Whoosh's corrector ranks the same way but also offers words only deleted documents held."""
    for distance in range(1, maxdist + 1):
        candidates = [
            force_str(candidate)
            for candidate in reader.terms_within(field, word, distance, prefix=1)
            if has_live_posting(reader, spell_field, candidate)
        ]
        if candidates:
            return min(candidates, key=lambda c: (-reader.doc_frequency(spell_field, c), c))
    return None


def with_and_not(query):
    """The query with every `a AND NOT b` as Whoosh's AndNot(a, b), at any depth.

    Whoosh matches And([a, Not(b)]) by stepping the Not through every document of the index that
    lacks b: 2.3 s for "economy NOT china" at 100,000 articles (545,000 documents). AndNot reads
    a's documents and skips over b's.
    """
    query = query.apply(with_and_not)
    if not isinstance(query, And):
        return query
    negatives = [q.query for q in query.subqueries if isinstance(q, Not)]
    positives = [q for q in query.subqueries if not isinstance(q, Not)]
    if not negatives or not positives:
        return query
    return AndNot(one_of(positives, And), one_of(negatives, Or))


def conjuncts(query):
    """The parts of an And, or [query]; [] for None."""
    if query is None:
        return []
    return list(query.subqueries) if isinstance(query, And) else [query]


def fieldnames(query):
    return {fieldname for fieldname, _ in query.iter_all_terms()}


def one_of(queries, compound):
    return queries[0] if len(queries) == 1 else compound(queries)


def describe(schema):
    return sorted((name, type(field).__name__) for name, field in schema.items())


def as_datetime(value):
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise ValueError(f"not a date: {value!r}")


class MorgueWhooshSearchQuery(WhooshSearchQuery):
    def build_query(self):
        # Stock haystack turns filters that render to nothing (auto_query("")) into match-all.
        if len(self.query_filter) and not self.query_filter.as_query_string(self.build_query_fragment):
            return ""
        return super().build_query()

    def get_facet_counts(self):
        # Stock haystack runs facet-only queries with no end offset, which builds a SearchResult
        # for every hit; facets need none (and a later page reuses this search from the memo).
        if self._facet_counts is None and self.end_offset is None:
            self.end_offset = self.start_offset + 1
        return super().get_facet_counts()

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


class MorgueWhooshEngine(WhooshEngine):
    backend = MorgueWhooshBackend
    query = MorgueWhooshSearchQuery


class SpellingPool(PostingPool):
    """Whoosh's posting pool with each spelling posting filed under its own document.

    For "did you mean" Whoosh adds the words of each document to the spelling field, all under
    document 0 of the segment: deleting or replacing a document never removes its words, so an
    unpublished or deleted article's words stayed in the dictionary. Here each word of a document
    is one posting of THAT document (weight summed), so it goes when the document goes, and a word
    is known while a live document holds it (`has_live_posting`). Merges copy postings as usual.
    """

    def __init__(self, *args, spelling_fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.spelling_fields = spelling_fields
        self.docnum = None  # the document being added, while SegmentWriter.add_document runs
        self.document_words = Counter()

    @contextmanager
    def document(self, docnum):
        self.docnum = docnum
        try:
            yield
            for (fieldname, word), weight in sorted(self.document_words.items()):
                # The spelling field's Frequency format stores a value with every posting; a
                # segment merge reads it back (an empty value made merges fail with IndexError).
                super().add((fieldname, word, docnum, weight, pack_uint(max(1, round(weight)))))
        finally:
            self.document_words.clear()
            self.docnum = None

    def add(self, item):
        fieldname, word, _, weight, _ = item
        if self.docnum is not None and fieldname in self.spelling_fields:
            self.document_words[fieldname, word] += weight
        else:
            super().add(item)
