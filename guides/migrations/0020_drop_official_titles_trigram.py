"""
PostgreSQL only: drop guides_role_official_titles_trgm_idx (made in 0016). The typo fallback of
careers search now looks for a similar word in each of O*NET's names
(occupations_alternatetitle_trgm_idx, occupations 0008), so nothing reads it; it only cost
writes of Role.official_titles.
"""

from importlib import import_module

from django.db import migrations

_run = import_module("guides.migrations.0004_search_indexes")._run

FORWARD = ["DROP INDEX IF EXISTS guides_role_official_titles_trgm_idx"]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS guides_role_official_titles_trgm_idx ON guides_role "
    "USING gin (official_titles gin_trgm_ops)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0019_sort_indexes"),
        ("occupations", "0008_alternate_title_trigram"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
