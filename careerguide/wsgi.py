"""WSGI entry point; refuses to serve in production without its required settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")

application = get_wsgi_application()

from careerguide.production import refuse_without_production_settings  # noqa: E402

refuse_without_production_settings()
