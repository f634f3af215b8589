"""
PostgreSQL only: the indexes of the suggestions as you type (careers/suggestions.py).

- guides_role_title_prefix_idx: roles whose title starts with the typed text, in title order.
- occupations_alternatetitle_prefix_idx: the O*NET alternate titles that start with it.
Both hold the lower-cased title in the "C" collation (byte order), so that one index serves
`LIKE 'text%'` and the order whatever the database's own collation. SQLite has neither.
"""

from importlib import import_module

from django.db import migrations

# PostgreSQL only, as the search indexes of migration 0004.
_run = import_module("guides.migrations.0004_search_indexes")._run

FORWARD = [
    'CREATE INDEX IF NOT EXISTS guides_role_title_prefix_idx ON guides_role '
    '((lower(title) COLLATE "C"))',
    "CREATE INDEX IF NOT EXISTS occupations_alternatetitle_prefix_idx ON "
    'occupations_alternatetitle ((lower(title) COLLATE "C"))',
]
BACKWARD = [
    "DROP INDEX IF EXISTS occupations_alternatetitle_prefix_idx",
    "DROP INDEX IF EXISTS guides_role_title_prefix_idx",
]


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0017_official_filters"),
        ("occupations", "0006_alternate_titles"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
