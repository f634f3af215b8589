"""The salaries app: pay figures of the guides, each with its source and year."""

from django.apps import AppConfig


class SalariesConfig(AppConfig):
    name = "salaries"
