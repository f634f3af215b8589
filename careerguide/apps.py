"""The project as an app (its backup and restore commands), and the editors' admin site."""

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CareerguideConfig(AppConfig):
    name = "careerguide"
    verbose_name = "careerguide"


class EditorsAdminConfig(AdminConfig):
    default_site = "careerguide.admin.EditorsSite"
