from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "Morgue — editors' desk"
admin.site.site_title = "Morgue admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Readers' login (any active account), for a login-only archive; the admin keeps its own.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include("api.urls")),
    path("search/", include("exports.urls")),
    path("search/", include("search.urls")),
    path("", include("pages.urls")),
]
