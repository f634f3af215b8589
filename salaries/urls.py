"""The salary page of a role."""

from django.urls import path

from salaries import views

app_name = "salaries"

urlpatterns = [
    path("careers/<slug:slug>/salaries/", views.detail, name="detail"),
]
