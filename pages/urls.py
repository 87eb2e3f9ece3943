from django.urls import path

from archive.models import Actor
from pages import views

# The namespace stays "archive": these are the archive's own addresses (Article.get_absolute_url).
app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    # Before the article's own address: "versions" is never an article's slug (archive/models.py).
    path("articles/<int:pk>/versions/", views.article_versions, name="article-versions"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<int:pk>/", views.article_detail, name="article-short"),
    path("quotes/<int:pk>/", views.quote_detail, name="quote"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("browse/", views.browse, name="browse"),
    path("browse/sources/", views.browse_sources, name="sources"),
    path("browse/sources/<slug:slug>/", views.source_detail, name="source"),
    path("browse/months/", views.browse_months, name="months"),
    path("browse/months/<int:year>/<int:month>/", views.month_detail, name="month"),
    path("browse/people/", views.browse_actors, {"kind": Actor.Kind.PERSON}, name="people"),
    path(
        "browse/organisations/",
        views.browse_actors,
        {"kind": Actor.Kind.ORGANISATION},
        name="organisations",
    ),
]
