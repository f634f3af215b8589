"""manage.py import_guide: create or replace one whole guide from a file export_guide wrote."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guides.loading import GuideDocumentError, load_document, read_document, record_revision


class Command(BaseCommand):
    help = (
        "Create the guide in FILE (a document export_guide wrote), or replace the guide with "
        "that slug and every one of its parts. All or nothing; the history records the import."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="FILE", help="A guide document (.json).")

    def handle(self, *args, path, verbosity, **options):
        try:
            document = read_document(path)
            with transaction.atomic():
                outcome = load_document(document, source=str(path), replace=True)
                record_revision(document["slug"], f"Imported from {path.name}")
        except GuideDocumentError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        if verbosity > 0:
            self.stdout.write(self.style.SUCCESS(f"{document['slug']}: {outcome} from {path}."))
