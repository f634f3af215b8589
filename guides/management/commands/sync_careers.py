"""manage.py sync_careers: a career for every detailed occupation, after an import."""

from django.core.management.base import BaseCommand
from django.db import transaction

from guides.models import Role
from guides.parts import untouched


class Command(BaseCommand):
    help = (
        "Give every detailed occupation that no career names a career page of its own, retire "
        "the pages once made for summary rows (groups of occupations: their addresses lead to "
        "the occupation tree for good), and copy each occupation's official figures that the "
        "careers list filters by onto its careers, with its other names (O*NET's titles) for "
        "search. Run it after an import of official data; running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, verbosity, **options):
        summary = Role.objects.of_summary_rows()
        retirable = untouched(summary)
        # A role of a summary row that editors worked on is theirs to move or delete.
        kept = list(summary.exclude(pk__in=retirable.values("pk")).values_list("slug", flat=True))
        retired = retirable.retire()
        created = Role.objects.cover_occupations()
        refreshed = Role.objects.refresh_official_figures()
        named = Role.objects.refresh_official_titles()
        if verbosity > 0:
            message = (
                f"Careers: {created:,} new occupation pages, official figures (pay, outlook, "
                f"education, job zone, group) changed: {refreshed:,}."
            )
            if named:
                message += f" Other names (O*NET's titles), for search, updated on {named:,}."
            if retired:
                message += (
                    f" Summary-row careers retired: {retired:,} (their addresses lead to their "
                    "groups in the occupation tree)."
                )
            if not created and not refreshed and not retired and not named:
                message = "Careers: nothing changed, every occupation has its page."
            self.stdout.write(self.style.SUCCESS(message))
        if kept:
            self.stdout.write(
                self.style.WARNING(
                    "Summary-row careers kept, as editors worked on them (give each a detailed "
                    f"occupation, or delete it, in the admin): {', '.join(kept)}"
                )
            )
