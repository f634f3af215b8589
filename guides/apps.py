"""The guides app: roles and every part of their career guides."""

from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"

    def ready(self):
        # Every change of content makes cached pages obsolete.
        from guides import signals  # noqa: F401
