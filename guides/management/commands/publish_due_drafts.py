"""manage.py publish_due_drafts: publish the guides' drafts whose set time has come."""

from django.core.management.base import BaseCommand

from guides import drafts


class Command(BaseCommand):
    help = (
        "Publish every guide's draft scheduled for a time that has come (run it from cron, "
        "every minute)."
    )

    def handle(self, *args, **options):
        published = drafts.publish_due()
        for guide in published:
            self.stdout.write(f"Published the draft of {guide.title} ({guide.slug}).")
        count = len(published)
        self.stdout.write(f"{count} draft{'s' if count != 1 else ''} published.")
