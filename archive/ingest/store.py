"""Writing articles and their annotations to the database, one transaction per article."""

from django.db import IntegrityError, transaction

from archive.models import Actor, ActorAlias, Article, Mention, Quote, Source, content_hash


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
    """The Actor for a canonical name, created if new; merged actors resolve to their survivor."""
    actor, created = Actor.objects.get_or_create(
        name=name[:200], kind=kind, defaults={"description": description}
    )
    if not created and description and not actor.description and not actor.verified:
        actor.description = description[:300]
        actor.save(update_fields=["description"])
    actor = actor.survivor()
    forms = {a[:300] for a in aliases if a}
    ActorAlias.objects.bulk_create(
        [ActorAlias(actor=actor, alias=form) for form in sorted(forms)], ignore_conflicts=True
    )
    return actor


def attach_annotations(article, actors, quotes):
    """Create mentions and quotes for `article` from RawActor/RawQuote records."""
    by_name = {}
    mentions = {}
    for raw_actor in actors:
        actor = resolve_actor(raw_actor.name, raw_actor.kind, raw_actor.aliases, raw_actor.description)
        by_name[raw_actor.name] = actor
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
        ]
    )


def _speaker(quote, actors_by_name):
    if not quote.speaker:
        return None
    return actors_by_name.get(quote.speaker) or resolve_actor(quote.speaker, quote.speaker_kind)
