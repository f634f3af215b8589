from django.contrib.admin.apps import AdminConfig


class EditorsAdminConfig(AdminConfig):
    default_site = "careerguide.admin.EditorsSite"
