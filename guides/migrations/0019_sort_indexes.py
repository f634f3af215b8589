"""
PostgreSQL only: the careers list's sorts by growth and by openings, most first.

The list orders them `DESC NULLS LAST, title` (careers/forms.py CareerFilterForm.SORTS), which
the model's indexes on (official_growth, title) and (official_openings, title) cannot give read
backwards (that is DESC NULLS FIRST, title DESC): at 100,000 roles PostgreSQL sorted every role
for a page of 20 (210 ms). These indexes hold that order, so a page is read off the index. SQLite
cannot index NULLS LAST; its own DESC puts nulls last already.
"""

from importlib import import_module

from django.db import migrations

# PostgreSQL only, as the search indexes of migration 0004.
_run = import_module("guides.migrations.0004_search_indexes")._run

FORWARD = [
    "CREATE INDEX IF NOT EXISTS guides_role_growth_desc_idx ON guides_role "
    "(official_growth DESC NULLS LAST, title)",
    "CREATE INDEX IF NOT EXISTS guides_role_openings_desc_idx ON guides_role "
    "(official_openings DESC NULLS LAST, title)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS guides_role_openings_desc_idx",
    "DROP INDEX IF EXISTS guides_role_growth_desc_idx",
]


class Migration(migrations.Migration):
    dependencies = [("guides", "0018_suggestion_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
