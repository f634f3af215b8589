"""The guides app: the editors' career guides, every part of them, and the editor's desk."""

from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"

    def ready(self):
        # The parts of a guide register their history (django-reversion), and every change of
        # content makes cached pages obsolete.
        from guides import parts, signals  # noqa: F401
