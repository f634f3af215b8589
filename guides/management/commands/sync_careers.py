"""manage.py sync_careers: a career for every official occupation, after an import."""

from django.core.management.base import BaseCommand
from django.db import transaction

from guides.models import Role


class Command(BaseCommand):
    help = (
        "Give every official occupation that no career names a career page of its own, and "
        "copy each occupation's newest national median onto its careers. Run it after an "
        "import of official data; running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, verbosity, **options):
        created = Role.objects.cover_occupations()
        refreshed = Role.objects.refresh_official_medians()
        if verbosity > 0:
            message = f"Careers: {created:,} new occupation pages, {refreshed:,} medians updated."
            if not created and not refreshed:
                message = "Careers: nothing changed, every occupation has its page."
            self.stdout.write(self.style.SUCCESS(message))
