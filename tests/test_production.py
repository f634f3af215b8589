"""The site as `make serve` runs it: static files collected under hashed names with gzip copies
and served by WhiteNoise, a server that refuses to start without its settings or its collected
static files, and gunicorn's configuration loaded by gunicorn itself."""

import gzip
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client

from tests.builders import make_site
from tests.test_security_settings import PRODUCTION, ROOT
from tests.test_settings import environment, read_settings

PRODUCTION_STORAGE = "careerguide.storage.StaticFiles"
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")  # css/site.3f2a9c1b7d4e.css


@pytest.fixture
def production_static(settings, tmp_path):
    """DEBUG off and the production storage, collecting into a temporary STATIC_ROOT."""
    settings.DEBUG = False
    settings.MISSING_PRODUCTION_SETTINGS = []
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    return settings.STATIC_ROOT


def collectstatic():
    call_command("collectstatic", interactive=False, verbosity=0)


def test_production_uses_the_hashed_and_compressed_storage():
    def storage(**env):
        return read_settings("STORAGES", **env)["STORAGES"]["staticfiles"]["BACKEND"]

    assert storage(DEBUG="false") == PRODUCTION_STORAGE
    assert storage(DEBUG="true") == "django.contrib.staticfiles.storage.StaticFilesStorage"


def static_urls(html):
    """The static files a page names, each once: an icon's address without its symbol."""
    return {url.partition("#")[0] for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html)}


@pytest.mark.django_db
def test_collected_static_files_are_served_hashed_compressed_and_cached_for_good(
    production_static,
):
    make_site()
    collectstatic()
    client = Client()  # its middleware (WhiteNoise's list of files) is read at its first request

    named = set()
    for page in ["/", "/careers/", "/careers/back-office-assistant/",
                 "/careers/back-office-assistant/embed/"]:  # fmt: skip
        response = client.get(page)
        assert response.status_code == 200, page
        named.update(static_urls(response.text))
    # The site's stylesheet, the embed card's, the favicon, the icons' sprite, htmx and our
    # scripts.
    assert len(named) >= 7 and any("/icons." in url for url in named), named

    for url in sorted(named):
        assert HASHED.search(url), f"{url} is not under its hashed name"
        plain = client.get(url)
        compressed = client.get(url, headers={"accept-encoding": "gzip"})
        for response in (plain, compressed):
            assert response.status_code == 200, url
            assert response["Cache-Control"] == "max-age=315360000, public, immutable", url
        # The gzip copy that collectstatic wrote beside each file, with the same content.
        assert "Content-Encoding" not in plain, url
        assert compressed["Content-Encoding"] == "gzip", url
        assert gzip.decompress(body(compressed)) == body(plain), url


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("entry_point", ["careerguide.wsgi", "careerguide.asgi"])
def test_a_server_refuses_to_start_until_the_static_files_are_collected(
    production_static, entry_point
):
    # A fresh clone: nothing collected. Every page would fail on its first static file.
    with pytest.raises(ImproperlyConfigured) as refused:
        runpy.run_module(entry_point)
    assert str(refused.value).startswith("Refusing to start: ")
    assert f"not collected in {production_static}: admin/" in str(refused.value)
    assert "Run `python manage.py collectstatic --no-input` first" in str(refused.value)

    collectstatic()
    assert "application" in runpy.run_module(entry_point)


def test_a_static_file_added_since_collectstatic_stops_the_start(
    production_static, settings, tmp_path
):
    # An update that brings a new script, started without collecting again.
    collectstatic()
    added = tmp_path / "more" / "js"
    added.mkdir(parents=True)
    (added / "new.js").write_text("document.title;\n")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path / "more"]

    with pytest.raises(ImproperlyConfigured, match=r"not collected in .*: js/new\.js\. Run"):
        runpy.run_module("careerguide.wsgi")
    collectstatic()
    assert "application" in runpy.run_module("careerguide.wsgi")


def test_with_debug_on_files_are_served_as_they_are_without_collecting(settings, tmp_path):
    settings.DEBUG = True
    settings.STATIC_ROOT = tmp_path / "never-collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    assert "application" in runpy.run_module("careerguide.wsgi")


def run(*args, **env):
    return subprocess.run(
        [*args], cwd=ROOT, env=environment(**env), capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("unset", "named"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS"),  # names no host
        ({"SECRET_KEY": None, "ALLOWED_HOSTS": None}, "SECRET_KEY and ALLOWED_HOSTS"),
    ],
)
def test_make_serve_stops_at_once_without_its_settings(unset, named):
    # make serve's first step, before it migrates or imports anything.
    result = run(sys.executable, "-m", "careerguide.production", **{**PRODUCTION, **unset})
    assert result.returncode == 1
    assert result.stderr == (
        f"make serve: Refusing to start with DEBUG off: set {named} in the environment"
        " (or DEBUG=True for development).\n"
    )


def test_make_serve_goes_on_with_its_settings_or_with_debug_on():
    assert run(sys.executable, "-m", "careerguide.production", **PRODUCTION).returncode == 0
    development = {"DEBUG": "true", "SECRET_KEY": None, "ALLOWED_HOSTS": None}
    assert run(sys.executable, "-m", "careerguide.production", **development).returncode == 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_POOL_SIZE", "abc", "DATABASE_POOL_SIZE must be a whole number, not 'abc'."),
        ("REDIS_URL", "cache:6379", "REDIS_URL is not a Redis URL: Redis URL must specify"),
    ],
)
def test_make_serve_stops_at_once_on_a_malformed_setting_in_one_line(name, value, message):
    result = run(sys.executable, "-m", "careerguide.production", **PRODUCTION, **{name: value})
    assert result.returncode == 1
    assert result.stderr.startswith(f"make serve: {message}")
    assert "Traceback" not in result.stderr


GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "--config", "careerguide/gunicorn.py"]


def check_gunicorn(**env):
    """Gunicorn reads careerguide/gunicorn.py and loads the application, then stops."""
    return run(*GUNICORN, "--check-config", "careerguide.wsgi", **env)


def test_gunicorn_loads_its_configuration_and_the_site():
    result = check_gunicorn(DEBUG="true", WEB_CONCURRENCY="2", THREADS="3")
    assert result.returncode == 0, result.stderr
    # The server, not only make serve's first step, refuses to start without its settings.
    refused = check_gunicorn(**{**PRODUCTION, "SECRET_KEY": None})
    assert refused.returncode == 1
    assert "ImproperlyConfigured: Refusing to start with DEBUG off: set SECRET_KEY" in (
        refused.stderr
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("THREADS", "many", "THREADS must be a whole number, not 'many'."),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY must be 1 or more, not 0."),
        ("PORT", "70000", "PORT must be 65535 or less, not 70000."),
    ],
)
def test_gunicorn_stops_on_a_malformed_number_naming_it(name, value, message):
    result = check_gunicorn(DEBUG="true", **{name: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr
