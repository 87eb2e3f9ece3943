"""Public pages of the archive. Only published articles are ever shown here."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from archive.models import Actor, Article

ARTICLES_PER_PAGE = 20


def home(request):
    articles = Article.objects.published().select_related("source")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/home.html", {"page": page})


def article_detail(request, pk, slug=None):
    article = get_object_or_404(Article.objects.published().select_related("source"), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    quotes = article.quotes.select_related("speaker").order_by("start")
    return render(request, "archive/article_detail.html", {"article": article, "quotes": quotes})


def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    if actor.merged_into_id:
        return redirect(actor.survivor(), permanent=True)
    return render(request, "archive/actor_detail.html", {"actor": actor})
