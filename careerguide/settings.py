"""
Settings for careerguide, read once from the environment.

Every variable has a safe development default; a bad value stops start-up with
ImproperlyConfigured naming the variable. See the configuration table in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from psycopg_pool import ConnectionPool
from redis.connection import parse_url as parse_redis_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"


def _env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    spelling = value.strip().lower()
    if spelling in {"1", "true", "yes", "on"}:
        return True
    if spelling in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}."
    )


def _env_int(name, default, minimum):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        # The message is the whole story; the ValueError behind it would only add noise.
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {number}.")
    return number


def _env_list(name, default):
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = _env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

# The settings a production server must be given explicitly; careerguide/wsgi.py refuses
# to serve with DEBUG off while any of them is missing (careerguide/production.py).
MISSING_PRODUCTION_SETTINGS = [
    name
    for name, given in (
        ("SECRET_KEY", os.environ.get("SECRET_KEY")),
        ("ALLOWED_HOSTS", _env_list("ALLOWED_HOSTS", "")),  # only commas: no host at all
    )
    if not given
]

INSTALLED_APPS = [
    "careerguide.apps.EditorsAdminConfig",  # django.contrib.admin, with the editors' site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django.contrib.postgres",
    "django_htmx",
    "reversion",
    "reversion_compare",
    # Ours, each built on the ones above it: the project, official data, the guides, the public
    # site, the API.
    "careerguide.apps.CareerguideConfig",
    "occupations",
    "salaries",
    "guides",
    "careers",
    "api",
    "axes",  # last, as django-axes asks
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed last, after everything else has written them.
    "careerguide.http.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # ETag and Last-Modified, and 304 for a conditional request that matches.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]
if os.environ.get("DATABASE_REPLICA_URL"):
    # Marks the requests that must read the primary, for the router.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware"),
        "careerguide.routers.PrimaryForStaffMiddleware",
    )

# Admin sign-in is rate limited (django-axes): after AXES_FAILURE_LIMIT failed attempts from
# one address, sign-in from it is refused for AXES_COOLOFF_TIME hours; an administrator can
# lift the lock at once in the admin (Axes > Access attempts) or with `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# Behind a load balancer (and a CDN), how many proxies add to X-Forwarded-For: the client's
# own address is then read from it (careerguide/network.py), so that one client's failures do
# not lock out everyone behind the same balancer.
PROXY_COUNT = _env_int("PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "careerguide.network.client_ip"

ROOT_URLCONF = "careerguide.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Form widgets may use the project's templates (the admin's Markdown editor does).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "careerguide.wsgi.application"


# psycopg's connection pool, used on PostgreSQL only; read here, once, so that a bad value
# stops the start on SQLite too.
DATABASE_POOL = _env_bool("DATABASE_POOL", True)
DATABASE_POOL_SIZE = _env_int("DATABASE_POOL_SIZE", 8, minimum=1)


SUPPORTED_DATABASES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def _database(url, name):
    try:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a database URL: {error}") from error
    # The message names the scheme only: the URL may hold a password.
    if database["ENGINE"] not in SUPPORTED_DATABASES:
        scheme = url.partition("://")[0]
        raise ImproperlyConfigured(
            f"{name} must be a postgres:// or sqlite:// URL, not {scheme}://."
        )
    if not database["NAME"]:
        raise ImproperlyConfigured(f"{name} names no database (postgres://host/name).")
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        # Careers search finds typos with pg_trgm's indexed %> operator; its default threshold
        # (0.6) misses "recepcionist" for "Receptionists".
        options["options"] = "-c pg_trgm.word_similarity_threshold=0.3"
        if DATABASE_POOL:
            # psycopg's pool, one per process: connections are reused across requests and
            # threads, and opened again after the database restarts. (A pool replaces
            # Django's persistent connections.)
            database["CONN_MAX_AGE"] = 0
            options["pool"] = {
                "min_size": 1,
                "max_size": DATABASE_POOL_SIZE,
                # While the database is down, a request waits this long, then gets a 503.
                # (Each process has no more threads than connections, so a healthy pool
                # never makes a request wait.)
                "timeout": 1,
                # A connection is checked before use: after a database restart, broken ones
                # are replaced instead of failing a request.
                "check": ConnectionPool.check_connection,
            }
    return database


DATABASES = {
    "default": _database(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", "DATABASE_URL"
    )
}
# A read replica: public pages read from it; the admin, previews and every write use the
# primary (careerguide/routers.py). Tests read the primary under the replica's name.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _database(os.environ["DATABASE_REPLICA_URL"], "DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["careerguide.routers.ReplicaRouter"]

# An empty REDIS_URL means no Redis, as when it is unset: for the cache and for every setting
# below that depends on whether the cache is shared.
redis_url = os.environ.get("REDIS_URL", "")
if redis_url:
    try:
        parse_redis_url(redis_url)
    except ValueError as error:
        raise ImproperlyConfigured(f"REDIS_URL is not a Redis URL: {error}") from None
    CACHES = {
        "default": {
            # Keeps serving when Redis is down (careerguide/cache.py); gives up on it fast.
            "BACKEND": "careerguide.cache.TolerantRedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The pages each process served last, in its own memory (careerguide/page_cache.py): 500 pages
# of 10 to 80 KB at most.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
# How long a process answers with the pages in its own memory on the catalogue version it last
# read from Redis, before reading it again: a change made in another process reaches every
# process within this time (a change in the process itself, at once). Without Redis the cache
# is each process's own memory already: no second copy.
PAGE_VERSION_SECONDS = 0.1 if redis_url else 0
# After Redis fails to answer, each process leaves it alone this long before trying it again
# (careerguide/cache.py): a Redis that hangs costs one timeout, not one per cache call.
CACHE_RETRY_SECONDS = 5
# Whole public pages are cached for visitors without a session (careerguide/page_cache.py).
CACHE_PAGES = _env_bool("CACHE_PAGES", True)
# How long the careers list's counts may be kept (careerguide/catalogue.py). Every change to the
# roles makes them obsolete at once in a shared cache; a cache of each process's own learns of
# a change in another process only when its entries expire, hence the short bound without Redis.
CATALOGUE_CACHE_SECONDS = 86_400 if redis_url else 300

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production, `collectstatic` (make serve) writes every file compressed (gzip) under
# a name with its hash, which WhiteNoise serves with far-future caching.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "careerguide.storage.StaticFiles"
    },
}

# Only our own files: no inline script or style anywhere, so no nonce is needed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# CSP_REPORT_ONLY=true also sends the same policy as report-only (to try a stricter one first
# by editing it here), with reports to CSP_REPORT_URI when that is set.
if _env_bool("CSP_REPORT_ONLY", False):
    SECURE_CSP_REPORT_ONLY = dict(SECURE_CSP)
    if os.environ.get("CSP_REPORT_URI"):
        SECURE_CSP_REPORT_ONLY["report-uri"] = [os.environ["CSP_REPORT_URI"]]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS. Behind a proxy (the load balancer) that terminates TLS and says so in
# X-Forwarded-Proto: plain HTTP is redirected, browsers are told to use HTTPS only for a year
# (HSTS), and cookies travel over HTTPS only. On by default with DEBUG off; HTTPS=false turns
# it off to try `make serve` over plain http://127.0.0.1.
HTTPS = _env_bool("HTTPS", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Editors' sessions end after eight hours, or when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Requests are refused early when too large: 1 MB of form data, 3,000 fields (a long guide
# on one admin screen has about a thousand).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000

# The admin's address; set ADMIN_URL to move it (e.g. "desk-4f2a/"). Empty is the default;
# "/" is refused, as the admin cannot take the home page's address.
ADMIN_URL = (os.environ.get("ADMIN_URL") or "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured(
        f"ADMIN_URL must name a path such as desk-4f2a/, not {os.environ['ADMIN_URL']!r}."
    )

SITE_NAME = "careerguide"

# Errors go to the console, which gunicorn writes to its log: every 5xx with its traceback
# (django.request), and the site's own warnings (the cache or the database unavailable).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "careerguide": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
