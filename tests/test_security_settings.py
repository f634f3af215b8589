"""Production settings, strict headers, health checks and failing without the cache or the
database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import (
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from careerguide.cache import ReusingRedisClient
from guides.models import Role
from tests.builders import make_role

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "SECRET_KEY": "k3y-" + "x7Qp9" * 12,
    "ALLOWED_HOSTS": "careers.example.org",
    "DEBUG": "false",
}


def production_environment():
    """This process's environment without what the test run itself sets (the browser tests
    allow Django's ORM in Playwright's event loop; `make test` may turn HTTPS off)."""
    unwanted = {"DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in unwanted}
    # Without a database of its own, the started Django would make db.sqlite3 in the project.
    environment.setdefault("DATABASE_URL", "sqlite://:memory:")
    return environment


def run_django(code, **env):
    """Run `code` in a fresh Python with the settings read from `env`: settings are read once,
    at start-up, from the environment."""
    environment = {**production_environment(), **env}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();\n" + code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "careerguide.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result


def test_check_deploy_is_clean_with_the_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**production_environment(), **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_defaults_enforce_https():
    code = (
        "from django.conf import settings as s\n"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = run_django(code, **PRODUCTION)
    assert result.stdout.split("(")[0].split() == ["True", "31536000", "True", "True"]
    assert "HTTP_X_FORWARDED_PROTO" in result.stdout
    assert run_django(code, **PRODUCTION, HTTPS="false").stdout.startswith("False 0 False")


def test_report_only_policy_can_be_turned_on():
    code = (
        "from django.conf import settings as s\n"
        "policy = s.SECURE_CSP_REPORT_ONLY\n"
        "print(policy.get('default-src') == s.SECURE_CSP['default-src'], policy.get('report-uri'))"
    )
    result = run_django(code, CSP_REPORT_ONLY="true", CSP_REPORT_URI="/csp-reports/")
    assert result.stdout.strip() == "True ['/csp-reports/']", result.stderr
    off = run_django("from django.conf import settings as s; print(s.SECURE_CSP_REPORT_ONLY)")
    assert off.stdout.strip() == "{}"


def test_the_admin_address_is_configurable():
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    assert run_django(code, ADMIN_URL="desk-4f2a").stdout.strip() == "/desk-4f2a/"
    assert run_django(code).stdout.strip() == "/admin/"


PUBLIC = ["/", "/careers/", "/careers/strict-clerk/", "/compare/", "/careers/nothing-here/"]


@pytest.mark.parametrize("path", PUBLIC)
def test_every_response_carries_the_strict_headers(client, path):
    make_role(title="Strict Clerk", slug="strict-clerk")
    response = client.get(path)

    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_https_redirect_and_hsts_behind_the_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    plain = client.get("/careers/")
    proxied = client.get("/careers/", headers={"X-Forwarded-Proto": "https"})

    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_sessions_expire_and_passwords_must_be_strong():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60  # eight hours, as the README says
    assert settings.SESSION_COOKIE_HTTPONLY
    with pytest.raises(ValidationError):
        validate_password("short-pw1")
    validate_password("a sufficiently long passphrase 42")


def test_oversized_requests_are_refused(admin_client):
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = admin_client.post(reverse("admin:guides_industry_add"), {"name": big})
    assert response.status_code == 400


# --- Health and faults ------------------------------------------------------------------------


LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_healthz_reports_database_and_cache(client, settings):
    settings.CACHES = LOCAL_MEMORY  # without REDIS_URL
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_without_the_database(client, settings, monkeypatch):
    """The answer when the database refuses; bench/faults.py (in CI) stops a real one."""
    settings.CACHES = LOCAL_MEMORY

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("careerguide.views.connection.cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable",
                               "cache": "local"}  # fmt: skip
    assert "refused" not in response.text  # nothing internal


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "careerguide.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
    }
}


def test_without_redis_the_site_keeps_serving(client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    settings.CACHE_PAGES = True
    role = make_role(title="Served Anyway")
    cache = caches["default"]

    assert cache.get("anything", "fallback") == "fallback"
    cache.set("anything", 1)  # no error
    assert cache.add("key", 1) is False
    for path in ("/", "/careers/", role.get_absolute_url(), "/careers/?q=served"):
        assert client.get(path).status_code == 200, path
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_a_real_redis_is_used_when_it_answers(client, redis_cache):
    cache = redis_cache  # the cache as REDIS_URL sets it up
    cache.set("careerguide-test", "kept", 5)
    assert cache.get("careerguide-test") == "kept"
    assert cache._cache.get_client().get(cache.make_and_validate_key("careerguide-test"))
    cache.delete("careerguide-test")
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    # One redis-py client per connection pool, shared by every call (Django builds a new one
    # for each call, which cost more than serving a cached page).
    clients = {id(cache._cache.get_client(write=write)) for write in (True, False, True)}
    assert len(clients) == 1


def test_test_runs_sharing_a_redis_database_keep_apart(redis_cache):
    """Clearing the cache between tests deletes this run's keys only, not another run's in the
    same database (two CI runs on one Redis)."""
    redis = redis_cache._cache.get_client(write=True)
    redis.set("another-run:1:page", "theirs", ex=60)
    redis_cache.set("page", "ours")

    redis_cache.clear()

    assert redis_cache.get("page") is None
    assert redis.get("another-run:1:page") == b"theirs"
    redis.delete("another-run:1:page")


@pytest.mark.parametrize(
    ("error", "status", "shown"),
    [
        # The database refused or dropped the connection: away for a moment, "retry".
        (OperationalError, 503, "back in a moment"),
        (InterfaceError, 503, "back in a moment"),
        # Bad data or a bug is not the database being away: the 500 page.
        (DataError, 500, "went wrong"),
        (IntegrityError, 500, "went wrong"),
        (ProgrammingError, 500, "went wrong"),
    ],
)
def test_database_errors_give_a_friendly_page(client, monkeypatch, error, status, shown):
    """Which page each kind of database error gives. A real outage (PostgreSQL stopped under
    load, then started again) is bench/faults.py's, which CI runs."""

    def fail(*args, **kwargs):
        raise error("server closed the connection unexpectedly at db-7.internal")

    monkeypatch.setattr(Role.objects, "published", fail)
    client.raise_request_exception = False
    response = client.get("/careers/")

    assert response.status_code == status
    assert response.get("Retry-After") == ("10" if status == 503 else None)
    assert shown in response.text
    assert "db-7" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize(
    ("status", "template_text"),
    [(400, "couldn't understand"), (403, "can't open"), (404, "couldn't find"),
     (500, "went wrong")],
)  # fmt: skip
def test_error_pages_are_friendly_and_reveal_nothing(client, status, template_text):
    from django.template import loader

    text = loader.get_template(f"{status}.html").render({})
    assert template_text in text
    for secret in ("Traceback", "settings", "SECRET", "DEBUG"):
        assert secret not in text


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.9"),  # no proxy: the connecting address; the header is ignored
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # what the balancer saw, not the claim
        (2, "6.6.6.6, 203.0.113.7, 198.51.100.2", "203.0.113.7"),  # CDN then balancer
        (2, "203.0.113.7", "10.0.0.9"),  # fewer entries than proxies: not trusted
    ],
)
def test_sign_in_limits_count_by_the_clients_own_address(settings, proxies, forwarded, expected):
    from django.test import RequestFactory

    from careerguide.network import client_ip

    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_an_edit_made_while_redis_was_away_is_shown_once_it_returns(
    client, settings, monkeypatch, redis_cache
):
    """During an outage an edit cannot replace the catalogue version; the pages cached before
    it are still in Redis afterwards. The first call once Redis answers again starts a new
    version, so the first request after the outage already gets the edited page."""
    settings.CACHE_PAGES = True
    role = make_role(title="Before The Outage")
    assert "Before The Outage" in client.get(role.get_absolute_url()).text  # now cached

    def away(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    with monkeypatch.context() as outage:
        outage.setattr(ReusingRedisClient, "get_client", away)
        role.title = "Edited During The Outage"
        role.save()  # the version cannot be replaced
        assert "Edited During The Outage" in client.get(role.get_absolute_url()).text

    assert "Edited During The Outage" in client.get(role.get_absolute_url()).text
