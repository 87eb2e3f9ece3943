from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Morgue — editors' desk"
admin.site.site_title = "Morgue admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("search/", include("exports.urls")),
    path("search/", include("search.urls")),
    path("", include("archive.urls")),
]
