"""
Gunicorn's settings for `make serve`: the site as it runs in production.

Threads serve concurrent requests within each process (page rendering waits on the database
and the cache as much as it computes); processes use the cores. Sized for the machine unless
WEB_CONCURRENCY (processes) and THREADS (per process) say otherwise; HOST and PORT say where
to listen.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("THREADS", "4"))
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
