"""Story versions: a change of an article's text, metadata or status keeps the state before it.

Each path that changes an article takes `snapshot(article)` before the change and calls `record()`
after it, in the same transaction: an import of new text at the article's URL
(archive/ingest/update.py), an editor's save in the admin (archive/admin.py) and the end of an
embargo (archive/embargoes.py). Nothing is stored for an article that never changed: its first
change stores the state before it as version 1 ("first archived"), then the new state.

A state is a plain dict (`snapshot`, `state_of`), so "did anything change" is one comparison and
a version holds everything its page shows. Quotes can also change between two recorded changes
(re-extraction, the quote editor, a merge renaming a speaker): the state found before the next
change is then stored first, as "quotes re-read or corrected", so each change is shown with what
it did and nothing else.
"""

from django.db import transaction
from django.utils import timezone

from archive.models import Article, ArticleVersion

# The article's metadata a version keeps, besides its title, body and status.
METADATA_FIELDS = ("byline", "source", "section", "url", "published", "date_precision", "caption", "credit")


def snapshot(article):
    """The article's state as stored in the database now: text, metadata, status, quotes."""
    roles = dict(article.mentions.exclude(role="").values_list("actor_id", "role"))
    quotes = article.quotes.select_related("speaker").order_by("start", "pk")
    return {
        "status": article.status,
        "title": article.title,
        "body": article.body,
        "metadata": _metadata(article),
        "quotes": [
            {
                "text": quote.text,
                "speaker": quote.speaker.name if quote.speaker else "",
                "role": roles.get(quote.speaker_id, ""),
                "kind": quote.kind,
                "start": quote.start,
            }
            for quote in quotes
        ],
    }


def _metadata(article):
    values = {name: getattr(article, name) for name in METADATA_FIELDS}
    values["source"] = article.source.name if article.source_id else ""
    values["published"] = article.published.isoformat() if article.published else None
    return values


def state_of(version):
    """A stored version's state, in the shape `snapshot` gives."""
    return {
        "status": version.status,
        "title": version.title,
        "body": version.body,
        "metadata": version.metadata,
        "quotes": version.quotes,
    }


def differences(before, after):
    """The names of what differs between two states: fields, metadata fields, "quotes"."""
    names = [key for key in ("status", "title", "body", "quotes") if before[key] != after[key]]
    names += [name for name in METADATA_FIELDS if before["metadata"].get(name) != after["metadata"].get(name)]
    return sorted(names)


@transaction.atomic
def record(article, before, origin, editor=None, changed_fields=None):
    """Keep the change of `article` from the state `before` (a `snapshot`) to its state now.

    Returns the new version, or None when nothing a version shows changed. `changed_fields`
    defaults to what differs; an editor's save passes the fields the editor's form changed.
    """
    after = snapshot(article)
    if after == before:
        return None
    article = Article.objects.select_for_update().get(pk=article.pk)  # one numbering at a time
    latest = article.versions.order_by("-number").first()
    if latest is None:
        latest = _store(article, before, 1, ArticleVersion.Origin.ARCHIVED, article.created)
    elif state_of(latest) != before:
        latest = _store(article, before, latest.number + 1, ArticleVersion.Origin.QUOTES, timezone.now())
    return _store(
        article,
        after,
        latest.number + 1,
        origin,
        timezone.now(),
        editor=editor,
        changed_fields=sorted(changed_fields) if changed_fields is not None else differences(before, after),
    )


def snapshots_of_versioned(article_ids):
    """{pk: snapshot} of those of `article_ids` that have versions: the states a bulk change (an
    embargo release) must record, taken before it."""
    articles = Article.objects.filter(pk__in=article_ids, versions__isnull=False).distinct()
    return {article.pk: snapshot(article) for article in articles.select_related("source")}


def record_all(befores, origin, changed_fields):
    """`record()` the change of every article in `befores` ({pk: snapshot})."""
    for article in Article.objects.filter(pk__in=befores).select_related("source"):
        record(article, befores[article.pk], origin, changed_fields=changed_fields)


def restore(article, records):
    """Store the versions an export carried for `article`, just imported (archive/ingest/jsonl.py
    checked them): the editor by name, as exported."""
    ArticleVersion.objects.bulk_create([ArticleVersion(article=article, **record) for record in records])


def editor_name(user):
    """How a version names its editor: the full name given in the admin's Users, else the username."""
    return (user.get_full_name() or user.get_username()) if user else ""


def _store(article, state, number, origin, recorded, editor=None, changed_fields=()):
    return ArticleVersion.objects.create(
        article=article,
        number=number,
        recorded=recorded,
        origin=origin,
        editor=editor,
        editor_name=editor_name(editor),
        changed_fields=list(changed_fields),
        **state,
    )
