"""Settings read from the environment: a malformed number, true/false, database or Redis URL or
admin address stops the start with ImproperlyConfigured naming the variable, and an empty
REDIS_URL is the same as none."""

import json
import os
import subprocess
import sys

import pytest

from tests.test_security_settings import ROOT, production_environment

POSTGRES = "postgres://careerguide:secret@127.0.0.1:1/careerguide"  # never connected to


def environment(**env):
    """This process's environment (as tests/test_security_settings.py cleans it) with `env`
    over it; None removes a variable."""
    result = production_environment()
    for name, value in env.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result


def start(code="", **env):
    """Start Django in a fresh Python with `env`, then run `code`: settings are read once, at
    start-up."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=environment(DJANGO_SETTINGS_MODULE="careerguide.settings", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(*names, **env):
    code = (
        "import json; from django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = start(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def load_gunicorn_config(**env):
    """Read careerguide/gunicorn.py as gunicorn does: a plain Python file, without Django."""
    code = (
        "import json, runpy\n"
        "config = runpy.run_path('careerguide/gunicorn.py')\n"
        "print(json.dumps([config['workers'], config['threads'], config['bind']]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_refused(result, name, value, expected):
    assert result.returncode != 0
    message = f"ImproperlyConfigured: {name} must be {expected}, not {value!r}."
    assert message in result.stderr, result.stderr


@pytest.mark.parametrize("name", ["PROXY_COUNT", "DATABASE_POOL_SIZE"])
@pytest.mark.parametrize("value", ["eight", "2.5", ""])
def test_a_malformed_whole_number_stops_the_start(name, value):
    # DATABASE_POOL_SIZE is checked with SQLite too, where it is not used.
    assert_refused(start(**{name: value}), name, value, "a whole number")


@pytest.mark.parametrize(
    ("name", "value", "least"), [("PROXY_COUNT", -1, 0), ("DATABASE_POOL_SIZE", 0, 1)]
)
def test_a_number_below_its_least_stops_the_start(name, value, least):
    # A negative PROXY_COUNT would read the client's address from what the client itself sent.
    result = start(**{name: str(value)})
    assert f"ImproperlyConfigured: {name} must be {least} or more, not {value}." in result.stderr


@pytest.mark.parametrize(
    "name", ["DEBUG", "DATABASE_POOL", "CACHE_PAGES", "CSP_REPORT_ONLY", "HTTPS"]
)
def test_a_malformed_true_or_false_stops_the_start(name):
    result = start(**{name: "maybe"})
    assert_refused(result, name, "maybe", "true or false (1/0, yes/no, on/off)")


def test_valid_values_are_read_as_before():
    assert read_settings("PROXY_COUNT") == {"PROXY_COUNT": 0}
    assert read_settings("PROXY_COUNT", PROXY_COUNT=" 2 ") == {"PROXY_COUNT": 2}
    # Any case; an empty value is the default.
    assert read_settings("DEBUG", "HTTPS", DEBUG="1", HTTPS="on") == {"DEBUG": True, "HTTPS": True}
    mixed = read_settings(
        "DEBUG", "HTTPS", "CACHE_PAGES", DEBUG="Yes", HTTPS="OFF", CACHE_PAGES=""
    )
    assert mixed == {"DEBUG": True, "HTTPS": False, "CACHE_PAGES": True}


def test_the_pool_on_postgresql_is_sized_by_database_pool_size():
    code = (
        "from django.conf import settings\n"
        "database = settings.DATABASES['default']\n"
        "print(database['CONN_MAX_AGE'], database['OPTIONS'].get('pool', {}).get('max_size'))"
    )
    sized = start(code, DATABASE_URL=POSTGRES, DATABASE_POOL_SIZE="3")
    assert sized.stdout.split() == ["0", "3"], sized.stderr
    assert start(code, DATABASE_URL=POSTGRES).stdout.split() == ["0", "8"]
    assert start(code, DATABASE_URL=POSTGRES, DATABASE_POOL="false").stdout.split() == [
        "60",
        "None",
    ]


PAGES_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": 500},
}


def test_an_empty_redis_url_is_the_same_as_none():
    names = ("CACHES", "CATALOGUE_CACHE_SECONDS", "PAGE_VERSION_SECONDS")
    unset = read_settings(*names, REDIS_URL=None)
    assert unset == {
        "CACHES": {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": PAGES_CACHE,
        },
        "CATALOGUE_CACHE_SECONDS": 300,
        "PAGE_VERSION_SECONDS": 0,  # the cache is each process's memory already
    }
    assert read_settings(*names, REDIS_URL="") == unset


def test_a_redis_url_gives_the_shared_cache_and_its_longer_lifetimes():
    names = ("CACHES", "CATALOGUE_CACHE_SECONDS", "PAGE_VERSION_SECONDS")
    found = read_settings(*names, REDIS_URL="redis://cache:6379/0")
    assert found["CACHES"]["default"]["BACKEND"] == "careerguide.cache.TolerantRedisCache"
    assert found["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/0"
    assert found["CACHES"]["pages"] == PAGES_CACHE
    assert found["CATALOGUE_CACHE_SECONDS"] == 86_400
    assert found["PAGE_VERSION_SECONDS"] == 0.1


@pytest.mark.parametrize("name", ["DATABASE_URL", "DATABASE_REPLICA_URL"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nonsense", "is not a database URL: Scheme '://' is unknown."),
        ("postgres://careerguide@db:port/careerguide", "is not a database URL: "),
        # Another database than the two the site runs on, with a password not to repeat.
        ("mysql://careerguide:hunter2@db/careerguide", "must be a postgres:// or sqlite:// "
         "URL, not mysql://."),
        ("postgres://careerguide:hunter2@db.example.org", "names no database"),
    ],
)  # fmt: skip
def test_a_malformed_database_url_stops_the_start(name, value, message):
    result = start(**{name: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name} {message}" in result.stderr, result.stderr
    assert "hunter2" not in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("cache:6379", "Redis URL must specify one of the following schemes"),
        ("redis://cache:port/0", "Port could not be cast to integer value as 'port'"),
    ],
)
def test_a_malformed_redis_url_stops_the_start(value, message):
    # Not at the first request, where every page would fail with it.
    result = start(REDIS_URL=value)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: REDIS_URL is not a Redis URL: {message}" in result.stderr


@pytest.mark.parametrize("value", ["/", "//"])
def test_an_admin_url_that_names_no_path_stops_the_start(value):
    # The admin under "/" would be at no address at all.
    result = start(ADMIN_URL=value)
    expected = (
        f"ImproperlyConfigured: ADMIN_URL must name a path such as desk-4f2a/, not {value!r}."
    )
    assert expected in result.stderr


def test_an_empty_admin_url_is_the_default():
    assert read_settings("ADMIN_URL", ADMIN_URL="") == {"ADMIN_URL": "admin/"}
    assert read_settings("ADMIN_URL", ADMIN_URL="/desk-4f2a") == {"ADMIN_URL": "desk-4f2a/"}


@pytest.mark.parametrize("name", ["WEB_CONCURRENCY", "THREADS", "PORT"])
def test_gunicorn_refuses_a_malformed_whole_number(name):
    assert_refused(load_gunicorn_config(**{name: "many"}), name, "many", "a whole number")


def test_gunicorn_reads_its_numbers_as_before():
    result = load_gunicorn_config(WEB_CONCURRENCY="3", THREADS="2", HOST="0.0.0.0", PORT="9000")
    assert json.loads(result.stdout) == [3, 2, "0.0.0.0:9000"], result.stderr
    defaults = load_gunicorn_config(WEB_CONCURRENCY=None, THREADS=None, HOST=None, PORT=None)
    assert json.loads(defaults.stdout) == [os.cpu_count(), 4, "127.0.0.1:8000"], defaults.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        # No process or no thread would serve nothing; port 0 is any free port.
        ("WEB_CONCURRENCY", "0", "1 or more, not 0"),
        ("THREADS", "0", "1 or more, not 0"),
        ("THREADS", "-2", "1 or more, not -2"),
        ("PORT", "0", "1 or more, not 0"),
        ("PORT", "65536", "65535 or less, not 65536"),
    ],
)
def test_gunicorn_refuses_a_number_out_of_range(name, value, message):
    result = load_gunicorn_config(**{name: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name} must be {message}." in result.stderr
