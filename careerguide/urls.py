"""The public URL contract (see docs in README.md) and the admin."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "careerguide editors"
admin.site.site_title = "careerguide editors"
admin.site.index_title = "Guides, pay figures and accounts"

urlpatterns = [
    path("", include("guides.urls")),
    path("", include("salaries.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("guides.api_urls")),
]
