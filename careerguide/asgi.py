"""ASGI entry point; refuses to serve in production without its required settings or its
collected static files."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")

application = get_asgi_application()

from careerguide.production import (  # noqa: E402
    refuse_without_collected_static_files,
    refuse_without_production_settings,
)

refuse_without_production_settings()
refuse_without_collected_static_files()
