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
