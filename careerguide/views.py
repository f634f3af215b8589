"""Site-wide answers: health for load balancers, and the error pages' views."""

import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache

logger = logging.getLogger("careerguide")
RETRY_AFTER = 10  # seconds


@never_cache
def healthz(request):
    """For load balancers: 200 while the database answers (the cache is a bonus: without it
    the site is slower, not wrong), 503 when it does not. Says nothing more than ok or not."""
    database = _database_ok()
    cache_state = _cache_state()
    status = "ok" if database and cache_state != "unavailable" else "degraded"
    if not database:
        status = "unavailable"
    body = {
        "status": status,
        "database": "ok" if database else "unavailable",
        "cache": cache_state,
    }
    return JsonResponse(body, status=200 if database else 503)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        logger.warning("Health check: the database is unavailable", exc_info=True)
        return False


def _cache_state():
    client = getattr(cache, "_cache", None)
    if client is None or not hasattr(client, "get_client"):
        return "local"  # each process's own memory: always there
    try:
        client.get_client(write=True).ping()
        return "ok"
    except Exception:  # any failure to reach Redis means the same thing here
        return "unavailable"


def server_error(request):
    """The 500 page; or, when the database is down for a moment (it refuses or drops the
    connection), a 503 that asks to retry. Other database errors are faults, not outages."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        template = loader.get_template("503.html")
        response = HttpResponse(template.render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return defaults.server_error(request)
