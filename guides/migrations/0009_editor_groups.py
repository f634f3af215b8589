"""
The Editors and Reviewers groups, with their permissions.

Editors manage guides and pay figures (every permission of the guides and salaries apps,
including publishing and previewing), but not users, groups or settings. Reviewers may see
everything, preview unpublished guides and mark guides reviewed, but not change or publish
them. Staff accounts get their rights by joining a group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Editors": lambda codename: True,
    "Reviewers": lambda codename: codename.startswith("view_")
    or codename in {"preview_role", "review_role"},
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managed = Permission.objects.filter(content_type__app_label__in=["guides", "salaries"])
    for name, wanted in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([p for p in managed if wanted(p.codename)])


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0008_editorial"),
        ("salaries", "0003_occupation_national_annual_median_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
