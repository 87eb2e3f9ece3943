"""The search engine behind one face: what the rest of the project may use of it.

Nothing outside this package imports Whoosh (tests/test_engine_boundary.py). The project talks to
the engine in two ways:

Searching goes through haystack's ``SearchQuerySet`` plus the helpers below, which hand the
engine structured pieces instead of engine syntax:

* ``matching(sqs, tree)``: documents matching search/query.py's parsed tree (``for_index()``
  gives it index field names); the tree reaches the engine as objects, never as query text. Its
  leaves are words (``Term``, ``Phrase``, ``Prefix``) or ``OneOf`` whole values (what a
  ``speaker:``/``actor:`` word names; never empty: ``for_index()`` folds those away);
* ``where_value(sqs, field, value)``: documents whose field holds exactly this whole value (a
  facet filter: ``people``, ``source_exact``…);
* ``collapsed(sqs, group_field, rank_field)``: of the matching documents that share a whole value
  of ``group_field``, only the one with the lowest ``rank_field`` (an integer) is kept; documents
  without a group value are all kept. It is a filter: the count, facets, order and pages are of
  what is kept. Wire copies use it (``copy_group_exact``, ``copy_rank``: a story's copies collapse
  to the first that matches). Solr says the same with ``fq={!collapse field=copy_group_exact
  min=copy_rank}``;
* ``without_highlight(sqs)``, ``without_facets(sqs)``: a copy that skips that work (exports);
* ``hit_windows(sqs, size)``: every hit, as lists of at most `size` hits in order (exports of
  any size: on Solr each window carries on from the last with cursorMark, never deep ``start``);
* ``search_engine().prefix_cost(field, prefix, max_words)`` and ``.spelling_suggestion(text)``.

Maintaining the index is done by search/indexer.py, the only writer, through ``search_engine()``:

* ``apply_changes(updates=[(search_index, objects)], removals=[haystack ids],
  remove_quotes_of=[article ids], optimize=False, merge=True)``: one atomic commit; with
  ``merge=False`` (the indexer's batches, which someone waits for) it writes its own documents
  and merges nothing else, and ``merge_small_segments(interrupted)`` merges what such commits
  left, when idle, giving way (returning False, nothing changed) once ``interrupted()`` is true
  (an engine that merges by itself, as Solr does, returns True);
* ``doc_count()``, ``stored_fingerprints(only=None)`` → {haystack id: fingerprint},
  ``spelling_differences(only=None)``, ``schema_is_current()`` (check_index, reindex --if-needed);
* complete builds aside: ``build = new_build()``, filled with ``build.apply_changes(...)`` or by
  several processes at once (``build.part_locations(n)``, each worker ``open_build(location)``,
  then ``build.join_parts(locations)``), completed with ``build.finish_build()`` (Solr adds the
  replicas the build was written without), made live with ``publish(build)``, then
  ``remove_old_builds()``; ``build.location`` names it;
* ``shared_by_machines``: False for an index on this machine's disk (the indexer's locks are then
  files in the engine's ``lock_dir``), True for a service several machines write (the locks are
  rows of the database: search/locks.py);
* ``merges_when_idle``: True when the indexer's idle looks call ``merge_small_segments`` (Whoosh),
  False for an engine that merges by itself (Solr): its idle looks then take no lock at all.

An engine is a haystack backend (``HAYSTACK_CONNECTIONS["default"]["ENGINE"]``) with a query class
that accepts ``add_tree``, ``add_whole_value``, ``add_collapse``, ``remove_highlight`` and
``remove_facets``, and these methods. The Whoosh one is search/engine/backend.py; the Solr one,
search/engine/solr/ (issue #15), compiles the same tree to Solr syntax, sends whole values as
``fq``, builds into a new collection and publishes by switching an alias. Which one runs is
MORGUE_SEARCH_URL's choice (morgue/search_url.py).

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
* An engine that cannot answer (a search service none of whose nodes can be reached, a time-out,
  a "no live replica" answer) raises ``SearchUnavailable``, never an empty result: pages that need
  the engine answer 503 with its message (morgue/middleware.py), pages that only decorate
  themselves with it (the home page's most quoted, an article's related articles) leave that part
  out and say so.

Writes: web requests never open a writer. Model changes go to the archive's change log
(archive/changes.py, search/signals.py) and the single indexer process (``manage.py run_indexer``)
applies them in batches with ``apply_changes()``. Every writer waits at most ``WRITE_LOCK_TIMEOUT``
seconds for the lock and raises instead of silently dropping a removal (stock ``remove()`` swallows
``LockError``).
"""

from haystack.constants import DEFAULT_ALIAS


def search_engine():
    """The configured engine (haystack keeps one backend object per thread)."""
    from haystack import connections

    return connections[DEFAULT_ALIAS].get_backend()


def matching(sqs, tree):
    """A copy of `sqs` limited to documents matching the parsed `tree` (index field names)."""
    narrowed = sqs.all()
    narrowed.query.add_tree(tree)
    return narrowed


def where_value(sqs, field, value):
    """A copy of `sqs` limited to documents whose `field` holds exactly `value`, case-sensitively
    ("Jean-Claude Juncker", "2018-04": a whole value, not words)."""
    narrowed = sqs.all()
    narrowed.query.add_whole_value(field, value)
    return narrowed


def hit_windows(sqs, size):
    """Every hit of `sqs`, as lists of at most `size` hits, in the order of `sqs`."""
    return sqs.query.hit_windows(sqs, size)


def collapsed(sqs, group_field, rank_field):
    """A copy of `sqs` keeping, of the matching documents with one value of `group_field`, the one
    with the lowest `rank_field`; documents without a group value are all kept."""
    narrowed = sqs.all()
    narrowed.query.add_collapse(group_field, rank_field)
    return narrowed


def without_highlight(sqs):
    """A copy that does not highlight: highlighting reads every hit's text, and only the page shows it."""
    plain = sqs.all()
    plain.query.remove_highlight()
    return plain


def without_facets(sqs):
    """A copy that does not count facets (a whole export re-counts them for every window)."""
    plain = sqs.all()
    plain.query.remove_facets()
    return plain


class SearchTooSlow(Exception):
    """Listing a query's hits took longer than its time budget; the message says what to do."""

    def __init__(self, budget):
        super().__init__(
            f"This search needs more than the {budget:g} s the archive gives one search. Narrow it: "
            "fewer OR alternatives or prefixes, longer prefixes, or a filter (a source, a year)."
        )


class SearchUnavailable(Exception):
    """The search engine cannot answer now (nothing is wrong with the query); the message says what
    still works. Raised instead of an empty result, which would read as "nothing matches"."""

    retry_after = 30  # seconds a client is asked to wait before trying again (Retry-After)

    def __init__(self, reason):
        self.reason = reason
        super().__init__(
            "Search is unavailable right now: the search engine is not answering. Articles, actor "
            "and browse pages still work; try the search again in a minute."
        )
