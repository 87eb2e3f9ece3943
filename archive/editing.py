"""Editors' corrections that must survive re-extraction: merging actors, dismissing quotes."""

from django.db import transaction
from django.db.models import Count

from archive.changes import record_articles
from archive.models import Actor, ActorAlias, DismissedQuote, Mention, Quote


def default_survivor(actors):
    """The actor a merge keeps unless the editor picks another: the most mentioned, then the oldest."""
    counted = Actor.objects.filter(pk__in=[a.pk for a in actors]).annotate(n=Count("mentions"))
    return counted.order_by("-n", "pk").first()


@transaction.atomic
def merge_actors(survivor, others):
    """Fold `others` into `survivor`: names become aliases, mentions and quotes move over.

    Mentions of the same article are combined (counts summed, earliest offset kept). Each merged
    actor keeps `merged_into`, so extraction resolves its name to the survivor from now on.
    A merged name is an alias from the articles that used it (public only once one of them is).

    What the search index re-reads (archive/changes.py): the articles naming a merged actor (their
    mentions and quotes move with UPDATEs, which send no signal), recorded here, and the actors'
    own documents, recorded by the merged actors' saves (the survivor gains their names as
    aliases; search/dependencies.py). The survivor's other articles and quotes show its canonical
    name only and stay as they are: a merge into a much-named actor rewrites a few documents, not
    the hundreds naming it.
    """
    survivor = survivor.survivor()  # picking an already merged actor means its survivor
    others = [a for a in others if a.pk != survivor.pk]
    for other in others:
        record_articles(_articles_naming(other))
        _move_aliases(other, survivor)
        _move_mentions(other, survivor)
        Quote.objects.filter(speaker=other).update(speaker=survivor)
        Actor.objects.filter(merged_into=other).update(merged_into=survivor)
        other.merged_into = survivor
        other.save(update_fields=["merged_into"])
    # An UPDATE: no document shows `verified`, and a save would re-read every article naming it.
    Actor.objects.filter(pk=survivor.pk).update(verified=True)
    survivor.verified = True
    return survivor


def _articles_naming(actor):
    """The ids of the articles that mention `actor` or quote it."""
    return {
        *actor.mentions.values_list("article_id", flat=True),
        *actor.quotes.values_list("article_id", flat=True),
    }


def _move_aliases(source, target):
    """The source's name (with the articles naming it) and aliases (with theirs) go to the target."""
    forms = set(source.aliases.values_list("alias", "article_id"))
    forms |= {(source.name, article_id) for article_id in _articles_naming(source) or [None]}
    ActorAlias.objects.bulk_create(
        [
            ActorAlias(actor=target, alias=form, article_id=article_id)
            for form, article_id in sorted(forms, key=str)
            if form != target.name
        ],
        ignore_conflicts=True,
    )
    source.aliases.all().delete()


def _move_mentions(source, target):
    """Move `source`'s mentions to `target`, combining those of an article both are named in.

    The moves are one UPDATE, not a save per mention: merge_actors records the source's articles
    once, while a save per mention wrote an entry per mention.
    """
    existing = {m.article_id: m for m in Mention.objects.filter(actor=target)}
    both_named = Mention.objects.filter(actor=target).values("article_id")
    Mention.objects.filter(actor=source).exclude(article_id__in=both_named).update(actor=target)
    for mention in Mention.objects.filter(actor=source):
        kept = existing[mention.article_id]
        kept.count += mention.count
        kept.first_offset = min(kept.first_offset, mention.first_offset)
        kept.verified = kept.verified or mention.verified
        kept.save(update_fields=["count", "first_offset", "verified"])
        mention.delete()


def dismiss_quotes(quotes):
    """Remember the spans of quotes an editor deletes, so that re-extraction leaves them out."""
    DismissedQuote.objects.bulk_create(
        [DismissedQuote(article_id=q.article_id, start=q.start, end=q.end, text=q.text) for q in quotes],
        ignore_conflicts=True,
    )
