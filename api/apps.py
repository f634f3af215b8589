"""The api app: the read-only JSON API, on top of the guides and the official data."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
