"""Articles as JSON-ready records: the export format, which `import_articles` reads back.

`article_record` is an article with its annotations (the public records derive from it:
archive/public_records.py); `export_record` adds its versions (archive/versions.py), which only the
archive's own export carries: they hold states the public never sees.
"""

from django.db.models import Prefetch

from archive.models import Article, ArticleVersion, Mention, Quote, editor_aliases_prefetch

EXPORT_CHUNK = 500


def export_queryset(queryset=None):
    """Articles with everything the record needs, fetched in a fixed number of queries per chunk."""
    queryset = Article.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("source")
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=Mention.objects.select_related("actor").prefetch_related(
                    editor_aliases_prefetch("actor__")
                ),
            ),
            "actor_aliases",
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker").order_by("start")),
        )
        .order_by("pk")
    )


def iter_records(queryset=None):
    """The export's records (`export_record`), article by article."""
    versions = Prefetch("versions", queryset=ArticleVersion.objects.order_by("number"))
    for article in export_queryset(queryset).prefetch_related(versions).iterator(chunk_size=EXPORT_CHUNK):
        yield export_record(article)


def export_record(article):
    """The article's record with its versions (needs `versions` prefetched in number order)."""
    return {**article_record(article), "versions": [version_record(v) for v in article.versions.all()]}


def version_record(version):
    """A version as the export writes it and the import restores it (the editor by name only:
    accounts are not exported)."""
    return {
        "number": version.number,
        "recorded": version.recorded.isoformat(),
        "origin": version.origin,
        "editor_name": version.editor_name,
        "changed_fields": version.changed_fields,
        "status": version.status,
        "title": version.title,
        "body": version.body,
        "metadata": version.metadata,
        "quotes": version.quotes,
    }


def article_metadata(article):
    """The fields that identify and date an article (needs `source` selected); lists use only these."""
    return {
        "id": article.pk,
        "title": article.title,
        "published": published_text(article),
        "date_precision": article.date_precision,
        "source": article.source.name if article.source else "",
        "url": article.url,
        "section": article.section,
        "byline": article.byline,
    }


def article_record(article):
    """The article with its actors as IT names them: the forms and role it gives each (plus the
    editor's), never what other articles, drafts included, say about them."""
    forms_here = {}
    for row in article.actor_aliases.all():
        forms_here.setdefault(row.actor_id, set()).add(row.alias)
    return {
        **article_metadata(article),
        "language": article.language,
        "status": article.status,
        "embargo_until": article.embargo_until.isoformat() if article.embargo_until else None,
        "imported_from": article.imported_from,
        "caption": article.caption,
        "credit": article.credit,
        "body": article.body,
        "actors": [
            {
                "name": m.actor.name,
                "kind": m.actor.kind,
                "aliases": sorted(
                    forms_here.get(m.actor_id, set()) | {row.alias for row in m.actor.editor_alias_rows}
                ),
                "description": m.actor.description or m.role,
                "count": m.count,
                "first_offset": m.first_offset,
                "verified": m.verified,
            }
            for m in article.mentions.all()
        ],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker.name if q.speaker else None,
                "start": q.start,
                "end": q.end,
                "cue": q.cue,
                "kind": q.kind,
                "confidence": q.confidence,
                "verified": q.verified,
            }
            for q in article.quotes.all()
        ],
    }


def published_text(article):
    """The date at its precision: 2018-04-06, 2018-04 or 2018."""
    if not article.published:
        return None
    iso = article.published.isoformat()
    return {"month": iso[:7], "year": iso[:4]}.get(article.date_precision, iso)
