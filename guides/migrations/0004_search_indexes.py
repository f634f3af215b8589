"""
PostgreSQL only: the indexes that careers search needs.

- guides_role_search_idx (GIN on the generated search vector): full-text search in /careers/.
- guides_role_title_trgm_idx (GIN, trigram on the title): the typo fallback of that search.
SQLite has neither; its search matches substrings.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS guides_role_search_idx ON guides_role USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS guides_role_title_trgm_idx ON guides_role "
    "USING gin (title gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS guides_role_title_trgm_idx",
    "DROP INDEX IF EXISTS guides_role_search_idx",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("guides", "0003_role_alternative_titles_role_education_level_and_more")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
