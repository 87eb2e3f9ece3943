"""The public JSON shape of articles, quotes and actors: used by the API and the JSON-lines export.

An article's full record is `archive.export.article_record` (the export format) without what only
editors may see (status, embargo, the file it was imported from), plus links. Every function takes
the request to build absolute links, so a record is useful outside the site. The API adds to an
actor's record the links to its lists (api/views.py), which speak the search's parameters.
"""

from django.urls import reverse

from archive.export import article_metadata, article_record, published_text

# Editors' bookkeeping in the export record that a public response never carries.
PRIVATE_FIELDS = ("status", "embargo_until", "imported_from")


def absolute(request, path):
    return request.build_absolute_uri(path)


def article_links(article, request):
    return {
        "archive_url": absolute(request, article.get_absolute_url()),
        "api_url": absolute(request, reverse("api:article", kwargs={"pk": article.pk})),
    }


def article_summary(article, request):
    """An article in a list: its metadata and links, no body (needs `source` selected)."""
    return {**article_metadata(article), **article_links(article, request)}


def article_public(article):
    """The export record without what only editors may see (needs `export_queryset` prefetches)."""
    record = article_record(article)
    for name in PRIVATE_FIELDS:
        del record[name]
    return record


def article_table_record(article, request):
    """What a table of articles (the CSV export) needs: the public record and the article's own
    links, without article_full's link per actor and quote (a URL reverse each: most of the time
    of a large CSV export)."""
    return {**article_public(article), **article_links(article, request)}


def article_full(article, request):
    """An article with body, actors and quotes (needs `archive.export.export_queryset` prefetches)."""
    record = article_public(article)
    # article_record builds its lists from these same prefetched rows, in the same order.
    for actor, mention in zip(record["actors"], article.mentions.all(), strict=True):
        actor["api_url"] = actor_api_url(mention.actor, request)
    record["quotes"] = [
        {
            "id": row.pk,
            **quote,
            "speaker_api_url": row.speaker and actor_api_url(row.speaker, request),
            "archive_url": absolute(request, row.get_absolute_url()),
        }
        for quote, row in zip(record["quotes"], article.quotes.all(), strict=True)
    ]
    record.update(article_links(article, request))
    return record


def actor_api_url(actor, request):
    return absolute(request, reverse("api:actor", kwargs={"slug": actor.slug}))


def actor_reference(actor, request):
    """An actor named inside another record (a quote's speaker)."""
    return {
        "name": actor.name,
        "kind": actor.kind,
        "slug": actor.slug,
        "api_url": actor_api_url(actor, request),
    }


def quote_record(quote, request):
    """A quote with its speaker and article (needs `speaker` and `article__source` selected)."""
    article = quote.article
    return {
        "id": quote.pk,
        "text": quote.text,
        "speaker": actor_reference(quote.speaker, request) if quote.speaker else None,
        "cue": quote.cue,
        "kind": quote.kind,
        "confidence": quote.confidence,
        "verified": quote.verified,
        "start": quote.start,
        "end": quote.end,
        "archive_url": absolute(request, quote.get_absolute_url()),
        "article": {
            "id": article.pk,
            "title": article.title,
            "published": published_text(article),
            "source": article.source.name if article.source else "",
            **article_links(article, request),
        },
    }


def actor_record(actor, request, article_count, quote_count):
    """An actor with its public role and aliases, public counts and links (prefetch with
    `Actor.objects.with_public_profile()`)."""
    return {
        "name": actor.name,
        "kind": actor.kind,
        "slug": actor.slug,
        "description": actor.public_role,
        "aliases": actor.public_aliases,
        "article_count": article_count,
        "quote_count": quote_count,
        "archive_url": absolute(request, actor.get_absolute_url()),
        "api_url": actor_api_url(actor, request),
    }
