"""Editors' corrections that must survive re-extraction: merging actors, dismissing quotes."""

from django.db import transaction
from django.db.models import Count

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
    """
    survivor = survivor.survivor()  # picking an already merged actor means its survivor
    others = [a for a in others if a.pk != survivor.pk]
    for other in others:
        _move_aliases(other, survivor)
        _move_mentions(other, survivor)
        Quote.objects.filter(speaker=other).update(speaker=survivor)
        Actor.objects.filter(merged_into=other).update(merged_into=survivor)
        other.merged_into = survivor
        other.save(update_fields=["merged_into"])
    survivor.verified = True
    survivor.save(update_fields=["verified"])
    return survivor


def _move_aliases(source, target):
    """The source's name (with the articles naming it) and aliases (with theirs) go to the target."""
    forms = set(source.aliases.values_list("alias", "article_id"))
    named_in = {*source.mentions.values_list("article_id", flat=True)}
    named_in |= {*source.quotes.values_list("article_id", flat=True)}
    forms |= {(source.name, article_id) for article_id in named_in or [None]}
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

    The moves are one UPDATE, not a save per mention: each save queued its article for the index,
    and the survivor's own save (merge_actors) already re-reads every article naming it. A merge
    of a much-named actor queued hundreds of entries, drained in several batches that each
    re-read all of the survivor's articles.
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
