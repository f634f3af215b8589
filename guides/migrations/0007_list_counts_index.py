"""
PostgreSQL only: guides_role_counts_idx, for the careers list's counts.

The role rows are wide (introduction, its HTML, search text and vector); this narrow index holds
what the counts read, so that counting 100,000 roles is an index-only scan. Indexes with
INCLUDE columns exist on PostgreSQL alone, hence the check.
"""

from django.db import migrations

FORWARD = (
    "CREATE INDEX IF NOT EXISTS guides_role_counts_idx ON guides_role (status, published_at) "
    "INCLUDE (id, soc_major_group, education_level, growth_percent, official_median, guide_written)"
)
BACKWARD = "DROP INDEX IF EXISTS guides_role_counts_idx"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("guides", "0006_list_count_columns")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
