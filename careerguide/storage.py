"""Static files in production: hashed names, compressed copies, collected before serving."""

from django.apps import apps
from django.contrib.staticfiles import finders
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    """Hashed, compressed files, which `collectstatic` writes to STATIC_ROOT with a manifest
    of their hashed names (make serve runs it). Pages name every static file through that
    manifest, so a server with DEBUG off refuses to start while a file is missing from it
    (careerguide/production.py), rather than fail every page."""

    def uncollected(self):
        """The static files of the project and its apps that the manifest does not name: all
        of them before the first `collectstatic`, the new ones after an update."""
        ignore = apps.get_app_config("staticfiles").ignore_patterns
        found = {path for finder in finders.get_finders() for path, _ in finder.list(ignore)}
        return sorted(path for path in found if self.clean_name(path) not in self.hashed_files)
