"""The start-up guard shared by the WSGI and ASGI entry points."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_without_production_settings():
    """Stop a server with DEBUG off that was not given its secret key and host names."""
    if not settings.DEBUG and settings.MISSING_PRODUCTION_SETTINGS:
        raise ImproperlyConfigured(
            "Refusing to start with DEBUG off: set "
            + " and ".join(settings.MISSING_PRODUCTION_SETTINGS)
            + " in the environment (or DEBUG=True for development)."
        )


if __name__ == "__main__":
    # `python -m careerguide.production`: make serve's first step, so that a server missing
    # its settings says so at once, before any migration or import.
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    django.setup()
    try:
        refuse_without_production_settings()
    except ImproperlyConfigured as error:
        sys.exit(f"make serve: {error}")
