"""URLs of the search page, its help page and the actor autocomplete (mounted at /search/)."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("help/", views.help_page, name="help"),
    path("actors/autocomplete", views.actor_autocomplete, name="actor-autocomplete"),
]
