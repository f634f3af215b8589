"""The occupations app: the Standard Occupational Classification, the tree every career sits in."""

from django.apps import AppConfig


class OccupationsConfig(AppConfig):
    name = "occupations"
