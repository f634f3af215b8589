"""
The history of the models that changed apps (guides 0011, occupations 0001) follows them:
their content types, with the permissions that point at them, take the new app's label, and
the saved versions of guides name the pay figures by their new label, so that old versions
can still be compared and restored.
"""

from django.db import migrations

MOVED = [("salaries", "guides", "levelsalary"), ("salaries", "guides", "countrysalary"),
         ("salaries", "occupations", "occupation")]  # fmt: skip


def _relabel(apps, moves):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for old_app, new_app, model in moves:
        if ContentType.objects.filter(app_label=new_app, model=model).exists():
            continue  # made by a run of the new app before this migration: nothing to follow
        ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)
        old, new = f'"model": "{old_app}.{model}"', f'"model": "{new_app}.{model}"'
        versions = Version.objects.filter(serialized_data__contains=old)
        for version in versions.only("pk", "serialized_data").iterator():
            version.serialized_data = version.serialized_data.replace(old, new)
            version.save(update_fields=["serialized_data"])


def forward(apps, schema_editor):
    _relabel(apps, MOVED)


def backward(apps, schema_editor):
    _relabel(apps, [(new_app, old_app, model) for old_app, new_app, model in MOVED])


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0011_pay_figures"),
        ("salaries", "0005_forget_moved_models"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(forward, backward)]
