"""Settings shared by every test: a fast password hasher, and a clean cache per test.

The cache is each process's local memory, unless TEST_REDIS_URL names a Redis database
(redis://127.0.0.1:6379/15): then every test's cache is that Redis, set up as
careerguide/settings.py sets it up with REDIS_URL in production. Each pytest run keeps its keys
under a prefix of its own and empties only those, so runs sharing one database never clear each
other's. Tests that need a real Redis (the `redis_cache` fixture) are skipped without
TEST_REDIS_URL, and fail instead under CI=true; a TEST_REDIS_URL where no Redis answers stops
the run at once.
"""

import os
import secrets
import tempfile
from contextlib import contextmanager
from itertools import batched
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

from careerguide.cache import TolerantRedisCache

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
RUN_KEY_PREFIX = f"test-{secrets.token_hex(6)}"

# Hypothesis writes nothing in the project folder: no database of examples, and its own
# caches (.hypothesis/) in a temporary folder.
hypothesis_settings.register_profile("careerguide", database=None)
hypothesis_settings.load_profile("careerguide")
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "careerguide-hypothesis")


class RunRedisCache(TolerantRedisCache):
    """The site's Redis cache, but clear() deletes only this run's keys (Django's empties the
    whole database, other runs' keys included)."""

    def clear(self):
        client = self._cache.get_client(write=True)
        for keys in batched(client.scan_iter(match=f"{self.key_prefix}:*", count=1000), 1000):
            client.delete(*keys)


def redis_caches():
    """CACHES on TEST_REDIS_URL, as careerguide/settings.py configures them with REDIS_URL,
    under this run's key prefix."""
    return {
        "default": {
            "BACKEND": "tests.conftest.RunRedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": RUN_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
        "pages": django_settings.CACHES["pages"],
    }


def pytest_configure(config):
    if not TEST_REDIS_URL:
        return
    try:
        with redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2) as client:
            client.ping()
    except (redis.RedisError, ValueError) as error:
        raise pytest.UsageError(
            f"TEST_REDIS_URL={TEST_REDIS_URL}: no Redis answers ({error})"
        ) from None


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
    TolerantRedisCache._failed_at = None
    # Every request reads the catalogue's version (tests/test_page_cache.py tries the pages
    # each process holds in its own memory).
    settings.PAGE_VERSION_SECONDS = 0


@pytest.fixture(scope="session", autouse=True)
def _redis_for_every_test():
    if not TEST_REDIS_URL:
        yield
        return
    # CATALOGUE_CACHE_SECONDS: as careerguide/settings.py sets it with Redis.
    with override_settings(CACHES=redis_caches(), CATALOGUE_CACHE_SECONDS=86_400):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def redis_cache():
    """The cache on a real Redis (TEST_REDIS_URL), under this run's key prefix; without one
    the test is skipped, or fails under CI=true."""
    if not TEST_REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("TEST_REDIS_URL is not set: in CI the tests that need Redis must run")
        pytest.skip("needs a real Redis: set TEST_REDIS_URL (redis://127.0.0.1:6379/15)")
    return cache


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
