"""Settings shared by every test: a fast password hasher, and a clean cache per test."""

import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis writes nothing in the project folder: no database of examples, and its own
# caches (.hypothesis/) in a temporary folder.
hypothesis_settings.register_profile("careerguide", database=None)
hypothesis_settings.load_profile("careerguide")
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "careerguide-hypothesis")


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests see each page rendered (and its queries counted); tests/test_page_cache.py turns
    # the page cache on.
    settings.CACHE_PAGES = False
    # The test client and the browser tests' live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Each test's Redis (or its outage) is tried at once, whatever an earlier test left behind.
    settings.CACHE_RETRY_SECONDS = 0


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Static files by their own names, as the development server serves them, even when a
    `collectstatic` for production has left hashed copies in STATIC_ROOT."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block's writes do when they commit (a new
    catalogue version), as the commit of a real request would; a test's own transaction never
    commits. Only the block's own writes count: what the test wrote before it (its fixtures)
    is dropped, so that a change is seen only if the block's writes announce it themselves."""

    @contextmanager
    def commit():
        connection.run_on_commit.clear()
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return commit
