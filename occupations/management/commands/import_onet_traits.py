"""manage.py import_onet_traits ONET_DIR SKILLS_DIR: what O*NET rates occupations on."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from occupations.datafiles import DataFileError, Summary, report
from occupations.onet_traits import (
    ONET_FILES,
    SKILLS_FILES,
    import_all,
    read_all,
    stored_codes,
)


class Command(BaseCommand):
    help = (
        "Import, for the O*NET occupations import_onet stored (run it first), their skills and "
        "knowledge by importance and level from O*NET 29's files in SKILLS_DIRECTORY "
        "(fixtures/onet_skills_29/), and their interests and work styles from O*NET 30.1's "
        "files in ONET_DIRECTORY (fixtures/onet/). All or nothing; running it again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("onet_directory", type=Path)
        parser.add_argument("skills_directory", type=Path)

    def handle(self, *args, onet_directory, skills_directory, verbosity, **options):
        started = time.perf_counter()
        missing = [
            str(directory / name)
            for directory, names in [
                (onet_directory, ONET_FILES),
                (skills_directory, SKILLS_FILES),
            ]
            for name in names
            if not (directory / name).is_file()
        ]
        if missing:
            raise CommandError(f"No file {', '.join(missing)}.")
        summary = Summary()

        def progress(line):
            if verbosity > 0:
                self.stderr.write(line)

        try:
            found = read_all(onet_directory, skills_directory, summary, stored_codes(), progress)
            progress("Writing what changed...")
            release, lines = import_all(found, summary)
        except DataFileError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        if verbosity > 0:
            report(self, release, summary, time.perf_counter() - started, lines)
