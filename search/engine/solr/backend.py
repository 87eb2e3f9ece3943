"""The SolrCloud implementation of the engine face (search/engine/__init__.py): haystack's Solr
backend with every promise the face makes, and the indexer's write side.

Settings: ``HAYSTACK_CONNECTIONS["default"] = {"ENGINE": "search.engine.solr.backend.MorgueSolrEngine",
"URL": "http://host:port/solr/morgue", "NODES": ["http://host:port/solr", …]}`` (morgue/search_url.py
builds it from MORGUE_SEARCH_URL). The URL's last part names the collection, or the alias that
`reindex` points at each new build; NODES (optional) are the nodes tried in turn (nodes.py).
"""

import json
import math
import re
import time
from collections import Counter

from django.conf import settings
from django.utils.encoding import force_str
from haystack.backends import log_query
from haystack.backends.solr_backend import SolrEngine, SolrSearchBackend
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier, get_model_ct
from pysolr import SolrError

from archive.iterables import chunked
from search.engine.highlight import FRAGMENT_SEPARATOR, FRAGMENTS, MAXCHARS
from search.engine.results import no_results
from search.engine.solr import syntax
from search.engine.solr.cloud import ROUTE_FIELD, SolrCloudAdmin, configset_name, old_builds
from search.engine.solr.nodes import FailoverSolr, Nodes
from search.engine.solr.search_query import MorgueSolrSearchQuery
from search.search_indexes import FINGERPRINT

WORD = re.compile(r"\w+")
SPELLING_MAX_WORDS = 12  # as the Whoosh engine (search/engine/spelling.py)
SPELLING_CANDIDATES = 5
IDS_PER_REQUEST = 500  # ids in one {!terms} filter: well inside Solr's request size limits
SCAN_ROWS = 1000  # documents per request when reading the whole collection (check_index)
STREAM_CHUNK = 1 << 16  # bytes per piece of a streamed update request
WRITE_TIMEOUT = 900  # seconds an update request may take to be answered
# Documents (or deletes) in one update request. The node that receives it forwards each other
# shard's part to that shard's leader as one stream, which Solr gives a total time limit
# (`distribUpdateSoTimeout`; 340 s on the test cluster): a build of 44,000 articles sent as one
# request per writer failed there. 5,000 documents take a few seconds.
COMMANDS_PER_REQUEST = 5_000
# "More like this": the seed's words that best tell it apart (its count of each × log(documents /
# documents holding it)), as Solr's {!mlt} parser would pick them (mintf=1 mindf=1, maxqt=25).
MORE_LIKE_THIS_WORDS = 25
MORE_LIKE_THIS_CANDIDATES = 200  # the seed's most frequent words whose document counts are read
MORE_LIKE_THIS_MIN_LENGTH = 3
# The index field naming a document's wire-copy group (search/search_indexes.py), which searches
# collapse on (search/service.py): documents of one group share a route, so one shard.
GROUP_FIELD = "copy_group"
MOVES_PER_DELETE = 100  # (id, old route) pairs in one delete query: well inside Lucene's clause limit


SOLR_ONLY_ENTITIES = (("&quot;", '"'), ("&#x27;", "'"), ("&#x2F;", "/"))


class MorgueSolrBackend(SolrSearchBackend):
    # The index is a service several machines share: the indexer's locks live in the database.
    shared_by_machines = True
    # Solr merges its segments by itself, in the background: idle looks have nothing to merge.
    merges_when_idle = False

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.collection_url = connection_options["URL"].rstrip("/")
        solr_root, self.collection = self.collection_url.rsplit("/", 1)
        # Every node answers for the whole cloud: a request that cannot reach one goes to the next.
        roots = connection_options.get("NODES") or [solr_root]
        self.nodes = Nodes(f"{root}/{self.collection}" for root in roots)
        self.conn = FailoverSolr(self.nodes, timeout=self.timeout, **connection_options.get("KWARGS", {}))
        self.cloud = SolrCloudAdmin(Nodes(roots))

    @property
    def content_field_name(self):
        from haystack import connections

        return connections[self.connection_alias].get_unified_index().document_field

    # --- searching -------------------------------------------------------------------------------

    @log_query
    def search(self, query_string, **kwargs):
        """Haystack's search; results, count and facets come from this one request. Errors raise
        (stock haystack turns an unreachable Solr into "no results")."""
        query_string = force_str(query_string)
        if not query_string:
            return no_results()
        raw = self.conn.search(query_string, **self.build_search_kwargs(query_string, **kwargs))
        found = self._process_results(raw, result_class=kwargs.get("result_class"))
        if kwargs.get("highlight"):
            for result in found["results"]:
                snippets = raw.highlighting.get(result.id, {}).get(self.content_field_name, [])
                joined = FRAGMENT_SEPARATOR.join(as_whoosh_escapes(snippet.strip()) for snippet in snippets)
                result.highlighted = {self.content_field_name: [joined]}
        found["facets"]["dates"] = dated_buckets(found["facets"].pop("ranges", {}))
        found["next_cursor"] = raw.nextCursorMark
        return found

    def build_search_kwargs(self, query_string, sort_by=None, facets=None, highlight=False, **kwargs):
        params = super().build_search_kwargs(query_string, sort_by=sort_by, facets=facets, **kwargs)
        # A fixed last key makes the order total: pages agree across shards and replicas, and
        # cursorMark (exports) requires it. Articles without a date sort last (sortMissingLast).
        params["sort"] = f"{sort_by or 'score desc'}, {ID} asc"
        if facets:
            params.update(self._facet_params(facets))
        if highlight:
            params.update(self._highlight_params())
        return params

    def _facet_params(self, facets):
        """Every value (not Solr's first 100), none with a zero count, in count order or, for
        DatePartFields (year, month), in value order."""
        params = {"facet.limit": -1, "facet.mincount": 1}
        for field in facets:
            order = getattr(self._facet_source_field(field), "facet_order", "count")
            params[f"f.{field}.facet.sort"] = "index" if order == "value" else "count"
        return params

    def _facet_source_field(self, index_fieldname):
        """The index field a facet is about (`year` for the `year_exact` shadow field)."""
        from haystack import connections

        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        field = fields.get(index_fieldname)
        return fields.get(getattr(field, "facet_for", None) or "", field)

    def _highlight_params(self):
        """The query's words in the text marked with <em>, the text HTML-escaped around them (an
        unescaped snippet would let article text inject markup), other fields' words left alone."""
        return {
            "hl": "true",
            "hl.method": "unified",
            "hl.fl": self.content_field_name,
            "hl.encoder": "html",
            "hl.requireFieldMatch": "true",
            "hl.snippets": FRAGMENTS,
            # Passages of about MAXCHARS characters cut at word boundaries, as Whoosh's fragmenter
            # cuts them (Solr's default passage is a whole sentence, however long).
            "hl.fragsize": MAXCHARS,
            "hl.fragsizeIsMinimum": "false",
            "hl.bs.type": "WORD",
            "hl.tag.pre": "<em>",
            "hl.tag.post": "</em>",
            "hl.defaultSummary": "false",
        }

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
        """Similar documents: a search for the seed's most telling words (more_like_this_query),
        the filters in the same request, so the count is right; a document not in the collection
        has none. Solr's own {!mlt} parser is not used: it fetches the seed by real-time get, which
        looks for it on the shard its id hashes to, not the shard its route chose (wire copies)."""
        seed = get_identifier(model_instance)
        query = self.more_like_this_query(seed)
        if query is None:
            return no_results()
        narrow = set()
        if additional_query_string not in (None, "", syntax.MATCH_ALL):
            narrow.add(additional_query_string)
        start = start_offset or 0
        return self.search(
            query,
            start_offset=start,
            end_offset=None if end_offset is None else start + end_offset,
            narrow_queries=narrow,
            models=models,
            limit_to_registered_models=limit_to_registered_models,
            result_class=result_class,
        )

    def more_like_this_query(self, seed):
        """A query for the documents sharing the seed's most telling words, the seed left out; None
        when the seed is not in the collection or has no such word."""
        field = self.content_field_name
        found = self.conn.search(syntax.MATCH_ALL, fq=syntax.term_filter(ID, seed), rows=1, fl=field).docs
        if not found:
            return None
        counts = Counter(
            word
            for word in WORD.findall(force_str(found[0].get(field, "")).lower())
            if len(word) >= MORE_LIKE_THIS_MIN_LENGTH
        )
        candidates = [word for word, _ in counts.most_common(MORE_LIKE_THIS_CANDIDATES)]
        if not candidates:
            return None
        holding, documents = self._documents_holding(candidates), self.doc_count()
        telling = sorted(
            candidates,
            key=lambda word: (-counts[word] * math.log((documents + 1) / (holding.get(word, 0) + 1)), word),
        )[:MORE_LIKE_THIS_WORDS]
        words = " OR ".join(f"{field}:{syntax.quoted(word)}" for word in telling)
        return f"({words}) -{ID}:{syntax.quoted(seed)}"

    def _documents_holding(self, words):
        """{word: how many documents hold it} over every shard (the unstemmed spelling words)."""
        raw = self.conn._select(
            {
                "terms.fl": "spelling",
                "terms.list": ",".join(words),
                "terms.limit": len(words),
                "distrib": "true",
                "wt": "json",
                "json.nl": "flat",
            },
            handler="terms",
        )
        counts = json.loads(raw).get("terms", {}).get("spelling", [])
        return dict(zip(counts[::2], counts[1::2], strict=True))

    def prefix_cost(self, field, prefix, max_words):
        """(words, postings): how many words of `field` ("content" for the text) start with `prefix`
        (counted up to `max_words`) and how many documents hold each, summed, over every shard."""
        field = self.content_field_name if field == "content" else field
        raw = self.conn._select(
            {
                "terms.fl": field,
                "terms.prefix": prefix,
                "terms.limit": max_words,
                "terms.sort": "index",
                "distrib": "true",
                "wt": "json",
                "json.nl": "flat",
            },
            handler="terms",
        )
        counts = json.loads(raw).get("terms", {}).get(field, [])
        return len(counts) // 2, sum(counts[1::2])

    def spelling_suggestion(self, text):
        """ "Did you mean": `text` with each word unknown to the collection replaced by the closest
        word that a live document holds, or None."""
        words = [
            word for word in dict.fromkeys(WORD.findall(force_str(text))) if word not in self.RESERVED_WORDS
        ][:SPELLING_MAX_WORDS]
        if not words:
            return None
        candidates = self._spelling_candidates(words)
        live = self._live_words({word for options in candidates.values() for word in options})
        suggested, changed = force_str(text), False
        for word in words:
            best = next((option for option in candidates.get(word.lower(), []) if option in live), None)
            if best:
                suggested = re.sub(rf"\b{re.escape(word)}\b", best, suggested)
                changed = True
        return suggested if changed else None

    def _spelling_candidates(self, words):
        """{lower-case word unknown to the collection: [corrections, best first]}."""
        raw = self.conn.search(
            syntax.MATCH_ALL,
            rows=0,
            spellcheck="true",
            **{
                "spellcheck.q": " ".join(words),
                "spellcheck.count": SPELLING_CANDIDATES,
                "spellcheck.collate": "false",
                "json.nl": "flat",
            },
        )
        suggestions = raw.spellcheck.get("suggestions", [])
        return {
            word: [force_str(option) for option in info.get("suggestion", [])]
            for word, info in zip(suggestions[::2], suggestions[1::2], strict=True)
        }

    def _live_words(self, words):
        """Those of `words` a live document holds: Solr's spell checker reads the term dictionary,
        which keeps a removed document's words until its segment is merged away."""
        if not words:
            return set()
        queries = {word: f"spelling:{syntax.quoted(word)}" for word in words}
        raw = self.conn.search(
            syntax.MATCH_ALL, rows=0, facet="true", **{"facet.query": list(queries.values())}
        )
        counts = raw.facets.get("facet_queries", {})
        return {word for word, query in queries.items() if counts.get(query, 0) > 0}

    def spelling_differences(self, only=None):
        """[]: the spelling words are a copyField of the text (schema.xml), so they are always the
        words of the document's text; a removed document's words are never suggested (_live_words)."""
        return []

    # --- what the collection holds ----------------------------------------------------------------

    def doc_count(self):
        return self.conn.search(syntax.MATCH_ALL, rows=0).hits

    def stored_fingerprints(self, only=None):
        """{haystack id: fingerprint} of every document, or of those ids in `only`."""
        fields = {"fl": f"{ID},{FINGERPRINT}"}
        if only is None:
            documents = self._every_document(fields)
        else:
            documents = (
                document
                for chunk in chunked(sorted(only), IDS_PER_REQUEST)
                for document in self.conn.search(
                    syntax.MATCH_ALL, fq=syntax.terms_filter(ID, chunk), rows=len(chunk), **fields
                ).docs
            )
        return {document[ID]: document.get(FINGERPRINT) for document in documents}

    def _every_document(self, params):
        cursor = "*"
        while True:
            raw = self.conn.search(
                syntax.MATCH_ALL, sort=f"{ID} asc", rows=SCAN_ROWS, cursorMark=cursor, **params
            )
            yield from raw.docs
            if raw.nextCursorMark in (None, cursor):
                return
            cursor = raw.nextCursorMark

    def schema_is_current(self):
        """False when the collection is missing or was made from another configset than the
        project's (search/solr/configset/conf/: the configset name holds a hash of its files)."""
        live = self.cloud.resolve(self.collection)
        if live not in self.cloud.collections():
            return False
        _shards, _replicas, config, router_field = self.cloud.shape(live)
        return config == configset_name(self.collection) and router_field == ROUTE_FIELD

    # --- writing (the indexer process, reindex and check_index only) ---------------------------

    def apply_changes(self, updates=(), removals=(), remove_quotes_of=(), optimize=False, merge=True):
        """Apply index updates and removals in update requests of at most COMMANDS_PER_REQUEST
        commands, the last ending in a commit: an indexer batch is ONE request, searchable as a
        whole when it returns (the configset has no automatic soft commit).

        `updates` is a list of (SearchIndex, objects), `removals` haystack identifiers,
        `remove_quotes_of` article ids whose quote documents all go (found by their stored article
        id, so even quotes gone from the database). The documents are streamed as they are
        prepared, so a whole build holds one chunk in memory. A refusal raises SolrError: nothing is
        dropped silently. `optimize` merges segments after the commit (full builds); `merge` is the
        Whoosh engine's choice only: Solr merges segments in the background by itself.
        """
        # Each request is sent once the next one has begun, so the last (perhaps empty) commits.
        commands = self._update_commands(updates, removals, remove_quotes_of)
        pending = []
        for request in chunked(commands, COMMANDS_PER_REQUEST):
            if pending:
                self._post_update(pending, {})
            pending = request
        self._post_update(pending, {"commit": "true"} if optimize else {"softCommit": "true"})
        if optimize:
            self.conn.optimize(waitSearcher=True)

    def _post_update(self, commands, params):
        """One update request holding `commands` (a JSON object's members), streamed."""
        response = self.nodes.first_answer(
            lambda collection_url: self.conn.get_session().post(
                f"{collection_url}/update",
                params={**params, "wt": "json"},
                data=in_pieces(["{", ",\n".join(commands), "}"]),
                headers={"Content-Type": "application/json"},
                timeout=(self.timeout, WRITE_TIMEOUT),
            )
        )
        if response.status_code != 200:
            raise SolrError(f"Solr refused an update ({response.status_code}): {response.text[:1000]}")

    def _update_commands(self, updates, removals, remove_quotes_of):
        """Solr's JSON update commands (members of the request's object), in order: removals, the
        documents (re)written, then the old documents of those that moved to another route
        (see _moved)."""
        if removals:  # by id: Solr sends these to every shard (the collection routes by a field)
            yield f'"delete":{json.dumps(sorted(removals))}'
        for chunk in chunked(sorted(remove_quotes_of), IDS_PER_REQUEST):
            query = syntax.terms_filter("article_id", [str(pk) for pk in chunk])
            yield f'"delete":{json.dumps({"query": query})}'
        moved = []
        for search_index, objects in updates:
            for chunk in chunked(objects, IDS_PER_REQUEST):
                documents = [self._document(search_index, obj) for obj in chunk]
                documents = [document for document in documents if document is not None]
                if GROUP_FIELD in search_index.fields:
                    moved.extend(self._moved(documents))
                for document in documents:
                    yield f'"add":{json.dumps({"doc": document, "overwrite": True})}'
        for chunk in chunked(moved, MOVES_PER_DELETE):
            query = " OR ".join(
                f"(+{ID}:{syntax.quoted(id_)} +{ROUTE_FIELD}:{syntax.quoted(route)})" for id_, route in chunk
            )
            yield f'"delete":{json.dumps({"query": query})}'

    def _document(self, search_index, obj):
        try:
            prepared = search_index.full_prepare(obj)
        except SkipDocument:
            return None
        prepared.pop("boost", None)
        document = {
            key: self._solr_value(value) for key, value in prepared.items() if value not in (None, [], "")
        }
        document[ROUTE_FIELD] = route_of(document)
        return document

    def _moved(self, documents):
        """[(id, old route)] of `documents` stored under another route than theirs now: an article
        that joined or left a copy group. Its new version goes to its new route's shard, and an
        add replaces a document on its own shard only, so the old one must be deleted; by id and
        old route, so the new version stays even when both routes lead to the same shard."""
        routes = {document[ID]: document[ROUTE_FIELD] for document in documents}
        if not routes:
            return []
        stored = self.conn.search(
            syntax.MATCH_ALL,
            fq=syntax.terms_filter(ID, sorted(routes)),
            fl=f"{ID},{ROUTE_FIELD}",
            rows=len(routes),
        ).docs
        return [
            (document[ID], document[ROUTE_FIELD])
            for document in stored
            if document.get(ROUTE_FIELD) not in (None, routes[document[ID]])
        ]

    def _solr_value(self, value):
        if isinstance(value, list | tuple | set):
            return [self._solr_value(item) for item in value]
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return self.conn._from_python(value)

    def merge_small_segments(self, interrupted):
        """True: Solr merges its segments by itself, in the background (nothing is left to merge)."""
        return True

    def update(self, index, iterable, commit=True):
        objects = list(iterable)
        if objects:
            self.apply_changes(updates=[(index, objects)])

    def remove(self, obj_or_string, commit=True):
        self.apply_changes(removals=[get_identifier(obj_or_string)])

    def clear(self, models=None, commit=True):
        """Remove every document (or those of `models`) in one soft-committed request; stock haystack
        also optimizes, which rewrites the whole collection."""
        if models:
            query = " OR ".join(f"{DJANGO_CT}:{syntax.quoted(get_model_ct(model))}" for model in models)
        else:
            query = syntax.MATCH_ALL
        self.conn.delete(q=query, commit=False)
        self.conn.commit(softCommit=True)

    def delete_index(self):
        self.clear()

    def optimize(self):
        self.conn.optimize(waitSearcher=True)

    # --- complete builds aside: `reindex` -------------------------------------------------------

    def new_build(self):
        """An engine writing a new, empty collection (shaped like the live one, from the project's
        configset) for `publish()`.

        It is made with one replica per shard, so each document is indexed once; `finish_build`
        adds the live collection's other replicas once it is full, and Solr copies them the
        finished index (at 100,000 articles, two replicas each indexing every document cost 84 %
        of a build's CPU: docs/benchmarks.md)."""
        shards, replicas, _config, _router = self.cloud.shape(self.cloud.resolve(self.collection))
        config = self.cloud.ensure_configset(self.collection)
        name = f"{self.collection}_build_{time.time_ns() // 1_000_000}"
        self.cloud.create_collection(name, config, shards, 1)
        build = self.open_build(f"{self.cloud.solr_root}/{name}")
        build.replicas_wanted = replicas
        return build

    def open_build(self, location):
        """An engine writing the collection at `location` (its URL)."""
        # Haystack's engines read their options from settings (not connections_info); so do we.
        options = {**settings.HAYSTACK_CONNECTIONS[self.connection_alias], "URL": location}
        options.pop("ENGINE", None)
        return type(self)(self.connection_alias, **options)

    @property
    def location(self):
        """This engine's collection URL: what `open_build` opens again, in any process."""
        return self.collection_url

    def part_locations(self, count):
        """Several writers fill one collection at once: each writes straight into the build."""
        return [self.location] * count

    def join_parts(self, locations):
        """The parts were written into this collection: make them durable."""
        self.conn.commit()

    def finish_build(self):
        """Every document of this build is written: give its shards the live collection's
        replicas (see new_build), before it is published."""
        self.cloud.add_replicas(self.collection, self.replicas_wanted)

    def publish(self, build):
        """Point the alias searches use at `build`'s collection, atomically."""
        self.cloud.point_alias(self.collection, build.collection)

    def remove_old_builds(self):
        """Delete the build collections but the live one and the one before it; returns their names."""
        removed = old_builds(self.cloud.collections(), self.collection, self.cloud.resolve(self.collection))
        for name in removed:
            self.cloud.delete_collection(name)
        return removed


def as_whoosh_escapes(snippet):
    """A snippet escaped as the Whoosh engine escapes one: only <, > and & (Solr's HTML encoder
    also writes ", ' and / as entities, harmless in element content, where snippets go)."""
    for entity, character in SOLR_ONLY_ENTITIES:
        snippet = snippet.replace(entity, character)
    return snippet


def dated_buckets(ranges):
    """Haystack's range facets as the face's date facets: [(datetime, count)] in date order, empty
    buckets left out."""
    from haystack.fields import DateTimeField

    convert = DateTimeField().convert
    return {
        field: [(convert(start), count) for start, count in buckets if count]
        for field, buckets in ranges.items()
    }


def route_of(document):
    """The route deciding `document`'s shard: its copy group's when it has one (a story's copies
    share a shard, so they collapse to one), else its own id (documents spread evenly)."""
    group = document.get(GROUP_FIELD)
    return f"copies.{group}" if group else document[ID]


def in_pieces(texts):
    """The strings of `texts` as UTF-8 pieces of about STREAM_CHUNK bytes (a streamed request body)."""
    pending, size = [], 0
    for text in texts:
        piece = text.encode("utf-8")
        pending.append(piece)
        size += len(piece)
        if size >= STREAM_CHUNK:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


class MorgueSolrEngine(SolrEngine):
    backend = MorgueSolrBackend
    query = MorgueSolrSearchQuery
