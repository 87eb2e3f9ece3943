"""Search as a service: the one place that turns the search page's state into SearchQuerySets.

Every renderer of a search (the page, the API, the exports, the feed) runs it through
search/request.py, which calls `search(state)` here, so an export holds exactly what the page
shows. `state` is the cleaned_data of search.forms.SearchForm (keys: q, tab, sort and the filters
of search/filters.py); missing keys mean "no filter".

* `search(state)` → the search of the tab `state` names: `search_articles(state)` or
  `search_quotes(state)` → `Search(sqs, parsed, facet_fields, browsing)`: `sqs` is
  ordered and filtered, public-only (only published articles and their quotes are indexed; see
  search/search_indexes.py), with facets requested; slice it before `count()`/`facet_counts()` so
  the backend answers all three from one Whoosh search. `parsed` carries the user-facing error, if
  any, and then `sqs` is an empty SearchQuerySet (never match-all). Without words but with a
  filter the search `browsing` lists every public document the filters allow, newest first unless
  another order is asked for.
* `related_articles(article, limit=5)` → published articles like this one (more-like-this).
* `most_quoted(kind, limit)` → the actors of `kind` with the most public quotes (the home page).
  Both only decorate a page: when the engine cannot answer (SearchUnavailable) they return None,
  and the page is shown without them, saying why.
* `quotes_matching(article_ids, words)` → what a result shows of the quotes of those articles that
  contain a query word (`MatchingQuote`s), grouped by article, in one SQL query; `mark_words`
  highlights them.
* `undated_outside_range(state)` → how many undated articles a date range leaves out.
"""

import logging
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from haystack.query import EmptySearchQuerySet, SearchQuerySet

from archive.iterables import chunked
from archive.models import Actor, Article, ChangeLogEntry, Quote
from archive.selectors import public_articles, public_quotes
from search import filters
from search.dependencies import ARTICLE, QUOTE
from search.engine import SearchTooSlow, SearchUnavailable, collapsed, matching, search_engine, where_value
from search.filters import UNDATED
from search.query import (
    ARTICLE_FIELDS,
    MAX_NAMED_ACTORS,
    MAX_PREFIX_POSTINGS,
    MAX_PREFIX_WORDS,
    NOTHING,
    QUOTE_FIELDS,
    NamedActors,
    ParsedQuery,
    QueryError,
    for_index,
    parse,
)

log = logging.getLogger(__name__)


@dataclass
class Search:
    sqs: SearchQuerySet
    parsed: ParsedQuery
    facet_fields: tuple
    browsing: bool = False  # no words, only filters: every public document they allow
    sort: str = "relevance"  # the order applied (search/filters.py's SORTS), see applied_sort

    @property
    def ok(self):
        return self.parsed.ok or self.browsing


def browses(state, parsed):
    """Whether `state` asks for a list without words: no text query (nor a refused one) and at
    least one filter, e.g. every undated article (year=unknown) or every article of one source."""
    return not parsed.ok and not parsed.error and any(state.get(param) for param in filters.FILTER_PARAMS)


def search(state):
    """The search of the list `state` asks for: its articles, or on the quotes tab its quotes."""
    return search_quotes(state) if state.get("tab") == "quotes" else search_articles(state)


def search_articles(state):
    return run(state, Article, ARTICLE_FIELDS, "articles", facets=True, highlight=True)


def undated_outside_range(state):
    """How many undated articles match the search but fall outside its date range by having no date.

    A date range can only hold dated articles; the page says how many it left out (with a link).
    """
    if not (state.get("date_from") or state.get("date_to")) or state.get("year"):
        return 0
    undated = {**state, "date_from": None, "date_to": None, "year": UNDATED}
    found = run(undated, Article, ARTICLE_FIELDS, "articles", facets=False, highlight=False)
    return found.sqs.count() if found.ok else 0


def search_quotes(state):
    return run(state, Quote, QUOTE_FIELDS, "quotes", facets=True, highlight=False)


@dataclass
class Withdrawn:
    articles: set
    quotes: set


def withdrawn_documents():
    """Articles and quotes the index may still hold although the database no longer publishes
    them: unpublished or deleted, with the indexer yet to apply it (a fraction of a second).

    Searches leave them out of the query itself, so results, counts and facets agree; without
    this the page listed none of them (its rows come from the database) while counting them.
    """
    pending = ChangeLogEntry.objects.filter(processed__isnull=True, label__in=(ARTICLE, QUOTE))
    articles, quotes = set(), set()
    for label, pk in pending.values_list("label", "object_pk"):
        (articles if label == ARTICLE else quotes).add(pk)
    if articles:
        articles -= set(public_articles().filter(pk__in=articles).values_list("pk", flat=True))
    if quotes:
        quotes -= set(public_quotes().filter(pk__in=quotes).values_list("pk", flat=True))
    return Withdrawn(articles, quotes)


def without_withdrawn(sqs, model):
    """`sqs` less the withdrawn documents of `model` (a quote also goes with its article)."""
    withdrawn = withdrawn_documents()
    if model is Article and withdrawn.articles:
        sqs = sqs.exclude(id__in=[f"archive.article.{pk}" for pk in sorted(withdrawn.articles)])
    if model is Quote and withdrawn.quotes:
        sqs = sqs.exclude(id__in=[f"archive.quote.{pk}" for pk in sorted(withdrawn.quotes)])
    if model is Quote and withdrawn.articles:
        sqs = sqs.exclude(article_id__in=sorted(withdrawn.articles))
    return sqs


# A story's wire copies collapse to the first that matches (search/search_indexes.py).
COPY_GROUP, COPY_RANK = "copy_group_exact", "copy_rank"


def run(state, model, fields, tab, facets, highlight):
    """The search of `model`'s index (the list `tab`) for `state`, with its filters (search/filters.py);
    a list of articles holds one of a story's wire copies, the first matching one, unless it asks
    for originals or copies (the `copies` filter)."""
    facet_fields = tuple(index.facet for _filter, index in filters.facets_of(tab)) if facets else ()
    parsed = parse(state.get("q") or "")
    browsing = browses(state, parsed)
    sort = applied_sort(state, browsing)
    if not parsed.ok and not browsing:
        return Search(EmptySearchQuerySet(), parsed, facet_fields, sort=sort)
    try:
        sqs = SearchQuerySet().models(model)
        if parsed.ok:
            check_prefix_cost(parsed, fields)
            tree = for_index(parsed.tree, fields, actors_matching)
            if tree == NOTHING:  # e.g. speaker:Nobody: no public actor is called that
                return Search(EmptySearchQuerySet(), parsed, facet_fields, sort=sort)
            sqs = matching(sqs, tree)
        for filter_ in filters.applying_to(tab):
            index = filter_.on(tab)
            for value in as_list(state.get(filter_.param)):
                if isinstance(index, filters.DateBound):
                    sqs = sqs.filter(**{index.lookup: value})
                else:
                    sqs = where_value(sqs, index.field, str(value))
    except QueryError as error:
        parsed.tree, parsed.error = None, str(error)
        return Search(EmptySearchQuerySet(), parsed, facet_fields, sort=sort)
    sqs = without_withdrawn(sqs, model)
    if model is Article and not state.get("copies"):
        sqs = collapsed(sqs, COPY_GROUP, COPY_RANK)
    order = filters.SORT_BY_NAME[sort].index_order
    if order:
        sqs = sqs.order_by(order)
    for facet in facet_fields:
        sqs = sqs.facet(facet)
    if highlight and parsed.ok:
        sqs = sqs.highlight()
    return Search(sqs, parsed, facet_fields, browsing, sort)


def actors_matching(leaf):
    """[(name, kind)] of the public actors whose name or an alias matches `leaf` (a Term, Phrase
    or Prefix of "content"), from their own documents; at most MAX_NAMED_ACTORS + 1 of them."""
    found = matching(SearchQuerySet().models(Actor), leaf)[: MAX_NAMED_ACTORS + 1]
    return [(hit.name, hit.kind) for hit in found]


def applied_sort(state, browsing):
    """The sort asked for; a list without words has no relevance to sort by: newest first."""
    sort = state.get("sort") or "relevance"
    return "newest" if browsing and sort == "relevance" else sort


def check_prefix_cost(parsed, fields):
    """Raises QueryError when the query's prefixes stand for more than MAX_PREFIX_WORDS words of the
    index or more than MAX_PREFIX_POSTINGS postings of them: the search would read every one of
    those postings. Counted from the index's word list before anything is searched."""
    engine = search_engine()
    words = postings = 0
    for prefix in parsed.prefixes():
        field = fields.get(prefix.field)
        # The words of speaker: and actor: are looked up in the text of the actors' documents.
        field = "content" if isinstance(field, NamedActors) else field
        more_words, more_postings = engine.prefix_cost(field, prefix.stem, MAX_PREFIX_WORDS + 1)
        words, postings = words + more_words, postings + more_postings
        if words > MAX_PREFIX_WORDS or postings > MAX_PREFIX_POSTINGS:  # no need to count further
            raise QueryError(
                f"Your prefixes stand for {words:,}+ different words found in {postings:,}+ places, too "
                f"many to search at once (at most {MAX_PREFIX_WORDS:,} words in {MAX_PREFIX_POSTINGS:,} "
                "places): use longer prefixes, fewer of them, or whole words."
            )


def related_articles(article, limit=5):
    """Up to `limit` published articles most like `article` (never itself, never a draft, never one
    of its wire copies: the article page lists those apart); None when the engine cannot answer."""
    if not article.is_public:
        return []
    try:
        hits = list(SearchQuerySet().models(Article).more_like_this(article)[: limit + RELATED_SPARE])
    except SearchTooSlow:
        return []  # the page shows its article without the suggestions rather than fail
    except SearchUnavailable as error:
        log.warning("related articles left out: %s", error.reason)
        return None
    ids = [int(hit.pk) for hit in hits]
    by_id = public_articles().select_related("source").in_bulk(ids)
    found = [by_id[pk] for pk in ids if pk in by_id and pk != article.pk]
    return [other for other in found if not is_copy(other, article)][:limit]


RELATED_SPARE = 5  # more-like-this hits asked for beyond the limit: the article's copies come first


def most_quoted(kind, limit):
    """The `limit` active actors of `kind` with the most public quotes, most first (then by name),
    each with `quote_count`; None when the engine cannot answer.

    Read from the speaker facet of every indexed quote (the index holds public quotes only, and
    withdrawn ones are left out as in every search): one engine search whatever the archive's
    size. Counted in SQL it was a count over every quote row (755,000 at 100,000 articles: about
    2 s per home page). Speakers come in count order; the names of other kinds are skipped.
    """
    sqs = without_withdrawn(SearchQuerySet().models(Quote), Quote).facet("speaker")
    try:
        counts = sqs.facet_counts().get("fields", {}).get("speaker", [])
    except SearchUnavailable as error:
        log.warning("most quoted left out: %s", error.reason)
        return None
    found = []
    for names in chunked(counts, limit * SPEAKERS_LOOKED_UP_PER_ACTOR):
        actors = Actor.objects.active().filter(kind=kind, name__in=[name for name, _n in names])
        by_name = {actor.name: actor for actor in actors}  # (name, kind) is unique
        for name, count in names:
            if name in by_name:
                by_name[name].quote_count = count
                found.append(by_name[name])
        if len(found) >= limit:
            break
    return found[:limit]


SPEAKERS_LOOKED_UP_PER_ACTOR = 3  # most speakers are people: one lookup usually fills the list


def is_copy(first, second):
    return first.copy_group_id is not None and first.copy_group_id == second.copy_group_id


@dataclass(frozen=True)
class MatchingQuote:
    """What a search result shows of a quote of its article that holds a query word."""

    text: str
    kind: str
    speaker_name: str | None


def quotes_matching(article_ids, words):
    """{article_id: [MatchingQuote of each quote containing one of `words`]}: one SQL query for a
    whole result page.

    A word matches at the start of a word in the quote, so "border" also finds "borders"
    (the index stems; this is the cheap approximation for display only). The quotes are read as
    plain rows: a page's articles hold about a hundred quotes, few of them matching, and making a
    model instance of each, and of its speaker, was a tenth of a search page's time.
    """
    if not article_ids or not words:
        return {}
    pattern = words_pattern(words)
    grouped = {}
    quotes = public_quotes().filter(article_id__in=article_ids)
    rows = quotes.values_list("article_id", "text", "kind", "speaker__name")
    for article_id, text, kind, speaker_name in rows:
        if pattern.search(text):
            grouped.setdefault(article_id, []).append(MatchingQuote(text, kind, speaker_name))
    return grouped


def words_pattern(words):
    """A regex finding any of the query's words or phrases at the start of a word, in any case."""
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + ")", re.IGNORECASE)


def mark_words(text, words):
    """`text` escaped as HTML, with the query's words (to their word's end) in <mark>."""
    if not words:
        return escape(text)
    pattern = re.compile(words_pattern(words).pattern + r"\w*", re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[position : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        position = match.end()
    return mark_safe("".join([*pieces, escape(text[position:])]))  # noqa: S308 (every piece escaped)


def as_list(value):
    if not value:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
