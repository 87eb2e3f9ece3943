"""A small indexed archive for the export, feed and API tests, hidden articles included.

Every article mentions "harbour", so one text query matches them all; the draft and the embargoed
article match every query and filter the published ones do, so any leak shows up.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from archive.models import Actor, Article, Mention, Quote, Source


def make_article(title, body, published=None, source="BBC News", people=(), organisations=(), **fields):
    article = Article.objects.create(
        title=title,
        body=body,
        published=published,
        date_precision=Article.Precision.DAY if published else Article.Precision.UNKNOWN,
        source=Source.objects.get_or_create(name=source)[0] if source else None,
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


@pytest.fixture(name="archive")
def archive_fixture(db, drain_index):
    lopez = make_article(
        'Harbour deal: López says "yes, finally"',
        '"The harbour will reopen, with new cranes," Ana López said.\nThe Port Authority agreed.',
        published=date(2018, 6, 14),
        people=["Ana López"],
        organisations=["Port Authority"],
    )
    make_quote(lopez, "Ana López", "The harbour will reopen, with new cranes")
    formula = make_article(
        '=HYPERLINK("http://evil.example") harbour fees',
        "Fees at the harbour rose. +1 for the ferries, said @harbourmaster.",
        published=date(2018, 3, 2),
        source="Reuters",
        people=["Bo Chen"],
    )
    make_quote(formula, "Bo Chen", "+1 for the ferries")
    undated = make_article("Harbour history", "The harbour was built long ago.", source="Local Times")
    older = make_article(
        "Harbour budget vote",
        "The harbour budget passed. The Port Authority paid.",
        published=date(2017, 11, 5),
        organisations=["Port Authority"],
    )
    draft = hidden("Draft: harbour secret", status=Article.Status.DRAFT)
    embargoed = hidden(
        "Embargoed: harbour secret",
        status=Article.Status.EMBARGOED,
        embargo_until=timezone.now() + timedelta(days=3),
    )
    drain_index()
    return {
        "lopez": lopez,
        "formula": formula,
        "undated": undated,
        "older": older,
        "draft": draft,
        "embargoed": embargoed,
    }


def hidden_titles(archive):
    return {archive["draft"].title, archive["embargoed"].title}
