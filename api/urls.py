"""The JSON API, version 1, under /api/v1/ (see api/views.py and /api/v1/openapi.json)."""

from django.urls import path, re_path

from api import views as api

app_name = "api"

urlpatterns = [
    path("careers/", api.career_list, name="careers"),
    path("careers/<slug:slug>/", api.career_detail, name="career"),
    path("openapi.json", api.openapi, name="openapi"),
    # Anything else that ends with a slash: a JSON 404. An address without its final slash
    # matches nothing here, so that CommonMiddleware still redirects it to the one with it.
    re_path(r"^(?P<path>(?:.*/)?)$", api.not_found, name="not-found"),
]
