"""Which archive changes touch which search documents: declared by each index, derived everywhere else.

A change label names a kind of archive change (`RECORDED_FROM` says from which rows it is recorded:
a quote's save is an ARTICLE change of its article, a QUOTE change of itself and an ACTOR_DOCUMENT
change of its speaker). Each index in search/search_indexes.py declares `touched_by`: {label:
lookups from its model to the rows the label names}. From those declarations

* search/signals.py records a save or delete under the labels some index reads (`tracked()`);
* search/indexer.py finds the documents to re-read for a batch of entries (`touched_documents()`).

A new field in an index that shows something of another row adds its lookup here, in one place.
"""

from django.db.models import Exists, OuterRef
from haystack import connections
from haystack.constants import DEFAULT_ALIAS

from archive import changes
from archive.models import Actor, ActorAlias, Article, Mention, Quote, Source

ARTICLE = changes.ARTICLE  # an article or what it holds: its text, mentions, quotes
QUOTE = "archive.quote"
ACTOR = "archive.actor"  # an actor's own row (name, kind, slug): what its articles and quotes show
# Only the actor's own document: is it still public, and under which forms? A quote or mention
# gained or lost changes that, and so do its aliases (only the actor's document holds them:
# `speaker:`/`actor:` read them there) and a merge into it (the merged names become its aliases),
# but not what the actor's articles and quotes show, which ACTOR re-reads: hundreds of documents
# for a much-named actor.
ACTOR_DOCUMENT = "archive.actor.document"
SOURCE = "archive.source"

# label -> {model: the attributes of a changed row that name the label's rows}
RECORDED_FROM = {
    ARTICLE: {Article: ("pk",), Quote: ("article_id",), Mention: ("article_id",)},
    QUOTE: {Quote: ("pk",)},
    ACTOR: {Actor: ("pk",)},
    ACTOR_DOCUMENT: {
        Quote: ("speaker_id",),
        Mention: ("actor_id",),
        Actor: ("merged_into_id",),
        ActorAlias: ("actor_id",),
    },
    SOURCE: {Source: ("pk",)},
}


def search_indexes():
    return connections[DEFAULT_ALIAS].get_unified_index().get_indexes().values()


def tracked():
    """{model: {label: attributes}} for every label some index declares in `touched_by`."""
    read = {label for search_index in search_indexes() for label in search_index.touched_by}
    models = {}
    for label in sorted(read):
        for model, attributes in RECORDED_FROM[label].items():
            models.setdefault(model, {})[label] = attributes
    return models


def touched_documents(changed):
    """{model: {pk}} of the documents `changed` ({label: {pk}}) touches, deleted rows included.

    An article change is also an ACTOR_DOCUMENT change of the actors whose public forms it decides.
    """
    forms_decided = actors_whose_public_forms_depend_on(changed)
    changed = {**changed, ACTOR_DOCUMENT: set(changed.get(ACTOR_DOCUMENT, ())) | forms_decided}
    documents = {}
    for search_index in search_indexes():
        model = search_index.get_model()
        pks = documents.setdefault(model, set())
        for label, lookups in search_index.touched_by.items():
            rows = changed.get(label)
            for lookup in lookups if rows else ():
                # "pk" names the documents themselves, also those of rows deleted since.
                pks |= rows if lookup == "pk" else ids(model.objects.filter(**{f"{lookup}__in": rows}))
    return documents


def actors_whose_public_forms_depend_on(changed):
    """Actors with a form read in the changed articles and in no other public place (another
    published article, an editor): publishing, unpublishing or importing one of them changes the
    forms the actor's document holds. (Deleting one deletes its aliases, whose signals record the
    actor.)"""
    article_ids = changed.get(ARTICLE)
    if not article_ids:
        return set()
    elsewhere = (
        ActorAlias.objects.public()
        .filter(actor=OuterRef("actor_id"), alias=OuterRef("alias"))
        .exclude(article__in=article_ids)
    )
    return ids(ActorAlias.objects.filter(article__in=article_ids).exclude(Exists(elsewhere)), "actor")


def ids(queryset, field="pk"):
    return set(queryset.values_list(field, flat=True))
