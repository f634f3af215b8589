"""manage.py import_onet DIRECTORY: O*NET 30.1's occupation content, for the profile page."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from occupations.datafiles import DataFileError, Summary, report
from occupations.models import Occupation
from occupations.onet import FILES, import_all, read_all


class Command(BaseCommand):
    help = (
        "Import, from the O*NET 30.1 Database's files in DIRECTORY (fixtures/onet/), the "
        "O*NET occupations that describe each occupation of the wage data, with their tasks "
        "(and emerging ones), the titles they are also called by, the technologies and tools "
        "used, their job zone, education, experience and training, Bright Outlook and related "
        "occupations. All or nothing; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, verbosity, **options):
        started = time.perf_counter()
        missing = [name for name in FILES if not (directory / name).is_file()]
        if missing:
            raise CommandError(f"{directory}: no file {', '.join(missing)}.")
        summary = Summary()
        try:
            if verbosity > 0:
                self.stderr.write(f"Reading {len(FILES)} O*NET files in {directory}...")
            known = set(Occupation.objects.filter(group="detailed").values_list("code", flat=True))
            found = read_all(directory, summary, known)
            if verbosity > 0:
                self.stderr.write("Writing what changed...")
            release, lines = import_all(found, summary)
        except DataFileError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        if verbosity > 0:
            report(self, str(release), summary, time.perf_counter() - started, lines)
