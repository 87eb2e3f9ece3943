"""Builders of test data, one way each: articles (with their mentions), quotes, the hidden
(draft, embargoed) articles the access tests hunt for, a seed article's text, and a JSON GET.

The fixtures built from them (`archive`, `known`) are in tests/fixtures.py.
"""

from datetime import date, timedelta

from django.utils import timezone

from archive.copies import group_copies
from archive.ingest.files import decode_text
from archive.ingest.text import read_text
from archive.models import Actor, Article, Mention, Quote, Source


def make_article(
    title,
    body=None,
    published=None,
    source="BBC News",
    people=(),
    organisations=(),
    precision=None,
    **fields,
):
    """An article (body "<title>." unless given), its source found or made by name (or given as a
    Source, or None), and a mention of each person and organisation at its first place in the body.

    The date's precision is a day for a date, unknown without one; an embargoed article is
    embargoed for a day unless `embargo_until` says otherwise.
    """
    body = f"{title}." if body is None else body
    if fields.get("status") == Article.Status.EMBARGOED:
        fields.setdefault("embargo_until", timezone.now() + timedelta(days=1))
    article = Article.objects.create(
        title=title,
        body=body,
        published=published,
        date_precision=precision or (Article.Precision.DAY if published else Article.Precision.UNKNOWN),
        source=Source.objects.get_or_create(name=source)[0] if isinstance(source, str) else source,
        **fields,
    )
    for kind, names in ((Actor.Kind.PERSON, people), (Actor.Kind.ORGANISATION, organisations)):
        for name in names:
            actor, _ = Actor.objects.get_or_create(name=name, kind=kind)
            Mention.objects.create(article=article, actor=actor, first_offset=max(body.find(name), 0))
    return article


def make_quote(article, speaker, text):
    actor = Actor.objects.get_or_create(name=speaker, kind=Actor.Kind.PERSON)[0] if speaker else None
    start = article.body.index(text)
    return Quote.objects.create(article=article, speaker=actor, text=text, start=start, end=start + len(text))


# An agency story as outlets reprint it: each puts its own headline and first paragraph on top.
WIRE_STORY = (
    "Dock workers at the northern harbour voted on Tuesday to end a strike that had halted ferry "
    "traffic for nine days, after port managers agreed to a new shift pattern and a pay rise of four "
    "percent. The union said the agreement would be signed by both sides on Friday.\n\n"
    "Ferries are expected to sail again from Thursday morning, the harbour office said, although "
    "freight schedules may take a week to return to normal and some routes stay closed."
)
WIRE_SOURCES = ("The Courier", "Harbour Gazette", "Evening Post", "Coast Weekly")


def wire_copies(title, dates, sources=WIRE_SOURCES, story=WIRE_STORY, **fields):
    """One article per date carrying `story` under its own headline and first paragraph, each from
    the next of `sources`, grouped as an import groups them (archive/copies.py)."""
    articles = [
        make_article(
            f"{title}: {source}",
            f"{source} reports from the quayside, where crowds gathered early.\n\n{story}",
            published=day,
            source=source,
            **fields,
        )
        for day, source in zip(dates, sources, strict=False)
    ]
    group_copies(articles)
    return articles


def hidden(title, **fields):
    """A harbour article by Ana López with a quote, mentioning everything the public ones do."""
    article = make_article(
        title,
        f'"The harbour deal is secret," Ana López said. The Port Authority agreed. ({title})',
        published=date(2018, 6, 20),
        people=["Ana López"],
        organisations=["Port Authority"],
        **fields,
    )
    make_quote(article, "Ana López", "The harbour deal is secret")
    return article


def hidden_titles(archive):
    return {archive["draft"].title, archive["embargoed"].title}


def seed_body(path):
    """The body a seed file's text becomes on import."""
    return read_text(decode_text(path.read_bytes()), path.name).body


API = "/api/v1"


def get_json(client, path, params=None, status=200):
    """The JSON of a GET, after checking its status and content type."""
    response = client.get(path, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()
