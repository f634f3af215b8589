"""manage.py export_guide: write the whole guide of one role as a JSON document."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guides.loading import dump_document, export_document
from guides.models import Role


class Command(BaseCommand):
    help = (
        "Write the whole guide of the role with this slug as one JSON document, to standard "
        "output or to FILE. import_guide reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The role's slug, as in its address: /careers/<slug>/.")
        parser.add_argument(
            "-o", "--output", type=Path, metavar="FILE", help="Write to FILE (replacing it)."
        )

    def handle(self, *args, slug, output, verbosity, **options):
        role = Role.objects.filter(slug=slug).first()
        if role is None:
            raise CommandError(f"No role has the slug {slug!r}.")
        text = dump_document(export_document(role))
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
        except OSError as error:
            raise CommandError(f"{output}: cannot be written ({error.strerror}).") from error
        if verbosity > 0:
            self.stdout.write(self.style.SUCCESS(f"{slug}: written to {output}."))
