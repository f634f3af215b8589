"""Public pages of the guides app."""

from django.urls import path

from guides import compare, views

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("careers/", views.role_list, name="list"),
    path("careers/<slug:slug>/", views.detail, name="detail"),
    path("compare/", compare.compare, name="compare"),
]
