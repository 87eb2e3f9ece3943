"""Public pages of the archive: home, article (and its versions), quote, actor and browse pages.

This app sits above both archive and search (docs/architecture.md): it reads the archive through
archive/selectors.py and may use search for what only the index knows (related articles) or counts
fastest (the most quoted people).

Only what archive/selectors.py calls public is ever shown here, and every count is a count of
published articles. Each page's data is assembled in one function with
select_related/prefetch_related/annotations so the number of SQL queries does not grow with the
number of quotes or actors (tests/test_pages.py pins it).
"""

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.functions import Substr, Upper
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from archive.models import Actor, Source
from archive.selectors import (
    DATED_TO_THE_MONTH,
    article_counts,
    co_mentioned_actors,
    copy_order_key,
    month_counts,
    public_actors,
    public_articles,
    public_copies,
    public_quotes,
    public_sources,
    public_versions,
    same_day_quotes,
    with_update_counts,
)
from archive.templatetags.citation import MONTHS
from archive.version_changes import history
from search.service import most_quoted, related_articles

ARTICLES_PER_PAGE = 20
QUOTES_PER_PAGE = 25
ACTORS_PER_PAGE = 100
ACTOR_SORTS = {"name": ("name",), "count": ("-article_count", "name")}  # the A–Z pages' orders
HOME_LIST_LENGTH = 10
SAME_DAY_QUOTES = 20  # other quotes of a speaker on the day, on a quote's page


def month_page_links(counts):
    """{"2018-04": the month's page} for a timeline of the whole archive: a bar leads to its month."""
    return {
        f"{month:%Y-%m}": reverse("archive:month", kwargs={"year": month.year, "month": month.month})
        for month, _count in counts
    }


def home(request):
    published = public_articles()
    article_count, uncharted = article_counts(published)
    context = {
        "recent": published.select_related("source")[:HOME_LIST_LENGTH],
        "article_count": article_count,
        "most_quoted": most_quoted(Actor.Kind.PERSON, HOME_LIST_LENGTH),
        "sources": public_sources().order_by("-article_count", "name")[:HOME_LIST_LENGTH],
        "timeline": month_counts(published),
        "undated_count": uncharted,
    }
    context["timeline_links"] = month_page_links(context["timeline"])
    return render(request, "pages/home.html", context)


def mentions_by_kind(article):
    """[(kind label, [mentions])] in the order people, organisations, places."""
    mentions = sorted(
        article.mentions.select_related("actor"),
        key=lambda m: (list(Actor.Kind.values).index(m.actor.kind), -m.count, m.actor.name),
    )
    labels = {"person": "People", "organisation": "Organisations", "place": "Places"}
    return [(labels[kind], list(group)) for kind, group in groupby(mentions, key=lambda m: m.actor.kind)]


def article_detail(request, pk, slug=None):
    article = get_object_or_404(with_update_counts(public_articles()).select_related("source"), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    context = {
        "article": article,
        "quotes": list(article.quotes.select_related("speaker").order_by("start")),
        "mention_groups": mentions_by_kind(article),
        "related": related_articles(article),
        "query": request.GET.get("q", "")[:200],
        "permalink": request.build_absolute_uri(article.get_absolute_url()),
        **copies_context(article),
    }
    return render(request, "pages/article_detail.html", context)


def article_versions(request, pk):
    """The article's public versions, newest first, each with what changed since the one before."""
    article = get_object_or_404(public_articles().select_related("source"), pk=pk)
    context = {"article": article, "history": history(public_versions(article))}
    return render(request, "pages/article_versions.html", context)


def quote_detail(request, pk):
    """A quote's citable page: the quote in its paragraph, who said it (with the role the article
    gives), where and when, and the speaker's other quotes of that day."""
    quote = get_object_or_404(public_quotes().select_related("article__source", "speaker"), pk=pk)
    role = ""
    if quote.speaker_id:
        role = (
            quote.article.mentions.filter(actor=quote.speaker_id).values_list("role", flat=True).first() or ""
        )
    context = {
        "quote": quote,
        "article": quote.article,
        "role": role,
        "same_day": same_day_quotes(quote).select_related("article__source")[:SAME_DAY_QUOTES],
        "permalink": request.build_absolute_uri(quote.get_absolute_url()),
    }
    return render(request, "pages/quote_detail.html", context)


def copies_context(article):
    """The article's published wire copies ("Also published by"), and which one is the original."""
    copies = list(public_copies(article).select_related("source"))
    earliest = min([article, *copies], key=copy_order_key)
    return {"copies": copies, "original": earliest if earliest != article else None}


def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    if actor.merged_into_id:
        return redirect(actor.survivor(), permanent=True)
    published = public_articles()
    mentioning = published.filter(mentions__actor=actor)
    quotes = public_quotes().filter(speaker=actor)
    newest_first = (F("article__published").desc(nulls_last=True), "-article_id", "start")
    quote_page = Paginator(
        quotes.select_related("article__source").order_by(*newest_first), QUOTES_PER_PAGE
    ).get_page(request.GET.get("quotes"))
    article_page = Paginator(mentioning.select_related("source"), ARTICLES_PER_PAGE).get_page(
        request.GET.get("articles")
    )
    if not quote_page.paginator.count and not article_page.paginator.count:
        raise Http404("No published article mentions this actor.")
    context = {
        "actor": actor,
        "role": actor.public_role,
        "aliases": actor.public_aliases,
        "quote_page": quote_page,
        "article_page": article_page,
        "co_mentioned": co_mentioned_actors(actor).order_by("-shared", "name")[:HOME_LIST_LENGTH],
        "mention_timeline": month_counts(mentioning),
        "quote_timeline": month_counts(quotes, article_path="article__"),
    }
    return render(request, "pages/actor_detail.html", context)


def browse(request):
    published = public_articles()
    context = {
        "article_count": published.count(),
        "source_count": public_sources().count(),
        "people_count": public_actors(kind=Actor.Kind.PERSON).count(),
        "organisation_count": public_actors(kind=Actor.Kind.ORGANISATION).count(),
    }
    return render(request, "pages/browse.html", context)


def browse_sources(request):
    sources = public_sources().order_by("name")
    return render(request, "pages/browse_sources.html", {"sources": sources})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    articles = public_articles().filter(source=source).select_related("source")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    if not page.paginator.count:
        raise Http404("This source has no published articles.")
    context = {"source": source, "page": page, "timeline": month_counts(articles)}
    return render(request, "pages/source_detail.html", context)


def browse_months(request):
    counts = month_counts(public_articles())
    years = [
        (year, [(month, n) for month, n in rows])
        for year, rows in groupby(reversed(counts), key=lambda row: row[0].year)
    ]
    context = {
        "years": years,
        "timeline": counts,
        "timeline_links": month_page_links(counts),
        "undated_count": article_counts(public_articles())[1],
    }
    return render(request, "pages/browse_months.html", context)


def month_detail(request, year, month):
    if not (1 <= month <= 12 and 1 <= year <= 9999):  # beyond, Python's dates overflow
        raise Http404("There is no such month.")
    articles = (
        public_articles()
        .filter(published__year=year, published__month=month, date_precision__in=DATED_TO_THE_MONTH)
        .select_related("source")
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    if not page.paginator.count:
        raise Http404("No published article is dated to this month.")
    context = {"page": page, "month_name": f"{MONTHS[month - 1]} {year}"}
    return render(request, "pages/month_detail.html", context)


def browse_actors(request, kind):
    actors = public_actors(kind=kind, with_counts=True)
    letters = sorted(
        {
            row["initial"] if row["initial"].isalpha() else "#"
            for row in actors.annotate(initial=Upper(Substr("name", 1, 1))).values("initial")
        }
    )
    letter = request.GET.get("letter", "").upper()[:1]
    if not (letter.isalpha() or letter == "#"):  # a NUL or a symbol is no letter (PostgreSQL refuses NUL)
        letter = ""
    if letter == "#":
        actors = actors.exclude(name__regex=r"^[A-Za-z]")
    elif letter:
        actors = actors.filter(name__istartswith=letter)
    name = request.GET.get("name", "").strip()[:100].replace("\x00", "")
    if name:
        actors = actors.called(name)
    sort = request.GET.get("sort") if request.GET.get("sort") in ACTOR_SORTS else "name"
    page = Paginator(actors.order_by(*ACTOR_SORTS[sort]), ACTORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "kind_label": "People" if kind == Actor.Kind.PERSON else "Organisations",
        "letters": letters,
        "letter": letter,
        "name": name,
        "sort": sort,
        "page": page,
    }
    return render(request, "pages/browse_actors.html", context)
