"""
Search finds a role by its occupation's other names (O*NET's reported and alternate titles):
Role.official_titles, weighted B in the search vector. A generated column cannot be altered, so
the vector is dropped and made again, and on PostgreSQL its GIN index with it
(guides_role_search_idx, as in 0004); guides_role_official_titles_trgm_idx (trigram on the
names) is the typo fallback's, as guides_role_title_trgm_idx is for titles.
"""

import django.contrib.postgres.search
from django.db import migrations, models

import guides.search

SEARCH_INDEX = [
    "CREATE INDEX IF NOT EXISTS guides_role_search_idx ON guides_role USING gin (search_vector)"
]
FORWARD = [
    *SEARCH_INDEX,
    "CREATE INDEX IF NOT EXISTS guides_role_official_titles_trgm_idx ON guides_role "
    "USING gin (official_titles gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS guides_role_official_titles_trgm_idx"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


def _vector(*weighted):
    return models.GeneratedField(
        db_persist=True,
        expression=guides.search.RoleSearchVector(*weighted),
        output_field=django.contrib.postgres.search.SearchVectorField(),
    )


class Migration(migrations.Migration):
    dependencies = [("guides", "0015_section_list_headings_and_related_intro")]

    operations = [
        migrations.AddField(
            model_name="role",
            name="official_titles",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The occupation's other names in O*NET (reported and alternate "
                "titles, short forms), one per line, for search; sync_careers and save() keep "
                "it.",
            ),
        ),
        # Backwards, the old vector gets its index back once it is made again.
        migrations.RunPython(migrations.RunPython.noop, _run(SEARCH_INDEX)),
        migrations.RemoveField(model_name="role", name="search_vector"),
        migrations.AddField(
            model_name="role",
            name="search_vector",
            field=_vector(
                ("title", "A"), ("alternative_titles", "B"), ("official_titles", "B"),
                ("introduction", "B"), ("search_body", "C"),
            ),  # fmt: skip
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
