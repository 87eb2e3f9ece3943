"""URLs of search exports and the search feed (mounted at /search/ beside the search page)."""

from django.urls import path

from exports import views
from exports.feeds import SearchFeed

app_name = "exports"

urlpatterns = [
    path("export.csv", views.export_csv, name="csv"),
    path("export.jsonl", views.export_jsonl, name="jsonl"),
    path("feed/", SearchFeed(), name="feed"),
]
