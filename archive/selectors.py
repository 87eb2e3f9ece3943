"""What the public may see of the archive: every public list starts from one of these.

The published rule itself is `archive.models.is_published`; pages, search indexes, the search
service and the API ask these selectors instead of spelling it out, so a change to what "public"
means (an embargo, a withdrawn article) is made here once.

A public actor is an active actor named (mentioned) or quoted in at least one published article,
directly or through an actor merged into it: the actors the actor pages, the A-Z lists, the
autocomplete, the search page's name box and the API show.
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth

from archive.models import Actor, Article, Mention, Quote, Source, is_published

DATED_TO_THE_MONTH = [Article.Precision.DAY, Article.Precision.MONTH]


def public_articles():
    return Article.objects.published()


def public_quotes():
    """Quotes in published articles."""
    return Quote.objects.published()


def public_mentions():
    """Mentions in published articles."""
    return Mention.objects.filter(is_published("article__"))


def public_sources():
    """Sources with at least one published article, each with `article_count` (published only)."""
    return Source.objects.filter(is_published("articles__")).annotate(article_count=Count("articles"))


def public_actors(kind=None, with_counts=False):
    """Public actors (see the module docstring), of `kind` if given.

    One EXISTS per way of being named rather than one join of mentions and quotes: that join
    multiplies an actor's mentions by its quotes (SQLite once planned it as 110 s for 400
    articles). `with_counts` adds `article_count` (published articles mentioning the actor) and
    `quote_count` (its quotes in published articles), as subqueries for the same reason.
    """
    mentions, quotes = public_mentions(), public_quotes()
    mentions_of, quotes_of = mentions.filter(actor=OuterRef("pk")), quotes.filter(speaker=OuterRef("pk"))
    named = (
        Exists(mentions_of)
        | Exists(quotes_of)
        | Exists(mentions.filter(actor__merged_into=OuterRef("pk")))
        | Exists(quotes.filter(speaker__merged_into=OuterRef("pk")))
    )
    actors = Actor.objects.active().filter(named)
    if kind:
        actors = actors.filter(kind=kind)
    if with_counts:
        actors = actors.annotate(
            article_count=count_of(mentions_of, "actor", Count("article", distinct=True)),
            quote_count=count_of(quotes_of, "speaker", Count("pk")),
        )
    return actors


def count_of(rows, group, aggregate):
    """A correlated subquery counting `rows` per `group` (0 when there are none)."""
    counted = rows.values(group).annotate(n=aggregate).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0, output_field=IntegerField()))


def co_mentioned_actors(actor):
    """Active actors mentioned in the published articles that mention `actor`, with `shared`: how
    many such articles."""
    return (
        Actor.objects.active()
        .filter(is_published("mentions__article__"), mentions__article__mentions__actor=actor)
        .exclude(pk=actor.pk)
        .annotate(shared=Count("mentions__article", distinct=True))
    )


def month_counts(rows, article_path=""):
    """[(first day of month, n)] in one query, counting only rows whose article is dated at least
    to the month (a year-only date would pile up in January). `article_path` leads from the rows
    to their article ("article__" for quotes)."""
    rows = (
        rows.filter(
            **{
                f"{article_path}date_precision__in": DATED_TO_THE_MONTH,
                f"{article_path}published__isnull": False,
            }
        )
        .annotate(month=TruncMonth(f"{article_path}published"))
        .values("month")
        .annotate(n=Count("id", distinct=True))
        .order_by("month")
    )
    return [(row["month"], row["n"]) for row in rows]


# The articles no month chart can place: no date, or a date known only to the year.
UNCHARTED = Q(published__isnull=True) | ~Q(date_precision__in=DATED_TO_THE_MONTH)


def article_counts(articles):
    """(how many, how many no month chart can place), in one query."""
    counts = articles.aggregate(total=Count("id"), uncharted=Count("id", filter=UNCHARTED))
    return counts["total"], counts["uncharted"]
