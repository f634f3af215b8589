"""The public URL contract (see docs in README.md) and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from careerguide import views

handler500 = views.server_error

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", include("careers.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("api.urls")),
]
