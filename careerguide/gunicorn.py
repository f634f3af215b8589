"""
Gunicorn's settings for `make serve`: the site as it runs in production.

Threads serve concurrent requests within each process (page rendering waits on the database
and the cache as much as it computes); processes use the cores. Sized for the machine unless
WEB_CONCURRENCY (processes) and THREADS (per process) say otherwise; HOST and PORT say where
to listen.
"""

import multiprocessing
import os

from django.core.exceptions import ImproperlyConfigured


# Gunicorn reads this file before it loads Django, so it checks its own numbers rather than
# import careerguide/settings.py (which would read and check every setting of the site here).
def _env_int(name, default, maximum=None):
    """A whole number of at least 1 (and at most `maximum`) from the environment."""
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < 1:
        # No processes or no threads would serve nothing; port 0 is a random one.
        raise ImproperlyConfigured(f"{name} must be 1 or more, not {number}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name} must be {maximum} or less, not {number}.")
    return number


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{_env_int('PORT', 8000, maximum=65535)}"
workers = _env_int("WEB_CONCURRENCY", multiprocessing.cpu_count())
threads = _env_int("THREADS", 4)
worker_class = "gthread"
# Load the application once, before forking: a missing SECRET_KEY or ALLOWED_HOSTS stops the
# server at start, with the message, instead of in every worker.
preload_app = True
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle a process now and then, so that a slow leak can never grow without bound.
max_requests = 50_000
max_requests_jitter = 5_000
accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
