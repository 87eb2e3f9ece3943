"""What the public may see of the archive: every public list starts from one of these.

The published rule itself is `archive.models.is_published`; pages, search indexes, the search
service and the API ask these selectors instead of spelling it out, so a change to what "public"
means (an embargo, a withdrawn article) is made here once.

A public actor is an active actor named (mentioned) or quoted in at least one published article:
the actors the actor pages, the A-Z lists, the autocomplete, the search page's name box and the API
show. (An actor merged into another is not active; merging moves its mentions and quotes to the
survivor, archive/editing.py.)
"""

from datetime import date

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, TruncMonth

from archive.models import Actor, Article, ArticleVersion, Mention, Quote, Source, is_published

DATED_TO_THE_MONTH = [Article.Precision.DAY, Article.Precision.MONTH]


def public_articles():
    return Article.objects.published()


def public_versions(article):
    """The versions of a published article that the public may see: those stored while it was
    published, oldest first. An earlier draft or embargoed state is never shown, not even as the
    "before" of a change: each public version is compared with the public one before it.
    (No rows for an article that is not published.)"""
    published = public_articles().filter(pk=article.pk)
    return ArticleVersion.objects.filter(is_published(), article__in=published).order_by("number")


def with_update_counts(articles):
    """Articles with `update_count`: how many times a published article changed in public view
    (its public versions but the first; 0 for an article never changed)."""
    public = ArticleVersion.objects.filter(is_published(), article=OuterRef("pk"))
    return articles.annotate(update_count=Greatest(count_of(public) - 1, Value(0)))


# The order of a story's copies (archive/copies.py): the original is the first published, by date,
# then the first archived; a copy without a date comes after the dated ones.
COPY_ORDER = (F("published").asc(nulls_last=True), "pk")


def copy_order_key(article):
    """COPY_ORDER as a sort key in Python."""
    return (article.published is None, article.published or date.min, article.pk)


def public_copies(article):
    """The other published articles of `article`'s copy group (its wire copies), the original first."""
    if article.copy_group_id is None:
        return public_articles().none()
    return (
        public_articles()
        .filter(copy_group=article.copy_group_id)
        .exclude(pk=article.pk)
        .order_by(*COPY_ORDER)
    )


def with_copy_counts(articles):
    """`articles` with `copy_count`: how many other published articles are wire copies of each
    (a correlated count in the same query)."""
    copies = public_articles().filter(copy_group=OuterRef("copy_group")).exclude(pk=OuterRef("pk"))
    return articles.annotate(copy_count=count_of(copies))


def first_copies(articles):
    """`articles` less each one that another of `articles` precedes in its copy group (COPY_ORDER):
    one article per story, as the search index collapses a list (search/service.py)."""
    return articles.exclude(precedes_it(articles))


def is_original():
    """Published articles no published copy precedes in COPY_ORDER (so every article without
    copies): what the search index's `copy_role` "original" means."""
    return ~precedes_it(public_articles())


def precedes_it(articles):
    """The condition "one of `articles` precedes this article in its copy group" (COPY_ORDER)."""
    mates = articles.filter(copy_group=OuterRef("copy_group"))
    before_dated = Q(published__lt=OuterRef("published")) | Q(
        published=OuterRef("published"), pk__lt=OuterRef("pk")
    )
    before_undated = Q(published__isnull=False) | Q(pk__lt=OuterRef("pk"))
    return Q(copy_group__isnull=False) & (
        Q(published__isnull=False) & Exists(mates.filter(before_dated))
        | Q(published__isnull=True) & Exists(mates.filter(before_undated))
    )


def public_quotes():
    """Quotes in published articles."""
    return Quote.objects.published()


def same_day_quotes(quote):
    """The speaker's other public quotes in articles dated the same day as `quote`'s (none if its
    article is not dated to the day), in the order of their articles and text."""
    article = quote.article
    if (
        quote.speaker_id is None
        or article.published is None
        or article.date_precision != Article.Precision.DAY
    ):
        return Quote.objects.none()
    return (
        public_quotes()
        .filter(speaker=quote.speaker_id, article__published=article.published)
        .filter(article__date_precision=Article.Precision.DAY)
        .exclude(pk=quote.pk)
        .order_by("article_id", "start")
    )


def public_mentions():
    """Mentions in published articles."""
    return Mention.objects.filter(is_published("article__"))


def public_sources():
    """Sources with at least one published article, each with `article_count` (published only)."""
    return Source.objects.filter(is_published("articles__")).annotate(article_count=Count("articles"))


def public_actors(kind=None, with_counts=False):
    """Public actors (see the module docstring), of `kind` if given.

    `with_counts` adds `article_count` (published articles mentioning the actor: one mention per
    article and actor) and `quote_count` (its quotes in published articles). Every test runs from
    the actor: its mentions and quotes by their actor index, each one's article by primary key,
    stopping at the first published one. Written as a join filtered on the article's status,
    SQLite without ANALYZE statistics drove the query from the published articles (2-3 s for 5,000
    actors and 2,000 articles); written as `article IN (the actor's mentions)`, it listed every
    mention of every actor (1.3 s per A-Z page at 100,000 articles, 40 ms this way).
    """
    published_article = public_articles().filter(pk=OuterRef("article_id"))
    mentions = Mention.objects.filter(actor=OuterRef("pk")).filter(Exists(published_article))
    quotes = Quote.objects.filter(speaker=OuterRef("pk")).filter(Exists(published_article))
    actors = Actor.objects.active().filter(Exists(mentions) | Exists(quotes))
    if kind:
        actors = actors.filter(kind=kind)
    if with_counts:
        actors = actors.annotate(article_count=count_of(mentions), quote_count=count_of(quotes))
    return actors


def count_of(rows):
    """How many `rows` (a correlated subquery; 0 when there are none)."""
    counted = rows.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
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
