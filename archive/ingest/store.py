"""Writing articles and their annotations to the database, one transaction per article."""

from django.db import IntegrityError, transaction

from archive.models import Actor, ActorAlias, Article, Mention, Quote, Source, content_hash
from search.signals import ACTOR, ARTICLE, enqueue


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
            article = Article.objects.create(
                title=raw.title[:300],
                body=raw.body,
                source=source_named(raw.source),
                byline=raw.byline[:300],
                url=raw.url[:1000],
                section=raw.section[:100],
                published=raw.published,
                date_precision=raw.date_precision,
                caption=raw.caption,
                credit=raw.credit[:300],
                language=raw.language[:12],
                status=raw.status,
                embargo_until=raw.embargo_until,
                imported_from=raw.imported_from[:1000],
            )
            attach_annotations(article, raw.actors or [], raw.quotes or [])
    except IntegrityError:
        # Another importer stored the same text between our check and our insert.
        existing = Article.objects.filter(content_hash=content_hash(raw.body)).first()
        if existing is None:
            raise
        return existing, False
    return article, True


def source_named(name):
    if not name:
        return None
    source, _ = Source.objects.get_or_create(name=name[:200])
    return source


def resolve_actor(name, kind, aliases=(), description=""):
    """The Actor for a canonical name, created if new; merged actors resolve to their survivor.

    A merged or verified actor is never changed: new aliases go to the survivor, and a role is only
    filled in on an unverified actor that has none.
    """
    actor, created = Actor.objects.get_or_create(
        name=name[:200], kind=kind, defaults={"description": description[:300]}
    )
    if (
        not created
        and description
        and not actor.description
        and not actor.verified
        and not actor.merged_into_id
    ):
        actor.description = description[:300]
        actor.save(update_fields=["description"])
    actor = actor.survivor()
    forms = {a[:300] for a in aliases if a and a != actor.name}
    forms -= set(actor.aliases.values_list("alias", flat=True))
    ActorAlias.objects.bulk_create(
        [ActorAlias(actor=actor, alias=form) for form in sorted(forms)], ignore_conflicts=True
    )
    if forms and not created:
        # bulk_create sends no signal, and the aliases of an actor already in the archive show in
        # its earlier articles' and quotes' documents (a new actor comes with its article's entry).
        enqueue(ACTOR, [actor.pk])
    return actor


def attach_annotations(article, actors, quotes):
    """Write mentions and quotes for `article` from RawActor/RawQuote records, keeping corrections.

    The one way annotations are written, on import and on re-extraction: unverified mentions and
    quotes of the article are replaced; verified ones stay as the editor left them, and a new quote
    overlapping a verified or dismissed span is dropped rather than duplicated. Actors left with
    nothing to their name by the replacement are deleted unless an editor verified them.
    """
    # bulk_create below sends no signal: the search index re-reads this article, its quotes and
    # its actors after the commit (search/signals.py).
    enqueue(ARTICLE, [article.pk])
    previous_actor_ids = set(article.mentions.filter(verified=False).values_list("actor_id", flat=True))
    article.mentions.filter(verified=False).delete()
    article.quotes.filter(verified=False).delete()
    by_name = {}
    mentions = {}
    kept_actor_ids = set(article.mentions.values_list("actor_id", flat=True))
    for raw_actor in actors:
        actor = resolve_actor(raw_actor.name, raw_actor.kind, raw_actor.aliases, raw_actor.description)
        by_name[raw_actor.name] = actor
        if actor.pk in kept_actor_ids:
            continue
        mention = mentions.get(actor.pk)
        if mention:
            mention.count += raw_actor.count
            mention.first_offset = min(mention.first_offset, raw_actor.first_offset)
        else:
            mentions[actor.pk] = Mention(
                article=article,
                actor=actor,
                count=raw_actor.count,
                first_offset=raw_actor.first_offset,
                verified=raw_actor.verified,
            )
    Mention.objects.bulk_create(mentions.values())
    protected = list(article.quotes.values_list("start", "end"))
    dismissed = list(article.dismissed_quotes.values_list("start", "end", "text"))
    # A dismissed span still stands where the body still has its words there (an updated text moves
    # them); wherever the words are, a quote with exactly those words stays dismissed.
    protected += [(start, end) for start, end, text in dismissed if article.body[start:end] == text]
    dismissed_texts = {text for _, _, text in dismissed}
    Quote.objects.bulk_create(
        [
            Quote(
                article=article,
                speaker=_speaker(q, by_name),
                text=q.text,
                start=q.start,
                end=q.end,
                cue=q.cue[:40],
                kind=q.kind,
                confidence=q.confidence,
                verified=q.verified,
            )
            for q in quotes
            if q.text not in dismissed_texts
            and not any(q.start < end and start < q.end for start, end in protected)
        ]
    )
    _delete_orphans(previous_actor_ids - set(mentions))


def _speaker(quote, actors_by_name):
    if not quote.speaker:
        return None
    return actors_by_name.get(quote.speaker) or resolve_actor(quote.speaker, quote.speaker_kind)


def _delete_orphans(actor_ids):
    """Remove extraction-made actors that no article mentions or quotes any more."""
    Actor.objects.filter(pk__in=actor_ids, verified=False, mentions__isnull=True, quotes__isnull=True).filter(
        merged_actors__isnull=True
    ).delete()
