"""manage.py import_projections TABLE_1_2 [--reasons TABLE_1_12]: BLS employment projections."""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from occupations.datafiles import DataFileError, Summary, report
from occupations.projections import import_projections, period, read_projections, read_reasons


class Command(BaseCommand):
    help = (
        "Import BLS Employment Projections: table 1.2 (employment, change, openings, entry "
        "requirements) and, with --reasons, table 1.12 (BLS's sentences on why employment "
        "changes). CSV, plain or gzipped. All or nothing; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("projections", type=Path, help="Table 1.2, as CSV.")
        parser.add_argument("--reasons", type=Path, help="Table 1.12, as CSV.")
        parser.add_argument(
            "--published", type=date.fromisoformat, help="BLS's publication date, YYYY-MM-DD."
        )

    def handle(self, *args, projections, reasons, published, verbosity, **options):
        started = time.perf_counter()
        for path in filter(None, [projections, reasons]):
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
        summary = Summary()
        try:
            start, end = period(projections)
            self._step(verbosity, f"Reading {projections} (projections {start}-{end})")
            found = read_projections(projections, start, end, summary)
            sentences = {}
            if reasons:
                self._step(verbosity, f"Reading {reasons}")
                sentences = read_reasons(reasons, summary)
            self._step(verbosity, "Writing what changed")
            release = import_projections(found, sentences, start, end, published, summary)
        except DataFileError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        if verbosity > 0:
            report(self, str(release), summary, time.perf_counter() - started)

    def _step(self, verbosity, text):
        if verbosity > 0:
            self.stderr.write(f"{text}...")
