"""manage.py import_oews FILE [FILE...]: import BLS OEWS wage estimates, idempotently."""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careerguide.progress import progress
from occupations.datafiles import DataFileError, report
from salaries.oews import (
    OEWSError,
    Summary,
    import_rows,
    parse_release,
    read_files,
    release_from_filename,
)


class Command(BaseCommand):
    help = (
        "Import BLS OEWS estimates from files in the all_data column layout (CSV, plain or "
        "gzipped). All files or nothing; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--release",
            help="The release, such as 'May 2025'. Default: read from the file names.",
        )
        parser.add_argument(
            "--published", type=date.fromisoformat, help="BLS's publication date, YYYY-MM-DD."
        )

    def handle(self, *args, files, release, published, verbosity, **options):
        started = time.perf_counter()
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
        release = self._release_name(files, release)
        summary = Summary()
        show = verbosity > 0
        try:
            with progress(self, "Reading", show=show) as bar:
                found = read_files(files, summary, progress=bar)
            with progress(
                self, f"Writing {len(found):,} rows", total=len(found), show=show
            ) as bar:
                import_rows(found, release, published, summary, progress=bar)
        except DataFileError as error:
            raise CommandError(f"{error} Nothing was imported.") from error

        if show:
            self._report(release, summary, time.perf_counter() - started)

    def _release_name(self, files, given):
        if given:
            try:
                return parse_release(given)[0]
            except OEWSError as error:
                raise CommandError(str(error)) from error
        names = {release_from_filename(path.name) for path in files}
        if None in names or len(names) != 1:
            raise CommandError(
                "Cannot tell the release from the file names; give it with --release 'May 2025'."
            )
        return names.pop()[0]

    def _report(self, release, summary, seconds):
        new = f"New: {summary.areas_created:,} areas, {summary.occupations_created:,} occupations."
        report(self, release, summary, seconds, [new])
