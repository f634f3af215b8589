"""manage.py import_soc FILE: the SOC's definitions of the detailed occupations."""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from occupations.datafiles import DataFileError, Summary, report
from occupations.soc import import_definitions, read_definitions, year_from


class Command(BaseCommand):
    help = (
        "Import the Standard Occupational Classification's definitions of detailed "
        "occupations (BLS's soc_YYYY_definitions, as CSV, plain or gzipped). All or nothing; "
        "running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--year", type=int, help="The SOC's year, such as 2018. Default: from the file name."
        )
        parser.add_argument(
            "--published", type=date.fromisoformat, help="BLS's publication date, YYYY-MM-DD."
        )

    def handle(self, *args, file, year, published, verbosity, **options):
        started = time.perf_counter()
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        year = year or year_from(file.name)
        if year is None:
            raise CommandError("Cannot tell the SOC's year from the file name; give --year 2018.")
        summary = Summary()
        try:
            if verbosity > 0:
                self.stderr.write(f"Reading {file} (SOC {year})...")
            found = read_definitions(file, summary)
            if verbosity > 0:
                self.stderr.write("Writing what changed...")
            release = import_definitions(found, year, published, summary)
        except DataFileError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        if verbosity > 0:
            report(self, str(release), summary, time.perf_counter() - started)
