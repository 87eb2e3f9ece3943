"""Haystack index definitions: what of the archive is searchable, and under which field names.

The field names here are the contract between the indexes, the engine (search/engine/), the
query builder (search/query.py), the views, exports and the API. Only published articles are
indexed (`index_queryset`), so nothing unpublished can appear in any result, count or facet.

Every document also stores a `fingerprint` (a hash of all its other prepared fields) so that
`manage.py check_index` can find stale documents without knowing which field changed.

Whole-value fields (source, people, organisations, places, speakers, month) are for filters and
facets and are matched exactly; `source_text` is analysed (stemmed) for the `source:` search
syntax. An actor's aliases are in its own document only: `speaker:` and `actor:` look their words
up there and match the canonical names in the whole-value fields (search/query.py: NamedActors),
so a merge or a new alias rewrites the actor's document, not every article and quote naming it.
"""

import hashlib
import json

from django.db.models import Prefetch
from haystack import indexes

from archive.models import Actor, Article, Mention, Quote, public_aliases_prefetch
from archive.selectors import COPY_ORDER, public_actors, public_articles, public_quotes
from search.dependencies import ACTOR, ACTOR_DOCUMENT, ARTICLE, QUOTE, SOURCE
from search.filters import ORIGINAL, UNDATED

FINGERPRINT = "fingerprint"


def names_of(article, kind):
    return sorted({m.actor.name for m in article.mentions.all() if m.actor.kind == kind})


class DatePartField(indexes.CharField):
    """A "2018" or "2018-04" value; the backend returns its facet in date order, not by count."""

    facet_order = "value"


class OrderField(indexes.IntegerField):
    """A number the engine orders documents by in their group (search/engine/schema.py keeps it in
    a column): which copy of a story leads its collapsed results."""

    sortable = True


class FingerprintedIndex(indexes.SearchIndex):
    """Adds the `fingerprint` field: the SHA-1 of every other prepared field.

    Each index also declares `touched_by`: {change label: lookups from its model to the rows the
    label names} (search/dependencies.py), which decides what the change log records and re-reads.
    """

    fingerprint = indexes.CharField(indexed=False, null=True)
    touched_by = {}
    # Whether the documents' words are offered by "did you mean" (search/engine/spelling.py).
    spelling_words = True

    def prepare(self, obj):
        data = super().prepare(obj)
        content = {key: value for key, value in data.items() if key != FINGERPRINT}
        data[FINGERPRINT] = hashlib.sha1(
            json.dumps(content, sort_keys=True, default=str).encode("utf-8"), usedforsecurity=False
        ).hexdigest()
        return data


class ArticleIndex(FingerprintedIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True)  # title, caption, body
    title = indexes.CharField(model_attr="title")
    source = indexes.CharField(faceted=True, null=True)
    source_text = indexes.CharField(null=True)
    section = indexes.CharField(faceted=True, null=True)
    published = indexes.DateField(model_attr="published", null=True)
    month = DatePartField(faceted=True, null=True)  # "2018-04": whole-value, sorts by date
    year = DatePartField(faceted=True, null=True)  # "2018", or UNDATED: a "date unknown" facet
    people = indexes.MultiValueField(faceted=True)
    organisations = indexes.MultiValueField(faceted=True)
    places = indexes.MultiValueField(faceted=True)
    speakers = indexes.MultiValueField(faceted=True)
    status = indexes.CharField(model_attr="status")
    # Wire copies (archive/copies.py): the story's group, whole-value, and each published copy's
    # place in it (0: the original, the first published) and role, "original" or "copy". Search
    # results collapse a group to its first matching copy (search/engine/__init__.py: collapsed()).
    copy_group = indexes.CharField(faceted=True, null=True)
    copy_rank = OrderField(null=True)
    copy_role = indexes.CharField(faceted=True)

    touched_by = {
        # An article's publication, date or group decides its copies' ranks and roles too.
        ARTICLE: ("pk", "copy_group__articles"),
        SOURCE: ("source",),
        ACTOR: ("mentions__actor", "quotes__speaker"),  # canonical names in people, speakers...
    }

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return (
            public_articles()
            .select_related("source")
            .prefetch_related(
                Prefetch(
                    "copy_group__articles",
                    queryset=public_articles().only("pk", "published", "copy_group").order_by(*COPY_ORDER),
                    to_attr="published_copies",
                ),
                # select_related, not a prefetch, for the actor: Django 5.2 prefetches a forward
                # foreign key with an OR chain that SQLite refuses beyond ~1,000 ids. Only the
                # names and kinds the prepare_ methods read, in no order (they sort the names).
                Prefetch(
                    "mentions",
                    queryset=Mention.objects.select_related("actor")
                    .only("article", "actor__name", "actor__kind")
                    .order_by(),
                ),
                Prefetch(
                    "quotes",
                    queryset=Quote.objects.select_related("speaker")
                    .only("article", "speaker__name")
                    .order_by(),
                ),
            )
        )

    def prepare_source(self, article):
        return article.source.name if article.source else None

    def prepare_source_text(self, article):
        return self.prepare_source(article)

    def prepare_month(self, article):
        return article.published.strftime("%Y-%m") if article.published else None

    def prepare_section(self, article):
        return article.section or None

    def prepare_year(self, article):
        return article.published.strftime("%Y") if article.published else UNDATED

    def prepare_copy_group(self, article):
        return str(article.copy_group_id) if self._copies(article) else None

    def prepare_copy_rank(self, article):
        copies = self._copies(article)
        return [copy.pk for copy in copies].index(article.pk) if copies else None

    def prepare_copy_role(self, article):
        return "copy" if self.prepare_copy_rank(article) else ORIGINAL

    def _copies(self, article):
        """The published articles of the article's copy group in COPY_ORDER; [] without copies."""
        copies = article.copy_group.published_copies if article.copy_group_id else []
        return copies if len(copies) > 1 else []

    def prepare_people(self, article):
        return names_of(article, Actor.Kind.PERSON)

    def prepare_organisations(self, article):
        return names_of(article, Actor.Kind.ORGANISATION)

    def prepare_places(self, article):
        return names_of(article, Actor.Kind.PLACE)

    def prepare_speakers(self, article):
        return sorted({q.speaker.name for q in article.quotes.all() if q.speaker})


class QuoteIndex(FingerprintedIndex, indexes.Indexable):
    text = indexes.CharField(document=True, model_attr="text")
    speaker = indexes.CharField(faceted=True, null=True)  # canonical name, whole value
    speaker_slug = indexes.CharField(null=True)
    article_id = indexes.IntegerField(model_attr="article_id")
    article_title = indexes.CharField(model_attr="article__title")
    source = indexes.CharField(faceted=True, null=True)
    published = indexes.DateField(model_attr="article__published", null=True)
    start = indexes.IntegerField(model_attr="start")

    # A quote's text is a span of its article's body, whose document brings the words (a third of a
    # build's postings were the spelling words, a third of those the quotes' copies). So an editor's
    # rewording of a quote offers no new word; a word of an unpublished article none either way.
    spelling_words = False

    touched_by = {
        QUOTE: ("pk",),
        ARTICLE: ("article",),  # its title, date, status
        SOURCE: ("article__source",),
        ACTOR: ("speaker",),
    }

    def get_model(self):
        return Quote

    def index_queryset(self, using=None):
        """Public quotes with the fields their documents hold: not their article's body (a quote is
        most of the documents, each read with its article; a third of their reading time went to
        the article's other fields)."""
        return (
            public_quotes()
            .select_related("article__source", "speaker")
            .only(
                "text",
                "start",
                "article__title",
                "article__published",
                "article__source__name",
                "speaker__name",
                "speaker__slug",
            )
        )

    def prepare_speaker(self, quote):
        return quote.speaker.name if quote.speaker else None

    def prepare_speaker_slug(self, quote):
        return quote.speaker.slug if quote.speaker else None

    def prepare_source(self, quote):
        return quote.article.source.name if quote.article.source else None


class ActorIndex(FingerprintedIndex, indexes.Indexable):
    text = indexes.CharField(document=True)  # name and aliases
    name = indexes.CharField(model_attr="name")
    name_auto = indexes.EdgeNgramField()  # autocomplete on any word of the name or an alias
    kind = indexes.CharField(model_attr="kind", faceted=True)
    slug = indexes.CharField(model_attr="slug")

    touched_by = {
        ACTOR: ("pk",),
        ACTOR_DOCUMENT: ("pk",),
        ARTICLE: ("mentions__article", "quotes__article"),  # publishing decides who is public
    }

    def get_model(self):
        return Actor

    def index_queryset(self, using=None):
        """Public actors (archive/selectors.py): merged actors live on as their survivor's aliases.

        An actor known only from drafts or embargoed articles must not leak through autocomplete.
        """
        return public_actors().prefetch_related(public_aliases_prefetch())

    def prepare_text(self, actor):
        """Name and aliases from published articles (or an editor): a draft's forms stay out."""
        return " | ".join([actor.name, *actor.public_aliases])

    def prepare_name_auto(self, actor):
        return self.prepare_text(actor)
