"""manage.py load_guides: load the shipped guides; running it again changes nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guides.loading import (
    GuideDocumentError,
    Outcome,
    load_document,
    read_document,
    record_revision,
)

DEFAULT_FOLDER = settings.BASE_DIR / "fixtures" / "guides"


class Command(BaseCommand):
    help = "Load guide documents (default: every fixtures/guides/*.json). Written guides are kept."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Guide documents (.json).")

    def handle(self, *args, paths, verbosity, **options):
        paths = paths or sorted(DEFAULT_FOLDER.glob("*.json"))
        if not paths:
            raise CommandError(f"No guide documents found in {DEFAULT_FOLDER}.")
        documents = []
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
            try:
                documents.append((path, read_document(path)))
            except GuideDocumentError as error:
                raise CommandError(str(error)) from error

        counts = {Outcome.CREATED: 0, Outcome.UNCHANGED: 0}
        # One transaction for all: a bad document loads nothing, not even the good ones.
        with transaction.atomic():
            for number, (path, document) in enumerate(documents, start=1):
                try:
                    outcome = load_document(document, source=str(path))
                except GuideDocumentError as error:
                    raise CommandError(f"{error} Nothing was loaded.") from error
                counts[outcome] += 1
                if outcome == Outcome.CREATED:
                    record_revision(document["slug"], f"Loaded from {path.name}")
                if verbosity > 0:
                    self.stdout.write(f"[{number}/{len(documents)}] {document['slug']}: {outcome}")
        if verbosity > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Guides: {counts[Outcome.CREATED]} loaded, "
                    f"{counts[Outcome.UNCHANGED]} unchanged (already written)."
                )
            )
