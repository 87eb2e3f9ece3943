"""Writing articles and their annotations to the database.

`store_articles` writes a batch of new articles in one transaction (the importer); `store_article`
one article (the importer's fallback, so that a failing article is named). Both group each new
article with its wire copies (archive/copies.py). `attach_annotations` is
the one way mentions and quotes are written, on import, update and re-extraction; actors are looked
up for a whole batch at once (`resolve_actors`).
"""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower

from archive import versions
from archive.changes import record_articles
from archive.copies import group_copies
from archive.iterables import chunked
from archive.models import (
    Actor,
    ActorAlias,
    Article,
    Mention,
    Quote,
    Source,
    content_hash,
    slug_base,
    unique_slug,
)

LOOKUP_CHUNK = 500


def store_articles(raws):
    """Store new RawArticles with their actors and quotes in ONE transaction; returns the Articles.

    The caller has checked that none is archived. Any error rolls the whole batch back: nothing of
    it is written (the importer then stores the batch one article at a time to name the culprit).
    The batch's mentions, quotes and aliases are INSERTed together, one query per table.
    """
    with transaction.atomic():
        sources = {name: source_named(name) for name in {raw.source for raw in raws}}
        articles = [Article.objects.create(**article_fields(raw, sources[raw.source])) for raw in raws]
        actors = resolve_actors(actor_specs(raw.actors or [], raw.quotes or []) for raw in raws)
        rows = AnnotationRows()
        for article, raw in zip(articles, raws, strict=True):
            attach_annotations(article, raw.actors or [], raw.quotes or [], actors_by_key=actors, into=rows)
            versions.restore(article, raw.versions)
        rows.write()
        group_copies(articles)
    return articles


def store_article(raw):
    """Store a RawArticle with its actors and quotes. Returns (article, created).

    An article whose content hash is already in the archive is a duplicate: nothing is written
    and the existing article is returned with created=False.
    """
    existing = Article.objects.filter(content_hash=content_hash(raw.body)).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(**article_fields(raw, source_named(raw.source)))
            rows = AnnotationRows()
            attach_annotations(article, raw.actors or [], raw.quotes or [], into=rows)
            rows.write()
            versions.restore(article, raw.versions)
            group_copies([article])
    except IntegrityError:
        # Another importer stored the same text between our check and our insert.
        existing = Article.objects.filter(content_hash=content_hash(raw.body)).first()
        if existing is None:
            raise
        return existing, False
    return article, True


def fitted(model, field_name, value):
    """`value` cut to what `model.field_name` holds: an over-long title or name in a file is kept
    in part rather than failing the import. Every text an import stores is cut here."""
    return value[: model._meta.get_field(field_name).max_length]


def article_metadata(raw, source):
    """The metadata an import writes and an update of the article refreshes (update.py); `source`
    is source_named(raw.source), which a batch looks up once per source."""
    return {
        "title": fitted(Article, "title", raw.title),
        "byline": fitted(Article, "byline", raw.byline),
        "source": source,
        "section": fitted(Article, "section", raw.section),
        "published": raw.published,
        "caption": raw.caption,
        "credit": fitted(Article, "credit", raw.credit),
        "language": fitted(Article, "language", raw.language),
    }


def article_fields(raw, source):
    return {
        **article_metadata(raw, source),
        "body": raw.body,
        "url": fitted(Article, "url", raw.url),
        "date_precision": raw.date_precision,
        "status": raw.status,
        "embargo_until": raw.embargo_until,
        "imported_from": fitted(Article, "imported_from", raw.imported_from),
    }


def source_named(name):
    if not name:
        return None
    source, _ = Source.objects.get_or_create(name=fitted(Source, "name", name))
    return source


def actor_specs(actors, quotes):
    """(name, kind) of every actor and quote speaker in RawActor/RawQuote lists."""
    return [(a.name, a.kind) for a in actors] + [(q.speaker, q.speaker_kind) for q in quotes if q.speaker]


def resolve_actors(spec_lists):
    """{(name, kind): Actor} for lists of actor_specs, creating the actors that are new.

    One actor per name, whatever its case and kind: extraction's readings of "Labour" as a place
    in one article and an organisation in another, or of "Labour party" and "Labour Party", are one
    actor. A name already in the archive keeps its actor, so its kind does not change from one
    batch to the next (an actor an editor verified under exactly that name and kind comes first,
    then the oldest one); a new name takes the kind most of the batch's readings give it, first
    read on a tie, spelt the way most of those readings spell it (all capitals last: a dateline's
    "WASHINGTON"). Merged actors resolve to their survivor. Nothing an article says about an actor
    is written here: its role and name forms belong to that article (attach_annotations).
    """
    readings = {}  # casefolded name → Counter of (name, kind)
    for specs in spec_lists:
        for given, kind in specs:
            name = fitted(Actor, "name", given)
            readings.setdefault(name.casefold(), Counter())[name, kind] += 1
    archived = _actors_named({name for counts in readings.values() for name, _ in counts})
    new = {key: _new_actor(counts) for key, counts in readings.items() if not archived.get(key)}
    _create_actors(list(new.values()))
    resolved = {}
    for key, counts in readings.items():
        actors = archived.get(key) or [new[key]]
        oldest = min(actors, key=lambda actor: actor.pk)
        for name, kind in counts:
            actor = _editors_actor(actors, name, kind) or oldest
            resolved[name, kind] = actor.survivor() if actor.merged_into_id else actor
    return resolved


def _editors_actor(actors, name, kind):
    return next((a for a in actors if a.verified and a.name == name and a.kind == kind), None)


def _new_actor(counts):
    """An unsaved Actor for a name the archive lacks: the readings' commonest kind, spelt the way
    most readings of that kind spell it."""
    kinds = Counter()
    for (_, kind), count in counts.items():
        kinds[kind] += count
    kind = kinds.most_common(1)[0][0]
    spellings = [(name, count) for (name, read_as), count in counts.items() if read_as == kind]
    name = max(spellings, key=lambda spelling: (not spelling[0].isupper(), spelling[1]))[0]
    return Actor(name=name, kind=kind)


def _create_actors(actors):
    """INSERT the unsaved `actors` at once, each with the slug Actor.save would give it, in order.

    One query for the slugs and one INSERT per batch: creating them one by one (a lookup, a slug
    query and an INSERT each) was the largest part of storing a batch (13,868 new actors in the BBC
    corpus). A new actor records no change: nothing shows it before a mention or quote names it
    (search/signals.py), and those record their article.
    """
    bases = [slug_base(actor.name) for actor in actors]
    taken = _slugs_taken(bases)
    given = set()
    for actor, base in zip(actors, bases, strict=True):
        clash = base in taken or base in given
        actor.slug = unique_slug(Actor, actor.name, reserved=given) if clash else base
        given.add(actor.slug)
    Actor.objects.bulk_create(actors)


def _slugs_taken(slugs):
    """Which of `slugs` archived actors have."""
    taken = set()
    for chunk in chunked(sorted(set(slugs)), LOOKUP_CHUNK):
        taken.update(Actor.objects.filter(slug__in=chunk).values_list("slug", flat=True))
    return taken


def _actors_named(names):
    """{casefolded name: [Actor]} for the actors called any of `names` in any case.

    The exact names are looked up too: SQLite's lower() leaves non-ASCII letters ("É") as they are.
    """
    found = {}
    for chunk in chunked(sorted(set(names)), LOOKUP_CHUNK):
        lowered = Actor.objects.annotate(lowered=Lower("name"))
        matching = lowered.filter(Q(name__in=chunk) | Q(lowered__in={name.lower() for name in chunk}))
        for actor in matching:
            found.setdefault(actor.name.casefold(), []).append(actor)
    return found


class AnnotationRows:
    """The change log entries, mentions, quotes and aliases of articles just created, gathered by
    attach_annotations so that a batch INSERTs each table's rows in one query: four queries per
    article were a third of storing a batch (with Django building each INSERT)."""

    def __init__(self):
        self.article_ids, self.mentions, self.quotes, self.aliases = [], [], [], []

    def write(self):
        record_articles(self.article_ids)
        Mention.objects.bulk_create(self.mentions)
        Quote.objects.bulk_create(self.quotes)
        ActorAlias.objects.bulk_create(self.aliases, ignore_conflicts=True)


def attach_annotations(article, actors, quotes, actors_by_key=None, into=None):
    """Write mentions and quotes for `article` from RawActor/RawQuote records, keeping corrections.

    The one way annotations are written, on import and on re-extraction: unverified mentions and
    quotes of the article are replaced; verified ones stay as the editor left them, and a new quote
    overlapping a verified or dismissed span is dropped rather than duplicated. Actors left with
    nothing to their name by the replacement are deleted unless an editor verified them.
    `actors_by_key` is resolve_actors' answer when the caller looked up a batch. `into` (an
    AnnotationRows) says the article was created in this transaction, so it has nothing to replace
    or keep, and gathers its rows there for the caller to write with the other new articles'.
    """
    fresh = into is not None
    rows = into or AnnotationRows()
    # bulk_create sends no signal: the change log says so, and the search index then re-reads this
    # article, its quotes and its actors, and the documents of actors whose public forms it changes
    # (search/indexer.py).
    rows.article_ids.append(article.pk)
    if actors_by_key is None:
        actors_by_key = resolve_actors([actor_specs(actors, quotes)])
    previous_actor_ids, kept_actor_ids, protected, dismissed = set(), set(), [], []
    if not fresh:
        previous_actor_ids = set(article.mentions.filter(verified=False).values_list("actor_id", flat=True))
        article.mentions.filter(verified=False).delete()
        article.quotes.filter(verified=False).delete()
        kept_actor_ids = set(article.mentions.values_list("actor_id", flat=True))
        protected = list(article.quotes.values_list("start", "end"))
        dismissed = list(article.dismissed_quotes.values_list("start", "end", "text"))
    by_name = {}
    mentions = {}
    forms = set()  # (actor pk, form) read in this article
    for raw_actor in actors:
        actor = actors_by_key[fitted(Actor, "name", raw_actor.name), raw_actor.kind]
        by_name[raw_actor.name] = actor
        if actor.pk in kept_actor_ids:
            continue
        used = (raw_actor.name, *raw_actor.aliases)
        forms |= {(actor.pk, fitted(ActorAlias, "alias", form)) for form in used if form != actor.name}
        mention = mentions.get(actor.pk)
        if mention:
            mention.count += raw_actor.count
            mention.first_offset = min(mention.first_offset, raw_actor.first_offset)
            mention.role = mention.role or fitted(Mention, "role", raw_actor.description)
        else:
            mentions[actor.pk] = Mention(
                article=article,
                actor=actor,
                count=raw_actor.count,
                first_offset=raw_actor.first_offset,
                role=fitted(Mention, "role", raw_actor.description),
                verified=raw_actor.verified,
            )
    rows.mentions.extend(mentions.values())
    # A dismissed span still stands where the body still has its words there (an updated text moves
    # them); wherever the words are, a quote with exactly those words stays dismissed.
    protected += [(start, end) for start, end, text in dismissed if article.body[start:end] == text]
    dismissed_texts = {text for _, _, text in dismissed}
    rows.quotes.extend(
        [
            Quote(
                article=article,
                speaker=_speaker(q, by_name, actors_by_key),
                text=q.text,
                start=q.start,
                end=q.end,
                cue=fitted(Quote, "cue", q.cue),
                kind=q.kind,
                confidence=q.confidence,
                verified=q.verified,
            )
            for q in quotes
            if q.text not in dismissed_texts
            and not any(q.start < end and start < q.end for start, end in protected)
        ]
    )
    for speaker, form in ((_speaker(q, by_name, actors_by_key), q.speaker) for q in quotes if q.speaker):
        if form != speaker.name and speaker.pk not in kept_actor_ids:
            forms.add((speaker.pk, fitted(ActorAlias, "alias", form)))
    # `forms` are the article's aliases (the names it uses for its actors). On re-extraction the
    # forms of actors whose mention an editor verified stay as they were.
    if not fresh:
        article.actor_aliases.exclude(actor_id__in=kept_actor_ids).delete()
    rows.aliases.extend(ActorAlias(actor_id=pk, alias=form, article=article) for pk, form in sorted(forms))
    if fresh:
        return
    rows.write()
    if previous_actor_ids:
        _delete_orphans(previous_actor_ids - set(mentions))


def _speaker(quote, by_name, actors_by_key):
    if not quote.speaker:
        return None
    key = (fitted(Actor, "name", quote.speaker), quote.speaker_kind)
    return by_name.get(quote.speaker) or actors_by_key[key]


def _delete_orphans(actor_ids):
    """Remove extraction-made actors that no article mentions or quotes any more."""
    Actor.objects.filter(pk__in=actor_ids, verified=False, mentions__isnull=True, quotes__isnull=True).filter(
        merged_actors__isnull=True
    ).delete()
