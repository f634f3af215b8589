"""Settings shared by every test: a fast password hasher, and a clean cache per test."""

import pytest
from django.core.cache import cache


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
