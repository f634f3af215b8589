"""The start-up guards shared by the WSGI and ASGI entry points."""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured

from careerguide.storage import StaticFiles


def refuse_without_production_settings():
    """Stop a server with DEBUG off that was not given its secret key and host names."""
    if not settings.DEBUG and settings.MISSING_PRODUCTION_SETTINGS:
        raise ImproperlyConfigured(
            "Refusing to start with DEBUG off: set "
            + " and ".join(settings.MISSING_PRODUCTION_SETTINGS)
            + " in the environment (or DEBUG=True for development)."
        )


def refuse_without_collected_static_files():
    """Stop a server with DEBUG off whose static files were not all collected: its pages name
    them by the hashes that `collectstatic` records (careerguide/storage.py)."""
    if not isinstance(staticfiles_storage, StaticFiles):
        return  # DEBUG on: files are served as they are, by their own names
    missing = staticfiles_storage.uncollected()
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise ImproperlyConfigured(
            f"Refusing to start: static files not collected in {settings.STATIC_ROOT}:"
            f" {missing[0]}{more}. Run `python manage.py collectstatic --no-input` first"
            " (make serve does)."
        )


if __name__ == "__main__":
    # `python -m careerguide.production`: make serve's first step, so that a server missing
    # its settings, or given a malformed one, says so at once in one line, before any
    # migration or import. (Static files are collected later in make serve, and checked when
    # the server starts.)
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    try:
        django.setup()  # reads every setting
        refuse_without_production_settings()
    except ImproperlyConfigured as error:
        sys.exit(f"make serve: {error}")
