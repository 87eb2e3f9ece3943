from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<int:pk>/", views.article_detail, name="article-short"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
]
