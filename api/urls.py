"""URLs of the JSON API, version 1 (mounted at /api/v1/ by morgue/urls.py)."""

from django.urls import path, re_path

from api import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("articles/", views.article_list, name="articles"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("quotes/", views.quote_list, name="quotes"),
    path("quotes/<int:pk>/", views.quote_detail, name="quote"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("search/", views.search, name="search"),
    path("openapi.json", views.openapi, name="openapi"),
    # Anything else under /api/v1/ is a JSON 404, not the site's HTML error page.
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
