"""The public URL contract (see docs in README.md) and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("guides.urls")),
    path("", include("salaries.urls")),
    path("admin/", admin.site.urls),
]
