"""manage.py import_career_clusters FILE: O*NET's legacy (2023) career clusters, for the list."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from occupations.clusters import import_clusters, read_clusters
from occupations.datafiles import DataFileError, Summary, report


class Command(BaseCommand):
    help = (
        "Import O*NET's legacy career clusters (the 16 clusters O*NET OnLine showed in 2023, "
        "fixtures/onet/career_clusters_legacy_2023.csv.gz) with the occupations in each. Run "
        "it after import_onet, then sync_careers. All or nothing; running it again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, verbosity, **options):
        started = time.perf_counter()
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        summary = Summary()
        try:
            if verbosity > 0:
                self.stderr.write(f"Reading {file}...")
            clusters = read_clusters(file, summary)
        except DataFileError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        import_clusters(clusters, summary)
        if verbosity > 0:
            report(self, "Career clusters (O*NET, legacy 2023)", summary,
                   time.perf_counter() - started)  # fmt: skip
