"""
PostgreSQL only: occupations_alternatetitle_trgm_idx, a trigram index on each O*NET name, for
the typo fallback of careers search (guides/search.py): a name is a short row, so a similar
word is found among 55,000 names in milliseconds, where the same operator on every name of an
occupation at once (Role.official_titles) took a quarter of a second. SQLite has none.
"""

from django.db import migrations

FORWARD = (
    "CREATE INDEX IF NOT EXISTS occupations_alternatetitle_trgm_idx ON "
    "occupations_alternatetitle USING gin (title gin_trgm_ops)"
)
BACKWARD = "DROP INDEX IF EXISTS occupations_alternatetitle_trgm_idx"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("occupations", "0007_career_clusters"),
        ("guides", "0004_search_indexes"),  # pg_trgm, which it creates
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
