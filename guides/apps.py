"""The guides app: roles and every part of their career guides."""

from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
